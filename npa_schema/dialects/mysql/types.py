"""Portable types ↔ MySQL/MariaDB column types: one table each way.

Choices worth knowing:

- ``bool`` is ``tinyint(1)``: both engines report exactly that, so ``tinyint(1)`` reads back as bool.
- ``uuid`` is ``char(36)`` on every server version (MariaDB 10.7+ has a native UUID type, MySQL has
  none; one mapping keeps plans identical across servers). ``char(36)`` therefore reads back as
  ``char(36)``, and ``normalize`` turns a desired ``uuid`` into ``char(36)`` so the two agree.
- ``datetime_tz`` is ``timestamp``: MySQL has no offset-preserving type. TIMESTAMP stores UTC and
  converts with the session time zone; the offset a value was written with is not kept.
- ``json`` is ``json``. MariaDB's JSON is LONGTEXT plus a ``json_valid`` CHECK named after the column;
  introspection folds the two back into ``json`` (see ``introspect.py``).
- ``binary`` is ``longblob``; ``enum`` is the inline ``enum('a','b')``.
- Display widths (``int(11)``) are noise from MariaDB and MySQL < 8.0.19 and are stripped, except
  ``tinyint(1)``. Anything else comes back as ``ColumnType("native", native=<lower-case text>)``.
"""

from __future__ import annotations

import re

from npa_schema.model import Column
from npa_schema.types import ColumnType

#: portable name -> MySQL type text (args appended where the type has them)
_TO_NATIVE = {
    "smallint": "SMALLINT",
    "int": "INT",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "bool": "TINYINT(1)",
    "text": "TEXT",
    "date": "DATE",
    "time": "TIME",
    "datetime": "DATETIME",
    "datetime_tz": "TIMESTAMP",
    "uuid": "CHAR(36)",
    "json": "JSON",
    "binary": "LONGBLOB",
}

#: MySQL base type (lower case, no args) -> portable name, for types that take no arguments
_FROM_NATIVE = {
    "smallint": "smallint",
    "int": "int",
    "integer": "int",
    "bigint": "bigint",
    "float": "float",
    "double": "double",
    "double precision": "double",
    "text": "text",
    "date": "date",
    "time": "time",
    "datetime": "datetime",
    "timestamp": "datetime_tz",
    "json": "json",
    "longblob": "binary",
}

_INTEGER_TYPES = ("tinyint", "smallint", "mediumint", "int", "integer", "bigint")
_NATIVE_RE = re.compile(r"^\s*([a-z ]+?)\s*(?:\((.*)\))?\s*((?:unsigned|signed|zerofill|\s)*)$", re.I | re.S)
_ENUM_VALUE_RE = re.compile(r"'((?:[^'\\]|''|\\.)*)'")


def native_type(column: Column) -> str:
    """The type text to write in DDL: the ``mysql`` sql_type override, else the portable mapping."""
    override = column.sql_type_for("mysql")
    if override:
        return override
    return native_for(column.type)


def native_for(ctype: ColumnType) -> str:
    if ctype.name == "native":
        return str(ctype.native)
    if ctype.name in ("string", "char", "decimal"):
        base = {"string": "VARCHAR", "char": "CHAR", "decimal": "DECIMAL"}[ctype.name]
        return f"{base}({','.join(str(a) for a in ctype.args)})"
    if ctype.name == "enum":
        return "ENUM(" + ", ".join(quote_string(v) for v in ctype.values) + ")"
    return _TO_NATIVE[ctype.name]


def quote_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def from_native(text: str) -> ColumnType:
    """``COLUMN_TYPE`` (or a ``sql_type`` override) → the ColumnType introspection reports."""
    raw = " ".join(text.strip().split())
    m = _NATIVE_RE.match(raw)
    if not m:
        return ColumnType("native", native=raw.lower())
    base, args_text, flags = m.group(1).lower(), m.group(2), " ".join(m.group(3).lower().split())
    if base in ("enum",) and args_text is not None and not flags:
        return ColumnType("enum", values=parse_enum_values(args_text))
    if base == "tinyint" and args_text is not None and args_text.strip() == "1" and not flags:
        return ColumnType("bool")
    args = _int_args(args_text)
    if base in _INTEGER_TYPES and "zerofill" not in flags:
        args = ()  # display width: not part of the type
    if flags or args is None:
        return ColumnType("native", native=_spell(base, args, args_text, flags))
    if base in ("varchar", "char") and len(args) == 1:
        return ColumnType("string" if base == "varchar" else "char", args)
    if base in ("decimal", "numeric") and 1 <= len(args) <= 2:
        return ColumnType("decimal", args if len(args) == 2 else (args[0], 0))
    if base in ("decimal", "numeric") and not args:
        return ColumnType("decimal", (10, 0))
    if base in ("bool", "boolean") and not args:
        return ColumnType("bool")
    if base in _FROM_NATIVE and not args:
        return ColumnType(_FROM_NATIVE[base])
    return ColumnType("native", native=_spell(base, args, args_text, flags))


def _int_args(text: str | None) -> tuple[int, ...] | None:
    """``18,2`` → (18, 2); ``None`` when the arguments are not plain numbers."""
    if text is None or not text.strip():
        return ()
    try:
        return tuple(int(a) for a in text.split(","))
    except ValueError:
        return None


def _spell(base: str, args: tuple[int, ...] | None, args_text: str | None, flags: str) -> str:
    if args is None:
        return f"{base}({args_text}){' ' + flags if flags else ''}"
    inner = f"({','.join(map(str, args))})" if args else ""
    return f"{base}{inner}{' ' + flags if flags else ''}"


def parse_enum_values(text: str) -> tuple[str, ...]:
    """``'a','it''s'`` → ('a', "it's")."""
    values = []
    for m in _ENUM_VALUE_RE.finditer(text):
        values.append(re.sub(r"\\(.)", r"\1", m.group(1).replace("''", "'")))
    return tuple(values)


def canonical_type(column: Column) -> ColumnType:
    """The desired column's type as introspection will report it after apply."""
    override = column.sql_type_for("mysql")
    if override:
        return from_native(override)
    ctype = column.type
    if ctype.name == "native":
        return from_native(str(ctype.native))
    if ctype.name == "uuid":
        return ColumnType("char", (36,))
    if ctype.name == "enum":
        return ColumnType("enum", values=ctype.values)
    return ctype
