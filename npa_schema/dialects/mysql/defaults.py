"""Column defaults in one canonical spelling, so the desired and the introspected side compare equal.

MariaDB reports ``COLUMN_DEFAULT`` as SQL text: ``'new'`` (quoted), ``0.00``, ``current_timestamp()``,
``uuid()``, and the string ``NULL`` for "defaults to NULL". MySQL 8 reports literals unquoted and
marks expressions with ``DEFAULT_GENERATED`` in ``EXTRA``. Both are turned into a
:class:`~npa_schema.model.Default` whose kind follows the column type (a number for numeric columns,
a bool for ``bool``, a string otherwise), and the desired defaults go through the same function.
"""

from __future__ import annotations

import re

from npa_schema.model import Default, canonical_number
from npa_schema.types import ColumnType

_NUMERIC = ("smallint", "int", "bigint", "decimal", "float", "double")
_NOW_RE = re.compile(r"^(current_timestamp|now|localtimestamp|localtime)\s*(\(\s*\))?$", re.I)
_NUMBER_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$", re.I)
CURRENT_TIMESTAMP = "CURRENT_TIMESTAMP"


def canonical_default(default: Default | None, ctype: ColumnType) -> Default | None:
    """The desired default as introspection will report it."""
    if default is None:
        return None
    if default.kind == "sql":
        return canonical_sql(default.value)
    return _literal(default.value, default.kind, ctype)


def from_catalog(raw: str | None, extra: str, mariadb: bool, ctype: ColumnType) -> Default | None:
    """``COLUMN_DEFAULT`` + ``EXTRA`` → Default."""
    if raw is None:
        return None
    if mariadb:
        if raw == "NULL":
            return None
        if len(raw) >= 2 and raw[0] == raw[-1] == "'":
            return _literal(unquote(raw[1:-1]), "string", ctype)
        if _NUMBER_RE.match(raw):
            return _literal(raw, "number", ctype)
        return canonical_sql(raw)
    if "default_generated" in extra.lower():
        return canonical_sql(raw)
    return _literal(raw, "string", ctype)


def canonical_sql(expression: str) -> Default | None:
    text = expression.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    if text.upper() == "NULL":
        return None
    if _NOW_RE.match(text):
        return Default.sql(CURRENT_TIMESTAMP)
    return Default.sql(_regenerate(text))


def _literal(value: str, kind: str, ctype: ColumnType) -> Default:
    if ctype.name == "bool":
        if kind == "bool":
            return Default("bool", value)
        lowered = value.strip().lower()
        truthy = lowered in ("true", "t", "yes", "y") or (
            _NUMBER_RE.match(lowered) is not None and float(lowered) != 0
        )
        return Default("bool", "true" if truthy else "false")
    if ctype.name in _NUMERIC:
        if kind == "bool":
            return Default("number", "1" if value == "true" else "0")
        if _NUMBER_RE.match(value.strip()):
            return Default("number", canonical_number(value))
        return Default("string", value)
    if kind == "bool":
        return Default("string", "1" if value == "true" else "0")
    return Default("string", value)


def unquote(text: str) -> str:
    """The body of a MariaDB-quoted default: ``it''s`` → ``it's``, backslash escapes undone."""
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "t": "\t", "0": "\0"}.get(m.group(1), m.group(1)), text
    ).replace("''", "'")


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _regenerate(text: str) -> str:
    """One spelling for an expression (``uuid()`` and ``UUID()`` agree), by a round trip through sqlglot."""
    import sqlglot

    try:
        return sqlglot.transpile(text, read="mysql", write="mysql")[0]
    except Exception:
        return text
