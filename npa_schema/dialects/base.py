"""The Dialect protocol: everything engine-specific hangs off one object per engine.

A dialect package (``dialects/<name>/``) has ``types.py`` (portable ↔ native types), ``introspect.py``
(catalog → Schema, a fixed number of queries), ``render.py`` (ops → SQL through sqlglot), ``driver.py``
(connection, lock, transactions) and an ``__init__.py`` exposing ``DIALECT``.

Workflows only talk to this interface; they never see a dialect's syntax.
"""

from __future__ import annotations

import sys
import threading
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
    #: conditional blocks outside stored procedures, so an idempotent script can skip what already ran
    #: (``Dialect.script_guard`` and ``Dialect.missing_table_condition``)
    guarded_scripts: bool = False
    #: a column made NOT NULL with a default takes the default where it held NULL (SQLite's rebuild),
    #: rather than the engine refusing the NULLs
    not_null_fills_default: bool = False


@dataclass(frozen=True)
class Step:
    """The SQL for one or more operations. ``in_transaction=False`` marks statements that must run
    after the transaction (e.g. ``CREATE INDEX CONCURRENTLY``)."""

    ops: tuple[Op, ...]
    sql: tuple[str, ...]
    in_transaction: bool = True


def split_steps(steps: Sequence[Step]) -> tuple[list[str], list[str]]:
    """(statements that run inside the transaction, statements that must follow it), in order."""
    inside = [sql for step in steps if step.in_transaction for sql in step.sql]
    after = [sql for step in steps if not step.in_transaction for sql in step.sql]
    return inside, after


@dataclass(frozen=True)
class ScriptPart:
    """One unit of a script to run by hand: ``inside`` runs in one transaction (where the engine has
    transactional DDL and ``transaction`` is set), ``after`` follows it. ``only_if`` is a SQL condition
    guarding the whole part (idempotent scripts; needs ``Capabilities.guarded_scripts``)."""

    inside: tuple[str, ...]
    after: tuple[str, ...] = ()
    comment: str = ""
    only_if: str | None = None
    transaction: bool = True

    @classmethod
    def of(cls, steps: Sequence[Step], comment: str = "") -> ScriptPart:
        inside, after = split_steps(steps)
        return cls(tuple(inside), tuple(after), comment)


@dataclass(frozen=True)
class Problem:
    """A dialect-specific validation problem (e.g. a partial index where the engine has none)."""

    table: str
    field: str
    message: str
    hint: str | None = None
    #: the server decides (an unbound dialect cannot tell): reported, not refused, until connected
    warning: bool = False


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
    def identity(self) -> str:
        """Which database this is, as the server knows it (not as the URL spells it): the same for
        every connection to it, different for any other database. A saved plan records it and is
        refused elsewhere."""

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
        """Problems this engine has with a valid schema (features it lacks, names too long). Bound
        to a server (``for_session``), for that server; unbound, what any supported server refuses
        is an error and what only some refuse is a ``warning``. Workflows call it through
        ``declarative.check_capabilities``, before any statement runs."""
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

    # -- scripts ----------------------------------------------------------------------------------

    #: how a script opens and closes the transaction apply runs in (engines with transactional DDL)
    script_begin = "BEGIN"
    script_commit = "COMMIT"
    #: lines (terminated) before everything else, and before each COMMIT
    script_prologue: tuple[str, ...] = ()
    script_before_commit: tuple[str, ...] = ()

    def script(self, parts: Sequence[ScriptPart], header: Sequence[str] = ()) -> str:
        """Every SQL script npa writes (``plan --format sql``, ``migration script``, ``migrate
        --dry-run``) is written here, so a reviewed script runs as ``apply``/``migrate`` would: same
        transactions, same engine settings. ``header`` lines become comments; an empty script is ''."""
        blocks = [self._script_part(part) for part in parts]
        lines = [f"-- {line}" for line in header] + ([""] if header else [])
        if any(blocks):
            lines += self.script_prologue
            for part, block in zip(parts, blocks, strict=True):
                lines += ([f"-- {part.comment}"] if part.comment else []) + block + [""]
        return "\n".join(lines).rstrip("\n") + "\n" if lines else ""

    def _script_part(self, part: ScriptPart) -> list[str]:
        if part.only_if is not None:
            if part.after:
                raise ValueError("a guarded script part cannot have statements after its transaction")
            return self.script_guard(part.only_if, part.inside)
        after = [f"{sql};" for sql in part.after]
        if not part.inside or not part.transaction or not self.capabilities.transactional_ddl:
            return [f"{sql};" for sql in part.inside] + after
        inside = [f"{sql};" for sql in part.inside]
        return [
            f"{self.script_begin};",
            *inside,
            *self.script_before_commit,
            f"{self.script_commit};",
            *after,
        ]

    def script_guard(self, condition: str, statements: Sequence[str]) -> list[str]:
        """``statements`` run only when the SQL ``condition`` holds, as one block (idempotent scripts)."""
        raise NotImplementedError(f"{self.name} has no conditional blocks outside stored procedures")

    def missing_table_condition(self, table: str) -> str:
        """A SQL condition true when ``table`` does not exist (guards the history table's creation)."""
        raise NotImplementedError(f"{self.name} has no conditional blocks outside stored procedures")

    # -- live database ----------------------------------------------------------------------------

    @abstractmethod
    def connect(self, url: DatabaseURL) -> Session: ...

    def for_alias(self, alias: str) -> Dialect:
        """This dialect as ``--dialect ALIAS`` names it, where an alias names one server flavour
        (``mariadb``); the dialect itself otherwise."""
        return self

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

    def drop_database(self, url: DatabaseURL) -> bool:
        """Drop the URL's database if it exists; whether it did."""
        raise NotImplementedError(f"{self.name}: database drop is not supported")


#: how long a lock acquisition may block before the user is told what it waits for
LOCK_NOTICE_AFTER = 1.0


@contextmanager
def waiting_notice(timeout: float) -> Iterator[None]:
    """Around a lock acquisition that blocks (each Session's ``lock``): once it has waited
    ``LOCK_NOTICE_AFTER`` seconds, say so on stderr, once, so a second ``apply`` does not look hung."""
    if timeout <= LOCK_NOTICE_AFTER:
        yield
        return
    message = f"waiting for the lock held by another npa process (timeout {timeout:g} s)…\n"
    timer = threading.Timer(LOCK_NOTICE_AFTER, lambda: sys.stderr.write(message))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


#: tables the tool owns; introspection never reports them
INTERNAL_TABLES = frozenset({"npa_migrations_history", "npa_migrations_lock"})
