"""Database URLs: parsing, the dialect they name, and masking (a password is never printed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

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
        return mask_url(self.raw)

    def __str__(self) -> str:
        return self.masked()

    def with_database(self, database: str) -> DatabaseURL:
        """The same server with another database (for a file URL: another file)."""
        if self.file:
            return parse_url(f"{self.raw.split(':', 1)[0]}:///{database}")
        return parse_url(urlsplit(self.raw)._replace(path=f"/{database}").geturl())


def parse_url(raw: str) -> DatabaseURL:
    text = raw.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    known = SCHEMES.get(scheme)
    if known is None:
        raise ConfigError(
            f"unsupported database URL '{mask_url(text)}'",
            hint="use postgresql://, mysql://, mssql:// or sqlite:///path.db",
        )
    if known.file:
        rest = text.split(":", 1)[1]
        if not rest.startswith("//"):
            raise ConfigError(
                f"bad SQLite URL '{text}'", hint="write sqlite:///relative.db or sqlite:////abs.db"
            )
        path = rest[3:] if rest.startswith("///") else rest[2:]
        path, _, query = path.partition("?")
        return DatabaseURL(
            text, known.dialect, database=path or ":memory:", query=tuple(parse_qsl(query)), file=True
        )
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"bad port in database URL '{mask_url(text)}'") from exc
    return DatabaseURL(
        raw=text,
        dialect=known.dialect,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        host=parts.hostname,
        port=port,
        database=unquote(parts.path.lstrip("/")) or None,
        query=tuple(parse_qsl(parts.query)),
    )


_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:@/\s]*):(?P<password>[^@/\s]*)@", re.I
)
_PASSWORD_PARAM = re.compile(r"(?P<key>\b(?:password|pwd)=)[^&;\s]*", re.I)


def mask_url(text: str) -> str:
    """Replace every password in ``text`` (URL userinfo or a password= parameter) with ``***``."""
    text = _CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['key']}***", text)
