"""SQLite's table rebuild: the official 12-step procedure, for everything ALTER TABLE cannot do.

https://www.sqlite.org/lang_altertable.html#otheralter: create the table as it must become under a
temporary name, copy every row, drop the old table, rename the new one into place, re-create the
indexes. The new table is created *before* the old one is dropped and renamed into its place, so
other tables' foreign keys (which name the table) keep pointing at it. It is only safe with
``PRAGMA foreign_keys=OFF`` (else DROP TABLE runs the ON DELETE actions of every child row); the
driver sets that and runs ``PRAGMA foreign_key_check`` before it commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from npa_schema.model import Table

if TYPE_CHECKING:
    from npa_schema.dialects.sqlite.render import SqliteRenderer

TEMP_PREFIX = "_npa_new_"


def rebuild_statements(renderer: SqliteRenderer, before: Table, after: Table) -> list[exp.Expression]:
    """SQL turning table ``before`` into ``after`` (same name: renames already ran natively)."""
    name = after.name
    temp = f"{TEMP_PREFIX}{name}"
    statements: list[exp.Expression] = [renderer.create_table(after, as_name=temp)]
    statements.append(_copy_rows(renderer, before, after, temp))
    statements.append(renderer.drop("TABLE", name))
    statements.append(renderer.alter(temp, exp.AlterRename(this=renderer.table_ref(name))))
    for index in sorted(after.indexes, key=lambda i: i.name):
        statements.append(renderer.create_index(name, index))
    return statements


def _copy_rows(renderer: SqliteRenderer, before: Table, after: Table, temp: str) -> exp.Insert:
    """``INSERT INTO temp (kept columns) SELECT ... FROM old``: new columns take their defaults; a
    column that becomes NOT NULL takes its new default where it was NULL."""
    old_columns = {c.name: c for c in before.columns}
    targets: list[exp.Expression] = []
    sources: list[exp.Expression] = []
    for column in after.columns:
        old = old_columns.get(column.name)
        if old is None:
            continue
        source: exp.Expression = renderer.column_ref(column.name)
        if old.nullable and not column.nullable and column.default is not None:
            source = exp.Coalesce(this=source, expressions=[renderer.default_expr(column.default)])
        targets.append(renderer.ident(column.name))
        sources.append(source)
    if not targets:  # every column is new: keep the rows (and their rowids) all the same
        targets = [exp.Identifier(this="rowid", quoted=False)]
        sources = [exp.Column(this=exp.Identifier(this="rowid", quoted=False))]
    select = exp.select(*sources).from_(renderer.table_ref(before.name))
    return exp.Insert(this=exp.Schema(this=renderer.table_ref(temp), expressions=targets), expression=select)
