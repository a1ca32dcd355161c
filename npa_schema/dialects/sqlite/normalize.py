"""The desired schema as SQLite's introspection will report it, and what SQLite cannot do.

SQLite has no comments, no enum types, and can auto-increment only a lone ``INTEGER PRIMARY KEY``;
constraint names survive because we read them back from ``sqlite_master.sql``.
"""

from __future__ import annotations

import dataclasses

from npa_schema.dialects.base import Problem
from npa_schema.dialects.sqlite import canonical
from npa_schema.dialects.sqlite.types import portable_type
from npa_schema.model import Check, Column, ForeignKey, Index, Schema, Table, check_name
from npa_schema.types import ColumnType


def enum_check(table: str, column: Column) -> Check:
    """The CHECK that stands in for an enum type: ``"col" IN ('a', 'b')``."""
    values = ", ".join("'" + v.replace("'", "''") + "'" for v in column.type.values)
    ident = '"' + column.name.replace('"', '""') + '"'
    expression = canonical.expression_sql(f"{ident} IN ({values})")
    return Check(check_name(table, column.name, expression), expression)


def normalize_column(column: Column, in_pk: bool) -> Column:
    override = column.sql_type_for("sqlite")
    column_type = portable_type(override) if override else column.type
    if column_type.name == "enum":
        column_type = ColumnType("text")
    if column.identity:
        column_type = ColumnType("int")
    nullable = column.nullable and not in_pk and not column.identity
    default = (
        None if column.identity else canonical.canonical_default(column.default, column_type.name == "bool")
    )
    return dataclasses.replace(
        column,
        type=column_type,
        nullable=nullable,
        default=default,
        comment=None,
        sql_types=(),
    )


def normalize_table(table: Table) -> Table:
    pk_columns = set(table.primary_key.columns) if table.primary_key else set()
    checks = list(table.checks)
    names = {c.name for c in checks}
    for column in table.columns:
        if column.type.name == "enum" and not column.sql_type_for("sqlite"):
            check = enum_check(table.name, column)
            if check.name not in names:
                checks.append(check)
                names.add(check.name)
    return dataclasses.replace(
        table,
        columns=tuple(normalize_column(c, c.name in pk_columns) for c in table.columns),
        checks=tuple(Check(c.name, canonical.expression_sql(c.expression)) for c in checks),
        indexes=tuple(normalize_index(i) for i in table.indexes),
        foreign_keys=tuple(normalize_fk(f) for f in table.foreign_keys),
        comment=None,
    )


def normalize_index(index: Index) -> Index:
    return dataclasses.replace(
        index,
        expressions=tuple(canonical.expression_sql(e) for e in index.expressions),
        where=canonical.expression_sql(index.where) if index.where else None,
    )


def normalize_fk(fk: ForeignKey) -> ForeignKey:
    return dataclasses.replace(fk, on_delete=fk.on_delete.lower(), on_update=fk.on_update.lower())


def normalize(schema: Schema) -> Schema:
    return Schema(tables=tuple(normalize_table(t) for t in schema.tables), enums=())


def check(schema: Schema) -> list[Problem]:
    problems: list[Problem] = []
    for table in schema.tables:
        pk = table.primary_key.columns if table.primary_key else ()
        for column in table.columns:
            if not column.identity:
                continue
            where = f"columns.{column.name}.identity"
            if pk != (column.name,):
                problems.append(
                    Problem(
                        table.name,
                        where,
                        "SQLite can only auto-increment the table's single-column primary key",
                        hint="make this column the only primary_key column, or drop identity",
                    )
                )
            elif not column.type.is_integer:
                problems.append(
                    Problem(
                        table.name,
                        where,
                        f"an identity column must be an integer type, not {column.type}",
                        hint="use int or bigint (both become INTEGER PRIMARY KEY AUTOINCREMENT)",
                    )
                )
    return problems
