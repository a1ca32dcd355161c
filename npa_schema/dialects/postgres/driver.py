"""psycopg 3 connection, the one-writer lock, transactions and database create/drop.

The connection is in autocommit mode, so nothing is held open between statements unless
:meth:`PostgresSession.transaction` says so. The lock is a session-level advisory lock on a fixed key:
the server releases it when the connection ends, so a killed process never leaves it behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from npa_schema.dialects.base import Session, waiting_notice
from npa_schema.errors import ConnectError, DatabaseError, DriverMissingError, LockTimeoutError
from npa_schema.urls import DatabaseURL

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT = 5
MAINTENANCE_DB = "postgres"
#: the advisory lock key: the first 8 bytes of SHA-256("npa-schema"), as a signed 64-bit integer
LOCK_KEY = int.from_bytes(hashlib.sha256(b"npa-schema").digest()[:8], "big", signed=True)
#: URL query parameters that are ours, not libpq's
OWN_PARAMS = frozenset({"schema"})
LOCK_NOT_AVAILABLE = "55P03"


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:
        raise DriverMissingError(
            "PostgreSQL needs the psycopg driver, which is not installed",
            hint="pip install 'npa-schema[postgres]'",
        ) from exc
    return psycopg


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _mask(text: str, url: DatabaseURL) -> str:
    if url.password:
        text = text.replace(url.password, "***")
    return text


def _connect_hint(message: str, url: DatabaseURL) -> str:
    lowered = message.lower()
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if "does not exist" in lowered and "database" in lowered:
        return "create it with: npa database create (with the same --url)"
    if "password" in lowered or "authentication" in lowered:
        return "check the user name and password in the URL"
    if "role" in lowered and "does not exist" in lowered:
        return "check the user name in the URL"
    return f"is PostgreSQL running and reachable at {where}?"


def open_connection(url: DatabaseURL, database: str | None = None) -> psycopg.Connection:
    """An autocommit connection, or ConnectError with the masked URL and a hint."""
    psycopg = _psycopg()
    options: dict[str, Any] = {k: v for k, v in url.query if k not in OWN_PARAMS}
    options.update(
        host=url.host or options.get("host"),
        port=url.port or options.get("port"),
        user=url.username or options.get("user"),
        password=url.password or options.get("password"),
        dbname=database or url.database or options.get("dbname"),
        connect_timeout=CONNECT_TIMEOUT,
        application_name=options.get("application_name", "npa-schema"),
    )
    options = {k: v for k, v in options.items() if v is not None}
    try:
        return psycopg.connect(autocommit=True, **options)
    except psycopg.Error as exc:
        detail = _mask(" ".join(str(exc).split()), url)
        raise ConnectError(
            f"cannot connect to {url.masked()}: {detail}", hint=_connect_hint(detail, url)
        ) from None


def _database_error(exc: Exception, sql: str, url: DatabaseURL) -> DatabaseError:
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) or str(exc).strip()
    detail = getattr(diag, "message_detail", None)
    hint = getattr(diag, "message_hint", None)
    message = primary if not detail else f"{primary} ({detail})"
    return DatabaseError(_mask(message, url), sql=sql, hint=hint)


class PostgresSession(Session):
    def __init__(self, url: DatabaseURL, connection: psycopg.Connection) -> None:
        self.url = url
        self.conn = connection
        self.query_count = 0
        self._psycopg = _psycopg()
        schema = url.params.get("schema")
        if schema:
            self.execute(f"SET search_path TO {quote_ident(schema)}")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql, params or None)
        except self._psycopg.Error as exc:
            raise _database_error(exc, sql, self.url) from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql, params or None)
                return list(cur.fetchall()) if cur.description else []
        except self._psycopg.Error as exc:
            raise _database_error(exc, sql, self.url) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN/COMMIT, or a savepoint inside an open transaction; rolls back on any exception."""
        with self.conn.transaction():
            yield

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """Waits up to ``timeout`` seconds on the server (``lock_timeout``) for the advisory lock."""
        if not self._acquire(timeout):
            raise LockTimeoutError(
                f"another npa process holds the lock on {self.url.masked()} (waited {timeout:g}s)",
                hint="wait for it to finish, or raise the lock timeout",
            )
        try:
            yield
        finally:
            if not self.conn.closed:
                self.query("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))

    def _acquire(self, timeout: float) -> bool:
        if timeout <= 0:
            return bool(self.query("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,))[0][0])
        milliseconds = max(1, int(timeout * 1000))
        try:
            self.query("SELECT set_config('lock_timeout', %s, false)", (f"{milliseconds}ms",))
            with waiting_notice(timeout):
                self.query("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        except DatabaseError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            return False
        finally:
            self.query("SELECT set_config('lock_timeout', '0', false)")
        return True

    def identity(self) -> str:
        """The cluster's ``system_identifier`` (from its control file, unique per ``initdb``), the
        port it listens on and the database."""
        cluster, port, database = self.query(
            "SELECT system_identifier, current_setting('port'), current_database() FROM pg_control_system()"
        )[0]
        return f"postgres cluster {cluster} port {port} database {database}"

    def close(self) -> None:
        if not self.conn.closed:
            self.conn.close()


def connect(url: DatabaseURL) -> PostgresSession:
    return PostgresSession(url, open_connection(url))


def _database_name(url: DatabaseURL) -> str:
    if not url.database:
        raise ConnectError(f"the URL {url.masked()} names no database")
    return url.database


def create_database(url: DatabaseURL) -> None:
    """Creates the URL's database from the ``postgres`` maintenance database; a no-op when it exists."""
    name = _database_name(url)
    with open_connection(url, MAINTENANCE_DB) as conn:
        session = PostgresSession(url, conn)
        if session.query("SELECT 1 FROM pg_database WHERE datname = %s", (name,)):
            return
        session.execute(f"CREATE DATABASE {quote_ident(name)}")


def drop_database(url: DatabaseURL) -> bool:
    """Drops the URL's database (closing other sessions on it, PostgreSQL 13+); False when absent."""
    name = _database_name(url)
    with open_connection(url, MAINTENANCE_DB) as conn:
        session = PostgresSession(url, conn)
        if not session.query("SELECT 1 FROM pg_database WHERE datname = %s", (name,)):
            return False
        force = " WITH (FORCE)" if conn.info.server_version >= 130000 else ""
        session.execute(f"DROP DATABASE IF EXISTS {quote_ident(name)}{force}")
        return True
