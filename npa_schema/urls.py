"""Database URLs: parsing, the dialect they name, and masking (a password is never printed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from npa_schema.errors import ConfigError

SCHEMES = {
    "sqlite": "sqlite",
    "postgresql": "postgres",
    "postgres": "postgres",
    "postgresql+psycopg": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "mysql+pymysql": "mysql",
    "mssql": "mssql",
    "sqlserver": "mssql",
    "mssql+pyodbc": "mssql",
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

    @property
    def params(self) -> dict[str, str]:
        return dict(self.query)

    def masked(self) -> str:
        return mask_url(self.raw)

    def __str__(self) -> str:
        return self.masked()

    def with_database(self, database: str) -> DatabaseURL:
        raw = self.raw
        if self.dialect != "sqlite":
            parts = urlsplit(raw)
            raw = parts._replace(path=f"/{database}").geturl()
        return parse_url(raw) if self.dialect != "sqlite" else parse_url(f"sqlite:///{database}")


def parse_url(raw: str) -> DatabaseURL:
    text = raw.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    dialect = SCHEMES.get(scheme)
    if dialect is None:
        raise ConfigError(
            f"unsupported database URL '{mask_url(text)}'",
            hint="use postgresql://, mysql://, mssql:// or sqlite:///path.db",
        )
    if dialect == "sqlite":
        rest = text.split(":", 1)[1]
        if not rest.startswith("//"):
            raise ConfigError(
                f"bad SQLite URL '{text}'", hint="write sqlite:///relative.db or sqlite:////abs.db"
            )
        path = rest[3:] if rest.startswith("///") else rest[2:]
        path, _, query = path.partition("?")
        return DatabaseURL(text, "sqlite", database=path or ":memory:", query=tuple(parse_qsl(query)))
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"bad port in database URL '{mask_url(text)}'") from exc
    return DatabaseURL(
        raw=text,
        dialect=dialect,
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
