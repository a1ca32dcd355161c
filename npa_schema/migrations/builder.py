"""The ``op`` object a migration's ``up(op)`` / ``down(op)`` receives.

Each method builds one :mod:`npa_schema.ops` operation from arguments in the same compact form as
entity files (``"string(100)"``, ``default={"sql": "CURRENT_TIMESTAMP"}``, ``on_delete="cascade"``), so
a reviewed migration reads like the schema it changes. Nothing here knows an engine: the runner
renders the collected operations for the target dialect at run time.

Names the author does not give are generated with the model's own generators, exactly as the spec
loader generates them, so a migration and ``npa plan`` agree on every index and constraint name.
Drops take only a name: the runner resolves the full definition from the live (or simulated) schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from npa_schema import ops as o
from npa_schema.errors import MigrationError
from npa_schema.model import (
    Check,
    Column,
    Default,
    Enum,
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
from npa_schema.types import ColumnType, TypeParseError, parse_type

#: the type of a column known only by name (a drop); the runner fills in the real definition
UNKNOWN_TYPE = ColumnType("native", native="(unknown)")
NATIVE_PREFIX = "native:"


def column_type(text: str, values: Sequence[str] = (), enum_name: str | None = None) -> ColumnType:
    """``"string(100)"`` → ColumnType; ``"native:citext"`` for an engine type with no portable name."""
    if text.startswith(NATIVE_PREFIX):
        return ColumnType("native", native=text[len(NATIVE_PREFIX) :])
    try:
        parsed = parse_type(text, tuple(values))
    except TypeParseError as exc:
        raise MigrationError(f"bad column type '{text}': {exc}") from exc
    if enum_name and parsed.name == "enum":
        return ColumnType("enum", values=parsed.values, enum_name=enum_name)
    return parsed


def default_value(value: Any) -> Default | None:
    """The entity-file spelling of a default: a literal, or ``{"sql": "..."}`` for an expression."""
    if value is None or isinstance(value, Default):
        return value
    if isinstance(value, Mapping):
        if set(value) != {"sql"}:
            raise MigrationError(f"a default mapping must be {{'sql': '...'}}, not {dict(value)!r}")
        return Default.sql(str(value["sql"]))
    return Default.literal(value)


@dataclass(frozen=True)
class _Named:
    """A constraint given before its table is known (inside ``create_table``); named on attach."""

    kind: str
    columns: tuple[str, ...] = ()
    name: str | None = None
    expression: str = ""
    ref_table: str = ""
    ref_columns: tuple[str, ...] = ()
    on_delete: str = "no action"
    on_update: str = "no action"


class Operations:
    """Collects the operations of one direction of one migration, in order.

    ``dialect`` is the target engine's name (``sqlite``, ``postgres``, ``mysql``, ``mssql``) so that a
    migration may branch for hand-written SQL: ``if op.dialect == "postgres": op.sql(...)``.
    """

    def __init__(self, dialect: str | None = None) -> None:
        self.dialect = dialect
        self.ops: list[o.Op] = []

    def _add(self, op: o.Op) -> o.Op:
        self.ops.append(op)
        return op

    # -- building blocks (no operation of their own) --------------------------------------------------

    @staticmethod
    def column(
        name: str,
        type: str,
        *,
        nullable: bool = False,
        default: Any = None,
        identity: bool = False,
        comment: str | None = None,
        sql_type: Mapping[str, str] | None = None,
        values: Sequence[str] = (),
        enum_name: str | None = None,
    ) -> Column:
        return Column(
            name=name,
            type=column_type(type, values, enum_name),
            nullable=nullable,
            default=default_value(default),
            identity=identity,
            comment=comment,
            sql_types=tuple((sql_type or {}).items()),
        )

    @staticmethod
    def unique(columns: Sequence[str], name: str | None = None) -> _Named:
        return _Named("unique", tuple(columns), name)

    @staticmethod
    def check(expression: str, name: str | None = None) -> _Named:
        return _Named("check", name=name, expression=expression)

    @staticmethod
    def foreign_key(
        columns: Sequence[str],
        ref_table: str,
        ref_columns: Sequence[str],
        *,
        on_delete: str = "no action",
        on_update: str = "no action",
        name: str | None = None,
    ) -> _Named:
        return _Named(
            "foreign_key",
            tuple(columns),
            name,
            ref_table=ref_table,
            ref_columns=tuple(ref_columns),
            on_delete=on_delete,
            on_update=on_update,
        )

    # -- tables ---------------------------------------------------------------------------------------

    def create_table(
        self,
        name: str,
        *columns: Column,
        primary_key: Sequence[str] | None = None,
        primary_key_name: str | None = None,
        uniques: Iterable[Sequence[str] | _Named] = (),
        checks: Iterable[str | _Named] = (),
        foreign_keys: Iterable[_Named] = (),
        comment: str | None = None,
    ) -> o.Op:
        """Creates the table with its keys and constraints; indexes are ``create_index`` calls."""
        if not columns:
            raise MigrationError(f"create_table('{name}') needs at least one column")
        pk = PrimaryKey(primary_key_name or pk_name(name), tuple(primary_key)) if primary_key else None
        table = Table(
            name=name,
            columns=tuple(columns),
            primary_key=pk,
            uniques=tuple(_unique(name, u) for u in uniques),
            checks=tuple(_check(name, c) for c in checks),
            foreign_keys=tuple(_foreign_key(name, f) for f in foreign_keys),
            comment=comment,
        )
        return self._add(o.CreateTable(table))

    def drop_table(self, name: str) -> o.Op:
        return self._add(o.DropTable(Table(name, ())))

    def rename_table(self, old: str, new: str) -> o.Op:
        return self._add(o.RenameTable(old, new))

    def set_table_comment(self, table: str, comment: str | None, *, old: str | None = None) -> o.Op:
        return self._add(o.SetTableComment(table, old, comment))

    # -- columns --------------------------------------------------------------------------------------

    def add_column(self, table: str, name: str, type: str, **options: Any) -> o.Op:
        return self._add(o.AddColumn(table, self.column(name, type, **options)))

    def drop_column(self, table: str, name: str) -> o.Op:
        return self._add(o.DropColumn(table, Column(name, UNKNOWN_TYPE, nullable=True)))

    def rename_column(self, table: str, old: str, new: str) -> o.Op:
        return self._add(o.RenameColumn(table, old, new))

    def alter_column(self, table: str, *, old: Column, new: Column) -> o.Op:
        """Both sides in full (``op.column(...)``), so the change is explicit in review and reversible."""
        if old.name != new.name:
            raise MigrationError(
                f"alter_column('{table}'): old is '{old.name}' but new is '{new.name}'",
                hint="rename with op.rename_column first",
            )
        return self._add(o.AlterColumn(table, old, new))

    # -- keys, indexes, constraints -------------------------------------------------------------------

    def add_primary_key(self, table: str, columns: Sequence[str], name: str | None = None) -> o.Op:
        return self._add(o.AddPrimaryKey(table, PrimaryKey(name or pk_name(table), tuple(columns))))

    def drop_primary_key(self, table: str, name: str | None = None) -> o.Op:
        return self._add(o.DropPrimaryKey(table, PrimaryKey(name or pk_name(table), ())))

    def create_index(
        self,
        table: str,
        columns: Sequence[str] = (),
        *,
        name: str | None = None,
        unique: bool = False,
        where: str | None = None,
        expressions: Sequence[str] = (),
    ) -> o.Op:
        cols = tuple(columns)
        if not cols and not expressions:
            raise MigrationError(f"create_index('{table}') needs columns or expressions")
        extra = " ".join([*(where or "").split(), *expressions]) if (where or expressions) else ""
        index = Index(
            name or index_name(table, cols, unique, extra=extra),
            cols,
            unique,
            tuple(expressions),
            where,
        )
        return self._add(o.CreateIndex(table, index))

    def drop_index(self, table: str, name: str) -> o.Op:
        return self._add(o.DropIndex(table, Index(name)))

    def add_unique(self, table: str, columns: Sequence[str], name: str | None = None) -> o.Op:
        return self._add(o.AddUnique(table, _unique(table, _Named("unique", tuple(columns), name))))

    def drop_unique(self, table: str, name: str) -> o.Op:
        return self._add(o.DropUnique(table, Unique(name, ())))

    def add_foreign_key(
        self,
        table: str,
        columns: Sequence[str],
        ref_table: str,
        ref_columns: Sequence[str],
        *,
        on_delete: str = "no action",
        on_update: str = "no action",
        name: str | None = None,
    ) -> o.Op:
        spec = self.foreign_key(
            columns, ref_table, ref_columns, on_delete=on_delete, on_update=on_update, name=name
        )
        return self._add(o.AddForeignKey(table, _foreign_key(table, spec)))

    def drop_foreign_key(self, table: str, name: str) -> o.Op:
        return self._add(o.DropForeignKey(table, ForeignKey(name, (), "", ())))

    def add_check(self, table: str, expression: str, name: str | None = None) -> o.Op:
        return self._add(o.AddCheck(table, _check(table, _Named("check", name=name, expression=expression))))

    def drop_check(self, table: str, name: str) -> o.Op:
        return self._add(o.DropCheck(table, Check(name, "")))

    # -- engine enum types (PostgreSQL) ------------------------------------------------------------------

    def create_enum(self, name: str, values: Sequence[str]) -> o.Op:
        return self._add(o.CreateEnum(Enum(name, tuple(values))))

    def drop_enum(self, name: str) -> o.Op:
        return self._add(o.DropEnum(Enum(name, ())))

    def add_enum_value(self, enum: str, value: str, *, after: str | None = None) -> o.Op:
        return self._add(o.AddEnumValue(enum, value, after))

    # -- raw SQL --------------------------------------------------------------------------------------

    def sql(self, sql: str, *, reverse: str | None = None, note: str | None = None) -> o.Op:
        """Hand-written SQL, run as given (one statement per call)."""
        return self._add(o.RawSQL(sql, reverse, note))


def _unique(table: str, spec: Sequence[str] | _Named) -> Unique:
    if isinstance(spec, _Named):
        return Unique(spec.name or unique_name(table, spec.columns), spec.columns)
    columns = tuple(spec)
    return Unique(unique_name(table, columns), columns)


def _check(table: str, spec: str | _Named) -> Check:
    if isinstance(spec, str):
        return Check(check_name(table, "", spec), spec)
    return Check(spec.name or check_name(table, "", spec.expression), spec.expression)


def _foreign_key(table: str, spec: _Named) -> ForeignKey:
    if spec.kind != "foreign_key":
        raise MigrationError(f"{table}: foreign_keys takes op.foreign_key(...), not {spec.kind}")
    return ForeignKey(
        spec.name or fk_name(table, spec.columns, spec.ref_table),
        spec.columns,
        spec.ref_table,
        spec.ref_columns,
        spec.on_delete,
        spec.on_update,
    )


def is_placeholder(op: o.Op) -> bool:
    """A drop known only by name (written by hand or by the generator), to resolve before rendering."""
    if isinstance(op, o.DropTable):
        return not op.table_def.columns
    if isinstance(op, o.DropColumn):
        return op.column.type == UNKNOWN_TYPE
    if isinstance(op, o.DropIndex):
        return not op.index.columns and not op.index.expressions
    if isinstance(op, o.DropUnique):
        return not op.unique.columns
    if isinstance(op, o.DropForeignKey):
        return not op.foreign_key.columns
    if isinstance(op, o.DropCheck):
        return not op.check.expression
    if isinstance(op, o.DropPrimaryKey):
        return not op.primary_key.columns
    return False
