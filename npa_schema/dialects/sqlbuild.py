"""Operations → sqlglot expressions → SQL: the renderer every dialect starts from.

A dialect's ``render.py`` subclasses :class:`Renderer` and overrides only what its engine does
differently (one method per operation kind), and may pass its own sqlglot ``Dialect`` subclass whose
``Generator`` fixes what sqlglot prints wrongly. No SQL string is patched after generation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect as SqlglotDialect

from npa_schema import ops as o
from npa_schema.dialects.base import Step
from npa_schema.model import Check, Column, Default, ForeignKey, Index, PrimaryKey, Schema, Table, Unique

_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def rename_column_in_expression(
    text: str, old: str, new: str, dialect: str | SqlglotDialect | None, *, as_written: bool = False
) -> str:
    """``text`` (a CHECK, an index predicate or expression) with column ``old`` renamed to ``new``, as
    engines do on RENAME COLUMN: the replay of a model (``npa_schema.replay``) takes this through
    ``Dialect.rename_in_expression``.

    The new name is quoted, which is exact on every engine and printed with the dialect's own quotes.
    ``as_written`` is for portable expressions no engine has read yet (``dialect`` None): the reference
    keeps its quoting unless the new name needs quotes, so the text stays valid on every engine. Text
    that does not parse, or does not name the column, comes back unchanged. Names match regardless of
    case, as SQLite, MySQL and SQL Server compare them."""
    try:
        tree = sqlglot.parse_one(text, read=dialect)
    except sqlglot.errors.SqlglotError:
        return text
    hits = [c for c in tree.find_all(exp.Column) if c.name.lower() == old.lower()]
    if not hits:
        return text
    for column in hits:
        quoted = not as_written or column.this.quoted or not _PLAIN_NAME.fullmatch(new)
        column.set("this", exp.Identifier(this=new, quoted=quoted))
    return tree.sql(dialect)


class Renderer:
    """Generic DDL. ``native_type(column)`` comes from the dialect's type map."""

    def __init__(self, sqlglot_dialect: str | SqlglotDialect, native_type) -> None:
        self.sg = SqlglotDialect.get_or_raise(sqlglot_dialect)
        self.native_type = native_type

    # -- entry point ------------------------------------------------------------------------------

    def render(self, ops: Sequence[o.Op], current: Schema) -> list[Step]:
        steps = []
        for op in ops:
            method = getattr(self, f"render_{op.kind}")
            sql = tuple(s if isinstance(s, str) else self.sql(s) for s in method(op))
            steps.append(Step((op,), sql))
        return steps

    def sql(self, expression: exp.Expression) -> str:
        return self.sg.generate(expression, unsupported_level=sqlglot.ErrorLevel.RAISE)

    # -- building blocks --------------------------------------------------------------------------

    def ident(self, name: str) -> exp.Identifier:
        return exp.Identifier(this=name, quoted=True)

    def table_ref(self, name: str) -> exp.Table:
        return exp.Table(this=self.ident(name))

    def column_ref(self, name: str) -> exp.Column:
        return exp.Column(this=self.ident(name))

    def parse_expr(self, text: str) -> exp.Expression:
        return cast(exp.Expression, sqlglot.parse_one(text, read=self.sg))

    def data_type(self, column: Column) -> exp.DataType:
        native = self.native_type(column)
        try:
            return exp.DataType.build(native, dialect=self.sg)
        except Exception:
            return exp.DataType.build(native, dialect=self.sg, udt=True)

    def default_expr(self, default: Default) -> exp.Expression:
        if default.kind == "string":
            return exp.Literal.string(default.value)
        if default.kind == "number":
            return exp.Literal.number(default.value)
        if default.kind == "bool":
            return exp.Boolean(this=default.value == "true")
        return self.parse_expr(default.value)

    def column_constraints(self, column: Column) -> list[exp.ColumnConstraint]:
        constraints: list[exp.ColumnConstraint] = []
        if column.identity:
            constraints.append(exp.ColumnConstraint(kind=exp.GeneratedAsIdentityColumnConstraint(this=False)))
        if column.default is not None and not column.identity:
            constraints.append(
                exp.ColumnConstraint(kind=exp.DefaultColumnConstraint(this=self.default_expr(column.default)))
            )
        if not column.nullable:
            constraints.append(exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))
        return constraints

    def column_def(self, column: Column, table: Table | None = None) -> exp.ColumnDef:
        return exp.ColumnDef(
            this=self.ident(column.name),
            kind=self.data_type(column),
            constraints=self.column_constraints(column),
        )

    def names(self, columns: Sequence[str]) -> list[exp.Identifier]:
        return [self.ident(c) for c in columns]

    def pk_constraint(self, pk: PrimaryKey) -> exp.Constraint:
        return exp.Constraint(
            this=self.ident(pk.name), expressions=[exp.PrimaryKey(expressions=self.names(pk.columns))]
        )

    def unique_constraint(self, unique: Unique) -> exp.Constraint:
        body = exp.UniqueColumnConstraint(this=exp.Schema(expressions=self.names(unique.columns)))
        return exp.Constraint(this=self.ident(unique.name), expressions=[body])

    def check_constraint(self, check: Check) -> exp.Constraint:
        body = exp.CheckColumnConstraint(this=self.parse_expr(check.expression))
        return exp.Constraint(this=self.ident(check.name), expressions=[body])

    def fk_constraint(self, fk: ForeignKey) -> exp.Constraint:
        options = []
        if fk.on_delete != "no action":
            options.append(f"ON DELETE {fk.on_delete.upper()}")
        if fk.on_update != "no action":
            options.append(f"ON UPDATE {fk.on_update.upper()}")
        reference = exp.Reference(
            this=exp.Schema(this=self.table_ref(fk.ref_table), expressions=self.names(fk.ref_columns)),
            options=options,
        )
        body = exp.ForeignKey(expressions=self.names(fk.columns), reference=reference)
        return exp.Constraint(this=self.ident(fk.name), expressions=[body])

    def table_elements(self, table: Table) -> list[exp.Expression]:
        elements: list[exp.Expression] = [self.column_def(c, table) for c in table.columns]
        if table.primary_key:
            elements.append(self.pk_constraint(table.primary_key))
        elements += [self.unique_constraint(u) for u in table.uniques]
        elements += [self.check_constraint(c) for c in table.checks]
        elements += [self.fk_constraint(f) for f in table.foreign_keys]
        return elements

    def alter(self, table: str, *actions: exp.Expression) -> exp.Alter:
        return exp.Alter(this=self.table_ref(table), kind="TABLE", actions=list(actions))

    def index_columns(self, index: Index) -> list[exp.Expression]:
        parts: list[exp.Expression] = [
            exp.Ordered(this=self.column_ref(c), nulls_first=False) for c in index.columns
        ]
        parts += [exp.Ordered(this=self.parse_expr(e), nulls_first=False) for e in index.expressions]
        return parts

    # -- one method per operation kind ------------------------------------------------------------

    def render_create_table(self, op: o.CreateTable) -> list[exp.Expression | str]:
        table = op.table_def
        create = exp.Create(
            this=exp.Schema(this=self.table_ref(table.name), expressions=self.table_elements(table)),
            kind="TABLE",
        )
        out: list[exp.Expression | str] = [create]
        if table.comment:
            out += self.render_set_table_comment(o.SetTableComment(table.name, None, table.comment))
        for column in table.columns:
            if column.comment:
                out += self.column_comment(table.name, column.name, column.comment)
        return out

    def render_drop_table(self, op: o.DropTable) -> list[exp.Expression | str]:
        return [exp.Drop(tables=[self.table_ref(op.table_def.name)], kind="TABLE")]

    def render_rename_table(self, op: o.RenameTable) -> list[exp.Expression | str]:
        return [self.alter(op.table, exp.AlterRename(this=self.table_ref(op.new_name)))]

    def render_set_table_comment(self, op: o.SetTableComment) -> list[exp.Expression | str]:
        text = exp.Literal.string(op.new) if op.new is not None else exp.Null()
        return [exp.Comment(this=self.table_ref(op.table), kind="TABLE", expression=text)]

    def column_comment(self, table: str, column: str, comment: str | None) -> list[exp.Expression | str]:
        text = exp.Literal.string(comment) if comment is not None else exp.Null()
        target = exp.Column(this=self.ident(column), table=self.ident(table))
        return [exp.Comment(this=target, kind="COLUMN", expression=text)]

    def render_add_column(self, op: o.AddColumn) -> list[exp.Expression | str]:
        out: list[exp.Expression | str] = [self.alter(op.table, self.column_def(op.column))]
        if op.column.comment:
            out += self.column_comment(op.table, op.column.name, op.column.comment)
        return out

    def render_drop_column(self, op: o.DropColumn) -> list[exp.Expression | str]:
        return [self.alter(op.table, exp.Drop(tables=[self.column_ref(op.column.name)], kind="COLUMN"))]

    def render_rename_column(self, op: o.RenameColumn) -> list[exp.Expression | str]:
        action = exp.RenameColumn(this=self.column_ref(op.old_name), to=self.column_ref(op.new_name))
        return [self.alter(op.table, action)]

    def render_alter_column(self, op: o.AlterColumn) -> list[exp.Expression | str]:
        raise NotImplementedError(f"{self.sg.__class__.__name__}: alter column")

    def render_add_primary_key(self, op: o.AddPrimaryKey) -> list[exp.Expression | str]:
        return [self.alter(op.table, exp.AddConstraint(expressions=[self.pk_constraint(op.primary_key)]))]

    def drop_constraint(self, table: str, name: str) -> exp.Alter:
        return self.alter(table, exp.Drop(tables=[self.table_ref(name)], kind="CONSTRAINT"))

    def render_drop_primary_key(self, op: o.DropPrimaryKey) -> list[exp.Expression | str]:
        return [self.drop_constraint(op.table, op.primary_key.name)]

    def render_create_index(self, op: o.CreateIndex) -> list[exp.Expression | str]:
        index = op.index
        params = exp.IndexParameters(
            columns=self.index_columns(index),
            where=exp.Where(this=self.parse_expr(index.where)) if index.where else None,
        )
        node = exp.Index(this=self.ident(index.name), table=self.table_ref(op.table), params=params)
        return [exp.Create(this=node, kind="INDEX", unique=index.unique)]

    def render_drop_index(self, op: o.DropIndex) -> list[exp.Expression | str]:
        return [exp.Drop(tables=[self.table_ref(op.index.name)], kind="INDEX")]

    def render_add_unique(self, op: o.AddUnique) -> list[exp.Expression | str]:
        return [self.alter(op.table, exp.AddConstraint(expressions=[self.unique_constraint(op.unique)]))]

    def render_drop_unique(self, op: o.DropUnique) -> list[exp.Expression | str]:
        return [self.drop_constraint(op.table, op.unique.name)]

    def render_add_foreign_key(self, op: o.AddForeignKey) -> list[exp.Expression | str]:
        return [self.alter(op.table, exp.AddConstraint(expressions=[self.fk_constraint(op.foreign_key)]))]

    def render_drop_foreign_key(self, op: o.DropForeignKey) -> list[exp.Expression | str]:
        return [self.drop_constraint(op.table, op.foreign_key.name)]

    def render_add_check(self, op: o.AddCheck) -> list[exp.Expression | str]:
        return [self.alter(op.table, exp.AddConstraint(expressions=[self.check_constraint(op.check)]))]

    def render_drop_check(self, op: o.DropCheck) -> list[exp.Expression | str]:
        return [self.drop_constraint(op.table, op.check.name)]

    def render_create_enum(self, op: o.CreateEnum) -> list[exp.Expression | str]:
        raise NotImplementedError("enum types are not supported by this dialect")

    def render_drop_enum(self, op: o.DropEnum) -> list[exp.Expression | str]:
        raise NotImplementedError("enum types are not supported by this dialect")

    def render_add_enum_value(self, op: o.AddEnumValue) -> list[exp.Expression | str]:
        raise NotImplementedError("enum types are not supported by this dialect")

    def render_raw_sql(self, op: o.RawSQL) -> list[exp.Expression | str]:
        return [op.sql] if op.sql.strip() else []
