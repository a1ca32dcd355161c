"""PyMySQL sessions for MySQL 8 and MariaDB: connection, error wrapping, transactions, the GET_LOCK lock.

PyMySQL is imported only when a ``mysql://`` URL is opened, so the CLI and offline rendering never
need it. The server flavour (MariaDB or MySQL, and its version) is read once per session: rendering
and introspection branch on it where the two engines disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from npa_schema.dialects.base import Session, waiting_notice
from npa_schema.errors import ConnectError, DatabaseError, DriverMissingError, LockTimeoutError
from npa_schema.model import short_hash
from npa_schema.urls import DatabaseURL

CONNECT_TIMEOUT = 5
#: every session's sql_mode, whatever the server's default: strict for every table, so a value that
#: does not fit (an over-long string, a number out of range, a NULL into NOT NULL) is an error, never
#: silently truncated or zeroed; and nothing else that changes how our SQL reads (ANSI_QUOTES...)
SQL_MODE = "STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"
#: MySQL refuses GET_LOCK names longer than this
MAX_LOCK_NAME = 64

# server error codes that mean "you cannot connect", with the hint we give for each
_CONNECT_HINTS = {
    1044: "the user has no access to this database; check the grants",
    1045: "check the user name and password in the URL",
    1049: "create it first with: npa database create",
    2003: "is the server running and listening on that host and port?",
    2005: "check the host name in the URL",
    2013: "the server closed the connection; is it a MySQL/MariaDB server?",
}


@dataclass(frozen=True)
class ServerInfo:
    """What ``SELECT VERSION()`` said: ``10.11.19-MariaDB-0+deb12u1`` or ``8.0.36``."""

    mariadb: bool
    version: tuple[int, ...]

    @staticmethod
    def parse(text: str) -> ServerInfo:
        numbers = re.match(r"(\d+)\.(\d+)\.?(\d+)?", text)
        version = tuple(int(n) for n in numbers.groups() if n is not None) if numbers else (0,)
        return ServerInfo("mariadb" in text.lower(), version)

    def at_least(self, *version: int) -> bool:
        return self.version >= version

    @property
    def label(self) -> str:
        return f"{'MariaDB' if self.mariadb else 'MySQL'} {'.'.join(map(str, self.version))}"


def _pymysql() -> Any:
    try:
        import pymysql
    except ImportError as exc:
        raise DriverMissingError(
            "mysql:// URLs need the PyMySQL driver, which is not installed",
            hint="pip install 'npa-schema[mysql]'",
        ) from exc
    return pymysql


def open_connection(url: DatabaseURL, database: str | None) -> Any:
    """A raw autocommit PyMySQL connection (``database=None`` for server-level work)."""
    pymysql = _pymysql()
    try:
        return pymysql.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 3306,
            user=url.username or "root",
            # bytes: PyMySQL would encode a str as latin-1, and fail on any other character
            password=(url.password or "").encode("utf-8"),
            database=database,
            autocommit=True,
            charset="utf8mb4",
            connect_timeout=CONNECT_TIMEOUT,
        )
    except pymysql.err.MySQLError as exc:
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
        detail = exc.args[1] if len(exc.args) > 1 else str(exc)
        raise ConnectError(
            f"cannot connect to {url.masked()}: {detail}",
            hint=_CONNECT_HINTS.get(code or 0, "check the URL, and that the server is up"),
        ) from exc


def lock_name(database: str) -> str:
    name = f"npa-schema:{database}"
    return name if len(name) <= MAX_LOCK_NAME else f"npa-schema:{short_hash(database, length=40)}"


class MysqlSession(Session):
    def __init__(self, url: DatabaseURL) -> None:
        if not url.database:
            raise ConnectError(
                f"the URL {url.masked()} names no database", hint="add it: mysql://user@host:3306/DBNAME"
            )
        self.url = url
        self.query_count = 0
        self._pymysql = _pymysql()
        self.conn = open_connection(url, url.database)
        self._depth = 0
        # TIMESTAMP columns must not grow implicit defaults / ON UPDATE behind our back
        self._raw("SET SESSION explicit_defaults_for_timestamp = 1")
        self._raw(f"SET SESSION sql_mode = '{SQL_MODE}'")
        self.server = ServerInfo.parse(str(self._raw("SELECT VERSION()")[0][0]))

    # -- statements -------------------------------------------------------------------------------

    def _raw(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql, tuple(params) or None)
                return list(cur.fetchall()) if cur.description else []
        except self._pymysql.err.MySQLError as exc:
            raise _database_error(exc, sql, self.server_label) from exc

    @property
    def server_label(self) -> str:
        server = getattr(self, "server", None)
        return server.label if server else "MySQL/MariaDB"

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._raw(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.query_count += 1
        return self._raw(sql, params)

    # -- transactions and the lock ----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """START TRANSACTION/COMMIT, a savepoint when nested. DDL commits implicitly whatever we do;
        this is for data (seeds, backfills)."""
        savepoint = f"npa_sp_{self._depth}"
        self._raw(f"SAVEPOINT {savepoint}" if self._depth else "START TRANSACTION")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._raw(f"ROLLBACK TO SAVEPOINT {savepoint}" if self._depth else "ROLLBACK")
            raise
        self._depth -= 1
        self._raw(f"RELEASE SAVEPOINT {savepoint}" if self._depth else "COMMIT")

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """``GET_LOCK``: held by this connection, so the server releases it if the process dies."""
        name = lock_name(self.url.database or "")
        with waiting_notice(timeout):
            got = self._raw("SELECT GET_LOCK(%s, %s)", (name, max(0.0, float(timeout))))[0][0]
        if got != 1:
            raise LockTimeoutError(
                f"another npa apply or migrate holds the lock on {self.url.masked()} "
                f"(waited {timeout:g} s for '{name}')",
                hint="wait for it to finish, or raise the lock timeout",
            )
        try:
            yield
        finally:
            if self.conn.open:
                self._raw("SELECT RELEASE_LOCK(%s)", (name,))

    def identity(self) -> str:
        """MySQL: the server's ``server_uuid``; MariaDB (which has none): its host name and port;
        then the database."""
        flavour, server = ("MariaDB", "@@hostname") if self.server.mariadb else ("MySQL", "@@server_uuid")
        name, port, database = self._raw(f"SELECT {server}, @@port, DATABASE()")[0]
        return f"{flavour} server {name} port {port} database {database}"

    def close(self) -> None:
        if self.conn.open:
            self.conn.close()


def _database_error(exc: Exception, sql: str, server: str) -> DatabaseError:
    code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
    detail = exc.args[1] if len(exc.args) > 1 else str(exc)
    prefix = f"{server} error {code}" if code else f"{server} error"
    return DatabaseError(f"{prefix}: {detail}\n  in: {sql}", sql=sql)


# -- database create / drop ------------------------------------------------------------------------


def create_database(url: DatabaseURL) -> None:
    _server_level(url, "CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")


def drop_database(url: DatabaseURL) -> bool:
    """False (and nothing done) when there is no such database."""
    return _server_level(url, "DROP DATABASE IF EXISTS {}", only_if_exists=True)


def _server_level(url: DatabaseURL, template: str, only_if_exists: bool = False) -> bool:
    """Runs the statement on the server (no database); with ``only_if_exists``, only when the URL's
    database exists. Whether it ran."""
    if not url.database:
        raise ConnectError(f"the URL {url.masked()} names no database")
    quoted = "`" + url.database.replace("`", "``") + "`"
    conn = open_connection(url, None)
    pymysql = _pymysql()
    sql = template.format(quoted)
    try:
        with conn.cursor() as cur:
            if only_if_exists:
                cur.execute(
                    "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s", (url.database,)
                )
                if not cur.fetchall():
                    return False
            cur.execute(sql)
            return True
    except pymysql.err.MySQLError as exc:
        raise _database_error(exc, sql, "MySQL/MariaDB") from exc
    finally:
        conn.close()
