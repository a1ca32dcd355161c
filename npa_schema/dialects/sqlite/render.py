"""Operations → SQLite SQL: native ALTER where SQLite has it, one table rebuild per table otherwise.

SQLite's ALTER TABLE can add a column (nullable, or with a constant default), rename a table or a
column; indexes are created and dropped natively. Anything else on an existing table (alter or drop
a column, any change to its keys or constraints) is a rebuild (see ``rebuild.py``), and every such
operation of a plan on one table shares ONE rebuild, carried by one Step. A table created by the
plan is created whole, with the foreign keys the plan adds to it later (SQLite does not check
references when a table is created, so FK cycles need no second step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.dialects.sqlite import SQLite
from sqlglot.generators.sqlite import SQLiteGenerator

from npa_schema import ops as o
from npa_schema.dialects.base import Step
from npa_schema.dialects.sqlbuild import Renderer
from npa_schema.dialects.sqlite import canonical
from npa_schema.dialects.sqlite.rebuild import rebuild_statements
from npa_schema.dialects.sqlite.types import column_native_type
from npa_schema.errors import PlanError
from npa_schema.model import Column, Default, Index, Schema, Table
from npa_schema.replay import RenameInExpression, Replay

#: ops on an existing table that ALTER TABLE cannot do
REBUILD_OPS = (
    o.DropColumn,
    o.AlterColumn,
    o.AddPrimaryKey,
    o.DropPrimaryKey,
    o.AddUnique,
    o.DropUnique,
    o.AddForeignKey,
    o.DropForeignKey,
    o.AddCheck,
    o.DropCheck,
)
#: ops always run natively, in plan order, even on a table that is rebuilt (SQLite's RENAME also
#: rewrites other tables' foreign keys and the CHECKs that name the column, a copy would not)
NATIVE_ALWAYS = (o.RenameTable, o.RenameColumn, o.CreateTable, o.DropTable, o.RawSQL)
_BARE_DEFAULTS = (exp.Literal, exp.Boolean, exp.Null, exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentTime)


class NpaSQLiteGenerator(SQLiteGenerator):
    """sqlglot's SQLite generator, fixed for DDL: it maps DECIMAL to REAL and VARCHAR/CHAR to TEXT
    (we want the declared text kept, it is how types round-trip), and prints an expression default
    without the parentheses SQLite requires (``DEFAULT (datetime('now'))``)."""

    TYPE_MAPPING = {
        **SQLiteGenerator.TYPE_MAPPING,
        exp.DType.DECIMAL: "DECIMAL",
        exp.DType.BOOLEAN: "BOOLEAN",
        exp.DType.SMALLINT: "SMALLINT",
        exp.DType.BIGINT: "BIGINT",
        exp.DType.CHAR: "CHAR",
        exp.DType.VARCHAR: "VARCHAR",
    }

    def _default_sql(self, expression: exp.DefaultColumnConstraint) -> str:
        value = expression.this
        bare = isinstance(value, (*_BARE_DEFAULTS, exp.Paren)) or (
            isinstance(value, exp.Neg) and isinstance(value.this, exp.Literal)
        )
        return f"DEFAULT {self.sql(value if bare else exp.Paren(this=value))}"

    TRANSFORMS = {**SQLiteGenerator.TRANSFORMS, exp.DefaultColumnConstraint: _default_sql}


class NpaSQLite(SQLite):
    Generator = NpaSQLiteGenerator


class SqliteRenderer(Renderer):
    def __init__(self, rename_in_expression: RenameInExpression) -> None:
        super().__init__(NpaSQLite(), column_native_type)
        self.rename_in_expression = rename_in_expression

    # -- building blocks --------------------------------------------------------------------------

    def data_type(self, column: Column) -> exp.DataType:
        # printed verbatim: the declared text is what introspection reads back
        return exp.DataType(this=exp.DType.USERDEFINED, kind=self.native_type(column))

    def default_expr(self, default: Default) -> exp.Expression:
        if default.kind == "number" and default.value.startswith("-"):
            return exp.Neg(this=exp.Literal.number(default.value[1:]))
        return super().default_expr(default)

    def column_def(self, column: Column, table: Table | None = None) -> exp.ColumnDef:
        if not column.identity:
            return super().column_def(column, table)
        if table is None or table.primary_key is None or table.primary_key.columns != (column.name,):
            where = f"{table.name}.{column.name}" if table else column.name
            raise PlanError(
                f"{where}: SQLite can only auto-increment the table's single-column primary key",
                hint="make it the only primary_key column, or drop identity",
            )
        constraints = [
            exp.ColumnConstraint(
                this=self.ident(table.primary_key.name), kind=exp.PrimaryKeyColumnConstraint()
            ),
            exp.ColumnConstraint(kind=exp.AutoIncrementColumnConstraint()),
            exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()),
        ]
        return exp.ColumnDef(
            this=self.ident(column.name), kind=self.data_type(column), constraints=constraints
        )

    def table_elements(self, table: Table) -> list[exp.Expression]:
        if not any(c.identity for c in table.columns):
            return super().table_elements(table)
        # the primary key is inline, with AUTOINCREMENT
        elements: list[exp.Expression] = [self.column_def(c, table) for c in table.columns]
        elements += [self.unique_constraint(u) for u in table.uniques]
        elements += [self.check_constraint(c) for c in table.checks]
        elements += [self.fk_constraint(f) for f in table.foreign_keys]
        return elements

    def index_columns(self, index: Index) -> list[exp.Expression]:
        # SQLite sorts NULLs first in ascending order and rejects an explicit NULLS LAST
        parts = [self.column_ref(c) for c in index.columns] + [self.parse_expr(e) for e in index.expressions]
        return [exp.Ordered(this=p, nulls_first=True) for p in parts]

    def create_table(self, table: Table, as_name: str | None = None) -> exp.Create:
        target = self.table_ref(as_name or table.name)
        return exp.Create(this=exp.Schema(this=target, expressions=self.table_elements(table)), kind="TABLE")

    def create_index(self, table: str, index: Index) -> exp.Expression:
        return super().render_create_index(o.CreateIndex(table, index))[0]  # type: ignore[return-value]

    def drop(self, kind: str, name: str) -> exp.Drop:
        return exp.Drop(tables=[self.table_ref(name)], kind=kind)

    # -- SQLite has no comments and no enum types -------------------------------------------------

    def render_create_table(self, op: o.CreateTable) -> list[exp.Expression | str]:
        return [self.create_table(op.table_def)]

    def render_set_table_comment(self, op: o.SetTableComment) -> list[exp.Expression | str]:
        return []

    def column_comment(self, table: str, column: str, comment: str | None) -> list[exp.Expression | str]:
        return []

    def render_create_enum(self, op: o.CreateEnum) -> list[exp.Expression | str]:
        return []

    def render_drop_enum(self, op: o.DropEnum) -> list[exp.Expression | str]:
        return []

    def render_add_enum_value(self, op: o.AddEnumValue) -> list[exp.Expression | str]:
        return []

    # -- grouping ---------------------------------------------------------------------------------

    def render(self, ops: Sequence[o.Op], current: Schema) -> list[Step]:
        grouping = _Grouping(ops)
        # the schema as the ops leave it, replayed as SQLite renames: the CHECKs and index expressions
        # that name a renamed column follow it, so a rebuild re-creates them as SQLite has them
        state = Replay(current, self.rename_in_expression)
        steps: list[Step] = []
        for i, op in enumerate(ops):
            if i not in grouping.owned:
                state.apply(op)
                steps.append(Step((op,), self._sql(getattr(self, f"render_{op.kind}")(op))))
            if i in grouping.folds:
                steps.append(self._fold(grouping.folds[i], ops, state))
        return steps

    def _fold(self, fold: _Fold, ops: Sequence[o.Op], state: Replay) -> Step:
        before = state.tables.get(fold.table)
        for i in fold.members:
            state.apply(ops[i])
        statements: list[exp.Expression | str]
        if fold.kind == "create":
            statements = [self.create_table(state.tables[fold.table])]
        elif fold.kind == "drop":
            statements = [self.drop("TABLE", fold.table)]
        else:
            assert before is not None
            statements = list(rebuild_statements(self, before, state.tables[fold.table]))
        return Step(tuple(ops[i] for i in fold.members), self._sql(statements))

    def _sql(self, statements: Sequence[exp.Expression | str]) -> tuple[str, ...]:
        return tuple(s if isinstance(s, str) else self.sql(s) for s in statements)


def needs_rebuild(op: o.Op) -> bool:
    if isinstance(op, REBUILD_OPS):
        return True
    if isinstance(op, o.AddColumn):
        column = op.column
        addable = column.nullable or (column.default is not None and canonical.is_constant(column.default))
        return column.identity or not addable
    return False


@dataclass
class _Fold:
    """Ops rendered together: a table created whole, rebuilt once, or dropped (its constraints with it)."""

    kind: str  # create | rebuild | drop
    table: str
    members: list[int] = field(default_factory=list)


class _Grouping:
    """Which ops fold into one step, and where in the plan that step goes (``folds``, by op index).

    Tables are followed through renames by their final name. A rebuild goes after the last op on
    its table, so that the renames it depends on have run natively before it; renames themselves,
    raw SQL and index ops on a table that is not rebuilt run natively in plan order."""

    def __init__(self, ops: Sequence[o.Op]) -> None:
        renamed = {op.table: op.new_name for op in ops if isinstance(op, o.RenameTable)}

        def final(name: str | None) -> str | None:
            seen = set()
            while name in renamed and name not in seen:
                seen.add(name)
                name = renamed[name]
            return name

        names = [final(op.table_name) for op in ops]
        created = {op.table_def.name: i for i, op in enumerate(ops) if isinstance(op, o.CreateTable)}
        dropped = {op.table_def.name: i for i, op in enumerate(ops) if isinstance(op, o.DropTable)}
        rebuilt = {
            n
            for op, n in zip(ops, names, strict=True)
            if n not in created and n not in dropped and needs_rebuild(op)
        }
        folds: dict[str, _Fold] = {}
        last: dict[str, int] = {}
        for i, (op, name) in enumerate(zip(ops, names, strict=True)):
            if name is None:
                continue
            last[name] = i
            if name in created and i >= created[name] and not isinstance(op, (o.CreateIndex, o.DropIndex)):
                folds.setdefault(name, _Fold("create", name)).members.append(i)
            elif name in dropped and not isinstance(op, (o.RenameTable, o.RenameColumn, o.DropTable)):
                folds.setdefault(name, _Fold("drop", name)).members.append(i)
            elif name in rebuilt and not isinstance(op, NATIVE_ALWAYS):
                folds.setdefault(name, _Fold("rebuild", name)).members.append(i)
        for name, i in dropped.items():
            folds.setdefault(name, _Fold("drop", name)).members.append(i)
        self.owned = {i for fold in folds.values() for i in fold.members}
        self.folds: dict[int, _Fold] = {}
        for name, fold in folds.items():
            anchor = {"create": created.get(name), "drop": dropped.get(name)}.get(fold.kind, last[name])
            self.folds[anchor if anchor is not None else last[name]] = fold
