"""SQL Server ↔ portable types, in both directions, plus the canonical form of column defaults.

The reverse direction works from what ``sys.columns`` / ``sys.types`` report (type name, max_length
in bytes, precision, scale), and native type text (``sql_type`` overrides) goes through the same
function, so a desired column and its introspected twin always land on the same ``ColumnType``.
"""

from __future__ import annotations

import re
from typing import overload

from npa_schema.model import Column, Default, canonical_number
from npa_schema.types import ColumnType

#: NVARCHAR/NCHAR hold at most 4000 characters; beyond that only NVARCHAR(MAX)
MAX_NCHARS = 4000
#: SQL Server's default fractional-seconds precision for TIME, DATETIME2, DATETIMEOFFSET
DEFAULT_TIME_SCALE = 7

_FIXED: dict[str, str] = {
    "smallint": "SMALLINT",
    "int": "INT",
    "bigint": "BIGINT",
    "float": "REAL",
    "double": "FLOAT(53)",
    "bool": "BIT",
    "text": "NVARCHAR(MAX)",
    "date": "DATE",
    "time": "TIME",
    "datetime": "DATETIME2",
    "datetime_tz": "DATETIMEOFFSET",
    "uuid": "UNIQUEIDENTIFIER",
    "json": "NVARCHAR(MAX)",
    "binary": "VARBINARY(MAX)",
}

_SIMPLE_REVERSE: dict[str, str] = {
    "smallint": "smallint",
    "int": "int",
    "bigint": "bigint",
    "real": "float",
    "bit": "bool",
    "date": "date",
    "uniqueidentifier": "uuid",
}

_SCALED_REVERSE = {"time": "time", "datetime2": "datetime", "datetimeoffset": "datetime_tz"}

#: type names whose max_length is in bytes of UTF-16 (two per character)
_WIDE = {"nvarchar", "nchar"}
_SIZED = {"nvarchar", "nchar", "varchar", "char", "varbinary", "binary"}

_NATIVE_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\(\s*([^)]*)\s*\))?\s*$")
_ALIASES = {
    "integer": "int",
    "numeric": "decimal",
    "dec": "decimal",
    "double precision": "float",
    "national character varying": "nvarchar",
    "national char varying": "nvarchar",
    "national character": "nchar",
    "character varying": "varchar",
    "character": "char",
    "rowversion": "timestamp",
}


def enum_length(values: tuple[str, ...]) -> int:
    return max([1, *(len(v) for v in values)])


def to_native(ct: ColumnType) -> str:
    """The T-SQL type for a portable type (enums become NVARCHAR sized to the longest label)."""
    if ct.name == "native":
        return str(ct.native)
    if ct.name in _FIXED:
        return _FIXED[ct.name]
    if ct.name == "decimal":
        precision, scale = ct.args or (18, 2)
        return f"DECIMAL({precision},{scale})"
    if ct.name == "string":
        size = ct.args[0] if ct.args else 255
        return "NVARCHAR(MAX)" if size > MAX_NCHARS else f"NVARCHAR({size})"
    if ct.name == "char":
        return f"NCHAR({ct.args[0] if ct.args else 1})"
    if ct.name == "enum":
        size = enum_length(ct.values)
        return "NVARCHAR(MAX)" if size > MAX_NCHARS else f"NVARCHAR({size})"
    raise ValueError(f"no SQL Server type for '{ct}'")


def native_type(column: Column) -> str:
    override = column.sql_type_for("mssql")
    return override if override else to_native(column.type)


def from_catalog(type_name: str, max_length: int, precision: int, scale: int) -> ColumnType:
    """``sys.types.name`` + ``sys.columns`` sizes → ColumnType (``native`` for anything unmapped)."""
    name = type_name.lower()
    if name in _SIMPLE_REVERSE:
        return ColumnType(_SIMPLE_REVERSE[name])
    if name in ("decimal", "numeric"):
        return ColumnType("decimal", (precision, scale))
    if name == "float":
        return ColumnType("double") if precision > 24 else ColumnType("float")
    if name in _SCALED_REVERSE:
        if scale == DEFAULT_TIME_SCALE:
            return ColumnType(_SCALED_REVERSE[name])
        return ColumnType("native", native=f"{name}({scale})")
    if name in _SIZED:
        chars = max_length // 2 if name in _WIDE and max_length > 0 else max_length
        if name == "nvarchar":
            return ColumnType("text") if max_length == -1 else ColumnType("string", (chars,))
        if name == "nchar":
            return ColumnType("char", (chars,))
        if name == "varbinary" and max_length == -1:
            return ColumnType("binary")
        return ColumnType("native", native=f"{name}({'max' if max_length == -1 else chars})")
    return ColumnType("native", native=name)


def from_native_text(text: str) -> ColumnType:
    """Type text as a user writes it in ``sql_type`` (``NVARCHAR(50)``, ``money``) → what
    introspection will report for a column declared with it."""
    m = _NATIVE_RE.match(text)
    if not m:
        return ColumnType("native", native=text.strip().lower())
    name = re.sub(r"\s+", " ", m.group(1).lower())
    name = _ALIASES.get(name, name)
    raw = [a.strip().lower() for a in m.group(2).split(",")] if m.group(2) else []
    if not all(a == "max" or a.isdigit() for a in raw):
        return ColumnType("native", native=text.strip().lower())
    args = [-1 if a == "max" else int(a) for a in raw]
    if name in ("decimal",):
        precision = args[0] if args else 18
        return from_catalog(name, 0, precision, args[1] if len(args) > 1 else 0)
    if name == "float":
        return from_catalog(name, 8, args[0] if args else 53, 0)
    if name in _SCALED_REVERSE:
        return from_catalog(name, 0, 0, args[0] if args else DEFAULT_TIME_SCALE)
    if name in _SIZED:
        size = args[0] if args else 1
        nbytes = size * 2 if name in _WIDE and size > 0 else size
        return from_catalog(name, nbytes, 0, 0)
    if args:
        return ColumnType("native", native=f"{name}({','.join(raw)})")
    return from_catalog(name, 0, 0, 0)


# --- defaults ---------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NUMERIC_TYPES = {"smallint", "int", "bigint", "decimal", "float", "double"}


def strip_parens(text: str) -> str:
    """``((0))`` → ``0``: SQL Server wraps every stored default and check in parentheses."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _wraps_whole(text):
        text = text[1:-1].strip()
    return text


def _wraps_whole(text: str) -> bool:
    depth, quoted = 0, False
    for i, ch in enumerate(text):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return True


def _string_literal(text: str) -> str | None:
    body = text[1:] if text[:1] in ("N", "n") else text
    if len(body) >= 2 and body[0] == body[-1] == "'" and "'" not in body[1:-1].replace("''", ""):
        return body[1:-1].replace("''", "'")
    return None


@overload
def canonical_default(default: None, ct: ColumnType) -> None: ...
@overload
def canonical_default(default: Default, ct: ColumnType) -> Default: ...
def canonical_default(default: Default | None, ct: ColumnType) -> Default | None:
    """One spelling per default, applied to both the desired and the introspected side.

    Literals stay literals (a BIT's 0/1 becomes a bool, a number given as a string on a numeric
    column becomes a number); SQL expressions are reprinted by sqlglot (T-SQL, lower-case function
    names), so ``CURRENT_TIMESTAMP``, ``GETDATE()`` and SQL Server's stored ``(getdate())`` all
    compare equal. The exact spelling only has to agree between the two sides, not with the server.
    """
    if default is None:
        return None
    if default.kind == "bool":
        return default if ct.name == "bool" else Default("number", "1" if default.value == "true" else "0")
    if default.kind == "number":
        value = canonical_number(default.value)
        if ct.name == "bool" and value in ("0", "1"):
            return Default("bool", "true" if value == "1" else "false")
        return Default("number", value)
    if default.kind == "string":
        if ct.name in _NUMERIC_TYPES | {"bool"} and _NUMBER_RE.match(default.value.strip()):
            return canonical_default(Default("number", default.value.strip()), ct)
        return default
    return _canonical_sql_default(default.value, ct)


def _canonical_sql_default(text: str, ct: ColumnType) -> Default:
    inner = strip_parens(text)
    literal = _string_literal(inner)
    if literal is not None:
        return canonical_default(Default("string", literal), ct)
    if _NUMBER_RE.match(inner):
        return canonical_default(Default("number", inner), ct)
    import sqlglot

    try:
        printed = sqlglot.parse_one(inner, read="tsql").sql("tsql", normalize_functions="lower")
    except sqlglot.errors.ParseError:
        printed = inner
    return Default("sql", printed)
