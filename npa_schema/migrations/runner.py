"""``npa migrate up`` / ``down``: run migration files against a live database, recorded in the history.

Everything happens under the dialect's one-writer lock: read the history, verify checksums, then for
each migration introspect, turn its portable operations into the dialect's (``prepare_ops``), render,
and run the statements through the executor with the history as its journal
(:class:`~npa_schema.migrations.journal.HistoryJournal`). A second ``migrate`` waits on the lock, then
finds nothing left to do.

Transactions (``transaction``, the executor's modes):

* ``each`` (default): one transaction per migration, history row included, where the engine can roll
  DDL back (PostgreSQL, SQLite, SQL Server). A failure leaves nothing of that migration behind.
* ``all``: one transaction around every migration of the run.
* ``none``, and always on MySQL/MariaDB (DDL commits as it runs): statement by statement; the history
  row is written first as ``partial`` and ``statements_done`` advances after each statement, so a
  failed migration resumes after the last completed statement once the cause is fixed.

A failure is a :class:`RunFailed` (an executor ``Stopped``): raised after the lock is left, so on
SQLite, where the lock is the write transaction, the migrations before it still commit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from npa_schema import ops as o
from npa_schema.dialects.base import Dialect, ScriptPart, Session, Step
from npa_schema.errors import ApplyError, MigrationError, NpaError
from npa_schema.executor import MODES, Executor, Progress, Stopped, locked
from npa_schema.migrations.checksum import verify_sum
from npa_schema.migrations.files import MigrationFile, discover, load_ops
from npa_schema.migrations.history import History, HistoryRow, HistorySQL, statements_hash
from npa_schema.migrations.journal import HistoryJournal
from npa_schema.migrations.prepare import prepare_ops, render_ops
from npa_schema.migrations.script import migration_part
from npa_schema.migrations.status import Entry, compute
from npa_schema.model import Schema
from npa_schema.replay import apply_ops
from npa_schema.urls import DatabaseURL


@dataclass
class MigrationResult:
    id: str
    name: str
    direction: str
    status: str  # applied, reverted, failed, rolled_back, dry_run
    statements: list[str] = field(default_factory=list)
    resumed_after: int = 0
    execution_ms: int = 0
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "statements": self.statements,
            "resumed_after": self.resumed_after,
            "execution_ms": self.execution_ms,
            "error": self.error,
        }


@dataclass
class RunReport:
    direction: str
    database: str
    dialect: str
    dry_run: bool
    transaction: str
    planned: list[str] = field(default_factory=list)
    migrations: list[MigrationResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: a dry run: the SQL script the run would execute, history statements included
    script: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "database": self.database,
            "dialect": self.dialect,
            "dry_run": self.dry_run,
            "transaction": self.transaction,
            "planned": self.planned,
            "migrations": [m.to_dict() for m in self.migrations],
            "notes": self.notes,
            "script": self.script,
        }


class RunFailed(Stopped):
    """A migration failed; ``report`` says what completed before it, ``cause`` what went wrong."""

    def __init__(self, report: RunReport, cause: NpaError) -> None:
        self.report, self.cause = report, cause
        super().__init__(cause.message, cause.hint)


@dataclass
class Events:
    """What the CLI hears; all optional. ``progress`` hears the executor's statement events."""

    done: Callable[[MigrationResult], None] | None = None
    progress: Progress | None = None


@dataclass
class _Job:
    file: MigrationFile
    row: HistoryRow | None  # set when resuming a partial/reverting migration


class Runner:
    def __init__(
        self,
        session: Session,
        dialect: Dialect,
        directory: Path,
        *,
        transaction: str = "each",
        lock_timeout: float = 30.0,
        events: Events | None = None,
    ) -> None:
        if transaction not in MODES:
            raise MigrationError(f"--transaction must be one of {', '.join(MODES)}")
        self.session, self.dialect, self.directory = session, dialect, directory
        self.mode = transaction
        self.lock_timeout = lock_timeout
        self.events = events or Events()
        self.history = History(session, dialect)
        self.executor = Executor(session, dialect, transaction, self.events.progress)

    # -- entry points -----------------------------------------------------------------------------

    def up(self, to: str | None = None, dry_run: bool = False, allow_out_of_order: bool = False) -> RunReport:
        files = self._files()
        with locked(self.session, self.lock_timeout):
            if not dry_run:
                self.history.ensure()
            entries = compute(files, self.history.rows())
            _refuse_changed(entries)
            if any(e.state == "reverting" for e in entries):
                name = next(e for e in entries if e.state == "reverting").name
                raise MigrationError(
                    f"migration {name} was reverted only part-way", hint="finish it with: npa migrate down"
                )
            return self._run("up", self._up_jobs(entries, to, allow_out_of_order), dry_run)

    def down(self, to: str | None = None, steps: int | None = None, dry_run: bool = False) -> RunReport:
        files = self._files()
        with locked(self.session, self.lock_timeout):
            entries = compute(files, self.history.rows())
            _refuse_changed(entries)
            partial = [e for e in entries if e.state == "partial"]
            if partial:
                raise MigrationError(
                    f"{partial[0].file.filename if partial[0].file else partial[0].id} is applied only part-way",
                    hint="finish it with `npa migrate up` (after fixing the cause) before reverting",
                )
            return self._run("down", self._down_jobs(entries, to, steps), dry_run)

    # -- choosing what runs -----------------------------------------------------------------------

    def _files(self) -> list[MigrationFile]:
        files = discover(self.directory)
        verify_sum(self.directory, files)
        return files

    def _up_jobs(self, entries: list[Entry], to: str | None, allow_out_of_order: bool) -> list[_Job]:
        if to is not None and not any(e.id == _id(to) for e in entries):
            raise MigrationError(f"there is no migration '{to}'", hint="see: npa migration list")
        late = [e for e in entries if e.state == "out_of_order"]
        if late and not allow_out_of_order:
            names = ", ".join(e.file.filename for e in late if e.file)
            raise MigrationError(
                f"out of order: {names} is older than migrations already applied "
                "(merged from a parallel branch?)",
                hint="check it does not conflict with the newer ones, then re-run with --allow-out-of-order",
            )
        jobs = []
        for e in entries:
            if e.state in ("pending", "out_of_order", "partial") and e.file is not None:
                if to is not None and e.id > _id(to):
                    break
                jobs.append(_Job(e.file, e.row if e.state == "partial" else None))
        return jobs

    def _down_jobs(self, entries: list[Entry], to: str | None, steps: int | None) -> list[_Job]:
        applied = [e for e in reversed(entries) if e.row is not None]
        for e in applied:
            if e.file is None:
                raise MigrationError(
                    f"migration {e.id}_{e.name} is recorded as applied but its file is missing",
                    hint="restore the file from version control to revert it",
                )
        if to is not None:
            target = _id(to)
            if target != "0" and not any(e.id == target for e in entries):
                raise MigrationError(f"there is no migration '{to}'", hint="see: npa migration list")
            chosen = [e for e in applied if e.id > target]
        else:
            chosen = applied[: steps if steps is not None else 1]
        return [_Job(e.file, e.row if e.state == "reverting" else None) for e in chosen if e.file]

    # -- running ----------------------------------------------------------------------------------

    def _run(self, direction: str, jobs: list[_Job], dry_run: bool) -> RunReport:
        report = RunReport(
            direction,
            self.session.url.masked(),
            self.dialect.name,
            dry_run,
            self.mode,
            [j.file.label for j in jobs],
        )
        if not self.dialect.capabilities.transactional_ddl and self.mode != "none":
            report.notes.append(
                f"{self.dialect.name} commits DDL as it runs: statements run one by one and progress is "
                "recorded, so a failed migration resumes where it stopped"
            )
        if not jobs:
            return report
        current = self.dialect.introspect(self.session)
        if dry_run:
            self._dry_run(direction, jobs, current, report)
            return report
        try:
            with self.executor.batch():
                for job in jobs:
                    self._report(report, self._execute(direction, job, current, report))
                    current = self.dialect.introspect(self.session)
        except RunFailed as failed:
            if self.executor.batched:
                for m in failed.report.migrations:
                    if m.status in ("applied", "reverted"):
                        m.status = "rolled_back"
            raise
        return report

    def _report(self, report: RunReport, result: MigrationResult) -> None:
        report.migrations.append(result)
        if self.events.done:
            self.events.done(result)

    def _render(
        self, job: _Job, direction: str, current: Schema, report: RunReport
    ) -> tuple[list[o.Op], list[str], list[str]]:
        """(prepared ops, statements in the transaction, statements after it)."""
        try:
            ops = load_ops(job.file, direction, self.dialect.name)
            prepared = prepare_ops(ops, self.dialect, current)
            inside, after = render_ops(self.dialect, prepared, current)
        except NpaError as exc:
            raise RunFailed(report, exc) from exc
        return prepared, inside, after

    def _execute(self, direction: str, job: _Job, current: Schema, report: RunReport) -> MigrationResult:
        _prepared, inside, after = self._render(job, direction, current, report)
        steps = [Step((), tuple(inside)), Step((), tuple(after), in_transaction=False)]
        result = MigrationResult(
            job.file.id, job.file.name, direction, "applied" if direction == "up" else "reverted"
        )
        journal = HistoryJournal(self.history, job.file, direction)
        try:
            resume = _resume_point(job, [*inside, *after])
            ran = self.executor.run(steps, job.file.filename, journal, resume)
        except NpaError as exc:
            result.status, result.error = "failed", exc.message
            result.statements = list(exc.ran) if isinstance(exc, ApplyError) else []
            result.execution_ms = journal.ms
            self._report(report, result)
            raise RunFailed(report, exc) from exc
        result.statements, result.resumed_after = ran.statements, ran.resumed_after
        result.execution_ms = journal.ms
        return result

    def _dry_run(self, direction: str, jobs: list[_Job], current: Schema, report: RunReport) -> None:
        """Render each migration against the schema the ones before it leave (replayed on the model),
        and write the script ``migrate`` would run, history statements included."""
        history = HistorySQL(self.dialect)
        parts = []
        for job in jobs:
            prepared, inside, after = self._render(job, direction, current, report)
            resume = job.row.statements_done if job.row else None
            parts.append(migration_part(history, job.file, direction, inside, after, resume))
            self._report(
                report, MigrationResult(job.file.id, job.file.name, direction, "dry_run", [*inside, *after])
            )
            current = _simulated(current, prepared, self.dialect)
        header = [f"npa migrate {direction} --dry-run on {report.database}: the SQL the run would execute"]
        report.script = self.dialect.script(_in_mode(parts, self.mode), header)


def _resume_point(job: _Job, statements: list[str]) -> int | None:
    """How many statements an earlier run completed (None: a fresh run)."""
    if job.row is None:
        return None
    done = job.row.statements_done
    if done > len(statements) or statements_hash(statements[:done]) != job.row.done_hash:
        raise MigrationError(
            f"{job.file.filename}: the {done} statement(s) that already ran are not the first "
            f"statements of the file any more",
            hint="edit only the statements after them; or repair by hand and fix the history row",
        )
    return done


def _in_mode(parts: list[ScriptPart], mode: str) -> list[ScriptPart]:
    """The script parts as ``--transaction`` runs them: one transaction each, one for all, or none."""
    if mode == "none":
        return [dataclasses.replace(p, transaction=False) for p in parts]
    if mode == "all" and len(parts) > 1:
        inside = tuple(sql for p in parts for sql in p.inside)
        after = tuple(sql for p in parts for sql in p.after)
        return [ScriptPart(inside, after, ", ".join(p.comment for p in parts))]
    return parts


def _refuse_changed(entries: list[Entry]) -> None:
    changed = [e for e in entries if e.state == "changed"]
    if changed:
        names = ", ".join(e.file.filename for e in changed if e.file)
        raise MigrationError(
            f"applied migration(s) changed since they ran: {names}",
            hint="restore the file as it was applied; put new changes in a new migration (npa migration add)",
        )


def _id(text: str) -> str:
    return text.split("_", 1)[0]


def _simulated(current: Schema, ops: list[o.Op], dialect: Dialect) -> Schema:
    try:
        return apply_ops(current, ops, dialect.rename_in_expression)
    except MigrationError:
        return current


# --- by URL ---------------------------------------------------------------------------------------


def migrate(
    url: str | DatabaseURL,
    directory: Path,
    direction: str,
    *,
    to: str | None = None,
    steps: int | None = None,
    dry_run: bool = False,
    allow_out_of_order: bool = False,
    transaction: str = "each",
    lock_timeout: float = 30.0,
    events: Events | None = None,
) -> RunReport:
    """Library entry point: ``migrate(url, Path("migrations"), "up")``."""
    from npa_schema.dialects import connect

    with connect(url) as (dialect, session):
        runner = Runner(
            session, dialect, directory, transaction=transaction, lock_timeout=lock_timeout, events=events
        )
        if direction == "up":
            return runner.up(to=to, dry_run=dry_run, allow_out_of_order=allow_out_of_order)
        return runner.down(to=to, steps=steps, dry_run=dry_run)
