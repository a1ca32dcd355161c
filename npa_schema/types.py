"""Portable column types: the names users write in entity files, parsed into ColumnType.

Each dialect maps these to native types in its own ``types.py``; nothing here knows an engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: portable type name -> (min args, max args)
PORTABLE_TYPES: dict[str, tuple[int, int]] = {
    "smallint": (0, 0),
    "int": (0, 0),
    "bigint": (0, 0),
    "decimal": (0, 2),
    "float": (0, 0),
    "double": (0, 0),
    "bool": (0, 0),
    "string": (0, 1),
    "text": (0, 0),
    "char": (0, 1),
    "date": (0, 0),
    "time": (0, 0),
    "datetime": (0, 0),
    "datetime_tz": (0, 0),
    "uuid": (0, 0),
    "json": (0, 0),
    "binary": (0, 0),
    "enum": (0, 0),
}

ALIASES = {
    "integer": "int",
    "boolean": "bool",
    "varchar": "string",
    "numeric": "decimal",
    "timestamp": "datetime",
    "timestamptz": "datetime_tz",
    "blob": "binary",
}

DEFAULT_ARGS: dict[str, tuple[int, ...]] = {"string": (255,), "char": (1,), "decimal": (18, 2)}

INTEGER_RANK = {"smallint": 1, "int": 2, "bigint": 3}

_TYPE_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([0-9\s,]*)\s*\))?\s*$")


class TypeParseError(ValueError):
    """A type string that is not a portable type; the message says why."""


@dataclass(frozen=True)
class ColumnType:
    """A column type. ``name`` is portable, or ``"native"`` with ``native`` holding the engine's own text.

    ``values`` holds an enum's labels; ``enum_name`` the engine-level enum type name where one exists.
    """

    name: str
    args: tuple[int, ...] = ()
    values: tuple[str, ...] = ()
    native: str | None = None
    enum_name: str | None = None

    def __str__(self) -> str:
        if self.name == "native":
            return str(self.native)
        if self.args:
            return f"{self.name}({','.join(str(a) for a in self.args)})"
        return self.name

    @property
    def is_integer(self) -> bool:
        return self.name in INTEGER_RANK


def parse_type(text: str, values: tuple[str, ...] = ()) -> ColumnType:
    """Parse ``string(20)``, ``decimal(18,2)``, ``int`` ... into a ColumnType with default args filled in."""
    m = _TYPE_RE.match(text or "")
    if not m:
        raise TypeParseError(f"'{text}' is not a type (expected e.g. int, string(100), decimal(18,2))")
    name = m.group(1).lower()
    name = ALIASES.get(name, name)
    if name not in PORTABLE_TYPES:
        raise TypeParseError(f"unknown type '{m.group(1)}'")
    raw_args = m.group(2)
    args: tuple[int, ...] = ()
    if raw_args is not None and raw_args.strip():
        try:
            args = tuple(int(a) for a in raw_args.split(","))
        except ValueError as exc:
            raise TypeParseError(f"type arguments of '{text}' must be whole numbers") from exc
    lo, hi = PORTABLE_TYPES[name]
    if not lo <= len(args) <= hi:
        raise TypeParseError(f"type '{name}' takes {'no' if hi == 0 else f'at most {hi}'} argument(s)")
    if name == "decimal" and len(args) == 1:
        args = (args[0], 0)
    if not args and name in DEFAULT_ARGS:
        args = DEFAULT_ARGS[name]
    if any(a <= 0 for a in args[:1]):
        raise TypeParseError(f"the size of '{text}' must be positive")
    if name == "decimal" and args[1] > args[0]:
        raise TypeParseError(f"decimal scale ({args[1]}) cannot exceed its precision ({args[0]})")
    if name == "enum":
        if not values:
            raise TypeParseError("an enum needs its values listed in 'values'")
        return ColumnType("enum", values=tuple(values))
    return ColumnType(name, args)


def is_narrowing(old: ColumnType, new: ColumnType) -> bool:
    """True when converting old to new can lose data or fail on existing rows."""
    if old == new:
        return False
    if old.name == "native" or new.name == "native":
        return old.native != new.native
    if old.is_integer and new.is_integer:
        return INTEGER_RANK[new.name] < INTEGER_RANK[old.name]
    if old.is_integer and new.name in ("decimal", "double", "float", "string", "text"):
        return new.name == "string" and new.args[0] < 20
    if old.name == new.name and old.name in ("string", "char"):
        return new.args[0] < old.args[0]
    if old.name == new.name == "decimal":
        return new.args[0] - new.args[1] < old.args[0] - old.args[1] or new.args[1] < old.args[1]
    if old.name in ("string", "char") and new.name == "text":
        return False
    if old.name == "float" and new.name == "double":
        return False
    if old.name == new.name == "enum":
        return not set(old.values) <= set(new.values)
    return not (old.name == "datetime" and new.name == "datetime_tz")
