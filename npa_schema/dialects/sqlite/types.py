"""Portable ↔ SQLite declared types.

SQLite stores a column's declared type text verbatim and only derives an *affinity* from it, so we
can write a distinct text per portable type and read it back exactly. Every text below has the
affinity the portable type wants (INTEGER, NUMERIC, TEXT, REAL or BLOB) and is printed verbatim by
the renderer, so ``REAL`` and ``DOUBLE`` (one sqlglot type) stay apart. Anything we did not write
comes back as ``ColumnType("native")`` with the declared text upper-cased.
"""

from __future__ import annotations

import re

from npa_schema.model import Column
from npa_schema.types import ColumnType

#: portable name -> declared type text; ``{0}``/``{1}`` are the type's arguments
NATIVE: dict[str, str] = {
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "decimal": "DECIMAL({0},{1})",
    "float": "REAL",
    "double": "DOUBLE",
    "bool": "BOOLEAN",
    "string": "VARCHAR({0})",
    "text": "TEXT",
    "char": "CHAR({0})",
    "date": "DATE",
    "time": "TIME",
    "datetime": "DATETIME",
    "datetime_tz": "TIMESTAMPTZ",
    "uuid": "UUID",
    "json": "JSON",
    "binary": "BLOB",
    "enum": "TEXT",  # plus a generated CHECK (col IN (...)), see normalize.py
}

#: declared texts other tools write for the same thing (read side only; we never write these)
_READ_ALIASES: dict[str, str] = {
    "INT": "int",
    "NUMERIC": "decimal",
    "BOOL": "bool",
    "TIMESTAMP": "datetime",
    "FLOAT": "float",
    "DOUBLE PRECISION": "double",
}

_DECLARED = re.compile(r"^([A-Z][A-Z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$")

#: the portable types whose declared text takes arguments, and how many
_ARITY = {"decimal": 2, "string": 1, "char": 1}


def native_text(column_type: ColumnType) -> str:
    """The declared type we write for a (normalised) column type."""
    if column_type.name == "native":
        return str(column_type.native)
    return NATIVE[column_type.name].format(*column_type.args)


def canonical_declared(text: str) -> str:
    """One spelling per declared type: upper case, single spaces, no spaces inside parentheses."""
    text = " ".join(text.strip().upper().split())
    return re.sub(r"\s*([(),])\s*", r"\1", text)


_REVERSE: dict[str, str] = {
    re.sub(r"\(.*\)", "", text): name for name, text in NATIVE.items() if name != "enum"
} | _READ_ALIASES


def portable_type(declared: str) -> ColumnType:
    """The portable type a declared type text stands for, or ``native`` when it is not one of ours."""
    text = canonical_declared(declared)
    m = _DECLARED.match(text)
    if m:
        name = _REVERSE.get(m.group(1))
        args = tuple(int(a) for a in m.groups()[1:] if a is not None)
        if name is not None and len(args) == _ARITY.get(name, 0):
            return ColumnType(name, args)
        if name == "decimal" and len(args) == 1:
            return ColumnType("decimal", (args[0], 0))
    return ColumnType("native", native=text)


def column_native_type(column: Column) -> str:
    """The declared type for a column, honouring a ``sqlite`` sql_type override and identity."""
    override = column.sql_type_for("sqlite")
    if override:
        return native_text(portable_type(override))
    if column.identity:
        return "INTEGER"  # only INTEGER PRIMARY KEY can AUTOINCREMENT
    return native_text(column.type)
