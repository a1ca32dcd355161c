"""Replay operations on a model: the schema as it is after them, without a database.

Three things need the schema as operations leave it, and all three use this one module: the differ
(the current schema after the plan's renames, so every later operation names tables and columns by
their new names), migrations (the schema before each migration, offline: ``npa migration script``,
``--dry-run``, a lost snapshot rebuilt) and SQLite's table rebuild (the whole table as it will be
after every operation of the plan on it).

Renames are replayed the way engines perform them: other tables' foreign keys follow a renamed table
or column, and a renamed column is renamed inside CHECK expressions, partial-index predicates and
index expressions. That last part needs an SQL parser, which this layer does not import: the caller
passes the dialect's :meth:`Dialect.rename_in_expression <npa_schema.dialects.base.Dialect.rename_in_expression>`.

Raw SQL is opaque and leaves the model unchanged (said in docs/migrations.md). Objects are matched by
name, so a drop known only by its name works. An operation on a table that does not exist at that
point, or a table created twice, is a :class:`~npa_schema.errors.ReplayError`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from npa_schema import ops as o
from npa_schema.errors import ReplayError
from npa_schema.model import Enum, Schema, Table

#: ``(expression text, old column name, new column name) -> expression text``
RenameInExpression = Callable[[str, str, str], str]


def apply_ops(schema: Schema, ops: Iterable[o.Op], rename_in_expression: RenameInExpression) -> Schema:
    """``schema`` after ``ops``, in order."""
    replay = Replay(schema, rename_in_expression)
    for op in ops:
        replay.apply(op)
    return replay.schema()


def apply_op(schema: Schema, op: o.Op, rename_in_expression: RenameInExpression) -> Schema:
    return apply_ops(schema, (op,), rename_in_expression)


class Replay:
    """A schema being replayed, kept by name so that each operation costs what it touches (a plan
    of a thousand tables replays in linear time). ``schema()`` gives the frozen model back, tables in
    their original order, new ones last."""

    def __init__(self, schema: Schema, rename_in_expression: RenameInExpression) -> None:
        self.tables: dict[str, Table] = {t.name: t for t in schema.tables}
        self.enums: dict[str, Enum] = {e.name: e for e in schema.enums}
        self.rename_in_expression = rename_in_expression

    def schema(self) -> Schema:
        return Schema(tuple(self.tables.values()), tuple(self.enums.values()))

    def apply(self, op: o.Op) -> None:
        handler = _SCHEMA_OPS.get(type(op))
        if handler is not None:
            handler(self, op)
            return
        if isinstance(op, o.RawSQL):
            return  # opaque
        table_handler = _TABLE_OPS[type(op)]  # a new kind of operation must be taught here
        name = op.table_name or ""
        table = self.tables.get(name)
        if table is None:
            raise ReplayError(f"{op.kind}: table '{name}' does not exist at this point of the migrations")
        self.tables[name] = table_handler(table, op)

    # -- schema-level -----------------------------------------------------------------------------

    def _create_table(self, op: o.CreateTable) -> None:
        if op.table_def.name in self.tables:
            raise ReplayError(f"create_table: table '{op.table_def.name}' already exists")
        self.tables[op.table_def.name] = op.table_def

    def _drop_table(self, op: o.DropTable) -> None:
        self.tables.pop(op.table_def.name, None)

    def _rename_table(self, op: o.RenameTable) -> None:
        if op.table not in self.tables:
            return
        self.tables = {
            (op.new_name if name == op.table else name): _references_renamed_table(table, op)
            for name, table in self.tables.items()
        }

    def _rename_column(self, op: o.RenameColumn) -> None:
        if op.table not in self.tables:
            return
        self.tables[op.table] = _column_renamed(self.tables[op.table], op, self.rename_in_expression)
        for name, table in self.tables.items():
            if any(f.ref_table == op.table for f in table.foreign_keys):
                self.tables[name] = _references_renamed_column(table, op)

    def _create_enum(self, op: o.CreateEnum) -> None:
        self.enums[op.enum.name] = op.enum

    def _drop_enum(self, op: o.DropEnum) -> None:
        self.enums.pop(op.enum.name, None)

    def _add_enum_value(self, op: o.AddEnumValue) -> None:
        enum = self.enums.get(op.enum)
        if enum is None:
            return
        values = list(enum.values)
        at = values.index(op.after) + 1 if op.after in values else len(values)
        values.insert(at, op.value)
        self.enums[op.enum] = Enum(enum.name, tuple(values))


# --- renames ------------------------------------------------------------------------------------------


def _references_renamed_table(table: Table, op: o.RenameTable) -> Table:
    name = op.new_name if table.name == op.table else table.name
    if name == table.name and not any(f.ref_table == op.table for f in table.foreign_keys):
        return table
    fks = tuple(
        dataclasses.replace(f, ref_table=op.new_name) if f.ref_table == op.table else f
        for f in table.foreign_keys
    )
    return dataclasses.replace(table, name=name, foreign_keys=fks)


def _renamer(op: o.RenameColumn) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    def rename(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(op.new_name if n == op.old_name else n for n in names)

    return rename


def _column_renamed(table: Table, op: o.RenameColumn, in_expression: RenameInExpression) -> Table:
    """The table's own column, keys, indexes and checks, with the column renamed everywhere."""
    old, new = op.old_name, op.new_name
    rn = _renamer(op)
    pk = table.primary_key
    return dataclasses.replace(
        table,
        columns=tuple(dataclasses.replace(c, name=new) if c.name == old else c for c in table.columns),
        primary_key=dataclasses.replace(pk, columns=rn(pk.columns)) if pk else None,
        indexes=tuple(
            dataclasses.replace(
                i,
                columns=rn(i.columns),
                expressions=tuple(in_expression(e, old, new) for e in i.expressions),
                where=in_expression(i.where, old, new) if i.where else None,
            )
            for i in table.indexes
        ),
        uniques=tuple(dataclasses.replace(u, columns=rn(u.columns)) for u in table.uniques),
        foreign_keys=tuple(dataclasses.replace(f, columns=rn(f.columns)) for f in table.foreign_keys),
        checks=tuple(
            dataclasses.replace(c, expression=in_expression(c.expression, old, new)) for c in table.checks
        ),
    )


def _references_renamed_column(table: Table, op: o.RenameColumn) -> Table:
    rn = _renamer(op)
    fks = tuple(
        dataclasses.replace(f, ref_columns=rn(f.ref_columns)) if f.ref_table == op.table else f
        for f in table.foreign_keys
    )
    return dataclasses.replace(table, foreign_keys=fks)


# --- table-level --------------------------------------------------------------------------------------


def _without(items: tuple, name: str) -> tuple:
    return tuple(x for x in items if x.name != name)


def _add_column(t: Table, op: o.AddColumn) -> Table:
    return dataclasses.replace(t, columns=(*t.columns, op.column))


def _drop_column(t: Table, op: o.DropColumn) -> Table:
    return dataclasses.replace(t, columns=_without(t.columns, op.column.name))


def _alter_column(t: Table, op: o.AlterColumn) -> Table:
    return dataclasses.replace(t, columns=tuple(op.new if c.name == op.old.name else c for c in t.columns))


def _set_comment(t: Table, op: o.SetTableComment) -> Table:
    return dataclasses.replace(t, comment=op.new)


def _set_primary_key(add: bool) -> Callable[[Table, Any], Table]:
    def handler(t: Table, op: o.AddPrimaryKey | o.DropPrimaryKey) -> Table:
        return dataclasses.replace(t, primary_key=op.primary_key if add else None)

    return handler


def _collection(attr: str, field: str, add: bool) -> Callable[[Table, Any], Table]:
    """Add (replacing one of the same name) or drop, by name, the object ``op.<field>`` in ``t.<attr>``."""

    def handler(t: Table, op: o.Op) -> Table:
        item = getattr(op, field)
        kept = _without(getattr(t, attr), item.name)
        changes: dict[str, Any] = {attr: (*kept, item) if add else kept}
        return dataclasses.replace(t, **changes)

    return handler


_SCHEMA_OPS: dict[type, Callable[[Replay, Any], None]] = {
    o.CreateTable: Replay._create_table,
    o.DropTable: Replay._drop_table,
    o.RenameTable: Replay._rename_table,
    o.RenameColumn: Replay._rename_column,
    o.CreateEnum: Replay._create_enum,
    o.DropEnum: Replay._drop_enum,
    o.AddEnumValue: Replay._add_enum_value,
}
_TABLE_OPS: dict[type, Callable[[Table, Any], Table]] = {
    o.AddColumn: _add_column,
    o.DropColumn: _drop_column,
    o.AlterColumn: _alter_column,
    o.SetTableComment: _set_comment,
    o.AddPrimaryKey: _set_primary_key(True),
    o.DropPrimaryKey: _set_primary_key(False),
    o.CreateIndex: _collection("indexes", "index", True),
    o.DropIndex: _collection("indexes", "index", False),
    o.AddUnique: _collection("uniques", "unique", True),
    o.DropUnique: _collection("uniques", "unique", False),
    o.AddForeignKey: _collection("foreign_keys", "foreign_key", True),
    o.DropForeignKey: _collection("foreign_keys", "foreign_key", False),
    o.AddCheck: _collection("checks", "check", True),
    o.DropCheck: _collection("checks", "check", False),
}
