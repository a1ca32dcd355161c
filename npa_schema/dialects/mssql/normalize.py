"""The desired schema as SQL Server's catalog will describe it after apply, and what SQL Server
cannot do with a valid schema. Apply-then-plan is empty only if this agrees with introspect.py.

- types go through the same reverse map as ``sys.types`` rows (``json`` and ``string(5000)`` come
  back as ``text``: both are NVARCHAR(MAX));
- enums become NVARCHAR sized to the longest label plus a named ``CHECK ([col] IN (...))``;
- defaults take one canonical spelling (``types.canonical_default``);
- identity columns are NOT NULL and carry no default; ``restrict`` FK actions become ``no action``.
"""

from __future__ import annotations

import dataclasses

from npa_schema.dialects.base import Problem
from npa_schema.dialects.mssql import types as mt
from npa_schema.dialects.mssql.render import MAX_IDENTIFIER
from npa_schema.model import Check, Column, Schema, Table, check_name
from npa_schema.types import ColumnType

DIALECT_NAME = "mssql"
#: SQL Server has no RESTRICT; NO ACTION (checked at the end of the statement) is the closest
_FK_ACTIONS = {"restrict": "no action"}
_IDENTITY_TYPES = {"smallint", "int", "bigint", "decimal", "native"}


def enum_check(table: str, column: Column) -> Check:
    """The CHECK that stands in for an enum type: ``[col] IN (N'a', N'b')``, named from its text."""
    labels = ", ".join("N'" + v.replace("'", "''") + "'" for v in column.type.values)
    expression = f"[{column.name.replace(']', ']]')}] IN ({labels})"
    return Check(check_name(table, column.name, expression), expression)


def canonical_type(column: Column) -> ColumnType:
    """The type introspection reports for a column declared as this one is rendered."""
    override = column.sql_type_for(DIALECT_NAME)
    if override:
        return mt.from_native_text(override)
    if column.type.name == "native":
        return mt.from_native_text(str(column.type.native))
    return mt.from_native_text(mt.to_native(column.type))


def normalize_column(column: Column) -> Column:
    ct = canonical_type(column)
    return dataclasses.replace(
        column,
        type=ct,
        sql_types=(),
        default=None if column.identity else mt.canonical_default(column.default, ct),
        nullable=False if column.identity else column.nullable,
    )


def normalize_table(table: Table) -> Table:
    checks = list(table.checks)
    names = {c.name for c in checks}
    for column in table.columns:
        if column.type.name == "enum" and not column.sql_type_for(DIALECT_NAME):
            check = enum_check(table.name, column)
            if check.name not in names:
                checks.append(check)
    fks = tuple(
        dataclasses.replace(
            f,
            on_delete=_FK_ACTIONS.get(f.on_delete, f.on_delete),
            on_update=_FK_ACTIONS.get(f.on_update, f.on_update),
        )
        for f in table.foreign_keys
    )
    return dataclasses.replace(
        table,
        columns=tuple(normalize_column(c) for c in table.columns),
        checks=tuple(checks),
        foreign_keys=fks,
    )


def normalize(schema: Schema) -> Schema:
    return Schema(tuple(normalize_table(t) for t in schema.tables), enums=())


# --- what SQL Server cannot do -------------------------------------------------------------------------


def check(schema: Schema) -> list[Problem]:
    problems: list[Problem] = []
    for table in schema.tables:
        problems += _name_problems(table)
        for column in table.columns:
            where = f"columns.{column.name}"
            if column.identity and column.type.name not in _IDENTITY_TYPES:
                problems.append(
                    Problem(
                        table.name, where, f"IDENTITY needs an integer or decimal type, not {column.type}"
                    )
                )
            if column.type.name == "char" and column.type.args and column.type.args[0] > mt.MAX_NCHARS:
                problems.append(
                    Problem(
                        table.name,
                        where,
                        f"NCHAR holds at most {mt.MAX_NCHARS} characters",
                        hint="use string(n) or text",
                    )
                )
        for n, index in enumerate(table.indexes):
            if index.expressions:
                problems.append(
                    Problem(
                        table.name,
                        f"indexes.{n}",  # the model position, which the spec loader maps to the file line
                        "SQL Server cannot index expressions",
                        hint="add a computed column (sql_type) and index it",
                    )
                )
    return problems


def _name_problems(table: Table) -> list[Problem]:
    names: list[tuple[str, str]] = [("table", table.name)]
    names += [(f"columns.{c.name}", c.name) for c in table.columns]
    names += [(f"indexes.{n}", i.name) for n, i in enumerate(table.indexes)]
    names += [(f"foreign_keys.{n}", f.name) for n, f in enumerate(table.foreign_keys)]
    return [
        Problem(
            table.name, where, f"'{name[:40]}...' is longer than SQL Server's {MAX_IDENTIFIER} characters"
        )
        for where, name in names
        if len(name) > MAX_IDENTIFIER
    ]
