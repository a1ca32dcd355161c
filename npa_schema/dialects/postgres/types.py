"""PostgreSQL's type map: portable → native, and what ``pg_catalog.format_type`` reports → portable.

Both directions go through one canonical spelling (format_type's), so a desired ``sql_type:
{postgres: jsonb}`` and a portable ``json`` are the same ColumnType, and what introspection reads back
after apply is exactly what normalisation produced. Anything without a portable equivalent (citext,
ranges, arrays, plain ``json`` ...) stays ``ColumnType("native", native=<format_type text>)``.
"""

from __future__ import annotations

import re

from npa_schema.types import ColumnType

#: portable name -> format_type text; ``{0}``/``{1}`` are the type arguments
TO_NATIVE: dict[str, str] = {
    "smallint": "smallint",
    "int": "integer",
    "bigint": "bigint",
    "decimal": "numeric({0},{1})",
    "float": "real",
    "double": "double precision",
    "bool": "boolean",
    "string": "character varying({0})",
    "text": "text",
    "char": "character({0})",
    "date": "date",
    "time": "time without time zone",
    "datetime": "timestamp without time zone",
    "datetime_tz": "timestamp with time zone",
    "uuid": "uuid",
    "json": "jsonb",
    "binary": "bytea",
}

#: format_type text (without arguments) -> portable name, for types that need no arguments
_FROM_NATIVE_PLAIN: dict[str, str] = {
    native: portable for portable, native in TO_NATIVE.items() if "{" not in native
}
#: format_type base name of a type that takes arguments -> (portable name, argument count)
_FROM_NATIVE_ARGS: dict[str, tuple[str, int]] = {
    "numeric": ("decimal", 2),
    "character varying": ("string", 1),
    "character": ("char", 1),
}

#: what people write in ``sql_type`` -> format_type's spelling
_ALIASES: dict[str, str] = {
    "int": "integer",
    "int4": "integer",
    "int2": "smallint",
    "int8": "bigint",
    "serial": "integer",
    "serial4": "integer",
    "bigserial": "bigint",
    "serial8": "bigint",
    "smallserial": "smallint",
    "serial2": "smallint",
    "decimal": "numeric",
    "float4": "real",
    "float8": "double precision",
    "float": "double precision",
    "double": "double precision",
    "bool": "boolean",
    "varchar": "character varying",
    "char": "character",
    "bpchar": "character",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "time": "time without time zone",
    "timetz": "time with time zone",
    "varbit": "bit varying",
}

_TYPE_RE = re.compile(
    r"^\s*(?P<base>[a-z_][a-z0-9_ ]*?)\s*(?:\(\s*(?P<args>[0-9\s,]*)\s*\))?"
    r"\s*(?P<zone>with(?:out)? time zone)?\s*(?P<array>(?:\[\s*\d*\s*\])*)\s*$",
    re.I,
)


def native_text(column_type: ColumnType) -> str:
    """format_type's spelling for a portable or native type (enums excluded: they are named types)."""
    if column_type.name == "native":
        return canonical_native(column_type.native or "")
    template = TO_NATIVE[column_type.name]
    return template.format(*column_type.args) if "{" in template else template


def canonical_native(text: str) -> str:
    """Spell a user's PostgreSQL type text as format_type would (``varchar(30)`` → ``character
    varying(30)``, ``int4[]`` → ``integer[]``). Unknown or quoted names are kept as written."""
    m = _TYPE_RE.match(text)
    if not m or '"' in text:
        return text.strip()
    base = " ".join(m["base"].lower().split())
    args = m["args"]
    zone = (m["zone"] or "").lower()
    array = "[]" * m["array"].count("[")
    if base in ("timestamp", "time") and zone:
        base = f"{base} {zone}"
        zone = ""
    base = _ALIASES.get(base, base)
    if args is not None:
        arg_text = ",".join(a.strip() for a in args.split(",") if a.strip())
        if base.endswith(" time zone"):
            head, _, tail = base.partition(" ")
            return f"{head}({arg_text}) {tail}{array}"
        if base == "double precision" or not arg_text:
            return f"{base}{array}"
        return f"{base}({arg_text}){array}"
    if base == "character":
        base = "character(1)"
    return f"{base}{f' {zone}' if zone else ''}{array}"


def from_native(text: str) -> ColumnType:
    """The ColumnType for format_type's text: portable where one exists, else ``native``."""
    text = canonical_native(text)
    if text in _FROM_NATIVE_PLAIN:
        return ColumnType(_FROM_NATIVE_PLAIN[text])
    m = re.fullmatch(r"([a-z ]+)\(([0-9,]+)\)", text)
    if m and m[1] in _FROM_NATIVE_ARGS:
        name, count = _FROM_NATIVE_ARGS[m[1]]
        args = tuple(int(a) for a in m[2].split(","))
        if name == "decimal" and len(args) == 1:
            args = (args[0], 0)
        if len(args) == count:
            return ColumnType(name, args)
    return ColumnType("native", native=text)
