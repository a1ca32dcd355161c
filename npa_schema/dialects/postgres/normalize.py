"""The desired schema as PostgreSQL's introspection will report it after apply.

Everything the server decides for itself is decided here first, so apply-then-plan is empty:
``sql_type`` overrides resolved to format_type's spelling, enums given a type name and collected into
``Schema.enums``, identity and primary-key columns NOT NULL, identity columns without a default,
defaults in their canonical form, empty comments as none, referential actions in lower case.
"""

from __future__ import annotations

import dataclasses

from npa_schema.dialects.base import Problem
from npa_schema.dialects.postgres.defaults import canonical_default
from npa_schema.dialects.postgres.types import canonical_native, from_native
from npa_schema.model import TABLE_COLLECTIONS, Column, Enum, Schema, Table
from npa_schema.types import ColumnType

MAX_IDENTIFIER_BYTES = 63
DIALECT_NAME = "postgres"
_SERIALS = frozenset({"serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"})


def enum_type_name(table: str, column: Column) -> str:
    return column.type.enum_name or f"{table}_{column.name}"


def resolve_type(column: Column) -> tuple[ColumnType, bool]:
    """The column's canonical type, and whether an override asked for a serial (made an identity)."""
    override = column.sql_type_for(DIALECT_NAME)
    if override is None and column.type.name == "native":
        override = column.type.native
    if override is None:
        return column.type, False
    serial = override.strip().lower() in _SERIALS
    return from_native(canonical_native(override)), serial


def normalize_column(table: str, column: Column) -> Column:
    column_type, serial = resolve_type(column)
    if column_type.name == "enum":
        column_type = dataclasses.replace(column_type, enum_name=enum_type_name(table, column))
    identity = column.identity or serial
    return dataclasses.replace(
        column,
        type=column_type,
        sql_types=(),
        identity=identity,
        nullable=column.nullable and not identity,
        default=None if identity else canonical_default(column.default, column_type),
        comment=column.comment or None,
    )


def normalize_table(table: Table) -> Table:
    pk_columns = set(table.primary_key.columns) if table.primary_key else set()
    columns = []
    for column in table.columns:
        column = normalize_column(table.name, column)
        if column.name in pk_columns:
            column = dataclasses.replace(column, nullable=False)
        columns.append(column)
    fks = tuple(
        dataclasses.replace(f, on_delete=f.on_delete.lower(), on_update=f.on_update.lower())
        for f in table.foreign_keys
    )
    return dataclasses.replace(table, columns=tuple(columns), foreign_keys=fks, comment=table.comment or None)


def collect_enums(schema: Schema, tables: tuple[Table, ...]) -> tuple[Enum, ...]:
    """The enums the schema declares plus one per distinct enum type name its columns use."""
    enums: dict[str, Enum] = {e.name: e for e in schema.enums}
    for table in tables:
        for column in table.columns:
            if column.type.name == "enum" and column.type.enum_name not in enums:
                name = column.type.enum_name or ""
                enums[name] = Enum(name, column.type.values)
    return tuple(sorted(enums.values(), key=lambda e: e.name))


def normalize(schema: Schema) -> Schema:
    tables = tuple(normalize_table(t) for t in schema.tables)
    return dataclasses.replace(schema, tables=tables, enums=collect_enums(schema, tables))


# --- problems ---------------------------------------------------------------------------------------


def _too_long(name: str) -> bool:
    return len(name.encode("utf-8")) > MAX_IDENTIFIER_BYTES


def _names(table: Table) -> list[tuple[str, str]]:
    """(field, name) of everything in ``table`` PostgreSQL stores as an identifier; fields are model
    paths (``columns.total``, ``indexes.0``) that the spec loader maps back to file lines."""
    out = [("table", table.name)]
    out += [(f"columns.{c.name}", c.name) for c in table.columns]
    if table.primary_key:
        out.append(("primary_key", table.primary_key.name))
    for collection in TABLE_COLLECTIONS:
        out += [(f"{collection}.{n}", item.name) for n, item in enumerate(getattr(table, collection))]
    return out


def check(schema: Schema, normalized: Schema | None = None) -> list[Problem]:
    """Names over 63 bytes (PostgreSQL would silently truncate them, so plans would never converge),
    conflicting definitions of one enum type, identity on a non-integer column."""
    problems: list[Problem] = []
    normalized = normalized or normalize(schema)
    table_names = {t.name for t in normalized.tables}
    for table in normalized.tables:
        for field, name in _names(table):
            if _too_long(name):
                problems.append(
                    Problem(
                        table.name,
                        field,
                        f"'{name}' is {len(name.encode('utf-8'))} bytes; PostgreSQL names are at most 63",
                        hint="choose a shorter name",
                    )
                )
        for column in table.columns:
            if column.identity and not column.type.is_integer:
                problems.append(
                    Problem(
                        table.name,
                        f"columns.{column.name}",
                        f"identity needs an integer type, not {column.type}",
                    )
                )
    enums = {e.name: e for e in normalized.enums}
    for table in normalized.tables:
        for column in table.columns:
            if column.type.name != "enum":
                continue
            name = column.type.enum_name or ""
            field = f"columns.{column.name}"
            if enums[name].values != column.type.values:
                problems.append(
                    Problem(
                        table.name,
                        field,
                        f"enum type '{name}' is declared with different values elsewhere",
                        hint="give the columns the same values, or different enum names",
                    )
                )
            if _too_long(name) or any(_too_long(v) for v in column.type.values):
                problems.append(Problem(table.name, field, f"enum '{name}': name or a value over 63 bytes"))
            if name in table_names:
                problems.append(
                    Problem(
                        table.name,
                        field,
                        f"enum type '{name}' has the name of a table (PostgreSQL gives each table a type)",
                        hint="set enum_name to something else",
                    )
                )
    return problems
