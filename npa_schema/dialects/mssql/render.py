"""Operations → T-SQL, on top of the generic renderer and sqlglot's ``tsql`` dialect.

What SQL Server does differently, and where it is handled here:

- every default is a named constraint (``df_<table>_<column>``), so it can be dropped by name
  before its column changes type or goes away; renames carry the constraint's name along;
- renames are ``sp_rename`` calls and comments are ``MS_Description`` extended properties;
- ``ALTER COLUMN`` restates the type and the nullability every time;
- an identity cannot be added to or removed from an existing column: that is a PlanError.

sqlglot's own T-SQL generator prints ``REAL`` as ``FLOAT`` (which SQL Server reads as FLOAT(53)) and
has no expression for ``ADD CONSTRAINT .. DEFAULT .. FOR ..``; both are fixed in :class:`NpaTSQL`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.dialects.tsql import TSQL

from npa_schema import ops as o
from npa_schema.dialects.base import Step
from npa_schema.dialects.sqlbuild import Renderer
from npa_schema.errors import PlanError
from npa_schema.model import Column, Default, Index, Schema, Table, fit_identifier

MAX_IDENTIFIER = 128
DEFAULT_SCHEMA = "dbo"

Rendered = list[exp.Expression | str]

# sqlglot 30 binds ``TSQL.Generator`` as a plain class attribute, which mypy does not accept as a base
# class; for the type checker, name the class it is bound to (the same object at run time).
if TYPE_CHECKING:
    from sqlglot.generators.tsql import TSQLGenerator
else:
    TSQLGenerator = TSQL.Generator


def default_constraint_name(table: str, column: str) -> str:
    """The name npa gives a column's default constraint; deterministic so it can be dropped later."""
    return fit_identifier(f"df_{table}_{column}", MAX_IDENTIFIER)


class AddDefaultFor(exp.Expression):
    """``ADD CONSTRAINT [name] DEFAULT <expr> FOR [column]``: an ALTER TABLE action sqlglot lacks."""

    arg_types = {"this": True, "expression": True, "column": True}


class NpaTSQL(TSQL):
    """sqlglot's T-SQL with the fixes DDL needs (see the module docstring)."""

    class Generator(TSQLGenerator):
        TYPE_MAPPING = {
            **TSQL.Generator.TYPE_MAPPING,
            exp.DataType.Type.INT: "INT",
            exp.DataType.Type.DECIMAL: "DECIMAL",
        }

        def datatype_sql(self, expression: exp.DataType) -> str:
            # FLOAT without a size is FLOAT(53) in SQL Server; sqlglot uses it for REAL too.
            if expression.this == exp.DataType.Type.FLOAT and not expression.expressions:
                return "REAL"
            return super().datatype_sql(expression)

        TRANSFORMS = {
            **TSQL.Generator.TRANSFORMS,
            AddDefaultFor: lambda self, e: self.adddefaultfor_sql(e),
        }

        def adddefaultfor_sql(self, expression: AddDefaultFor) -> str:
            name = self.sql(expression, "this")
            value = self.sql(expression, "expression")
            column = self.sql(expression, "column")
            return f"ADD CONSTRAINT {name} DEFAULT {value} FOR {column}"


class _Catalog:
    """Which columns have defaults, tracked through the ops of one render call, so that a rename
    (which SQL Server applies to the column but not to its constraint) renames the constraint too."""

    def __init__(self, current: Schema) -> None:
        self.tables: dict[str, dict[str, Column]] = {
            t.name: {c.name: c for c in t.columns} for t in current.tables
        }

    def columns(self, table: str) -> dict[str, Column]:
        return self.tables.get(table, {})

    def apply(self, op: o.Op) -> None:
        if isinstance(op, o.CreateTable):
            self.tables[op.table_def.name] = {c.name: c for c in op.table_def.columns}
        elif isinstance(op, o.DropTable):
            self.tables.pop(op.table_def.name, None)
        elif isinstance(op, o.RenameTable):
            self.tables[op.new_name] = self.tables.pop(op.table, {})
        elif isinstance(op, o.RenameColumn):
            cols = self.tables.setdefault(op.table, {})
            if op.old_name in cols:
                cols[op.new_name] = cols.pop(op.old_name)
        elif isinstance(op, o.AddColumn):
            self.tables.setdefault(op.table, {})[op.column.name] = op.column
        elif isinstance(op, o.AlterColumn):
            self.tables.setdefault(op.table, {})[op.new.name] = op.new
        elif isinstance(op, o.DropColumn):
            self.tables.setdefault(op.table, {}).pop(op.column.name, None)


class MssqlRenderer(Renderer):
    def __init__(self, native_type: Callable[[Column], str], schema: str = DEFAULT_SCHEMA) -> None:
        super().__init__(NpaTSQL(), native_type)
        self.schema = schema
        self.catalog = _Catalog(Schema())

    def render(self, ops: Sequence[o.Op], current: Schema) -> list[Step]:
        self.catalog = _Catalog(current)
        steps = []
        for op in ops:
            method = getattr(self, f"render_{op.kind}")
            sql = tuple(s if isinstance(s, str) else self.sql(s) for s in method(op))
            steps.append(Step((op,), sql))
            self.catalog.apply(op)
        return steps

    # -- building blocks --------------------------------------------------------------------------

    def exec_proc(self, procedure: str, **params: str) -> exp.Execute:
        """``EXECUTE proc @name = N'value', ...`` (named parameters: order-proof and readable)."""
        db, _, name = procedure.rpartition(".")
        target = exp.Table(this=exp.to_identifier(name), db=exp.to_identifier(db) if db else None)
        args = [
            exp.EQ(this=exp.Parameter(this=exp.var(key)), expression=exp.National(this=value))
            for key, value in params.items()
        ]
        return exp.Execute(this=target, expressions=args)

    def default_expr(self, default: Default) -> exp.Expression:
        if default.kind == "string":
            return exp.National(this=default.value)
        if default.kind == "bool":
            return exp.Literal.number(1 if default.value == "true" else 0)
        return super().default_expr(default)

    def column_constraints(self, column: Column, table: str | None = None) -> list[exp.ColumnConstraint]:
        constraints: list[exp.ColumnConstraint] = []
        if column.identity:
            one = exp.Literal.number(1)
            kind = exp.GeneratedAsIdentityColumnConstraint(this=False, start=one, increment=one)
            constraints.append(exp.ColumnConstraint(kind=kind))
        elif column.default is not None:
            if table is None:
                raise ValueError("a default constraint needs its table's name")
            constraints.append(
                exp.ColumnConstraint(
                    this=self.ident(default_constraint_name(table, column.name)),
                    kind=exp.DefaultColumnConstraint(this=self.default_expr(column.default)),
                )
            )
        # NULL is stated too: ANSI_NULL_DFLT settings could otherwise decide it.
        constraints.append(exp.ColumnConstraint(kind=exp.NotNullColumnConstraint(allow_null=column.nullable)))
        return constraints

    def column_def(self, column: Column, table: Table | str | None = None) -> exp.ColumnDef:
        table_name = table.name if isinstance(table, Table) else table
        return exp.ColumnDef(
            this=self.ident(column.name),
            kind=self.data_type(column),
            constraints=self.column_constraints(column, table_name),
        )

    def add_default(self, table: str, column: Column) -> exp.Alter:
        assert column.default is not None
        action = AddDefaultFor(
            this=self.ident(default_constraint_name(table, column.name)),
            expression=self.default_expr(column.default),
            column=self.ident(column.name),
        )
        return self.alter(table, action)

    # sqlglot 30 prints a Drop's target from ``tables``; ``this`` (as sqlbuild sets it) is ignored.
    def drop(self, kind: str, target: exp.Expression, **kw: Any) -> exp.Drop:
        return exp.Drop(tables=[target], kind=kind, **kw)

    def drop_constraint(self, table: str, name: str) -> exp.Alter:
        return self.alter(table, self.drop("CONSTRAINT", self.table_ref(name)))

    def drop_default(self, table: str, column: str) -> exp.Alter:
        return self.drop_constraint(table, default_constraint_name(table, column))

    def index_columns(self, index: Index) -> list[exp.Expression]:
        if index.expressions:
            raise PlanError(
                f"index '{index.name}': SQL Server cannot index expressions",
                hint="add a computed column for the expression and index that column",
            )
        # Plain columns: sqlglot's T-SQL turns an Ordered's NULLS ordering into CASE expressions.
        return [self.column_ref(c) for c in index.columns]

    def extended_property(self, action: str, comment: str | None, *levels: tuple[str, str]) -> exp.Execute:
        """``sys.sp_<action>extendedproperty`` for MS_Description on dbo.<table>[.<column>]."""
        params: dict[str, str] = {"name": "MS_Description"}
        if action != "drop":
            params["value"] = comment or ""
        params.update(level0type="SCHEMA", level0name=self.schema)
        for i, (kind, name) in enumerate(levels, start=1):
            params[f"level{i}type"] = kind
            params[f"level{i}name"] = name
        return self.exec_proc(f"sys.sp_{action}extendedproperty", **params)

    def comment_change(self, old: str | None, new: str | None, *levels: tuple[str, str]) -> Rendered:
        if old == new:
            return []
        if new is None:
            return [self.extended_property("drop", None, *levels)]
        return [self.extended_property("add" if old is None else "update", new, *levels)]

    def sp_rename(self, objname: str, newname: str, objtype: str | None = None) -> exp.Execute:
        params = {"objname": objname, "newname": newname}
        if objtype:
            params["objtype"] = objtype
        return self.exec_proc("sp_rename", **params)

    def object_name(self, *parts: str) -> str:
        """``[dbo].[t].[c]``: sp_rename's @objname, bracketed so dots and keywords are harmless."""
        return ".".join(self.quote(p) for p in (self.schema, *parts))

    def quote(self, identifier: str) -> str:
        return "[" + identifier.replace("]", "]]") + "]"

    def rename_default(self, old_table: str, old_column: str, new_table: str, new_column: str) -> Rendered:
        old = default_constraint_name(old_table, old_column)
        new = default_constraint_name(new_table, new_column)
        return [] if old == new else [self.sp_rename(self.object_name(old), new, "OBJECT")]

    # -- tables -----------------------------------------------------------------------------------

    def render_drop_table(self, op: o.DropTable) -> Rendered:
        return [self.drop("TABLE", self.table_ref(op.table_def.name))]

    def render_set_table_comment(self, op: o.SetTableComment) -> Rendered:
        return self.comment_change(op.old, op.new, ("TABLE", op.table))

    def column_comment(
        self, table: str, column: str, comment: str | None, old: str | None = None
    ) -> Rendered:
        return self.comment_change(old, comment, ("TABLE", table), ("COLUMN", column))

    def render_rename_table(self, op: o.RenameTable) -> Rendered:
        out: Rendered = [self.sp_rename(self.object_name(op.table), op.new_name)]
        for column in self.catalog.columns(op.table).values():
            if column.default is not None and not column.identity:
                out += self.rename_default(op.table, column.name, op.new_name, column.name)
        return out

    # -- columns ----------------------------------------------------------------------------------

    def render_add_column(self, op: o.AddColumn) -> Rendered:
        out: Rendered = [self.alter(op.table, self.column_def(op.column, op.table))]
        if op.column.comment:
            out += self.column_comment(op.table, op.column.name, op.column.comment)
        return out

    def render_drop_column(self, op: o.DropColumn) -> Rendered:
        out: Rendered = []
        if op.column.default is not None and not op.column.identity:
            out.append(self.drop_default(op.table, op.column.name))
        out.append(self.alter(op.table, self.drop("COLUMN", self.column_ref(op.column.name))))
        return out

    def render_rename_column(self, op: o.RenameColumn) -> Rendered:
        out: Rendered = [self.sp_rename(self.object_name(op.table, op.old_name), op.new_name, "COLUMN")]
        column = self.catalog.columns(op.table).get(op.old_name)
        if column is not None and column.default is not None and not column.identity:
            out += self.rename_default(op.table, op.old_name, op.table, op.new_name)
        return out

    def render_alter_column(self, op: o.AlterColumn) -> Rendered:
        old, new, changes = op.old, op.new, op.changes
        if "identity" in changes:
            raise PlanError(
                f"{op.table}.{new.name}: SQL Server cannot {'add' if new.identity else 'remove'} "
                "IDENTITY on an existing column",
                hint="rebuild the table: create a new one with the wanted column, copy the rows "
                "(SET IDENTITY_INSERT ON), drop the old table and rename the new one, in a migration",
            )
        restate = "type" in changes or "nullable" in changes
        old_default = old.default if not old.identity else None
        new_default = new.default if not new.identity else None
        drop = old_default is not None and (restate or old_default != new_default)
        out: Rendered = []
        if drop:
            out.append(self.drop_default(op.table, old.name))
        if restate:
            action = exp.AlterColumn(
                this=self.ident(new.name), dtype=self.data_type(new), allow_null=new.nullable
            )
            out.append(self.alter(op.table, action))
        if new_default is not None and (drop or old_default is None):
            out.append(self.add_default(op.table, new))
        out += self.column_comment(op.table, new.name, new.comment, old.comment)
        return out

    # -- indexes ----------------------------------------------------------------------------------

    def render_drop_index(self, op: o.DropIndex) -> Rendered:
        target = exp.OnProperty(this=self.table_ref(op.table))
        return [self.drop("INDEX", self.table_ref(op.index.name), cluster=target)]

    # -- enums ------------------------------------------------------------------------------------

    def _no_enums(self, op: Any) -> Rendered:
        raise PlanError(
            f"{op.kind}: SQL Server has no enum types",
            hint="enum columns become NVARCHAR with a CHECK (col IN (...)) constraint; "
            "plan through the mssql dialect's normalize() so no enum operation is produced",
        )

    render_create_enum = _no_enums
    render_drop_enum = _no_enums
    render_add_enum_value = _no_enums
