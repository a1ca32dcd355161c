"""SQLite, the embedded default: types, introspection, rendering (with table rebuilds) and driver.

Everything is imported lazily from the methods, so importing the dialect stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from npa_schema.dialects.base import Capabilities, Dialect, Problem, Session, Step
from npa_schema.model import Column, Schema
from npa_schema.ops import Op
from npa_schema.urls import DatabaseURL

if TYPE_CHECKING:
    from npa_schema.dialects.sqlite.render import SqliteRenderer


class SqliteDialect(Dialect):
    name = "sqlite"
    sqlglot_name = "sqlite"
    capabilities = Capabilities(
        transactional_ddl=True,
        partial_indexes=True,
        native_enums=False,
        comments=False,
        alter_table=False,
        not_null_fills_default=True,
    )
    #: scripts run as apply does: foreign-key enforcement off (a rebuild's DROP TABLE would otherwise
    #: run the ON DELETE actions of every child row), and the foreign-key check before each COMMIT
    script_prologue = (
        "-- npa runs this with foreign-key enforcement off: a table rebuild's DROP TABLE would otherwise run ON DELETE actions",
        "PRAGMA foreign_keys = OFF;",
    )
    script_before_commit = (
        "-- must return no rows; if it lists any, ROLLBACK instead of COMMIT",
        "PRAGMA foreign_key_check;",
    )

    def __init__(self) -> None:
        self._renderer: SqliteRenderer | None = None

    def native_type(self, column: Column) -> str:
        from npa_schema.dialects.sqlite.types import column_native_type

        return column_native_type(column)

    def normalize(self, schema: Schema) -> Schema:
        from npa_schema.dialects.sqlite.normalize import normalize

        return normalize(schema)

    def check(self, schema: Schema) -> list[Problem]:
        from npa_schema.dialects.sqlite.normalize import check

        return check(schema)

    def render(self, ops: Sequence[Op], current: Schema) -> list[Step]:
        if self._renderer is None:
            from npa_schema.dialects.sqlite.render import SqliteRenderer

            self._renderer = SqliteRenderer(self.rename_in_expression)
        return self._renderer.render(ops, current)

    def quote(self, identifier: str) -> str:
        return '"' + identifier.replace('"', '""') + '"'

    def connect(self, url: DatabaseURL) -> Session:
        from npa_schema.dialects.sqlite.driver import SqliteSession

        return SqliteSession(url)

    def introspect(self, session: Session) -> Schema:
        from npa_schema.dialects.sqlite.introspect import introspect

        return introspect(session)

    def local_database_exists(self, url: DatabaseURL) -> bool:
        from npa_schema.dialects.sqlite.driver import MEMORY, database_path

        path = database_path(url)
        return path != MEMORY and Path(path).exists()

    def create_database(self, url: DatabaseURL) -> None:
        from npa_schema.dialects.sqlite.driver import create_database

        create_database(url)

    def drop_database(self, url: DatabaseURL) -> bool:
        from npa_schema.dialects.sqlite.driver import drop_database

        return drop_database(url)


DIALECT = SqliteDialect()
