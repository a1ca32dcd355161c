"""How SQLite spells defaults and expressions, applied alike to the desired and the introspected side.

``pragma_table_xinfo`` reports a default as the text written in ``CREATE TABLE`` (without the
parentheses an expression needs), and CHECK/WHERE texts come back as written. Running both sides
through the same sqlglot parse-and-print makes them compare equal whatever the user's spelling.
"""

from __future__ import annotations

from typing import cast

import sqlglot
from sqlglot import exp

from npa_schema.model import Default, canonical_number

SQLGLOT = "sqlite"


def parse(text: str) -> exp.Expression:
    return cast(exp.Expression, sqlglot.parse_one(text, read=SQLGLOT))


def expression_sql(text: str) -> str:
    """An SQL expression in sqlglot's SQLite spelling (the text is kept when sqlglot cannot parse it)."""
    try:
        return parse(text).sql(SQLGLOT)
    except sqlglot.errors.SqlglotError:
        return " ".join(text.split())


def _literal_default(node: exp.Expression) -> Default | None:
    if isinstance(node, exp.Paren):
        return _literal_default(node.this)
    if isinstance(node, exp.Literal):
        return (
            Default("string", node.this) if node.is_string else Default("number", canonical_number(node.this))
        )
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return Default("number", canonical_number(f"-{node.this.this}"))
    if isinstance(node, exp.Boolean):
        return Default("bool", "true" if node.this else "false")
    return None


def default_from_sql(text: str | None, bool_column: bool = False) -> Default | None:
    """A default as SQLite reports it (``'a''b'``, ``-1``, ``TRUE``, ``CURRENT_TIMESTAMP``) → Default."""
    if text is None:
        return None
    try:
        node = parse(text)
    except sqlglot.errors.SqlglotError:
        return Default("sql", text.strip())
    if isinstance(node, exp.Null):
        return None
    literal = _literal_default(node)
    if literal is None:
        return Default("sql", node.sql(SQLGLOT))
    return bool_literal(literal) if bool_column else literal


def bool_literal(default: Default) -> Default:
    """SQLite has no boolean storage: on a bool column, 1/0 and TRUE/FALSE are the same default."""
    if default.kind == "number" and default.value in ("0", "1"):
        return Default("bool", "true" if default.value == "1" else "false")
    return default


def canonical_default(default: Default | None, bool_column: bool = False) -> Default | None:
    """The desired default as introspection will report it after we write it."""
    if default is None:
        return None
    if default.kind == "sql":
        return default_from_sql(default.value, bool_column)
    if default.kind == "number":
        default = Default("number", canonical_number(default.value))
    return bool_literal(default) if bool_column else default


def is_constant(default: Default | None) -> bool:
    """``ALTER TABLE ADD COLUMN`` only takes a constant default (no CURRENT_TIMESTAMP, no calls)."""
    return default is None or default.kind != "sql"
