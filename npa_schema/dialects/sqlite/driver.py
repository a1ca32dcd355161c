"""The SQLite session: stdlib ``sqlite3``, explicit transactions, ``BEGIN IMMEDIATE`` as the lock.

Foreign-key enforcement is OFF for the whole session: a table rebuild drops the old table, and with
enforcement on that DROP would run the ON DELETE actions of every child row (cascade-deleting them).
Instead the outermost transaction (or the lock) runs ``PRAGMA foreign_key_check`` before it
commits, and rolls back naming the table if any row breaks a foreign key.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from npa_schema.dialects.base import Session, waiting_notice
from npa_schema.errors import ConnectError, DatabaseError, LockTimeoutError
from npa_schema.urls import DatabaseURL

MEMORY = ":memory:"
#: how long an ordinary statement waits for another connection's lock (the npa lock sets its own)
BUSY_TIMEOUT_MS = 5000


def database_path(url: DatabaseURL) -> str:
    return url.database or MEMORY


class SqliteSession(Session):
    """A database file that does not exist yet is not created by reading it (``npa plan`` has no side
    effects): until the first write, lock or transaction the session reads an empty in-memory
    database, and only then creates the file (and its folders)."""

    def __init__(self, url: DatabaseURL) -> None:
        self.url = url
        self.query_count = 0
        path = database_path(url)
        self._pending: str | None = path if path != MEMORY and not Path(path).exists() else None
        self.conn = self._open(MEMORY if self._pending else path)
        self._depth = 0  # open transaction()s
        self._locked = False
        self._dirty = False  # statements ran since the last foreign_key_check

    def _open(self, path: str) -> sqlite3.Connection:
        try:
            if path != MEMORY:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=0)
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except (OSError, sqlite3.Error) as exc:
            raise ConnectError(f"cannot open SQLite database {self.url.masked()}: {exc}") from exc
        return conn

    def _materialize(self) -> None:
        """Create the database file on the first write."""
        if self._pending is not None:
            path, self._pending = self._pending, None
            self.conn.close()
            self.conn = self._open(path)

    # -- statements -------------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._materialize()
        try:
            self.conn.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise DatabaseError(f"SQLite: {exc}", sql=sql) from exc
        self._dirty = True

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return list(self.conn.execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as exc:
            raise DatabaseError(f"SQLite: {exc}", sql=sql) from exc

    def _raw(self, sql: str) -> None:
        try:
            self.conn.execute(sql)
        except sqlite3.Error as exc:
            raise DatabaseError(f"SQLite: {exc}", sql=sql) from exc

    # -- lock and transactions --------------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` takes SQLite's one write lock; a second writer waits ``timeout``
        seconds (busy_timeout), then fails. Leaving commits, an exception rolls back."""
        self._materialize()
        if self._locked:
            yield
            return
        self.conn.execute(f"PRAGMA busy_timeout = {max(0, int(timeout * 1000))}")
        try:
            with waiting_notice(timeout):
                self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise LockTimeoutError(
                    f"another npa process holds the database {self.url.masked()} "
                    f"(waited {timeout:g}s for its write lock)",
                    hint="wait for the other apply/migrate to finish, or raise the lock timeout",
                ) from exc
            raise DatabaseError(f"SQLite: {exc}", sql="BEGIN IMMEDIATE") from exc
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._locked = True
        try:
            yield
            self._finish()
        except BaseException:
            self._rollback()
            raise
        finally:
            self._locked = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A SAVEPOINT inside an open transaction (the lock's), else ``BEGIN IMMEDIATE``..``COMMIT``."""
        self._materialize()
        if self.conn.in_transaction:
            self._depth += 1
            name = f"npa_sp_{self._depth}"
            self._raw(f'SAVEPOINT "{name}"')
            try:
                yield
                if self._depth == 1:
                    self.check_foreign_keys()
            except BaseException:
                self._raw(f'ROLLBACK TO "{name}"')
                self._raw(f'RELEASE "{name}"')
                raise
            else:
                self._raw(f'RELEASE "{name}"')
            finally:
                self._depth -= 1
            return
        self._raw("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
            self._finish()
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth -= 1

    def _finish(self) -> None:
        self.check_foreign_keys()
        self._raw("COMMIT")

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self._dirty = False

    def check_foreign_keys(self) -> None:
        """Fail (the caller rolls back) when a row breaks a foreign key: enforcement is off, so this
        is where a plan that orphans rows is caught."""
        if not self._dirty:
            return
        rows = self.query("PRAGMA foreign_key_check")
        if rows:
            table, rowid, parent, _fk = rows[0]
            tables = sorted({r[0] for r in rows})
            raise DatabaseError(
                f"foreign key violation: {len(rows)} row(s) of table '{table}' (first rowid {rowid}) "
                f"reference missing rows of '{parent}'"
                + (f"; tables affected: {', '.join(tables)}" if len(tables) > 1 else ""),
                sql="PRAGMA foreign_key_check",
                hint="fix or delete the orphaned rows, then apply again",
            )
        self._dirty = False

    def identity(self) -> str:
        """The database file's absolute path (links resolved), however the URL spelled it."""
        path = database_path(self.url)
        return "sqlite in memory" if path == MEMORY else f"sqlite file {Path(path).resolve()}"

    def close(self) -> None:
        self.conn.close()


def create_database(url: DatabaseURL) -> None:
    path = database_path(url)
    if path == MEMORY:
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()


def drop_database(url: DatabaseURL) -> bool:
    """Deletes the file (and its journal); False when there was no file."""
    path = database_path(url)
    if path == MEMORY:
        return False
    existed = Path(path).exists()
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)
    return existed
