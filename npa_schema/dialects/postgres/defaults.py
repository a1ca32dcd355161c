"""Column defaults in the one spelling both sides of a diff share.

PostgreSQL stores a default as an expression tree and prints it back its own way:
``'new'::character varying``, ``'-1'::integer``, ``10.5``, ``true``, ``CURRENT_TIMESTAMP``, ``now()``,
``'2020-01-01'::date``, ``nextval('t_id_seq'::regclass)`` ... Both the desired default and
``pg_get_expr(adbin, adrelid)`` are run through :func:`canonical_default`: a literal under casts and
parentheses becomes a literal ``Default`` (string, number via ``canonical_number``, bool), chosen by
the column's type as PostgreSQL would coerce it; anything else becomes ``Default.sql`` with sqlglot's
PostgreSQL spelling (so ``now()`` and ``CURRENT_TIMESTAMP`` are the same default).

Known gap: expressions PostgreSQL rewrites beyond casts (``interval '1 day'`` comes back as
``'1 day'::interval``) converge only when written the way PostgreSQL prints them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from npa_schema.model import Default, canonical_number
from npa_schema.types import ColumnType

NUMERIC_TYPES = frozenset({"smallint", "int", "bigint", "decimal", "float", "double"})
_NATIVE_NUMERIC = re.compile(
    r"^(smallint|integer|bigint|numeric|real|double precision|money|oid)(\(|$)", re.I
)
_NEXTVAL = re.compile(r"^\s*nextval\(", re.I)


def is_sequence_default(text: str) -> bool:
    """``nextval(...)``: a serial column's default, which introspection reports as identity."""
    return bool(_NEXTVAL.match(text))


def _kind_for(column_type: ColumnType) -> str:
    if column_type.name in NUMERIC_TYPES:
        return "number"
    if column_type.name == "bool" or (column_type.name == "native" and column_type.native == "boolean"):
        return "bool"
    if column_type.name == "native" and _NATIVE_NUMERIC.match(column_type.native or ""):
        return "number"
    return "string"


def _coerce(value: str, column_type: ColumnType) -> Default:
    """A literal as PostgreSQL keeps it for a column of ``column_type``."""
    kind = _kind_for(column_type)
    if kind == "number":
        try:
            float(value)
        except ValueError:
            return Default("string", value)
        return Default("number", canonical_number(value))
    if kind == "bool":
        lowered = value.strip().lower()
        if lowered in ("true", "t", "yes", "on", "1"):
            return Default("bool", "true")
        if lowered in ("false", "f", "no", "off", "0"):
            return Default("bool", "false")
    return Default("string", value)


def canonical_default(default: Default | None, column_type: ColumnType) -> Default | None:
    """The canonical form of a desired default (any kind) for a column of ``column_type``."""
    if default is None:
        return None
    if default.kind == "sql":
        return parse_default(default.value, column_type)
    if default.kind == "bool" and _kind_for(column_type) == "bool":
        return default
    return _coerce(default.value, column_type)


@lru_cache(maxsize=4096)  # a large schema repeats the same few defaults thousands of times
def parse_default(text: str, column_type: ColumnType) -> Default | None:
    """What ``pg_get_expr(adbin, adrelid)`` (or a user's ``{sql: ...}``) means, canonically."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(text, read="postgres")
    except sqlglot.errors.ParseError:
        return Default.sql(text)
    node = tree
    negative = False
    while True:
        if isinstance(node, (exp.Paren, exp.Cast)) and not isinstance(node, exp.TryCast):
            node = node.this
        elif isinstance(node, exp.Neg):
            negative = not negative
            node = node.this
        else:
            break
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.Boolean) and not negative:
        return _coerce("true" if node.this else "false", column_type)
    if isinstance(node, exp.Literal):
        value = str(node.this)
        if negative:
            if node.is_string:
                return Default.sql(_strip_parens(tree).sql(dialect="postgres"))
            value = f"-{value}"
        return _coerce(value, column_type)
    return Default.sql(_strip_parens(tree).sql(dialect="postgres"))


def _strip_parens(tree):
    from sqlglot import exp

    while isinstance(tree, exp.Paren):
        tree = tree.this
    return tree
