"""The Dialect protocol: everything engine-specific hangs off one object per engine.

A dialect package (``dialects/<name>/``) has ``types.py`` (portable ↔ native types), ``introspect.py``
(catalog → Schema, a fixed number of queries), ``render.py`` (ops → SQL through sqlglot), ``driver.py``
(connection, lock, transactions) and an ``__init__.py`` exposing ``DIALECT``.

Workflows only talk to this interface; they never see a dialect's syntax.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from npa_schema.model import Column, Schema, Table
from npa_schema.ops import Op
from npa_schema.urls import DatabaseURL


@dataclass(frozen=True)
class Capabilities:
    transactional_ddl: bool
    partial_indexes: bool = True
    expression_indexes: bool = True
    native_enums: bool = False
    comments: bool = True
    checks: bool = True
    #: False where most ALTERs need a table rebuild (SQLite)
    alter_table: bool = True
    max_identifier: int = 63


@dataclass(frozen=True)
class Step:
    """The SQL for one or more operations. ``in_transaction=False`` marks statements that must run
    after the transaction (e.g. ``CREATE INDEX CONCURRENTLY``)."""

    ops: tuple[Op, ...]
    sql: tuple[str, ...]
    in_transaction: bool = True


@dataclass(frozen=True)
class Problem:
    """A dialect-specific validation problem (e.g. a partial index where the engine has none)."""

    table: str
    field: str
    message: str
    hint: str | None = None


class Session(ABC):
    """An open connection with the few things the executor needs."""

    url: DatabaseURL
    #: catalog queries issued by introspection (the benchmark prints it; it must not grow with tables)
    query_count: int = 0

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def lock(self, timeout: float) -> Any:
        """Context manager: the one-writer lock for this database (see DESIGN §5)."""

    @abstractmethod
    def transaction(self) -> Any:
        """Context manager: a transaction (or savepoint, when one is open) that rolls back on error."""

    @abstractmethod
    def close(self) -> None: ...

    @contextmanager
    def closing(self) -> Iterator[Session]:
        try:
            yield self
        finally:
            self.close()


class Dialect(ABC):
    name: str
    #: sqlglot's dialect name, for parsing and printing
    sqlglot_name: str
    capabilities: Capabilities
    #: the test suite proves this dialect's SQL on a live server (every convergence case runs on it);
    #: False: rendering only, checked offline (golden files, sqlglot's parser)
    live_tested: bool = True

    # -- types and normalisation ------------------------------------------------------------------

    @abstractmethod
    def native_type(self, column: Column) -> str:
        """The engine's type text for a column (honouring ``sql_type`` overrides)."""

    @abstractmethod
    def normalize(self, schema: Schema) -> Schema:
        """The desired schema as this engine's introspection will report it after apply, so that
        apply-then-plan is empty: types canonicalised, defaults spelled as the engine spells them,
        names the engine forces (e.g. no PK names on SQLite) applied."""

    def check(self, schema: Schema) -> list[Problem]:
        """Problems this engine has with a valid schema (features it lacks, names too long)."""
        return []

    # -- SQL --------------------------------------------------------------------------------------

    @abstractmethod
    def render(self, ops: Sequence[Op], current: Schema) -> list[Step]:
        """SQL for the ordered ops. ``current`` is the schema before them (SQLite rebuilds need it)."""

    def rename_in_expression(self, text: str, old: str, new: str) -> str:
        """``text`` (a CHECK, an index predicate or expression, in this engine's SQL) with column ``old``
        renamed to ``new``, as the engine does on RENAME COLUMN. The model replay
        (``npa_schema.replay``) takes it, so that the differ, migrations and SQLite's rebuild see the
        expressions as the engine has them after a rename."""
        from npa_schema.dialects.sqlbuild import rename_column_in_expression

        return rename_column_in_expression(text, old, new, self.sqlglot_name)

    @abstractmethod
    def quote(self, identifier: str) -> str: ...

    #: how a script opens and closes the transaction apply runs in (engines with transactional DDL)
    script_begin = "BEGIN"
    script_commit = "COMMIT"

    def script(self, steps: Sequence[Step]) -> list[str]:
        """The plan as a script to run by hand, with the same transaction ``apply`` would use, so a
        reviewed script behaves as ``apply`` does. Statements that cannot run in a transaction follow it."""
        inside = [sql for step in steps if step.in_transaction for sql in step.sql]
        after = [sql for step in steps if not step.in_transaction for sql in step.sql]
        if not self.capabilities.transactional_ddl or not inside:
            return [*inside, *after]
        return [self.script_begin, *inside, self.script_commit, *after]

    # -- live database ----------------------------------------------------------------------------

    @abstractmethod
    def connect(self, url: DatabaseURL) -> Session: ...

    def for_session(self, session: Session) -> Dialect:
        """This dialect bound to a live server, for engines whose SQL depends on the server version.
        Workflows render with the bound dialect; the module-level one stays stateless."""
        return self

    @abstractmethod
    def introspect(self, session: Session) -> Schema:
        """The live schema (the tool's own history table excluded)."""

    def reset_identity(self, session: Session, table: Table) -> None:
        """After rows were inserted with explicit identity values (seed data), move the engine's
        counter past them. Engines whose counter follows inserted values need nothing."""
        return None

    def local_database_exists(self, url: DatabaseURL) -> bool:
        """Whether the URL names a database that exists on this machine, known without connecting (a
        SQLite file). A server engine cannot tell without a connection: False."""
        return False

    def create_database(self, url: DatabaseURL) -> None:
        raise NotImplementedError(f"{self.name}: database create is not supported")

    def drop_database(self, url: DatabaseURL) -> None:
        raise NotImplementedError(f"{self.name}: database drop is not supported")


#: tables the tool owns; introspection never reports them
INTERNAL_TABLES = frozenset({"npa_migrations_history", "npa_migrations_lock"})
