"""Entity mappings (already valid against the JSON Schema) → model ``Table``s.

Column-level sugar (``primary_key: true``, ``unique: true``, ``references``, ``check``) is lifted to
table-level constraints with the deterministic names of :mod:`npa_schema.model`, so a plan never
depends on how the user spelled a constraint. Each built element remembers the field it came from
(``origins``), so semantic errors and dialect problems can point at the right line.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from typing import Any

from npa_schema.entities.source import Entity
from npa_schema.errors import SpecError
from npa_schema.model import (
    TABLE_COLLECTIONS,
    Check,
    Column,
    Default,
    ForeignKey,
    Index,
    PrimaryKey,
    Table,
    Unique,
    check_name,
    fk_name,
    index_name,
    pk_name,
    unique_name,
)
from npa_schema.types import ALIASES, PORTABLE_TYPES, ColumnType, TypeParseError, parse_type


@dataclass
class Built:
    """A table plus, per model collection, the file field each element came from."""

    table: Table
    entity: Entity
    origins: dict[str, list[str]] = field(default_factory=dict)
    pk_origin: str | None = None

    def origin(self, collection: str, index: int) -> str | None:
        items = self.origins.get(collection, [])
        return items[index] if 0 <= index < len(items) else None


def action(value: str | None) -> str:
    """``SET  NULL`` → ``set null``: referential actions are stored lower-case with single spaces."""
    return " ".join(value.lower().split()) if value else "no action"


def index_extra(where: str | None, expressions: tuple[str, ...]) -> str:
    """What goes into an unnamed index's name hash: its expressions and predicate, when present."""
    parts = list(expressions)
    if where:
        parts.append(f"WHERE {where}")
    return " ".join(parts)


def generated_index_name(table: str, index: Index) -> str:
    return index_name(table, index.columns, index.unique, extra=index_extra(index.where, index.expressions))


def column_specs(entity: Entity) -> list[tuple[str, dict[str, Any], bool]]:
    """(name, spec, written as a bare type string) per column, in file order."""
    out = []
    for name, spec in entity.data["columns"].items():
        bare = isinstance(spec, str)
        out.append((str(name), {"type": spec} if bare else spec, bare))
    return out


def build_table(entity: Entity) -> tuple[Built, list[SpecError]]:
    data = entity.data
    table_name: str = data["table"]
    errors: list[SpecError] = []
    built = Built(Table(table_name, ()), entity, {c: [] for c in TABLE_COLLECTIONS})
    parts = _Parts(built)
    for name, spec, bare in column_specs(entity):
        parts.columns.append(_column(entity, name, spec, bare, errors))
        _column_constraints(table_name, name, spec, parts)
    primary_key = _primary_key(entity, parts.pk_columns, built, errors)
    _table_constraints(entity, parts)
    built.table = Table(
        name=table_name,
        columns=tuple(parts.columns),
        primary_key=primary_key,
        indexes=tuple(parts.items["indexes"]),
        uniques=tuple(parts.items["uniques"]),
        foreign_keys=tuple(parts.items["foreign_keys"]),
        checks=tuple(parts.items["checks"]),
        comment=data.get("comment"),
        renamed_from=data.get("renamed_from"),
        seed=tuple(tuple((str(k), _freeze(v)) for k, v in row.items()) for row in data.get("seed", [])),
    )
    return built, errors


@dataclass
class _Parts:
    """What a table is built from, collected in file order; each constraint goes in with its origin."""

    built: Built
    columns: list[Column] = field(default_factory=list)
    pk_columns: list[str] = field(default_factory=list)
    items: dict[str, list[Any]] = field(default_factory=lambda: {c: [] for c in TABLE_COLLECTIONS})

    def add(self, collection: str, item: Any, origin: str) -> None:
        self.items[collection].append(item)
        self.built.origins[collection].append(origin)


# --- columns, and the constraints written on them -----------------------------------------------------


def _column(entity: Entity, name: str, spec: dict[str, Any], bare: bool, errors: list[SpecError]) -> Column:
    base = f"columns.{name}"
    ctype = parse_column_type(entity, base if bare else f"{base}.type", spec, errors)
    is_pk = bool(spec.get("primary_key", False))
    identity = bool(spec.get("identity", False))
    raw_default = spec.get("default")
    default = None
    if isinstance(raw_default, dict):
        default = Default.sql(raw_default["sql"])
    elif raw_default is not None:
        default = Default.literal(raw_default)
    return Column(
        name=name,
        type=ctype,
        nullable=bool(spec.get("nullable", False)) and not is_pk and not identity,
        default=default,
        identity=identity,
        comment=spec.get("comment"),
        sql_types=tuple(sorted(spec.get("sql_type", {}).items())),
        renamed_from=spec.get("renamed_from"),
    )


def _column_constraints(table_name: str, name: str, spec: dict[str, Any], parts: _Parts) -> None:
    """``primary_key: true``, ``unique: true``, ``references`` and ``check`` on a column, lifted to the
    table with generated names."""
    base = f"columns.{name}"
    if spec.get("primary_key", False):
        parts.pk_columns.append(name)
    if spec.get("unique"):
        parts.add("uniques", Unique(unique_name(table_name, (name,)), (name,)), f"{base}.unique")
    ref = spec.get("references")
    if ref is not None:
        ref_table, ref_col = ref.split(".", 1) if isinstance(ref, str) else (ref["table"], ref["column"])
        fk = ForeignKey(
            fk_name(table_name, (name,), ref_table),
            (name,),
            ref_table,
            (ref_col,),
            action(spec.get("on_delete")),
            action(spec.get("on_update")),
        )
        parts.add("foreign_keys", fk, f"{base}.references")
    if spec.get("check") is not None:
        expr = spec["check"].strip()
        parts.add("checks", Check(check_name(table_name, name, expr), expr), f"{base}.check")


# --- table-level constraints --------------------------------------------------------------------------


def _primary_key(
    entity: Entity, pk_columns: list[str], built: Built, errors: list[SpecError]
) -> PrimaryKey | None:
    table_name: str = entity.data["table"]
    primary_key = None
    if pk_columns:
        primary_key = PrimaryKey(pk_name(table_name), tuple(pk_columns))
        built.pk_origin = f"columns.{pk_columns[0]}.primary_key"
    raw_pk = entity.data.get("primary_key")
    if raw_pk is None:
        return primary_key
    if primary_key is not None:
        errors.append(
            entity.error(
                "the primary key is declared twice (at table level and with primary_key: true on a column)",
                "primary_key",
                hint="keep one of the two",
            )
        )
    cols, given = (raw_pk, None) if isinstance(raw_pk, list) else (raw_pk["columns"], raw_pk.get("name"))
    built.pk_origin = "primary_key"
    return PrimaryKey(given or pk_name(table_name), tuple(cols))


def _table_constraints(entity: Entity, parts: _Parts) -> None:
    """The ``unique``, ``foreign_keys``, ``checks`` and ``indexes`` lists of the entity, after the
    constraints written on columns."""
    data = entity.data
    table_name: str = data["table"]
    for i, raw in enumerate(data.get("unique", [])):
        cols, given = (raw, None) if isinstance(raw, list) else (raw["columns"], raw.get("name"))
        parts.add(
            "uniques", Unique(given or unique_name(table_name, tuple(cols)), tuple(cols)), f"unique.{i}"
        )
    for i, raw in enumerate(data.get("foreign_keys", [])):
        cols, ref = tuple(raw["columns"]), raw["references"]
        fk = ForeignKey(
            raw.get("name") or fk_name(table_name, cols, ref["table"]),
            cols,
            ref["table"],
            tuple(ref["columns"]),
            action(raw.get("on_delete")),
            action(raw.get("on_update")),
        )
        parts.add("foreign_keys", fk, f"foreign_keys.{i}")
    for i, raw in enumerate(data.get("checks", [])):
        expr, given = (raw, None) if isinstance(raw, str) else (raw["expression"], raw.get("name"))
        expr = expr.strip()
        parts.add("checks", Check(given or check_name(table_name, "", expr), expr), f"checks.{i}")
    for i, raw in enumerate(data.get("indexes", [])):
        index = Index(
            "",
            tuple(raw.get("columns", ())),
            bool(raw.get("unique", False)),
            tuple(e.strip() for e in raw.get("expressions", ())),
            raw["where"].strip() if raw.get("where") else None,
        )
        named = dataclasses.replace(index, name=raw.get("name") or generated_index_name(table_name, index))
        parts.add("indexes", named, f"indexes.{i}")


def _freeze(value: Any) -> Any:
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value


def parse_column_type(entity: Entity, path: str, spec: dict[str, Any], errors: list[SpecError]) -> ColumnType:
    """The column's ColumnType; on a bad type, an error and a ``native`` placeholder so checks go on."""
    text: str = spec["type"]
    values = tuple(spec.get("values", ()))
    try:
        ctype = parse_type(text, values)
    except TypeParseError as exc:
        errors.append(entity.error(str(exc), path, hint=_type_hint(text)))
        return ColumnType("native", native=text)
    if ctype.name == "enum":
        return ColumnType("enum", values=values, enum_name=spec.get("enum_name"))
    return ctype


def _type_hint(text: str) -> str:
    word = text.split("(", 1)[0].strip().lower()
    known = [*PORTABLE_TYPES, *ALIASES]
    close = difflib.get_close_matches(word, known, n=2, cutoff=0.6)
    if word == "enum":
        return "list the labels, e.g. values: [new, paid]"
    if close and word not in known:
        return f"did you mean {' or '.join(repr(c) for c in close)}?"
    return "portable types: " + ", ".join(PORTABLE_TYPES) + " (or set sql_type for an engine's own type)"
