"""A small TOML writer for entity mappings (the standard library reads TOML but cannot write it).

Only the shapes ``dump_table`` produces: top-level scalars and arrays, then ``[columns]`` with one
inline table per column, so a pulled TOML entity reads like a hand-written one.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def dump_toml(entity: dict[str, Any], schema_ref: str) -> str:
    lines = [f"#:schema {schema_ref}"]
    for key, value in entity.items():
        if key == "columns":
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{_key(key)} = [")
            lines += [f"  {_value(v)}," for v in value]
            lines.append("]")
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    lines += ["", "[columns]"]
    lines += [f"{_key(name)} = {_value(spec)}" for name, spec in entity["columns"].items()]
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if _BARE.match(key) else _string(key)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        # TOML has no null: a None value (a seed cell) cannot be written and is left out
        items = [f"{_key(str(k))} = {_value(v)}" for k, v in value.items() if v is not None]
        return "{" + ", ".join(items) + "}"
    return _string(str(value))
