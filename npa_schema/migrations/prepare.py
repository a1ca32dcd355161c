"""A migration's portable operations → the target dialect's canonical operations, before rendering.

Migrations are written against the *un-normalised* portable model (the snapshot), so the same file
runs on every engine. Renderers, however, are written for models that ``Dialect.normalize`` has
already shaped (SQLite: an enum is text plus a CHECK; PostgreSQL: an enum is a ``CREATE TYPE`` the
column refers to; MySQL: the primary key is called ``PRIMARY``). The declarative workflow gets there
by normalising the whole desired schema and diffing; a migration gets there one operation at a time:

* **creates, adds, alters**: the objects an operation carries are put in a *fragment* schema before
  and after the operation, both fragments are normalised by the dialect, and the core differ turns
  the pair back into operations. A single portable ``AddColumn`` of an enum therefore becomes, on
  PostgreSQL, ``CreateEnum`` + ``AddColumn``; on SQLite, ``AddColumn`` + ``AddCheck``; and an
  ``AlterColumn`` that only changes a comment becomes nothing on SQLite, which has no comments.
* **drops** are resolved by name from the schema as it is at that point (introspected at run time,
  or replayed offline), so they carry exactly what the engine has, as a declarative plan would.
* **renames, raw SQL and explicit enum operations** pass through unchanged.

If a dialect's ``normalize`` cannot handle a fragment (it expects a whole table), the operation is
rendered as written: renderers accept portable models, they only lose the dialect's extras.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar

from npa_schema import ops as o
from npa_schema.dialects.base import Dialect
from npa_schema.differ import diff
from npa_schema.errors import MigrationError
from npa_schema.migrations.builder import is_placeholder
from npa_schema.model import Check, ForeignKey, Index, Schema, Table, Unique
from npa_schema.replay import apply_op, apply_ops

_Named = TypeVar("_Named", Index, Unique, ForeignKey, Check)

_PASS_THROUGH = (o.RawSQL, o.RenameTable, o.RenameColumn, o.CreateEnum, o.DropEnum, o.AddEnumValue)


def prepare_ops(ops: Sequence[o.Op], dialect: Dialect, current: Schema) -> list[o.Op]:
    """``ops`` as the dialect's renderer expects them; ``current`` is the (normalised) schema before."""
    out: list[o.Op] = []
    state = current
    for op in ops:
        for canonical in _canonical(op, dialect, state):
            if _redundant(canonical, state):
                continue
            out.append(canonical)
            before = state
            try:
                state = apply_op(state, canonical, dialect.rename_in_expression)
            except MigrationError:
                continue  # the schema is not what the migration expects; the engine will say so
            for enum in _orphaned_enums(canonical, before, state):
                out.append(o.DropEnum(enum))
                state = apply_op(state, out[-1], dialect.rename_in_expression)
    return out


def _orphaned_enums(op: o.Op, before: Schema, after: Schema) -> list:
    """Engine enum types a drop left unused (the declarative differ drops them too)."""
    if not isinstance(op, (o.DropTable, o.DropColumn)):
        return []
    gone = op.table_def.columns if isinstance(op, o.DropTable) else (op.column,)
    used = {c.type.enum_name for t in after.tables for c in t.columns}
    names = {c.type.enum_name for c in gone if c.type.enum_name} - used
    return [e for e in after.enums if e.name in names]


def _canonical(op: o.Op, dialect: Dialect, state: Schema) -> list[o.Op]:
    if isinstance(op, _PASS_THROUGH):
        return [op]
    resolved = _resolve_drop(op, state)
    if resolved is not None:
        return [resolved]
    if is_placeholder(op):
        return [op]
    fragments = _fragments(op)
    if fragments is None:
        return [op]
    before, after = fragments
    try:
        result = diff(
            dialect.normalize(after),
            dialect.normalize(before),
            strict_renames=False,
            rename_in_expression=dialect.rename_in_expression,
        ).ops
    except Exception:  # a normalizer that needs whole tables: render the op as written (see above)
        return [op]
    return [_with_current_old(r, state) for r in result]


def _fragments(op: o.Op) -> tuple[Schema, Schema] | None:
    """(before, after) holding only what ``op`` touches."""

    def one(table: Table) -> Schema:
        return Schema((table,))

    if isinstance(op, o.CreateTable):
        return Schema(), one(op.table_def)
    if isinstance(op, o.DropTable):
        return one(op.table_def), Schema()
    t = op.table_name or ""
    bare = Table(t, ())
    if isinstance(op, o.AddColumn):
        return one(bare), one(Table(t, (op.column,)))
    if isinstance(op, o.DropColumn):
        return one(Table(t, (op.column,))), one(bare)
    if isinstance(op, o.AlterColumn):
        return one(Table(t, (op.old,))), one(Table(t, (op.new,)))
    if isinstance(op, o.SetTableComment):
        return one(Table(t, (), comment=op.old)), one(Table(t, (), comment=op.new))
    field, value = _constraint(op)
    if field is None:
        return None
    with_it = one(dataclasses.replace(bare, **{field: value}))
    return (with_it, one(bare)) if op.symbol == "-" else (one(bare), with_it)


def _constraint(op: o.Op) -> tuple[str | None, Any]:
    if isinstance(op, (o.AddPrimaryKey, o.DropPrimaryKey)):
        return "primary_key", op.primary_key
    if isinstance(op, (o.CreateIndex, o.DropIndex)):
        return "indexes", (op.index,)
    if isinstance(op, (o.AddUnique, o.DropUnique)):
        return "uniques", (op.unique,)
    if isinstance(op, (o.AddForeignKey, o.DropForeignKey)):
        return "foreign_keys", (op.foreign_key,)
    if isinstance(op, (o.AddCheck, o.DropCheck)):
        return "checks", (op.check,)
    return None, None


def _resolve_drop(op: o.Op, state: Schema) -> o.Op | None:
    """A drop carrying exactly what the schema has under that name, or None if it is not there."""
    if isinstance(op, o.DropTable):
        table = state.table(op.table_def.name)
        return o.DropTable(table) if table else None
    table = state.table(op.table_name or "")
    if table is None:
        return None

    def named(items: tuple[_Named, ...], name: str) -> _Named | None:
        return next((x for x in items if x.name == name), None)

    if isinstance(op, o.DropColumn):
        column = table.column(op.column.name)
        return o.DropColumn(table.name, column) if column else None
    if isinstance(op, o.DropPrimaryKey):
        return o.DropPrimaryKey(table.name, table.primary_key) if table.primary_key else None
    if isinstance(op, o.DropIndex):
        index = named(table.indexes, op.index.name)
        return o.DropIndex(table.name, index) if index else None
    if isinstance(op, o.DropUnique):
        unique = named(table.uniques, op.unique.name)
        return o.DropUnique(table.name, unique) if unique else None
    if isinstance(op, o.DropForeignKey):
        foreign_key = named(table.foreign_keys, op.foreign_key.name)
        return o.DropForeignKey(table.name, foreign_key) if foreign_key else None
    if isinstance(op, o.DropCheck):
        check = named(table.checks, op.check.name)
        return o.DropCheck(table.name, check) if check else None
    return None


def _with_current_old(op: o.Op, state: Schema) -> o.Op:
    """An AlterColumn's ``old`` is what the engine has now, when known."""
    if isinstance(op, o.AlterColumn):
        table = state.table(op.table)
        current = table.column(op.old.name) if table else None
        if current is not None:
            return o.AlterColumn(op.table, current, op.new)
    return op


def _redundant(op: o.Op, state: Schema) -> bool:
    """Enum bookkeeping a fragment cannot see: a type another table already created or still uses."""
    if isinstance(op, o.CreateEnum):
        return state.enum(op.enum.name) is not None
    if isinstance(op, o.AddEnumValue):
        enum = state.enum(op.enum)
        return enum is not None and op.value in enum.values
    if isinstance(op, o.DropEnum):
        used = any(c.type.enum_name == op.enum.name for t in state.tables for c in t.columns)
        return used or state.enum(op.enum.name) is None
    if isinstance(op, o.AlterColumn):
        return op.old == op.new
    return False


def render_ops(dialect: Dialect, ops: Sequence[o.Op], current: Schema) -> tuple[list[str], list[str]]:
    """(statements inside the transaction, statements after it) for prepared ``ops``.

    Hand-written SQL keeps its place: the operations between two ``op.sql`` calls are rendered as
    one group against the schema as it is at that point, so a renderer that merges the operations on
    a table (SQLite's rebuild) never moves them across the author's SQL.
    """
    inside: list[str] = []
    after: list[str] = []
    group: list[o.Op] = []
    state = current

    def flush() -> None:
        nonlocal state
        if not group:
            return
        for step in dialect.render(group, state):
            (inside if step.in_transaction else after).extend(step.sql)
        with contextlib.suppress(MigrationError):  # not simulable: render the rest against the last state
            state = apply_ops(state, group, dialect.rename_in_expression)
        group.clear()

    for op in ops:
        if isinstance(op, o.RawSQL):
            flush()
            if op.sql.strip():
                inside.append(op.sql)
        else:
            group.append(op)
    flush()
    return inside, after
