"""SQL Server connections through pyodbc: connection string, transactions, the one-writer lock.

This module has never run against a server (there is none where it was written, and pyodbc needs
unixODBC plus Microsoft's ODBC driver). It is kept deliberately plain so that it can be checked by
reading: autocommit connection, explicit ``BEGIN TRANSACTION`` / ``COMMIT`` / ``ROLLBACK``,
``sp_getapplock`` with a session owner. pyodbc is imported only when a ``mssql://`` URL is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from npa_schema.dialects.base import Session, waiting_notice
from npa_schema.errors import ConnectError, DatabaseError, DriverMissingError, LockTimeoutError
from npa_schema.urls import DatabaseURL, mask_url

DEFAULT_DRIVER = "ODBC Driver 18 for SQL Server"
DEFAULT_PORT = 1433
LOCK_RESOURCE = "npa-schema"
#: URL query parameters passed through to the ODBC connection string as they are
PASSTHROUGH = ("Encrypt", "TrustServerCertificate", "ApplicationIntent", "MultiSubnetFailover")

INSTALL_HINT = (
    "install unixODBC (apt-get install unixodbc), Microsoft's ODBC Driver 18 for SQL Server "
    "(https://learn.microsoft.com/sql/connect/odbc/linux-mac/installing-the-microsoft-odbc-driver-for-sql-server), "
    "and pyodbc: pip install 'npa-schema[mssql]'"
)


def import_pyodbc() -> Any:
    try:
        import pyodbc
    except ImportError as exc:  # no pyodbc, or pyodbc without libodbc.so.2
        missing = "libodbc.so.2 (unixODBC)" if "libodbc" in str(exc) else "pyodbc"
        raise DriverMissingError(
            f"SQL Server needs {missing}, which is not installed", hint=INSTALL_HINT
        ) from exc
    return pyodbc


def _odbc_value(value: str) -> str:
    """ODBC attribute values in braces, ``}`` doubled, so ``;`` or ``=`` in a password is harmless."""
    return "{" + value.replace("}", "}}") + "}"


def connection_string(url: DatabaseURL, database: str | None = None) -> str:
    params = url.params
    parts = [
        f"DRIVER={_odbc_value(params.get('driver', DEFAULT_DRIVER))}",
        f"SERVER={url.host or 'localhost'},{url.port or DEFAULT_PORT}",
    ]
    db = database if database is not None else url.database
    if db:
        parts.append(f"DATABASE={_odbc_value(db)}")
    if url.username:
        parts.append(f"UID={_odbc_value(url.username)}")
        parts.append(f"PWD={_odbc_value(url.password or '')}")
    else:
        parts.append("Trusted_Connection=yes")
    parts += [f"{key}={params[key]}" for key in PASSTHROUGH if key in params]
    return ";".join(parts)


def _masked(text: str, url: DatabaseURL) -> str:
    text = mask_url(text)
    return text.replace(url.password, "***") if url.password else text


def _open(url: DatabaseURL, database: str | None = None) -> Any:
    pyodbc = import_pyodbc()
    try:
        return pyodbc.connect(connection_string(url, database), autocommit=True, timeout=10)
    except pyodbc.Error as exc:
        message = _masked(str(exc), url)
        hint = INSTALL_HINT if "Can't open lib" in message or "IM002" in message else None
        raise ConnectError(f"cannot connect to {url.masked()}: {message}", hint=hint) from exc


def connect(url: DatabaseURL) -> MssqlSession:
    return MssqlSession(url, _open(url))


class MssqlSession(Session):
    def __init__(self, url: DatabaseURL, conn: Any) -> None:
        self.url = url
        self.conn = conn
        self.query_count = 0
        self._depth = 0
        self._errors = import_pyodbc().Error

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        try:
            cursor = self.conn.cursor()
            cursor.execute(sql, *params)
            return cursor
        except self._errors as exc:
            raise DatabaseError(_masked(str(exc), self.url), sql=sql) from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._run(sql, params).close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.query_count += 1
        cursor = self._run(sql, params)
        try:
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The outermost call is a transaction; nested calls are savepoints."""
        savepoint = f"npa_sp{self._depth}"
        self.execute("BEGIN TRANSACTION" if self._depth == 0 else f"SAVE TRANSACTION {savepoint}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            # Some errors roll the whole transaction back on their own (XACT_STATE() = -1 or 0), so
            # roll back only what is still there; a failing rollback must not hide the cause.
            with suppress(DatabaseError):
                self.execute(
                    "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION"
                    if self._depth == 0
                    else f"IF XACT_STATE() = 1 ROLLBACK TRANSACTION {savepoint}"
                )
            raise
        self._depth -= 1
        if self._depth == 0:
            self.execute("COMMIT TRANSACTION")

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """``sp_getapplock`` owned by the session: released explicitly, or when the connection ends."""
        with waiting_notice(timeout):
            rows = self.query(
                "SET NOCOUNT ON; DECLARE @r INT; "
                f"EXEC @r = sp_getapplock @Resource = N'{LOCK_RESOURCE}', @LockMode = N'Exclusive', "
                "@LockOwner = N'Session', @LockTimeout = ?; SELECT @r",
                (int(timeout * 1000),),
            )
        result = rows[0][0] if rows else -999
        if result < 0:
            raise LockTimeoutError(
                f"another npa apply or migrate holds the lock on {self.url.masked()} "
                f"(sp_getapplock returned {result} after {timeout:g}s)",
                hint="wait for it to finish, or raise the lock timeout",
            )
        try:
            yield
        finally:
            self.execute(f"EXEC sp_releaseapplock @Resource = N'{LOCK_RESOURCE}', @LockOwner = N'Session'")

    def identity(self) -> str:
        """The server's name and the database's ``database_guid`` (unique per database)."""
        server, database, guid = self.query(
            "SELECT @@SERVERNAME, DB_NAME(), CONVERT(nvarchar(36), database_guid) "
            "FROM sys.database_recovery_status WHERE database_id = DB_ID()"
        )[0]
        return f"mssql server {server} database {database} ({guid})"

    def close(self) -> None:
        self.conn.close()


def _on_master(url: DatabaseURL, sql: str) -> None:
    conn = _open(url, database="master")
    try:
        MssqlSession(url, conn).execute(sql)
    finally:
        conn.close()


def create_database(url: DatabaseURL, quote: Callable[[str], str]) -> None:
    if not url.database:
        raise ConnectError(f"{url.masked()} names no database to create")
    _on_master(url, f"CREATE DATABASE {quote(url.database)}")


def drop_database(url: DatabaseURL, quote: Callable[[str], str]) -> bool:
    if not url.database:
        raise ConnectError(f"{url.masked()} names no database to drop")
    conn = _open(url, database="master")
    try:
        session = MssqlSession(url, conn)
        if not session.query("SELECT 1 FROM sys.databases WHERE name = ?", (url.database,)):
            return False
        session.execute(f"DROP DATABASE {quote(url.database)}")
        return True
    finally:
        conn.close()
