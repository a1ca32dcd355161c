"""Database URLs: parsing, the dialect they name, and masking (a password is never printed).

Masking has two halves. Every password :func:`parse_url` sees (and every URL the settings read) is
remembered for the life of the process, raw and percent-encoded, so :func:`mask_url` removes it from
any text, whatever the driver or a traceback did to the URL around it. Then the URL forms themselves
are masked by shape (``scheme://user:pass@``, ``user:pass@host/db``, ``password=`` / ``PWD=`` parameters
and ODBC ``PWD={...}``), for URLs npa never parsed. The CLI passes all its output through
:func:`mask_url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

from npa_schema.errors import ConfigError


@dataclass(frozen=True)
class Scheme:
    """What a URL's scheme says: the dialect, and whether the rest of the URL is a local file's path
    (``sqlite:///app.db``) rather than a server and a database name."""

    dialect: str
    file: bool = False


SCHEMES = {
    "sqlite": Scheme("sqlite", file=True),
    "postgresql": Scheme("postgres"),
    "postgres": Scheme("postgres"),
    "postgresql+psycopg": Scheme("postgres"),
    "mysql": Scheme("mysql"),
    "mariadb": Scheme("mysql"),
    "mysql+pymysql": Scheme("mysql"),
    "mssql": Scheme("mssql"),
    "sqlserver": Scheme("mssql"),
    "mssql+pyodbc": Scheme("mssql"),
}

DEFAULT_URL = "sqlite:///.npa/dev.db"
MASK = "***"


@dataclass(frozen=True)
class DatabaseURL:
    raw: str
    dialect: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    host: str | None = None
    port: int | None = None
    database: str | None = None
    query: tuple[tuple[str, str], ...] = ()
    #: the database is a local file and ``database`` is its path (see ``Scheme.file``)
    file: bool = False

    @property
    def params(self) -> dict[str, str]:
        return dict(self.query)

    def masked(self) -> str:
        """The URL as printed: the password cut out where the parser found it (so a short one, or
        one with a space, goes too), then :func:`mask_url` for what is left (``?password=``)."""
        if self.file or self.password is None:
            return mask_url(self.raw)
        scheme, rest = self.raw.split("://", 1)
        userinfo, location = _split_userinfo(rest)
        user = (userinfo or "").partition(":")[0]
        return mask_url(f"{scheme}://{user}:{MASK}@{location}")

    def __str__(self) -> str:
        return self.masked()

    def with_database(self, database: str) -> DatabaseURL:
        """The same server with another database (for a file URL: another file)."""
        if self.file:
            return parse_url(f"{self.raw.split(':', 1)[0]}:///{database}")
        return parse_url(urlsplit(self.raw)._replace(path=f"/{database}").geturl())


# -- parsing ---------------------------------------------------------------------------------------

#: characters that end a URL's user:password part unless percent-encoded, and their encodings
_RESERVED = {"/": "%2F", "?": "%3F", "#": "%23"}


def parse_url(raw: str) -> DatabaseURL:
    text = raw.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    known = SCHEMES.get(scheme)
    if known is None:
        remember_url(text)
        what = "has no scheme" if "://" not in text else "names an unsupported database"
        raise ConfigError(
            f"the database URL '{mask_url(text)}' {what}",
            hint="use postgresql://, mysql://, mssql:// or sqlite:///path.db",
        )
    if known.file:
        return _file_url(text, known)
    rest = text.split(":", 1)[1]
    if not rest.startswith("//"):
        raise ConfigError(
            f"bad database URL '{mask_url(text)}'", hint=f"write {scheme}://user:password@host:port/database"
        )
    userinfo, location = _split_userinfo(rest[2:])
    username, password = _credentials(userinfo)
    parts = urlsplit(f"{scheme}://{location}")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(
            f"bad port in database URL '{mask_url(text)}'", hint="the port after the host must be a number"
        ) from None
    return DatabaseURL(
        raw=text,
        dialect=known.dialect,
        username=username,
        password=password,
        host=parts.hostname,
        port=port,
        database=unquote(parts.path.lstrip("/")) or None,
        query=tuple(parse_qsl(parts.query)),
    )


def _file_url(text: str, known: Scheme) -> DatabaseURL:
    rest = text.split(":", 1)[1]
    if not rest.startswith("//"):
        raise ConfigError(f"bad SQLite URL '{text}'", hint="write sqlite:///relative.db or sqlite:////abs.db")
    path = rest[3:] if rest.startswith("///") else rest[2:]
    path, _, query = path.partition("?")
    remember_url(text)
    return DatabaseURL(
        text, known.dialect, database=path or ":memory:", query=tuple(parse_qsl(query)), file=True
    )


def _split_userinfo(after: str) -> tuple[str | None, str]:
    """``user:password`` and the rest (``host:port/db?query``) of what follows ``scheme://``.

    The user part ends at the last ``@`` before the first ``/``, ``?`` or ``#``. An ``@`` further on
    with a ``:`` before those characters is a password holding one of them unencoded: an error saying
    to percent-encode it (the password is remembered for masking first, and never printed)."""
    end = min((i for i in (after.find(c) for c in _RESERVED) if i >= 0), default=len(after))
    at = after.rfind("@", 0, end)
    if at >= 0:
        return after[:at], after[at + 1 :]
    later = after.rfind("@")
    if later > end and ":" in after[:end]:
        userinfo = after[:later]
        _credentials(userinfo)  # remembered, so no message can show it
        found = sorted({c for c in userinfo if c in _RESERVED})
        codes = ", ".join(f"{c} → {_RESERVED[c]}" for c in found)
        raise ConfigError(
            f"the password (or user name) in the database URL contains {' and '.join(repr(c) for c in found)}, "
            "which ends that part of a URL",
            hint=f"percent-encode it in the URL: {codes} (and @ → %40, % → %25, : in a user name → %3A)",
        )
    return None, after


def _credentials(userinfo: str | None) -> tuple[str | None, str | None]:
    if userinfo is None:
        return None, None
    user, sep, password = userinfo.partition(":")
    if not sep:
        return unquote(user) or None, None
    remember_secret(password)
    remember_secret(unquote(password))
    return unquote(user) or None, unquote(password)


# -- masking ---------------------------------------------------------------------------------------

#: passwords shorter than this are masked by the shape of the text around them only (masking every
#: occurrence of a one-letter password would garble all output)
MIN_SECRET = 4
_secrets: set[str] = set()

_SCHEME_CREDENTIALS = re.compile(
    r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)(?P<user>[^\s:@/?#'\"]*):[^\s'\"]*@(?=[^\s@'\"]*)", re.I
)
#: ``user:password@host/db`` or ``...@host:port/db`` with no scheme (the host part must follow)
_BARE_CREDENTIALS = re.compile(
    r"(?<![\w.+:/-])(?P<user>[\w.%+-]+):(?!//)[^\s'\"]+@(?=[\w.%-]+(?::\d+)?/)", re.I
)
_PASSWORD_PARAM = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd)\s*=\s*)"
    r"(?:\{(?:[^}]|\}\})*\}?|'(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?|[^&;\s]*)",
    re.I,
)


def remember_secret(secret: str) -> None:
    """Mask ``secret`` (and its percent-encoded forms) in everything :func:`mask_url` sees from now on."""
    if len(secret) >= MIN_SECRET:
        _secrets.update({secret, quote(secret, safe=""), quote_plus(secret), quote(secret)})


def remember_url(text: str) -> None:
    """Remember the password in ``text``, a URL that may be malformed (no scheme, reserved characters):
    everything between the first ``:`` of the user part and the last ``@``."""
    after = text.split("://", 1)[1] if "://" in text else text
    at = after.rfind("@")
    if at >= 0 and ":" in after[:at]:
        password = after[:at].split(":", 1)[1]
        remember_secret(password)
        remember_secret(unquote(password))
    for m in _PASSWORD_PARAM.finditer(text):
        value = m.group(0)[len(m["key"]) :].strip("{}'\"")
        remember_secret(value)
        remember_secret(unquote(value))


def mask_url(text: str) -> str:
    """``text`` with every password replaced by ``***``: those npa has seen, then any URL
    userinfo, ``password=``/``pwd=`` parameter or ODBC ``PWD={...}`` left."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    text = _SCHEME_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    text = _BARE_CREDENTIALS.sub(lambda m: f"{m['user']}:{MASK}@", text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['key']}{MASK}", text)
