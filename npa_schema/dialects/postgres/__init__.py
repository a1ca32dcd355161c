"""The PostgreSQL dialect: one object wiring types, normalisation, rendering, introspection and driver.

The modules beside this one hold the knowledge; this class only points at them. psycopg is imported
by ``driver.py`` when a connection is opened, so offline planning needs no driver.
"""

from __future__ import annotations

from collections.abc import Sequence

from npa_schema.dialects.base import Capabilities, Dialect, Problem, Session, Step
from npa_schema.dialects.postgres import driver, introspect, normalize
from npa_schema.dialects.postgres.normalize import resolve_type
from npa_schema.dialects.postgres.types import native_text
from npa_schema.model import Column, Schema, Table
from npa_schema.ops import Op
from npa_schema.urls import DatabaseURL


class PostgresDialect(Dialect):
    name = "postgres"
    sqlglot_name = "postgres"
    capabilities = Capabilities(
        transactional_ddl=True,
        partial_indexes=True,
        native_enums=True,
        comments=True,
        alter_table=True,
        max_identifier=63,
        guarded_scripts=True,
    )

    def native_type(self, column: Column) -> str:
        column_type, _serial = resolve_type(column)
        if column_type.name == "enum":
            return driver.quote_ident(column_type.enum_name or "")
        return native_text(column_type)

    _last_normalized: tuple[Schema, Schema] | None = None

    def normalize(self, schema: Schema) -> Schema:
        # check() and make_plan() both normalise the same (immutable) desired schema: do it once
        last = self._last_normalized
        if last is not None and last[0] is schema:
            return last[1]
        result = normalize.normalize(schema)
        self._last_normalized = (schema, result)
        return result

    def check(self, schema: Schema) -> list[Problem]:
        return normalize.check(schema, self.normalize(schema))

    def render(self, ops: Sequence[Op], current: Schema) -> list[Step]:
        from npa_schema.dialects.postgres.render import PostgresRenderer

        return PostgresRenderer(self.native_type).render(ops, current)

    def quote(self, identifier: str) -> str:
        return driver.quote_ident(identifier)

    def script_guard(self, condition: str, statements: Sequence[str]) -> list[str]:
        from npa_schema.dialects.postgres import script

        return script.guard(condition, statements)

    def missing_table_condition(self, table: str) -> str:
        from npa_schema.dialects.postgres import script

        return script.missing_table(table)

    def connect(self, url: DatabaseURL) -> Session:
        return driver.connect(url)

    def introspect(self, session: Session) -> Schema:
        return introspect.introspect(session)

    def reset_identity(self, session: Session, table: Table) -> None:
        """Rows inserted with explicit identity values do not move the sequence: move it past them."""
        for column in table.columns:
            if column.identity:
                q_table, q_col = self.quote(table.name), self.quote(column.name)
                session.query(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE((SELECT MAX({q_col}) FROM {q_table}), 0) + 1, false)",
                    (q_table, column.name),
                )

    def create_database(self, url: DatabaseURL) -> None:
        driver.create_database(url)

    def drop_database(self, url: DatabaseURL) -> bool:
        return driver.drop_database(url)


DIALECT = PostgresDialect()

__all__ = ["DIALECT", "PostgresDialect"]
