"""Desired Model × current Model → ordered operations.

Both models must already be in the target dialect's canonical form (``Dialect.normalize`` on the
desired side, ``Dialect.introspect`` on the current side), so comparison here is plain equality and
this module knows no engine. Renames come only from ``renamed_from``; nothing is guessed, but a drop
paired with a same-typed add is reported as a hint.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from npa_schema import ops as o
from npa_schema.errors import PlanError
from npa_schema.model import Column, ForeignKey, Schema, Table
from npa_schema.replay import RenameInExpression, apply_ops


@dataclass
class Diff:
    ops: list[o.Op] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)


@dataclass
class _Phases:
    # renames come first: every later op names tables and columns by their new names
    renames: list[o.Op] = field(default_factory=list)
    drop_fks: list[o.Op] = field(default_factory=list)
    drop_constraints: list[o.Op] = field(default_factory=list)
    enums: list[o.Op] = field(default_factory=list)
    create_tables: list[o.Op] = field(default_factory=list)
    columns: list[o.Op] = field(default_factory=list)
    drops: list[o.Op] = field(default_factory=list)
    add_constraints: list[o.Op] = field(default_factory=list)
    # an index that goes away while its columns stay is dropped after its replacement is built: a
    # foreign key is never left without an index (MySQL requires one), and queries keep one meanwhile
    late_index_drops: list[o.Op] = field(default_factory=list)
    add_fks: list[o.Op] = field(default_factory=list)
    comments: list[o.Op] = field(default_factory=list)
    drop_enums: list[o.Op] = field(default_factory=list)

    def ordered(self) -> list[o.Op]:
        # not dataclasses.astuple: it would turn the (dataclass) ops themselves into tuples
        return [op for f in dataclasses.fields(self) for op in getattr(self, f.name)]


def diff(
    desired: Schema,
    current: Schema,
    strict_renames: bool = True,
    *,
    rename_in_expression: RenameInExpression,
) -> Diff:
    """Operations that turn ``current`` into ``desired``.

    ``strict_renames``: a ``renamed_from`` naming something that exists under neither name is an
    error (off only when planning against an empty database offline, where renames are moot).
    ``rename_in_expression`` is the target dialect's (``Dialect.rename_in_expression``): after a
    column rename, the checks and indexes of ``current`` name the column as the engine will.
    """
    result = Diff()
    phases = _Phases()
    current = _after_renames(desired, current, phases, strict_renames, rename_in_expression)
    _diff_enums(desired, current, phases)

    desired_names = {t.name for t in desired.tables}
    current_by_name = {t.name: t for t in current.tables}
    new_tables = [t for t in desired.tables if t.name not in current_by_name]
    native_enums = frozenset(e.name for e in desired.enums)
    for table in desired.tables:
        if table.name in current_by_name:
            _diff_table(table, current_by_name[table.name], phases, result, native_enums)
    _create_tables(new_tables, phases)
    dropped = [t for t in current.tables if t.name not in desired_names]
    _drop_tables(dropped, desired_names, phases)
    result.ops = phases.ordered()
    return result


# --- renames ----------------------------------------------------------------------------------------


def _after_renames(
    desired: Schema, current: Schema, phases: _Phases, strict: bool, rename_in_expression: RenameInExpression
) -> Schema:
    """Emit the RenameTable and RenameColumn ops ``renamed_from`` asks for, and return ``current`` as
    it will be after them (replayed: foreign keys, checks and indexes follow the new names)."""
    table_renames = _table_renames(desired, current, strict and bool(current.tables))
    if table_renames:
        current = apply_ops(current, table_renames, rename_in_expression)
    column_renames = _column_renames(desired, current, strict)
    if column_renames:
        current = apply_ops(current, column_renames, rename_in_expression)
    phases.renames += [*table_renames, *column_renames]
    return current


def _table_renames(desired: Schema, current: Schema, strict: bool) -> list[o.Op]:
    existing = {t.name for t in current.tables}
    renames: list[o.Op] = []
    for table in desired.tables:
        old = table.renamed_from
        if not old or table.name in existing:
            continue
        if old in existing:
            renames.append(o.RenameTable(old, table.name))
        elif strict:
            raise PlanError(
                f"table '{table.name}' says renamed_from: {old}, but neither '{old}' nor '{table.name}' exists",
                hint="check the old name, or remove renamed_from once the rename has been applied everywhere",
            )
    return renames


def _column_renames(desired: Schema, current: Schema, strict: bool) -> list[o.Op]:
    """``current`` already has the tables' new names."""
    current_by_name = {t.name: t for t in current.tables}
    renames: list[o.Op] = []
    for table in desired.tables:
        existing = current_by_name.get(table.name)
        if existing is None:
            continue
        names = set(existing.column_names)
        for column in table.columns:
            old = column.renamed_from
            if not old or column.name in names:
                continue
            if old in names:
                renames.append(o.RenameColumn(table.name, old, column.name))
            elif strict:
                raise PlanError(
                    f"column '{table.name}.{column.name}' says renamed_from: {old}, "
                    f"but neither '{old}' nor '{column.name}' exists in table '{table.name}'",
                    hint="check the old name, or remove renamed_from once the rename has been applied everywhere",
                )
    return renames


# --- enums ------------------------------------------------------------------------------------------


def _diff_enums(desired: Schema, current: Schema, phases: _Phases) -> None:
    current_enums = {e.name: e for e in current.enums}
    desired_names = {e.name for e in desired.enums}
    for enum in desired.enums:
        old = current_enums.get(enum.name)
        if old is None:
            phases.enums.append(o.CreateEnum(enum))
            continue
        if old.values == enum.values:
            continue
        if list(enum.values[: len(old.values)]) != list(old.values) and not set(old.values) <= set(
            enum.values
        ):
            raise PlanError(
                f"enum '{enum.name}': values can only be added, not removed ({', '.join(sorted(set(old.values) - set(enum.values)))})",
                hint="migrate the rows off the old value and replace the type in a data migration",
            )
        previous = None
        for value in enum.values:
            if value not in old.values:
                phases.enums.append(o.AddEnumValue(enum.name, value, previous))
            previous = value
    for enum in current.enums:
        if enum.name not in desired_names:
            phases.drop_enums.append(o.DropEnum(enum))


# --- one table --------------------------------------------------------------------------------------


def _diff_table(
    desired: Table, current: Table, phases: _Phases, result: Diff, native_enums: frozenset[str]
) -> None:
    name = desired.name
    cur_cols = {c.name: c for c in current.columns}
    want_cols = {c.name for c in desired.columns}
    added: list[Column] = []
    for column in desired.columns:
        old = cur_cols.get(column.name)
        if old is None:
            added.append(column)
            phases.columns.append(o.AddColumn(name, column))
        elif old != column and not _enum_values_only(old, column, native_enums):
            phases.columns.append(o.AlterColumn(name, old, column))
    removed = [c for c in current.columns if c.name not in want_cols]
    for column in removed:
        phases.drops.append(o.DropColumn(name, column))
    _rename_hints(name, added, removed, result)

    if desired.primary_key != current.primary_key:
        if current.primary_key:
            phases.drop_constraints.append(o.DropPrimaryKey(name, current.primary_key))
        if desired.primary_key:
            phases.columns.append(o.AddPrimaryKey(name, desired.primary_key))

    kept = {i.name for i in desired.indexes}
    early: list[o.Op] = []
    _diff_named(
        desired.indexes,
        current.indexes,
        early,
        phases.add_constraints,
        lambda i: o.DropIndex(name, i),
        lambda i: o.CreateIndex(name, i),
    )
    for op in early:
        index = op.index  # type: ignore[attr-defined]
        # a same-named replacement must go first; so must an index over a column this plan drops
        late = index.name not in kept and all(c in want_cols for c in index.columns) and not index.expressions
        (phases.late_index_drops if late else phases.drop_constraints).append(op)
    _diff_named(
        desired.uniques,
        current.uniques,
        phases.drop_constraints,
        phases.add_constraints,
        lambda u: o.DropUnique(name, u),
        lambda u: o.AddUnique(name, u),
    )
    _diff_named(
        desired.checks,
        current.checks,
        phases.drop_constraints,
        phases.add_constraints,
        lambda c: o.DropCheck(name, c),
        lambda c: o.AddCheck(name, c),
    )
    _diff_named(
        desired.foreign_keys,
        current.foreign_keys,
        phases.drop_fks,
        phases.add_fks,
        lambda f: o.DropForeignKey(name, f),
        lambda f: o.AddForeignKey(name, f),
    )
    if desired.comment != current.comment:
        phases.comments.append(o.SetTableComment(name, current.comment, desired.comment))


def _enum_values_only(old: Column, new: Column, native_enums: frozenset[str]) -> bool:
    """The column's only change is the labels of an engine-level enum type: the enum's own operations
    (AddEnumValue) carry it, and the column itself does not change."""
    same_but_type = dataclasses.replace(old, type=new.type) == new
    named = old.type.enum_name is not None and old.type.enum_name == new.type.enum_name
    return (
        same_but_type
        and named
        and new.type.enum_name in native_enums
        and old.type.name == new.type.name == "enum"
    )


def _diff_named(desired, current, drops: list[o.Op], adds: list[o.Op], drop_op, add_op) -> None:
    """Objects matched by name; a changed one is dropped and re-created (shown as ``-/+``)."""
    current_by_name = {x.name: x for x in current}
    desired_by_name = {x.name: x for x in desired}
    for name in sorted(current_by_name):
        old = current_by_name[name]
        if desired_by_name.get(name) != old:
            drops.append(drop_op(old))
    for name in sorted(desired_by_name):
        new = desired_by_name[name]
        if current_by_name.get(name) != new:
            adds.append(add_op(new))


def _rename_hints(table: str, added: list[Column], removed: list[Column], result: Diff) -> None:
    for gone in removed:
        for new in added:
            if new.type == gone.type:
                result.hints.append(
                    f"{table}: '{gone.name}' is dropped and '{new.name}' added with the same type; "
                    f"if this is a rename, add renamed_from: {gone.name} to '{new.name}' to keep the data"
                )


# --- creating and dropping tables in dependency order -------------------------------------------------


def _create_tables(tables: list[Table], phases: _Phases) -> None:
    order, cyclic = dependency_order(tables)
    by_name = {t.name: t for t in tables}
    for name in order:
        table = by_name[name]
        inline = tuple(f for f in table.foreign_keys if (name, f.name) not in cyclic)
        phases.create_tables.append(
            o.CreateTable(dataclasses.replace(table, foreign_keys=inline, indexes=()))
        )
        for index in sorted(table.indexes, key=lambda i: i.name):
            phases.add_constraints.append(o.CreateIndex(name, index))
        for fk in sorted(table.foreign_keys, key=lambda f: f.name):
            if (name, fk.name) in cyclic:
                phases.add_fks.append(o.AddForeignKey(name, fk))


def _drop_tables(tables: list[Table], kept: set[str], phases: _Phases) -> None:
    order, cyclic = dependency_order(tables)
    by_name = {t.name: t for t in tables}
    for name in order:
        for fk in by_name[name].foreign_keys:
            if (name, fk.name) in cyclic:
                phases.drop_fks.append(o.DropForeignKey(name, fk))
    for name in reversed(order):
        phases.drops.append(o.DropTable(by_name[name]))


def dependency_order(tables: list[Table]) -> tuple[list[str], set[tuple[str, str]]]:
    """Table names so that each comes after the tables it references (among ``tables``), name order
    otherwise; plus the (table, fk) pairs that had to be cut to break cycles. Also orders seed rows."""
    names = {t.name for t in tables}
    deps: dict[str, list[ForeignKey]] = {
        t.name: [f for f in t.foreign_keys if f.ref_table in names and f.ref_table != t.name] for t in tables
    }
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    cyclic: set[tuple[str, str]] = set()

    def visit(name: str) -> None:
        state[name] = 1
        for fk in sorted(deps[name], key=lambda f: f.name):
            mark = state.get(fk.ref_table)
            if mark == 1:
                cyclic.add((name, fk.name))
            elif mark is None:
                visit(fk.ref_table)
        state[name] = 2
        order.append(name)

    for name in sorted(names):
        if name not in state:
            visit(name)
    return order, cyclic
