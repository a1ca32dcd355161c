"""The engine-neutral schema model: frozen dataclasses, so models compare, hash and sort.

Both sides of every diff are a ``Schema``: the desired one (from entity files, normalised by the
target dialect) and the current one (introspected, or the migrations snapshot). Expressions that
engines rewrite (checks, partial-index predicates, expression indexes) are identified by name and do
not take part in equality; generated names carry a hash of the expression so that an edit shows up.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types as _pytypes
import typing
from dataclasses import dataclass, field
from typing import Any, Union

from npa_schema.types import ColumnType

MAX_IDENTIFIER = 63  # PostgreSQL's limit, the smallest of our engines apart from Oracle's history


@dataclass(frozen=True)
class Default:
    """A column default: a literal (``kind`` string, number, bool) or an SQL expression (``kind`` sql)."""

    kind: str
    value: str

    @staticmethod
    def literal(value: object) -> Default:
        if isinstance(value, bool):
            return Default("bool", "true" if value else "false")
        if isinstance(value, (int, float)):
            return Default("number", canonical_number(value))
        return Default("string", str(value))

    @staticmethod
    def sql(expression: str) -> Default:
        return Default("sql", expression.strip())

    def python_value(self) -> object:
        if self.kind == "bool":
            return self.value == "true"
        if self.kind == "number":
            return float(self.value) if "." in self.value or "e" in self.value else int(self.value)
        if self.kind == "string":
            return self.value
        return {"sql": self.value}


def canonical_number(value: object) -> str:
    """One spelling per number, so 0, 0.0 and '0.00' compare equal."""
    text = str(value).strip()
    try:
        as_float = float(text)
    except ValueError:
        return text
    if as_float.is_integer() and "e" not in text.lower():
        return str(int(as_float))
    return repr(as_float)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    nullable: bool = False
    default: Default | None = None
    identity: bool = False
    comment: str | None = None
    #: per-dialect native type overrides ((dialect, native), ...); ``Dialect.normalize`` resolves them
    sql_types: tuple[tuple[str, str], ...] = ()
    renamed_from: str | None = field(default=None, compare=False)

    def sql_type_for(self, dialect: str) -> str | None:
        return dict(self.sql_types).get(dialect)


@dataclass(frozen=True)
class PrimaryKey:
    """Identified by its columns: engines name keys their own way (MySQL ``PRIMARY``, SQLite none), and
    a renamed table keeps its key's old name."""

    name: str = field(compare=False)
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...] = ()
    unique: bool = False
    expressions: tuple[str, ...] = field(default=(), compare=False)
    where: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Unique:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: str = "no action"
    on_update: str = "no action"


@dataclass(frozen=True)
class Check:
    name: str
    expression: str = field(compare=False)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: PrimaryKey | None = None
    indexes: tuple[Index, ...] = ()
    uniques: tuple[Unique, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    checks: tuple[Check, ...] = ()
    comment: str | None = None
    renamed_from: str | None = field(default=None, compare=False)
    seed: tuple[tuple[tuple[str, Any], ...], ...] = field(default=(), compare=False)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _named_collections() -> tuple[str, ...]:
    """The Table fields that hold named objects whose order carries no meaning (columns keep theirs)."""
    hints = typing.get_type_hints(Table)
    out = []
    for f in dataclasses.fields(Table):
        args = typing.get_args(hints[f.name])
        item = args[0] if typing.get_origin(hints[f.name]) is tuple and args else None
        named = dataclasses.is_dataclass(item) and "name" in {x.name for x in dataclasses.fields(item)}
        if named and f.name != "columns":
            out.append(f.name)
    return tuple(out)


#: ``indexes``, ``uniques``, ``foreign_keys``, ``checks``...: derived from Table's fields, so a new kind
#: of table object is sorted, fingerprinted and checked for name length without a list to update
TABLE_COLLECTIONS: tuple[str, ...] = _named_collections()


@dataclass(frozen=True)
class Enum:
    """An engine-level enum type (PostgreSQL). Columns refer to it through ``ColumnType.enum_name``."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    tables: tuple[Table, ...] = ()
    enums: tuple[Enum, ...] = ()

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    def enum(self, name: str) -> Enum | None:
        return next((e for e in self.enums if e.name == name), None)

    def sorted(self) -> Schema:
        """The same schema with every collection in name order, so output and fingerprints are stable."""
        tables = tuple(_sorted_collections(t) for t in sorted(self.tables, key=lambda t: t.name))
        return Schema(tables, tuple(sorted(self.enums, key=lambda e: e.name)))

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON form: a saved plan is refused when this changed."""
        text = json.dumps(to_dict(self.sorted()), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _sorted_collections(table: Table) -> Table:
    by_name: dict[str, Any] = {
        c: tuple(sorted(getattr(table, c), key=lambda x: x.name)) for c in TABLE_COLLECTIONS
    }
    return dataclasses.replace(table, **by_name)


# --- names -----------------------------------------------------------------------------------------


def short_hash(*parts: str, length: int = 8) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:length]


def fit_identifier(name: str, limit: int = MAX_IDENTIFIER) -> str:
    """Shorten a generated name deterministically when it is longer than every engine accepts."""
    if len(name) <= limit:
        return name
    return f"{name[: limit - 9]}_{short_hash(name)}"


def pk_name(table: str) -> str:
    return fit_identifier(f"pk_{table}")


def index_name(table: str, columns: tuple[str, ...], unique: bool = False, extra: str = "") -> str:
    prefix = "ux" if unique else "ix"
    base = f"{prefix}_{table}_{'_'.join(columns)}" if columns else f"{prefix}_{table}"
    return fit_identifier(f"{base}_{short_hash(extra)}" if extra else base)


def unique_name(table: str, columns: tuple[str, ...]) -> str:
    return fit_identifier(f"uq_{table}_{'_'.join(columns)}")


def fk_name(table: str, columns: tuple[str, ...], ref_table: str) -> str:
    return fit_identifier(f"fk_{table}_{'_'.join(columns)}_{ref_table}")


def check_name(table: str, label: str, expression: str) -> str:
    """``label`` is the column for a column-level check, empty for a table-level one."""
    middle = f"{label}_" if label else ""
    return fit_identifier(f"ck_{table}_{middle}{short_hash(expression)}")


# --- JSON form (saved plans, migration snapshots) ----------------------------------------------------


def to_dict(obj: Any) -> Any:
    """Dataclasses → plain JSON-able dicts; tuples → lists. Inverse of :func:`from_dict`."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [to_dict(v) for v in obj]
    return obj


def from_dict(cls: Any, data: Any) -> Any:
    """Rebuild a (nested) dataclass from :func:`to_dict` output, guided by the type hints."""
    if data is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (Union, _pytypes.UnionType):
        options = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_dict(options[0], data) if len(options) == 1 else data
    if origin is tuple:
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_dict(args[0], v) for v in data)
        return tuple(_freeze(v) for v in data)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        return cls(**{k: from_dict(hints[k], v) for k, v in data.items() if k in hints})
    return data


def _freeze(value: Any) -> Any:
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value
