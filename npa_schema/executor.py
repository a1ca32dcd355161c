"""The one way npa runs SQL against a live database, for ``apply`` and ``migrate`` alike.

An :class:`Executor` runs lists of :class:`Step` on one session under a transaction mode:

* ``each`` (the default): a run's statements in one transaction where the engine can roll DDL back
  (PostgreSQL, SQLite, SQL Server); statements that cannot run in one (``in_transaction=False``) after it.
* ``all``: as ``each``, inside the one transaction :meth:`Executor.batch` opens around several runs.
* ``none``, and always where DDL commits as it runs (MySQL/MariaDB): statement by statement.

What completed is told to a :class:`Journal` (the migration history; ``apply`` needs none), so a run
that stops part-way where statements commit on their own can resume, and to a :class:`Progress`
(the CLI's bar). A failure is an :class:`ApplyError` naming what ran, what failed, what did not run,
and whether it was rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from npa_schema.dialects.base import Dialect, Session, Step, split_steps
from npa_schema.errors import ApplyError, DatabaseError, NpaError

MODES = ("each", "all", "none")


@dataclass
class ApplyResult:
    """What a run executed: ``ran`` (in its transaction, or one by one), then ``after_transaction``."""

    ran: list[str] = field(default_factory=list)
    after_transaction: list[str] = field(default_factory=list)
    #: statements an earlier, interrupted run had completed (skipped by this one)
    resumed_after: int = 0

    @property
    def statements(self) -> list[str]:
        return [*self.ran, *self.after_transaction]


class Journal:
    """Durable progress of a run, told as it happens; the migration history implements it. ``done``
    counts statements from the start of ``statements`` (a resumed run included)."""

    #: how to go on after a failure that left completed statements applied
    retry_hint = "fix the cause, then run apply again: it plans from where the database is now"

    def begin(self, done: int, statements: Sequence[str]) -> None:
        """Recording starts: inside the transaction after its statements, or before the first statement
        of a statement-by-statement run. Not called when a run resumes."""

    def advance(self, done: int, statements: Sequence[str]) -> None:
        """A statement that committed on its own completed."""

    def failed(self, error: str) -> None:
        """A statement that would have committed on its own failed; those before it stay."""

    def finish(self, statements: Sequence[str]) -> None:
        """Every statement ran."""


class Progress:
    """Statement events for a progress display (the CLI's bar); silent by default."""

    def expect(self, total: int) -> None:
        """``total`` more statements are about to run."""

    def advance(self, sql: str) -> None:
        """One statement completed."""


class Stopped(NpaError):
    """A failure after which what completed must stay; :func:`locked` raises it after the lock."""


@contextmanager
def locked(session: Session, timeout: float) -> Iterator[None]:
    """The one-writer lock (DESIGN §5) around a whole workflow. A :class:`Stopped` failure leaves the
    lock normally and is raised after it: on SQLite the lock is the write transaction, and leaving it
    by an exception would roll back what completed before the failure. Anything else rolls back."""
    stopped: list[Stopped] = []
    with session.lock(timeout):
        try:
            yield
        except Stopped as exc:
            stopped.append(exc)
    if stopped:
        raise stopped[0]


class Executor:
    def __init__(
        self, session: Session, dialect: Dialect, mode: str = "each", progress: Progress | None = None
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"transaction mode must be one of {', '.join(MODES)}")
        self.session, self.dialect, self.mode = session, dialect, mode
        self.progress = progress or Progress()

    @property
    def transactional(self) -> bool:
        """Runs are rolled back whole on failure (else statements commit one by one)."""
        return self.dialect.capabilities.transactional_ddl and self.mode != "none"

    @property
    def batched(self) -> bool:
        """:meth:`batch` wraps several runs in one transaction."""
        return self.transactional and self.mode == "all"

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Mode ``all``: one transaction around the runs inside (theirs become savepoints)."""
        if not self.batched:
            yield
            return
        with self.session.transaction():
            yield

    def run(
        self,
        steps: Sequence[Step],
        label: str = "apply",
        journal: Journal | None = None,
        resume_after: int | None = None,
    ) -> ApplyResult:
        """Execute ``steps``; the caller holds the lock. ``resume_after``: statements an earlier run
        completed (skipped; the rest run one by one). Raises ApplyError saying exactly what ran."""
        journal = journal or Journal()
        inside, after = split_steps(steps)
        statements = [*inside, *after]
        first = resume_after or 0
        self.progress.expect(len(statements) - first)
        if resume_after is None and self.transactional:
            self._in_transaction(inside, statements, label, journal)
            first = len(inside)
        elif resume_after is None:
            journal.begin(0, statements)
        for i in range(first, len(statements)):
            self._on_its_own(statements, i, label, journal)
        journal.finish(statements)
        return ApplyResult(inside, after, resume_after or 0)

    def _in_transaction(self, inside: list[str], statements: list[str], label: str, journal: Journal) -> None:
        done = 0
        try:
            with self.session.transaction():
                for sql in inside:
                    self._execute(sql)
                    done += 1
                journal.begin(done, statements)
        except DatabaseError as exc:
            failed = inside[done] if done < len(inside) else exc.sql or "(commit)"
            raise ApplyError(
                f"{label} failed and was rolled back; nothing of it remains.\n{exc.message}",
                ran=[],
                failed=failed,
                pending=statements[done + 1 :] if done < len(inside) else statements[done:],
                rolled_back=True,
                hint=exc.hint or "fix the cause, then run it again",
            ) from exc

    def _on_its_own(self, statements: list[str], i: int, label: str, journal: Journal) -> None:
        try:
            self._execute(statements[i])
        except DatabaseError as exc:
            journal.failed(exc.message)
            raise ApplyError(
                f"{label} stopped at statement {i + 1} of {len(statements)}; the {i} before it completed "
                f"and stay applied (this engine commits DDL as it runs).\n{exc.message}",
                ran=statements[:i],
                failed=statements[i],
                pending=statements[i + 1 :],
                rolled_back=False,
                hint=journal.retry_hint,
            ) from exc
        journal.advance(i + 1, statements)

    def _execute(self, sql: str) -> None:
        self.session.execute(sql)
        self.progress.advance(sql)
