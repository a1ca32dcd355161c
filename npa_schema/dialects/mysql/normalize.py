"""The desired schema in MySQL/MariaDB's canonical form (what introspection reports after apply), and
the problems these engines have with a schema that is otherwise valid.

Every rule here mirrors one in ``introspect.py``; keep the two in step.
"""

from __future__ import annotations

import dataclasses

from npa_schema.dialects.base import Problem
from npa_schema.dialects.mysql.defaults import canonical_default
from npa_schema.dialects.mysql.driver import ServerInfo
from npa_schema.dialects.mysql.introspect import UNIQUE_PREFIX, fk_rule
from npa_schema.dialects.mysql.types import canonical_type
from npa_schema.model import TABLE_COLLECTIONS, Column, Index, PrimaryKey, Schema, Table, Unique
from npa_schema.types import ColumnType

MAX_IDENTIFIER = 64
PRIMARY = "PRIMARY"
#: TEXT/BLOB-like types: no index without a prefix length, no literal default on MySQL
_BLOB_TYPES = {"text", "binary", "json"}


def normalize(schema: Schema) -> Schema:
    enums = {e.name: e.values for e in schema.enums}
    tables = tuple(_table(t, enums) for t in schema.tables)
    return Schema(tables, ())


def _table(table: Table, enums: dict[str, tuple[str, ...]]) -> Table:
    pk_columns = set(table.primary_key.columns) if table.primary_key else set()
    columns = tuple(_column(c, c.name in pk_columns, enums) for c in table.columns)
    fk_names = {f.name for f in table.foreign_keys}
    uniques = [u for u in table.uniques if u.name.startswith(UNIQUE_PREFIX)]
    indexes = [Index(u.name, u.columns, unique=True) for u in table.uniques if u not in uniques]
    for index in table.indexes:
        if (
            index.unique
            and index.name.startswith(UNIQUE_PREFIX)
            and not index.expressions
            and not index.where
        ):
            uniques.append(Unique(index.name, index.columns))
        elif index.unique or index.name not in fk_names:
            indexes.append(index)
        # else: it is the index the engine makes for that foreign key, which introspection hides
    return dataclasses.replace(
        table,
        columns=columns,
        primary_key=PrimaryKey(PRIMARY, table.primary_key.columns) if table.primary_key else None,
        indexes=tuple(indexes),
        uniques=tuple(uniques),
        foreign_keys=tuple(
            dataclasses.replace(f, on_delete=fk_rule(f.on_delete), on_update=fk_rule(f.on_update))
            for f in table.foreign_keys
        ),
        comment=table.comment or None,
    )


def _column(column: Column, in_pk: bool, enums: dict[str, tuple[str, ...]]) -> Column:
    ctype = column.type
    if ctype.name == "enum" and not ctype.values and ctype.enum_name in enums:
        ctype = ColumnType("enum", values=enums[ctype.enum_name])
    ctype = canonical_type(dataclasses.replace(column, type=ctype))
    default = None if column.identity else canonical_default(column.default, ctype)
    return dataclasses.replace(
        column,
        type=ctype,
        nullable=column.nullable and not in_pk,  # primary key columns are always NOT NULL
        default=default,
        comment=column.comment or None,
        sql_types=(),
    )


# --- check -------------------------------------------------------------------------------------------


def check(schema: Schema, server: ServerInfo | None) -> list[Problem]:
    problems: list[Problem] = []
    for table in schema.tables:
        problems += _names(table)
        problems += _indexes(table, server)
        problems += _identity(table)
        if server is None or not server.mariadb:
            problems += _blob_defaults(table, warning=server is None)
    return problems


def _names(table: Table) -> list[Problem]:
    names = [("table", table.name), *((f"columns.{c.name}", c.name) for c in table.columns)]
    for kind in TABLE_COLLECTIONS:
        names += [(f"{kind}.{n}", x.name) for n, x in enumerate(getattr(table, kind))]
    return [
        Problem(table.name, where, f"name '{name}' is longer than MySQL's {MAX_IDENTIFIER} characters")
        for where, name in names
        if len(name) > MAX_IDENTIFIER
    ]


def _indexes(table: Table, server: ServerInfo | None) -> list[Problem]:
    problems = []
    types = {c.name: canonical_type(c).name for c in table.columns}
    for n, index in enumerate(table.indexes):
        where = f"indexes.{n}"  # the model position, which the spec loader maps to the file line
        if index.where:
            problems.append(
                Problem(
                    table.name,
                    where,
                    "MySQL and MariaDB have no partial indexes (index with 'where')",
                    hint="drop 'where' to index every row; a unique index over a subset needs a generated column here",
                )
            )
        if index.expressions and (server is None or server.mariadb or not server.at_least(8, 0, 13)):
            label = server.label if server else "MariaDB (and MySQL before 8.0.13)"
            problems.append(
                Problem(
                    table.name,
                    where,
                    f"{label} has no expression indexes (MySQL 8.0.13+ has)",
                    hint="index a generated column instead"
                    + ("; plan and apply refuse it on such a server" if server is None else ""),
                    warning=server is None,
                )
            )
    keyed = [(f"indexes.{n}", i.columns) for n, i in enumerate(table.indexes)]
    keyed += [(f"uniques.{n}", u.columns) for n, u in enumerate(table.uniques)]
    if table.primary_key:
        keyed.append(("primary_key", table.primary_key.columns))
    for where, columns in keyed:
        for name in columns:
            if types.get(name) in _BLOB_TYPES:
                problems.append(
                    Problem(
                        table.name,
                        where,
                        f"column '{name}' is {types[name]}: MySQL cannot index it without a prefix length",
                        hint="use string(n) for indexed text",
                    )
                )
    return problems


def _identity(table: Table) -> list[Problem]:
    identities = [c for c in table.columns if c.identity]
    problems = []
    if len(identities) > 1:
        problems.append(
            Problem(table.name, "columns", "MySQL allows one identity (AUTO_INCREMENT) column per table")
        )
    for column in identities:
        if not canonical_type(column).is_integer:
            problems.append(
                Problem(table.name, f"columns.{column.name}", "an identity column must be an integer type")
            )
        if not table.primary_key or table.primary_key.columns[0] != column.name:
            problems.append(
                Problem(
                    table.name,
                    f"columns.{column.name}",
                    "MySQL needs an AUTO_INCREMENT column to lead the primary key",
                    hint="make it the (first) primary key column",
                )
            )
    return problems


def _blob_defaults(table: Table, warning: bool = False) -> list[Problem]:
    """MySQL (not MariaDB) refuses literal defaults on TEXT, BLOB and JSON columns."""
    return [
        Problem(
            table.name,
            f"columns.{c.name}.default",
            f"MySQL cannot give a {canonical_type(c).name} column a literal default"
            + (" (MariaDB can)" if warning else ""),
            hint="use an expression default, e.g. {sql: \"('')\"}, or string(n)",
            warning=warning,
        )
        for c in table.columns
        if c.default is not None and c.default.kind != "sql" and canonical_type(c).name in _BLOB_TYPES
    ]
