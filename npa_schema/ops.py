"""Operations: the canonical plan. One frozen dataclass per kind, each knowing its inverse.

The differ produces these, dialects render them, the executor runs the rendered SQL, and the
migration builder (``op.add_column`` ...) constructs them by hand. ``reverse()`` is how ``down``
steps are generated; an operation whose inverse cannot restore data says so through ``lossy``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from npa_schema.model import (
    Check,
    Column,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Table,
    Unique,
    from_dict,
    to_dict,
)
from npa_schema.types import is_narrowing


@dataclass(frozen=True)
class Op:
    #: '+' create, '~' change, '-' destroy (Terraform's symbols; '-/+' is a drop paired with a create)
    symbol: ClassVar[str] = "~"

    @property
    def table_name(self) -> str | None:
        return getattr(self, "table", None)

    @property
    def destructive(self) -> bool:
        """Loses data or breaks writers: refused without ``--allow-destructive``."""
        return False

    @property
    def lossy(self) -> bool:
        """Its reverse cannot bring the data back (dropped rows or columns)."""
        return self.destructive

    def reverse(self) -> Op:
        raise NotImplementedError(f"{type(self).__name__} has no inverse")

    @property
    def kind(self) -> str:
        return _snake(type(self).__name__)

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.kind, **to_dict(self)}


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


# --- tables -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateTable(Op):
    """Creates the table with its columns, primary key, uniques, checks and the foreign keys that are
    not part of a cycle; indexes and cyclic foreign keys follow as their own operations."""

    table_def: Table
    symbol: ClassVar[str] = "+"

    @property
    def table_name(self) -> str:
        return self.table_def.name

    def reverse(self) -> Op:
        return DropTable(self.table_def)


@dataclass(frozen=True)
class DropTable(Op):
    table_def: Table
    symbol: ClassVar[str] = "-"

    @property
    def table_name(self) -> str:
        return self.table_def.name

    @property
    def destructive(self) -> bool:
        return True

    def reverse(self) -> Op:
        return CreateTable(self.table_def)


@dataclass(frozen=True)
class RenameTable(Op):
    table: str  # old name
    new_name: str

    def reverse(self) -> Op:
        return RenameTable(self.new_name, self.table)


@dataclass(frozen=True)
class SetTableComment(Op):
    table: str
    old: str | None
    new: str | None

    def reverse(self) -> Op:
        return SetTableComment(self.table, self.new, self.old)


# --- columns ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddColumn(Op):
    table: str
    column: Column
    symbol: ClassVar[str] = "+"

    @property
    def destructive(self) -> bool:
        # Adding NOT NULL without a default fails on a table with rows, but loses nothing.
        return False

    def reverse(self) -> Op:
        return DropColumn(self.table, self.column)


@dataclass(frozen=True)
class DropColumn(Op):
    table: str
    column: Column
    symbol: ClassVar[str] = "-"

    @property
    def destructive(self) -> bool:
        return True

    def reverse(self) -> Op:
        return AddColumn(self.table, self.column)


@dataclass(frozen=True)
class RenameColumn(Op):
    table: str
    old_name: str
    new_name: str

    def reverse(self) -> Op:
        return RenameColumn(self.table, self.new_name, self.old_name)


#: what an AlterColumn can change: every Column field that takes part in equality, but the name (a
#: rename is RenameColumn). Derived, so a new column attribute is never left out of ``changes``.
COLUMN_ATTRIBUTES: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Column) if f.compare and f.name != "name"
)


@dataclass(frozen=True)
class AlterColumn(Op):
    """Changes any of :data:`COLUMN_ATTRIBUTES`; ``old`` and ``new`` are whole columns."""

    table: str
    old: Column
    new: Column

    @property
    def changes(self) -> tuple[str, ...]:
        return tuple(f for f in COLUMN_ATTRIBUTES if getattr(self.old, f) != getattr(self.new, f))

    @property
    def destructive(self) -> bool:
        if "type" in self.changes and is_narrowing(self.old.type, self.new.type):
            return True
        dropped_needed_default = self.old.default is not None and self.new.default is None
        return dropped_needed_default and not self.new.nullable

    @property
    def lossy(self) -> bool:
        return "type" in self.changes and is_narrowing(self.old.type, self.new.type)

    def reverse(self) -> Op:
        return AlterColumn(self.table, self.new, self.old)


# --- keys, indexes, constraints ---------------------------------------------------------------------


@dataclass(frozen=True)
class AddPrimaryKey(Op):
    table: str
    primary_key: PrimaryKey
    symbol: ClassVar[str] = "+"

    def reverse(self) -> Op:
        return DropPrimaryKey(self.table, self.primary_key)


@dataclass(frozen=True)
class DropPrimaryKey(Op):
    table: str
    primary_key: PrimaryKey
    symbol: ClassVar[str] = "-"

    def reverse(self) -> Op:
        return AddPrimaryKey(self.table, self.primary_key)


@dataclass(frozen=True)
class CreateIndex(Op):
    table: str
    index: Index
    symbol: ClassVar[str] = "+"

    def reverse(self) -> Op:
        return DropIndex(self.table, self.index)


@dataclass(frozen=True)
class DropIndex(Op):
    table: str
    index: Index
    symbol: ClassVar[str] = "-"

    def reverse(self) -> Op:
        return CreateIndex(self.table, self.index)


@dataclass(frozen=True)
class AddUnique(Op):
    table: str
    unique: Unique
    symbol: ClassVar[str] = "+"

    def reverse(self) -> Op:
        return DropUnique(self.table, self.unique)


@dataclass(frozen=True)
class DropUnique(Op):
    table: str
    unique: Unique
    symbol: ClassVar[str] = "-"

    def reverse(self) -> Op:
        return AddUnique(self.table, self.unique)


@dataclass(frozen=True)
class AddForeignKey(Op):
    table: str
    foreign_key: ForeignKey
    symbol: ClassVar[str] = "+"

    def reverse(self) -> Op:
        return DropForeignKey(self.table, self.foreign_key)


@dataclass(frozen=True)
class DropForeignKey(Op):
    table: str
    foreign_key: ForeignKey
    symbol: ClassVar[str] = "-"

    def reverse(self) -> Op:
        return AddForeignKey(self.table, self.foreign_key)


@dataclass(frozen=True)
class AddCheck(Op):
    table: str
    check: Check
    symbol: ClassVar[str] = "+"

    def reverse(self) -> Op:
        return DropCheck(self.table, self.check)


@dataclass(frozen=True)
class DropCheck(Op):
    table: str
    check: Check
    symbol: ClassVar[str] = "-"

    def reverse(self) -> Op:
        return AddCheck(self.table, self.check)


# --- enums (PostgreSQL) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateEnum(Op):
    enum: Enum
    symbol: ClassVar[str] = "+"

    def reverse(self) -> Op:
        return DropEnum(self.enum)


@dataclass(frozen=True)
class DropEnum(Op):
    enum: Enum
    symbol: ClassVar[str] = "-"

    def reverse(self) -> Op:
        return CreateEnum(self.enum)


@dataclass(frozen=True)
class AddEnumValue(Op):
    """Appends a label. Engines cannot remove one, so the reverse is a no-op that says so."""

    enum: str
    value: str
    after: str | None = None

    @property
    def lossy(self) -> bool:
        return True

    def reverse(self) -> Op:
        return RawSQL(sql="", reverse_sql="", note=f"enum {self.enum}: value '{self.value}' is not removed")


# --- raw SQL (migrations) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RawSQL(Op):
    """Hand-written SQL from a migration (``op.sql``); its reverse is whatever the author gave."""

    sql: str
    reverse_sql: str | None = None
    note: str | None = None

    @property
    def lossy(self) -> bool:
        return self.reverse_sql is None

    def reverse(self) -> Op:
        return RawSQL(self.reverse_sql or "", self.sql, self.note)


#: every operation kind, in the order defined above: derived, so a new kind is never left out of
#: saved plans (``op_from_dict``) and the tests that walk every kind
ALL_OPS: tuple[type[Op], ...] = tuple(c for c in Op.__subclasses__() if c.__module__ == __name__)
OPS_BY_KIND: dict[str, type[Op]] = {_snake(c.__name__): c for c in ALL_OPS}


def op_from_dict(data: dict[str, Any]) -> Op:
    data = dict(data)
    cls = OPS_BY_KIND[data.pop("op")]
    return from_dict(cls, data)


def replace(op: Op, **changes: Any) -> Op:
    return dataclasses.replace(op, **changes)
