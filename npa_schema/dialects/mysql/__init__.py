"""MySQL 8 and MariaDB 10.6+.

DDL auto-commits on these engines, so ``transactional_ddl`` is False: the executor runs a plan
statement by statement and reports exactly which statements completed when one fails.

Rendering and ``check`` branch on the server (DROP CHECK vs DROP CONSTRAINT, expression indexes), so
workflows use ``DIALECT.for_session(session)``: a copy bound to that server. The module-level
``DIALECT`` is never mutated; unbound (offline) it renders forms both engines accept.
"""

from __future__ import annotations

from collections.abc import Sequence

from npa_schema.dialects.base import Capabilities, Dialect, Problem, Session, Step
from npa_schema.dialects.mysql.driver import ServerInfo
from npa_schema.model import Column, Schema
from npa_schema.ops import Op
from npa_schema.urls import DatabaseURL

#: what ``--dialect mariadb`` targets without a connection: the oldest MariaDB npa supports
MARIADB = ServerInfo(mariadb=True, version=(10, 6))


class MysqlDialect(Dialect):
    name = "mysql"
    sqlglot_name = "mysql"
    capabilities = Capabilities(
        transactional_ddl=False,
        partial_indexes=False,
        native_enums=False,
        comments=True,
        alter_table=True,
        max_identifier=64,
    )

    def __init__(self, server: ServerInfo | None = None) -> None:
        self.server = server

    def for_alias(self, alias: str) -> MysqlDialect:
        """``--dialect mariadb``: checked and rendered for MariaDB (the oldest version supported)."""
        return MysqlDialect(MARIADB) if alias == "mariadb" else self

    def for_session(self, session: Session) -> MysqlDialect:
        from npa_schema.dialects.mysql.driver import MysqlSession

        assert isinstance(session, MysqlSession), "the mysql dialect binds to its own sessions"
        return MysqlDialect(session.server)

    # -- types and normalisation ------------------------------------------------------------------

    def native_type(self, column: Column) -> str:
        from npa_schema.dialects.mysql.types import native_type

        return native_type(column)

    def normalize(self, schema: Schema) -> Schema:
        from npa_schema.dialects.mysql.normalize import normalize

        return normalize(schema)

    def check(self, schema: Schema) -> list[Problem]:
        from npa_schema.dialects.mysql.normalize import check

        return check(schema, self.server)

    # -- SQL --------------------------------------------------------------------------------------

    def render(self, ops: Sequence[Op], current: Schema) -> list[Step]:
        from npa_schema.dialects.mysql.render import MysqlRenderer

        return MysqlRenderer(self.native_type, self.server).render(ops, current)

    def quote(self, identifier: str) -> str:
        return "`" + identifier.replace("`", "``") + "`"

    # -- live database ----------------------------------------------------------------------------

    def connect(self, url: DatabaseURL) -> Session:
        from npa_schema.dialects.mysql.driver import MysqlSession

        return MysqlSession(url)

    def introspect(self, session: Session) -> Schema:
        from npa_schema.dialects.mysql.driver import MysqlSession
        from npa_schema.dialects.mysql.introspect import introspect

        assert isinstance(session, MysqlSession), "the mysql dialect introspects its own sessions"
        return introspect(session)

    def create_database(self, url: DatabaseURL) -> None:
        from npa_schema.dialects.mysql.driver import create_database

        create_database(url)

    def drop_database(self, url: DatabaseURL) -> bool:
        from npa_schema.dialects.mysql.driver import drop_database

        return drop_database(url)


DIALECT = MysqlDialect()
