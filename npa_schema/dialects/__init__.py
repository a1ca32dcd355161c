"""Dialect registry. Dialect packages are imported lazily, so ``npa --help`` stays fast."""

from __future__ import annotations

import importlib

from npa_schema.dialects.base import Dialect
from npa_schema.errors import ConfigError

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
    return module.DIALECT


def live_names() -> tuple[str, ...]:
    """The dialects the test suite runs on live servers (``Dialect.live_tested``), in ``NAMES`` order."""
    return tuple(name for name in NAMES if get_dialect(name).live_tested)


def rename_in_portable_expression(text: str, old: str, new: str) -> str:
    """``Dialect.rename_in_expression`` for a model no dialect has normalised (entity files, the
    migrations snapshot): the expression keeps its spelling, so it stays valid on every engine."""
    from npa_schema.dialects.sqlbuild import rename_column_in_expression

    return rename_column_in_expression(text, old, new, None, as_written=True)
