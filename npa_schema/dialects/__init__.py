"""Dialect registry, and opening a database by URL. Dialect packages are imported lazily, so
``npa --help`` stays fast."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from npa_schema.dialects.base import Dialect, Session
from npa_schema.errors import ConfigError
from npa_schema.urls import DatabaseURL, parse_url

NAMES = ("sqlite", "postgres", "mysql", "mssql")
ALIASES = {
    "postgresql": "postgres",
    "pg": "postgres",
    "mariadb": "mysql",
    "sqlserver": "mssql",
    "tsql": "mssql",
}


def get_dialect(name: str) -> Dialect:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in NAMES:
        raise ConfigError(f"unknown dialect '{name}'", hint=f"choose one of: {', '.join(NAMES)}")
    try:
        module = importlib.import_module(f"npa_schema.dialects.{key}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(f"npa_schema.dialects.{key}"):
            raise ConfigError(f"the {key} dialect is not available yet") from exc
        raise
    return module.DIALECT.for_alias(name.lower())


@contextmanager
def connect(url: str | DatabaseURL) -> Iterator[tuple[Dialect, Session]]:
    """The URL's dialect, bound to the server it reached (see ``Dialect.for_session``), and an open
    session, closed on the way out."""
    parsed = parse_url(url) if isinstance(url, str) else url
    dialect = get_dialect(parsed.dialect)
    session = dialect.connect(parsed)
    try:
        yield dialect.for_session(session), session
    finally:
        session.close()


def live_names() -> tuple[str, ...]:
    """The dialects the test suite runs on live servers (``Dialect.live_tested``), in ``NAMES`` order."""
    return tuple(name for name in NAMES if get_dialect(name).live_tested)


def rename_in_portable_expression(text: str, old: str, new: str) -> str:
    """``Dialect.rename_in_expression`` for a model no dialect has normalised (entity files, the
    migrations snapshot): the expression keeps its spelling, so it stays valid on every engine."""
    from npa_schema.dialects.sqlbuild import rename_column_in_expression

    return rename_column_in_expression(text, old, new, None, as_written=True)
