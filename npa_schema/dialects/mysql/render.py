"""Operations → MySQL/MariaDB DDL, on top of the generic renderer.

What differs from the generic SQL: comments are inline (``COMMENT '...'`` on columns,
``COMMENT = '...'`` on tables; there is no ``COMMENT ON``), a column change is ``MODIFY COLUMN`` with
the whole definition restated, identity is ``AUTO_INCREMENT``, the primary key has no name of its
own, indexes and unique keys drop with ``DROP INDEX name ON table``, foreign keys with ``DROP FOREIGN
KEY`` (plus the index the engine made for them), checks with ``DROP CONSTRAINT`` (MariaDB) or
``DROP CHECK`` (MySQL). There are no partial indexes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.dialects.mysql import MySQL

from npa_schema import ops as o
from npa_schema.dialects.base import Step
from npa_schema.dialects.mysql.defaults import CURRENT_TIMESTAMP
from npa_schema.dialects.mysql.driver import ServerInfo
from npa_schema.dialects.sqlbuild import Renderer
from npa_schema.errors import PlanError
from npa_schema.model import Column, Default, ForeignKey, Index, PrimaryKey, Schema, Table

Statements = list[exp.Expression | str]

# sqlglot 30 binds ``MySQL.Generator`` as a plain class attribute, which mypy does not accept as a base
# class; for the type checker, name the class it is bound to (the same object at run time).
if TYPE_CHECKING:
    from sqlglot.generators.mysql import MySQLGenerator
else:
    MySQLGenerator = MySQL.Generator


class NpaMySQL(MySQL):
    """sqlglot's MySQL dialect with the DDL it prints wrongly for us fixed."""

    class Generator(MySQLGenerator):
        def generatedasidentitycolumnconstraint_sql(self, expression: exp.Expression) -> str:
            # sqlglot prints the standard GENERATED ... AS IDENTITY, which MySQL rejects
            return "AUTO_INCREMENT"


class MysqlRenderer(Renderer):
    def __init__(self, native_type: Callable[[Column], str], server: ServerInfo | None) -> None:
        super().__init__(NpaMySQL(), native_type)
        #: None when rendering offline; then the forms both engines accept are chosen
        self.server = server
        self.current = Schema()
        # AUTO_INCREMENT columns waiting for the key they need: table -> column -> (op, column, how)
        self.awaiting_key: dict[str, dict[str, tuple[o.Op, Column, str]]] = {}
        self.pk_dropped: set[str] = set()

    def render(self, ops: Sequence[o.Op], current: Schema) -> list[Step]:
        self.current, self.awaiting_key, self.pk_dropped = current, {}, set()
        self.replaced_in_place = _replaced_in_place(ops)
        steps = super().render(ops, current)
        for table, waiting in self.awaiting_key.items():
            for op, column, how in waiting.values():
                # no primary key came; another key (a unique) may serve, else the engine says why
                action = (
                    self.column_def(column)
                    if how == "add"
                    else exp.ModifyColumn(this=self.column_def(column))
                )
                steps.append(Step((op,), (self.sql(self.alter(table, action)),)))
        return self.around_key_type_changes(steps, ops, current)

    def around_key_type_changes(self, steps: list[Step], ops: Sequence[o.Op], current: Schema) -> list[Step]:
        """MySQL refuses to change the type of a column a foreign key uses (error 1833), on either side
        of the key. Such keys are dropped before the first of those changes and added back after the
        last, unchanged; the index under each key stays."""
        typed = {
            (op.table, name)
            for op in ops
            if isinstance(op, o.AlterColumn) and "type" in op.changes
            for name in (op.old.name, op.new.name)
        }
        if not typed:
            return steps
        handled = {(op.table, op.foreign_key.name) for op in ops if isinstance(op, o.DropForeignKey)}
        keys = [
            (table.name, fk)
            for table in current.tables
            for fk in table.foreign_keys
            if (table.name, fk.name) not in handled
            and (
                any((table.name, c) in typed for c in fk.columns)
                or any((fk.ref_table, c) in typed for c in fk.ref_columns)
            )
        ]
        if not keys:
            return steps
        touched = [
            i
            for i, step in enumerate(steps)
            if any(isinstance(op, o.AlterColumn) and (op.table, op.new.name) in typed for op in step.ops)
        ]
        first, last = touched[0], touched[-1]
        drops = tuple(
            self.sql(self.alter(t, self.drop("FOREIGN KEY", self.table_ref(fk.name)))) for t, fk in keys
        )
        adds = tuple(
            sql if isinstance(sql, str) else self.sql(sql)
            for t, fk in keys
            for sql in self.render_add_foreign_key(o.AddForeignKey(t, fk))
        )
        return [
            *steps[:first],
            Step(steps[first].ops, drops),
            *steps[first : last + 1],
            Step(steps[last].ops, adds),
            *steps[last + 1 :],
        ]

    def has_key(self, table_name: str, column: str) -> bool:
        """Whether ``column`` leads a key of the table as it is before this plan's new keys."""
        table = self.current.table(table_name)
        if table is None:
            return False
        leading = [i.columns[:1] for i in table.indexes] + [u.columns[:1] for u in table.uniques]
        if table.primary_key and table_name not in self.pk_dropped:
            leading.append(table.primary_key.columns[:1])
        return (column,) in leading

    def await_key(self, table: str, op: o.Op, column: Column, how: str) -> None:
        self.awaiting_key.setdefault(table, {})[column.name] = (op, column, how)

    # -- building blocks --------------------------------------------------------------------------

    def default_expr(self, default: Default) -> exp.Expression:
        if default.kind != "sql" or default.value == CURRENT_TIMESTAMP:
            return super().default_expr(default)
        # MySQL 8 needs parentheses around expression defaults; MariaDB accepts them
        return exp.Paren(this=self.parse_expr(default.value))

    def column_constraints(self, column: Column) -> list[exp.ColumnConstraint]:
        kinds: list[exp.Expression] = [exp.NotNullColumnConstraint(allow_null=column.nullable)]
        if column.default is not None and not column.identity:
            kinds.append(exp.DefaultColumnConstraint(this=self.default_expr(column.default)))
        if column.identity:
            kinds.append(exp.AutoIncrementColumnConstraint())
        if column.comment:
            kinds.append(exp.CommentColumnConstraint(this=exp.Literal.string(column.comment)))
        return [exp.ColumnConstraint(kind=k) for k in kinds]

    def pk_constraint(self, pk: PrimaryKey) -> exp.Expression:  # type: ignore[override]
        # the engine names every primary key PRIMARY and ignores any other name
        return exp.PrimaryKey(expressions=self.names(pk.columns))

    def index_columns(self, index: Index) -> list[exp.Expression]:
        # plain key parts: sqlglot's Ordered would emulate NULL ordering with CASE expressions
        parts: list[exp.Expression] = [self.column_ref(c) for c in index.columns]
        parts += [exp.Paren(this=self.parse_expr(e)) for e in index.expressions]
        return parts

    def drop(self, kind: str, target: exp.Expression, **args: object) -> exp.Drop:
        return exp.Drop(tables=[target], kind=kind, **args)

    def drop_index_on(self, table: str, name: str) -> exp.Drop:
        return self.drop("INDEX", self.table_ref(name), cluster=exp.OnProperty(this=self.table_ref(table)))

    def comment_property(self, comment: str | None) -> exp.SchemaCommentProperty:
        return exp.SchemaCommentProperty(this=exp.Literal.string(comment or ""))

    # -- tables -----------------------------------------------------------------------------------

    def render_create_table(self, op: o.CreateTable) -> Statements:
        table = op.table_def
        properties = (
            exp.Properties(expressions=[self.comment_property(table.comment)]) if table.comment else None
        )
        create = exp.Create(
            this=exp.Schema(this=self.table_ref(table.name), expressions=self.table_elements(table)),
            kind="TABLE",
            properties=properties,
        )
        return [create]

    def render_drop_table(self, op: o.DropTable) -> Statements:
        return [self.drop("TABLE", self.table_ref(op.table_def.name))]

    def render_rename_table(self, op: o.RenameTable) -> Statements:
        return [self.alter(op.table, exp.AlterRename(this=self.table_ref(op.new_name)))]

    def render_set_table_comment(self, op: o.SetTableComment) -> Statements:
        alter = exp.Alter(
            this=self.table_ref(op.table), kind="TABLE", options=[self.comment_property(op.new)]
        )
        return [alter]

    # -- columns ----------------------------------------------------------------------------------

    def render_add_column(self, op: o.AddColumn) -> Statements:
        if op.column.identity and not self.has_key(op.table, op.column.name):
            self.await_key(op.table, op, op.column, "add")  # added together with its primary key
            return []
        return [self.alter(op.table, self.column_def(op.column))]

    def render_drop_column(self, op: o.DropColumn) -> Statements:
        return [self.alter(op.table, self.drop("COLUMN", self.column_ref(op.column.name)))]

    def render_alter_column(self, op: o.AlterColumn) -> Statements:
        # this op decides, not DropPrimaryKey; which may already have done all there was to do
        stripped = self.awaiting_key.get(op.table, {}).pop(op.new.name, None)
        already_done = stripped is not None and isinstance(stripped[0], o.DropPrimaryKey)
        if already_done and op.changes == ("identity",) and not op.new.identity:
            return []
        if op.new.identity and not self.has_key(op.table, op.new.name):
            # AUTO_INCREMENT needs a key: change the rest now, add AUTO_INCREMENT after the key
            self.await_key(op.table, op, op.new, "modify")
            if op.changes == ("identity",):
                return []
            return [self.modify(op.table, dataclasses.replace(op.new, identity=False))]
        return [self.modify(op.table, op.new)]

    def modify(self, table: str, column: Column) -> exp.Alter:
        return self.alter(table, exp.ModifyColumn(this=self.column_def(column)))

    # -- keys and indexes -------------------------------------------------------------------------

    def render_add_primary_key(self, op: o.AddPrimaryKey) -> Statements:
        add_key = exp.AddConstraint(expressions=[self.pk_constraint(op.primary_key)])
        waiting = self.awaiting_key.get(op.table, {})
        lead = op.primary_key.columns[0]
        pending = waiting.pop(lead, None)
        if pending is None:
            return [self.alter(op.table, add_key)]
        _op, column, how = pending
        if how == "add":
            # one statement, so existing rows are numbered by AUTO_INCREMENT before the key checks them
            return [self.alter(op.table, self.column_def(column), add_key)]
        return [self.alter(op.table, add_key), self.modify(op.table, column)]

    def render_drop_primary_key(self, op: o.DropPrimaryKey) -> Statements:
        out: Statements = []
        table = self.current.table(op.table)
        # an AUTO_INCREMENT column must stay a key: take the property off before the key goes, and
        # give it back once a new key leads with the column (an AlterColumn may override that)
        for name in op.primary_key.columns:
            column = table.column(name) if table else None
            if column is not None and column.identity:
                plain = dataclasses.replace(column, identity=False)
                out.append(self.modify(op.table, plain))
                self.await_key(op.table, op, column, "modify")
        self.pk_dropped.add(op.table)
        out.append(self.alter(op.table, exp.DropPrimaryKey()))
        return out

    def render_create_index(self, op: o.CreateIndex) -> Statements:
        if op.index.where:
            raise PlanError(
                f"index '{op.index.name}' on '{op.table}' is partial (where: {op.index.where}); "
                "MySQL and MariaDB have no partial indexes",
                hint="drop 'where' from the index",
            )
        if (op.table, op.index.name) in self.replaced_in_place:
            # one ALTER drops and re-adds it: a foreign key that needs the index is never without one
            columns = [c.this for c in self.index_columns(op.index)]
            name = self.ident(op.index.name)
            body = (
                exp.UniqueColumnConstraint(this=exp.Schema(this=name, expressions=columns))
                if op.index.unique
                else exp.IndexColumnConstraint(this=name, expressions=columns)
            )
            drop = self.drop("INDEX", self.table_ref(op.index.name))
            return [self.alter(op.table, drop, exp.AddConstraint(expressions=[body]))]
        params = exp.IndexParameters(columns=self.index_columns(op.index))
        node = exp.Index(this=self.ident(op.index.name), table=self.table_ref(op.table), params=params)
        return [exp.Create(this=node, kind="INDEX", unique=op.index.unique)]

    def render_drop_index(self, op: o.DropIndex) -> Statements:
        if (op.table, op.index.name) in self.replaced_in_place:
            return []  # done together with the re-create, see render_create_index
        return [self.drop_index_on(op.table, op.index.name)]

    def render_drop_unique(self, op: o.DropUnique) -> Statements:
        return [self.drop_index_on(op.table, op.unique.name)]

    def render_drop_foreign_key(self, op: o.DropForeignKey) -> Statements:
        fk = op.foreign_key
        out: Statements = [self.alter(op.table, self.drop("FOREIGN KEY", self.table_ref(fk.name)))]
        # The engine created an index named after the key if no index led with its columns, and
        # dropping the key leaves it behind. MariaDB can say "if it is there"; MySQL cannot, so there
        # (and offline, where the server is unknown) we drop it when no other index of the table
        # could have served the key.
        if self.server is not None and self.server.mariadb:
            out.append(self.alter(op.table, self.drop("INDEX", self.table_ref(fk.name), exists=True)))
        elif self._implicit_index_likely(op.table, fk):
            out.append(self.alter(op.table, self.drop("INDEX", self.table_ref(fk.name))))
        return out

    def _implicit_index_likely(self, table_name: str, fk: ForeignKey) -> bool:
        table: Table | None = self.current.table(table_name)
        if table is None:
            return False
        n = len(fk.columns)
        leading = [i.columns[:n] for i in table.indexes] + [u.columns[:n] for u in table.uniques]
        if table.primary_key:
            leading.append(table.primary_key.columns[:n])
        return fk.columns not in leading

    def render_drop_check(self, op: o.DropCheck) -> Statements:
        kind = "CHECK" if self.server is not None and not self.server.mariadb else "CONSTRAINT"
        return [self.alter(op.table, self.drop(kind, self.table_ref(op.check.name)))]


def _replaced_in_place(ops: Sequence[o.Op]) -> set[tuple[str, str]]:
    """Indexes this plan drops and re-creates under the same name, with all their old columns still
    there when the re-create runs (a dropped column would take the index with it first)."""
    dropped_columns = {(op.table, op.column.name) for op in ops if isinstance(op, o.DropColumn)}
    drops = {
        (op.table, op.index.name)
        for op in ops
        if isinstance(op, o.DropIndex) and not any((op.table, c) in dropped_columns for c in op.index.columns)
    }
    creates = {(op.table, op.index.name) for op in ops if isinstance(op, o.CreateIndex)}
    return drops & creates
