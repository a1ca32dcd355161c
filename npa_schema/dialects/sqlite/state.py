"""The schema after an operation: what a rebuild must create.

A SQLite rebuild writes the whole table as it will be after every operation of the plan on it, so
the renderer replays the plan on the current model. Renames are replayed the way SQLite's own
``ALTER TABLE ... RENAME`` behaves: foreign keys in other tables and expressions that name the
column follow the new name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

import sqlglot
from sqlglot import exp

from npa_schema import ops as o
from npa_schema.dialects.sqlite import canonical
from npa_schema.model import Table

Tables = dict[str, Table]


def apply_op(tables: Tables, op: o.Op) -> None:
    """Replay ``op`` on ``tables`` (name → Table) in place. Unknown ops (raw SQL) change nothing."""
    handler = _HANDLERS.get(type(op))
    if handler is not None:
        handler(tables, op)


def _update(tables: Tables, name: str, **changes) -> None:
    tables[name] = dataclasses.replace(tables[name], **changes)


def _without(items: Iterable, name: str) -> tuple:
    return tuple(i for i in items if i.name != name)


def _create_table(tables: Tables, op: o.CreateTable) -> None:
    tables[op.table_def.name] = op.table_def


def _drop_table(tables: Tables, op: o.DropTable) -> None:
    tables.pop(op.table_def.name, None)


def _rename_table(tables: Tables, op: o.RenameTable) -> None:
    table = tables.pop(op.table)
    tables[op.new_name] = dataclasses.replace(table, name=op.new_name)
    for name, other in list(tables.items()):
        fks = tuple(
            dataclasses.replace(f, ref_table=op.new_name) if f.ref_table == op.table else f
            for f in other.foreign_keys
        )
        tables[name] = dataclasses.replace(other, foreign_keys=fks)


def _rename_column(tables: Tables, op: o.RenameColumn) -> None:
    old, new = op.old_name, op.new_name

    def rn(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if n == old else n for n in names)

    table = tables[op.table]
    pk = table.primary_key
    tables[op.table] = dataclasses.replace(
        table,
        columns=tuple(dataclasses.replace(c, name=new) if c.name == old else c for c in table.columns),
        primary_key=dataclasses.replace(pk, columns=rn(pk.columns)) if pk else None,
        indexes=tuple(
            dataclasses.replace(
                i,
                columns=rn(i.columns),
                expressions=tuple(rename_in_expression(e, old, new) for e in i.expressions),
                where=rename_in_expression(i.where, old, new) if i.where else None,
            )
            for i in table.indexes
        ),
        uniques=tuple(dataclasses.replace(u, columns=rn(u.columns)) for u in table.uniques),
        checks=tuple(
            dataclasses.replace(c, expression=rename_in_expression(c.expression, old, new))
            for c in table.checks
        ),
        foreign_keys=tuple(dataclasses.replace(f, columns=rn(f.columns)) for f in table.foreign_keys),
    )
    for name, other in list(tables.items()):
        fks = tuple(
            dataclasses.replace(f, ref_columns=rn(f.ref_columns)) if f.ref_table == op.table else f
            for f in other.foreign_keys
        )
        tables[name] = dataclasses.replace(other, foreign_keys=fks)


def rename_in_expression(text: str, old: str, new: str) -> str:
    """``text`` with column ``old`` renamed to ``new`` (SQLite does this to CHECKs on RENAME COLUMN)."""
    try:
        tree = canonical.parse(text)
    except sqlglot.errors.SqlglotError:
        return text

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.name.lower() == old.lower():
            return exp.Column(this=exp.Identifier(this=new, quoted=True), table=node.args.get("table"))
        return node

    return tree.transform(swap).sql(canonical.SQLGLOT)


def _add_column(tables: Tables, op: o.AddColumn) -> None:
    _update(tables, op.table, columns=(*tables[op.table].columns, op.column))


def _drop_column(tables: Tables, op: o.DropColumn) -> None:
    _update(tables, op.table, columns=_without(tables[op.table].columns, op.column.name))


def _alter_column(tables: Tables, op: o.AlterColumn) -> None:
    columns = tuple(op.new if c.name == op.old.name else c for c in tables[op.table].columns)
    _update(tables, op.table, columns=columns)


def _collection(attr: str, field_name: str, add: bool) -> Callable[[Tables, o.Op], None]:
    def handler(tables: Tables, op: o.Op) -> None:
        item = getattr(op, field_name)
        kept = _without(getattr(tables[op.table], attr), item.name)  # type: ignore[attr-defined]
        _update(tables, op.table, **{attr: (*kept, item) if add else kept})  # type: ignore[attr-defined]

    return handler


def _set_pk(add: bool) -> Callable[[Tables, o.Op], None]:
    def handler(tables: Tables, op: o.Op) -> None:
        _update(tables, op.table, primary_key=op.primary_key if add else None)  # type: ignore[attr-defined]

    return handler


_HANDLERS: dict[type, Callable] = {
    o.CreateTable: _create_table,
    o.DropTable: _drop_table,
    o.RenameTable: _rename_table,
    o.RenameColumn: _rename_column,
    o.AddColumn: _add_column,
    o.DropColumn: _drop_column,
    o.AlterColumn: _alter_column,
    o.AddPrimaryKey: _set_pk(True),
    o.DropPrimaryKey: _set_pk(False),
    o.CreateIndex: _collection("indexes", "index", True),
    o.DropIndex: _collection("indexes", "index", False),
    o.AddUnique: _collection("uniques", "unique", True),
    o.DropUnique: _collection("uniques", "unique", False),
    o.AddForeignKey: _collection("foreign_keys", "foreign_key", True),
    o.DropForeignKey: _collection("foreign_keys", "foreign_key", False),
    o.AddCheck: _collection("checks", "check", True),
    o.DropCheck: _collection("checks", "check", False),
}
