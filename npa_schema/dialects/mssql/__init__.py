"""The SQL Server dialect: one object wiring types, normalisation, rendering, introspection, driver.

Nothing here has run against a live SQL Server yet: rendering is checked by golden files and
sqlglot's T-SQL parser, introspection by its row→model functions (docs/dialects/mssql.md says
exactly what is and is not verified). pyodbc is imported only when a connection is opened.
"""

from __future__ import annotations

from collections.abc import Sequence

from npa_schema.dialects.base import Capabilities, Dialect, Problem, Session, Step
from npa_schema.dialects.mssql import normalize as nz
from npa_schema.dialects.mssql import types as mt
from npa_schema.dialects.mssql.render import DEFAULT_SCHEMA, MAX_IDENTIFIER, MssqlRenderer
from npa_schema.model import Column, Schema
from npa_schema.ops import Op
from npa_schema.urls import DatabaseURL


class MssqlDialect(Dialect):
    name = "mssql"
    sqlglot_name = "tsql"
    script_begin = "BEGIN TRANSACTION"
    script_commit = "COMMIT TRANSACTION"
    live_tested = False
    capabilities = Capabilities(
        transactional_ddl=True,
        partial_indexes=True,
        expression_indexes=False,
        native_enums=False,
        comments=True,
        alter_table=True,
        max_identifier=MAX_IDENTIFIER,
        guarded_scripts=True,
    )

    def native_type(self, column: Column) -> str:
        return mt.native_type(column)

    def normalize(self, schema: Schema) -> Schema:
        return nz.normalize(schema)

    def normalize_column(self, column: Column) -> Column:
        return nz.normalize_column(column)

    def check(self, schema: Schema) -> list[Problem]:
        return nz.check(schema)

    def render(self, ops: Sequence[Op], current: Schema) -> list[Step]:
        return MssqlRenderer(self.native_type, DEFAULT_SCHEMA).render(ops, current)

    def quote(self, identifier: str) -> str:
        return "[" + identifier.replace("]", "]]") + "]"

    def script_guard(self, condition: str, statements: Sequence[str]) -> list[str]:
        from npa_schema.dialects.mssql import script

        return script.guard(condition, statements)

    def missing_table_condition(self, table: str) -> str:
        from npa_schema.dialects.mssql import script

        return script.missing_table(table)

    def connect(self, url: DatabaseURL) -> Session:
        from npa_schema.dialects.mssql.driver import connect

        return connect(url)

    def introspect(self, session: Session) -> Schema:
        from npa_schema.dialects.mssql.introspect import introspect

        return introspect(session)

    def create_database(self, url: DatabaseURL) -> None:
        from npa_schema.dialects.mssql.driver import create_database

        create_database(url, self.quote)

    def drop_database(self, url: DatabaseURL) -> bool:
        from npa_schema.dialects.mssql.driver import drop_database

        return drop_database(url, self.quote)


DIALECT = MssqlDialect()
