"""The JSON Schema pass: each entity against ``schemas/entity.schema.json``, errors as SpecErrors.

jsonschema's own messages quote whole instances and say "is not valid under any of the given
schemas"; here each error becomes one short line at the offending key, and an ``anyOf`` is
explained by the branch the value was evidently meant for (a mapping column → the column rules).
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from npa_schema.entities.source import Entity, FieldPath
from npa_schema.errors import SpecError

NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$"
NAME_RULE = "use letters, digits and underscores, not starting with a digit (no quotes, spaces or semicolons)"
_TYPE_WORDS = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
    "null": "null",
}


@lru_cache(maxsize=4)
def load_json_schema(name: str = "entity") -> dict[str, Any]:
    """The shipped JSON Schema (``entity`` or ``config``)."""
    text = (
        resources.files("npa_schema").joinpath("schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    )
    return json.loads(text)


@lru_cache(maxsize=1)
def _entity_validator() -> Any:
    from jsonschema import Draft202012Validator

    root = load_json_schema("entity")
    # $refs inlined once: resolving them per value is half of jsonschema's time on a large schema
    return Draft202012Validator(_inline_refs(root["$defs"]["entity"], root["$defs"]))


def _inline_refs(node: Any, defs: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """The schema with every local ``#/$defs/X`` reference replaced by its target (sibling keywords
    such as ``description`` kept). The entity schema is not recursive; a cycle would be a bug."""
    if isinstance(node, list):
        return [_inline_refs(item, defs, seen) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.rsplit("/", 1)[1]
        if name in seen:
            raise ValueError(f"recursive $ref to {name} in the entity schema")
        out.update(_inline_refs(defs[name], defs, (*seen, name)))
    out.update({k: _inline_refs(v, defs, seen) for k, v in node.items() if k != "$ref"})
    return out


@lru_cache(maxsize=1)
def _split_validators() -> tuple[Any, Any]:
    """The entity schema without its per-column rules, and the per-column rules alone."""
    import copy

    from jsonschema import Draft202012Validator

    full = _entity_validator().schema
    outer = copy.deepcopy(full)
    columns = outer["properties"]["columns"]
    column_rules = columns["additionalProperties"]
    columns["additionalProperties"] = {}
    return Draft202012Validator(outer), Draft202012Validator(column_rules)


#: column specs (as canonical JSON) already found valid: large schemas repeat the same few thousand
_VALID_COLUMNS: set[str] = set()


def _quickly_valid(data: Any) -> bool:
    """True when ``data`` is valid, checking each distinct column spec once (the column rules do not
    depend on anything around the column). False means: run the full validator for the errors."""
    outer, column_rules = _split_validators()
    if not outer.is_valid(data):
        return False
    columns = data.get("columns") if isinstance(data, dict) else None
    for spec in (columns or {}).values():
        key = json.dumps(spec, sort_keys=True, default=str)
        if key in _VALID_COLUMNS:
            continue
        if not column_rules.is_valid(spec):
            return False
        _VALID_COLUMNS.add(key)
    return True


def schema_errors(entity: Entity) -> list[SpecError]:
    """All JSON Schema violations of one entity, sorted by path."""
    if _quickly_valid(entity.data):
        return []
    raw = sorted(_entity_validator().iter_errors(entity.data), key=lambda e: _sort_key(e.absolute_path))
    out: list[SpecError] = []
    for error in raw:
        for leaf in _leaves(error):
            out.extend(_to_spec_errors(entity, leaf))
    return out


def _sort_key(path: Any) -> list[tuple[int, Any]]:
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in path]


def _leaves(error: Any) -> list[Any]:
    """For an anyOf, the errors of the branch whose type matches the value; else the error itself."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    viable = [
        errs
        for errs in branches.values()
        if not any(e.validator == "type" and not e.relative_path for e in errs)
    ]
    if not viable or all(e.validator == "required" and not e.relative_path for e in error.context):
        return [error]
    return [
        leaf for sub in sorted(viable[0], key=lambda e: _sort_key(e.absolute_path)) for leaf in _leaves(sub)
    ]


def _expected_types(error: Any) -> str:
    words: list[str] = []
    for sub in error.context:
        if sub.validator == "type" and not sub.relative_path:
            types: list[str] = (
                sub.validator_value if isinstance(sub.validator_value, list) else [sub.validator_value]
            )
            words.extend(_TYPE_WORDS.get(t, t) for t in types if _TYPE_WORDS.get(t, t) not in words)
    if not words:
        return "a valid value"
    return ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {str: "a string", dict: "a mapping", list: "a list", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _to_spec_errors(entity: Entity, error: Any) -> list[SpecError]:
    path: FieldPath = tuple(str(p) for p in error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if "propertyNames" in error.schema_path:
        return [_name_error(entity, (*path, str(instance)), instance, kind)]
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extras = [k for k in instance if k not in known]
        return [_unknown_key(entity, path, str(k), known) for k in extras]
    if kind == "required":
        missing = [p for p in value if p not in instance]
        return [
            SpecError(
                f"missing required key '{p}'",
                entity.file,
                entity.line(path),
                ".".join((*path, p)) if path else p,
            )
            for p in missing[:1]
        ] or [entity.error(error.message, path)]
    if kind == "dependentRequired":
        return [
            entity.error(f"'{key}' needs '{need}'", (*path, key), hint=f"add '{need}' or remove '{key}'")
            for key, needs in value.items()
            if key in instance
            for need in needs
            if need not in instance
        ]
    if kind in ("pattern", "maxLength") and error.schema.get("pattern") == NAME_PATTERN:
        return [_name_error(entity, path, instance, kind)]
    return [entity.error(_message(error), path, _hint(error))]


def _name_error(entity: Entity, path: FieldPath, name: Any, kind: str) -> SpecError:
    if kind == "maxLength":
        return entity.error(f"name '{name}' is longer than 63 characters", path, hint="shorten it")
    return entity.error(f"invalid name {_short(name)}", path, hint=f"names {NAME_RULE}")


def _unknown_key(entity: Entity, path: FieldPath, key: str, known: list[str]) -> SpecError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else f"known keys: {', '.join(k for k in known if k != '$schema')}"
    )
    return entity.error(f"unknown key '{key}'", (*path, key), hint)


def _message(error: Any) -> str:
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind in ("anyOf", "oneOf") and all(e.validator == "required" for e in error.context):
        keys = [k for e in error.context for k in e.validator_value]
        return f"needs {' or '.join(repr(k) for k in keys)}"
    if kind in ("anyOf", "oneOf"):
        return f"expected {_expected_types(error)}, got {_kind(instance)}"
    if kind == "type":
        types: list[str] = value if isinstance(value, list) else [value]
        got = (
            _kind(instance)
            if instance is None or isinstance(instance, bool)
            else f"{_kind(instance)} {_short(instance)}"
        )
        return f"expected {' or '.join(_TYPE_WORDS.get(t, t) for t in types)}, got {got}"
    if kind == "enum":
        choices = list(dict.fromkeys(str(v).lower() for v in value))
        return f"{_short(instance)} is not one of: {', '.join(choices)}"
    if kind == "pattern" and "\\." in str(value):
        return f"{_short(instance)} must be written table.column"
    if kind == "minItems":
        return "must not be empty" if value == 1 else f"needs at least {value} items"
    if kind == "minProperties":
        return "must not be empty" if value == 1 else f"needs at least {value} entries"
    if kind == "minLength":
        return "must not be empty"
    if kind == "uniqueItems":
        return "has duplicate items"
    return error.message if len(error.message) <= 120 else error.message[:117] + "..."


def _hint(error: Any) -> str | None:
    return error.schema.get("description") if error.validator == "anyOf" else None
