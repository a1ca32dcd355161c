"""Apply operations to a model, without a database.

Offline rendering (``npa migration script``, ``--dry-run`` past the first pending migration) needs the
schema *before* each migration, and SQLite's table rebuilds need it most. Replaying the migrations on
the model gives it. Raw SQL is opaque and leaves the model unchanged (said in docs/migrations.md).
Drops known only by name work: objects are matched by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from npa_schema import ops as o
from npa_schema.errors import MigrationError
from npa_schema.model import Enum, Schema, Table


def apply_ops(schema: Schema, ops: Iterable[o.Op]) -> Schema:
    for op in ops:
        schema = apply_op(schema, op)
    return schema


def apply_op(schema: Schema, op: o.Op) -> Schema:
    handler = _SCHEMA_OPS.get(type(op))
    if handler is not None:
        return handler(schema, op)
    table_handler = _TABLE_OPS.get(type(op))
    if table_handler is None:
        return schema  # RawSQL: opaque
    name = op.table_name or ""
    table = schema.table(name)
    if table is None:
        raise MigrationError(f"{op.kind}: table '{name}' does not exist at this point of the migrations")
    return _replace_table(schema, name, table_handler(table, op))


def _replace_table(schema: Schema, name: str, table: Table) -> Schema:
    return dataclasses.replace(schema, tables=tuple(table if t.name == name else t for t in schema.tables))


# --- schema-level -----------------------------------------------------------------------------------


def _create_table(schema: Schema, op: o.CreateTable) -> Schema:
    if schema.table(op.table_def.name):
        raise MigrationError(f"create_table: table '{op.table_def.name}' already exists")
    return dataclasses.replace(schema, tables=(*schema.tables, op.table_def))


def _drop_table(schema: Schema, op: o.DropTable) -> Schema:
    name = op.table_def.name
    return dataclasses.replace(schema, tables=tuple(t for t in schema.tables if t.name != name))


def _rename_table(schema: Schema, op: o.RenameTable) -> Schema:
    tables = []
    for t in schema.tables:
        fks = tuple(
            dataclasses.replace(f, ref_table=op.new_name) if f.ref_table == op.table else f
            for f in t.foreign_keys
        )
        tables.append(
            dataclasses.replace(t, name=op.new_name if t.name == op.table else t.name, foreign_keys=fks)
        )
    return dataclasses.replace(schema, tables=tuple(tables))


def _create_enum(schema: Schema, op: o.CreateEnum) -> Schema:
    return dataclasses.replace(schema, enums=(*schema.enums, op.enum))


def _drop_enum(schema: Schema, op: o.DropEnum) -> Schema:
    return dataclasses.replace(schema, enums=tuple(e for e in schema.enums if e.name != op.enum.name))


def _add_enum_value(schema: Schema, op: o.AddEnumValue) -> Schema:
    enums = []
    for e in schema.enums:
        if e.name == op.enum:
            values = list(e.values)
            at = values.index(op.after) + 1 if op.after in values else len(values)
            values.insert(at, op.value)
            e = Enum(e.name, tuple(values))
        enums.append(e)
    return dataclasses.replace(schema, enums=tuple(enums))


def _rename_column(schema: Schema, op: o.RenameColumn) -> Schema:
    def rn(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(op.new_name if n == op.old_name else n for n in names)

    tables = []
    for t in schema.tables:
        if t.name == op.table:
            t = dataclasses.replace(
                t,
                columns=tuple(
                    dataclasses.replace(c, name=op.new_name) if c.name == op.old_name else c
                    for c in t.columns
                ),
                primary_key=dataclasses.replace(t.primary_key, columns=rn(t.primary_key.columns))
                if t.primary_key
                else None,
                indexes=tuple(dataclasses.replace(i, columns=rn(i.columns)) for i in t.indexes),
                uniques=tuple(dataclasses.replace(u, columns=rn(u.columns)) for u in t.uniques),
                foreign_keys=tuple(dataclasses.replace(f, columns=rn(f.columns)) for f in t.foreign_keys),
            )
        fks = tuple(
            dataclasses.replace(f, ref_columns=rn(f.ref_columns)) if f.ref_table == op.table else f
            for f in t.foreign_keys
        )
        tables.append(dataclasses.replace(t, foreign_keys=fks))
    return dataclasses.replace(schema, tables=tuple(tables))


# --- table-level ------------------------------------------------------------------------------------


def _without(items: tuple, name: str) -> tuple:
    return tuple(x for x in items if x.name != name)


def _add_column(t: Table, op: o.AddColumn) -> Table:
    return dataclasses.replace(t, columns=(*t.columns, op.column))


def _drop_column(t: Table, op: o.DropColumn) -> Table:
    return dataclasses.replace(t, columns=_without(t.columns, op.column.name))


def _alter_column(t: Table, op: o.AlterColumn) -> Table:
    return dataclasses.replace(t, columns=tuple(op.new if c.name == op.new.name else c for c in t.columns))


def _set_comment(t: Table, op: o.SetTableComment) -> Table:
    return dataclasses.replace(t, comment=op.new)


def _add_pk(t: Table, op: o.AddPrimaryKey) -> Table:
    return dataclasses.replace(t, primary_key=op.primary_key)


def _drop_pk(t: Table, op: o.DropPrimaryKey) -> Table:
    return dataclasses.replace(t, primary_key=None)


def _create_index(t: Table, op: o.CreateIndex) -> Table:
    return dataclasses.replace(t, indexes=(*_without(t.indexes, op.index.name), op.index))


def _drop_index(t: Table, op: o.DropIndex) -> Table:
    return dataclasses.replace(t, indexes=_without(t.indexes, op.index.name))


def _add_unique(t: Table, op: o.AddUnique) -> Table:
    return dataclasses.replace(t, uniques=(*_without(t.uniques, op.unique.name), op.unique))


def _drop_unique(t: Table, op: o.DropUnique) -> Table:
    return dataclasses.replace(t, uniques=_without(t.uniques, op.unique.name))


def _add_fk(t: Table, op: o.AddForeignKey) -> Table:
    return dataclasses.replace(
        t, foreign_keys=(*_without(t.foreign_keys, op.foreign_key.name), op.foreign_key)
    )


def _drop_fk(t: Table, op: o.DropForeignKey) -> Table:
    return dataclasses.replace(t, foreign_keys=_without(t.foreign_keys, op.foreign_key.name))


def _add_check(t: Table, op: o.AddCheck) -> Table:
    return dataclasses.replace(t, checks=(*_without(t.checks, op.check.name), op.check))


def _drop_check(t: Table, op: o.DropCheck) -> Table:
    return dataclasses.replace(t, checks=_without(t.checks, op.check.name))


_SCHEMA_OPS: dict[type, Callable] = {
    o.CreateTable: _create_table,
    o.DropTable: _drop_table,
    o.RenameTable: _rename_table,
    o.RenameColumn: _rename_column,
    o.CreateEnum: _create_enum,
    o.DropEnum: _drop_enum,
    o.AddEnumValue: _add_enum_value,
}
_TABLE_OPS: dict[type, Callable] = {
    o.AddColumn: _add_column,
    o.DropColumn: _drop_column,
    o.AlterColumn: _alter_column,
    o.SetTableComment: _set_comment,
    o.AddPrimaryKey: _add_pk,
    o.DropPrimaryKey: _drop_pk,
    o.CreateIndex: _create_index,
    o.DropIndex: _drop_index,
    o.AddUnique: _add_unique,
    o.DropUnique: _drop_unique,
    o.AddForeignKey: _add_fk,
    o.DropForeignKey: _drop_fk,
    o.AddCheck: _add_check,
    o.DropCheck: _drop_check,
}
