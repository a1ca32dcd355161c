"""``npa migrate up`` / ``down``: run migration files against a live database, recorded in the history.

Everything happens under the dialect's one-writer lock: read the history, verify checksums, then for
each migration introspect, turn its portable operations into the dialect's (``prepare_ops``), render
and execute. A second ``migrate`` waits on the lock, then finds nothing left to do.

Transactions (``transaction``):

* ``each`` (default): one transaction per migration, history row included, where the engine can roll
  DDL back (PostgreSQL, SQLite, SQL Server). A failure leaves nothing of that migration behind.
* ``all``: one transaction around every migration of the run.
* ``none``, and always on MySQL/MariaDB (DDL commits as it runs): statement by statement; the history
  row is written first as ``partial`` and ``statements_done`` advances after each statement, so a
  failed migration resumes after the last completed statement once the cause is fixed.

On SQLite the lock itself is the write transaction; a failure is caught inside the lock so the
migrations before it still commit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from npa_schema import ops as o
from npa_schema.dialects.base import Dialect, Session
from npa_schema.errors import ApplyError, DatabaseError, MigrationError, NpaError
from npa_schema.migrations.checksum import verify_sum
from npa_schema.migrations.files import MigrationFile, discover, load_ops
from npa_schema.migrations.history import APPLIED, PARTIAL, REVERTING, History, HistoryRow, statements_hash
from npa_schema.migrations.prepare import prepare_ops, render_ops
from npa_schema.migrations.status import Entry, compute
from npa_schema.model import Schema
from npa_schema.replay import apply_ops
from npa_schema.urls import DatabaseURL

TRANSACTION_MODES = ("each", "all", "none")


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
        }


class RunFailed(NpaError):
    """A migration failed; ``report`` says what completed before it, ``cause`` what went wrong."""

    def __init__(self, report: RunReport, cause: NpaError) -> None:
        self.report, self.cause = report, cause
        super().__init__(cause.message, cause.hint)


@dataclass
class Events:
    """Progress callbacks for the CLI; all optional."""

    planned: Callable[[list[MigrationFile]], None] | None = None
    statement: Callable[[str], None] | None = None
    done: Callable[[MigrationResult], None] | None = None


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
        if transaction not in TRANSACTION_MODES:
            raise MigrationError(f"--transaction must be one of {', '.join(TRANSACTION_MODES)}")
        self.session, self.dialect, self.directory = session, dialect, directory
        self.mode = transaction
        self.lock_timeout = lock_timeout
        self.events = events or Events()
        self.history = History(session, dialect)

    @property
    def transactional(self) -> bool:
        return self.dialect.capabilities.transactional_ddl and self.mode != "none"

    # -- entry points -----------------------------------------------------------------------------

    def up(self, to: str | None = None, dry_run: bool = False, allow_out_of_order: bool = False) -> RunReport:
        files = self._files()
        with self.session.lock(self.lock_timeout):
            if not dry_run:
                self.history.ensure()
            entries = compute(files, self.history.rows())
            _refuse_changed(entries)
            if any(e.state == "reverting" for e in entries):
                name = next(e for e in entries if e.state == "reverting").name
                raise MigrationError(
                    f"migration {name} was reverted only part-way", hint="finish it with: npa migrate down"
                )
            jobs = self._up_jobs(entries, to, allow_out_of_order)
            report, failure = self._run_caught("up", jobs, dry_run)
        if failure is not None:
            raise failure
        return report

    def down(self, to: str | None = None, steps: int | None = None, dry_run: bool = False) -> RunReport:
        files = self._files()
        with self.session.lock(self.lock_timeout):
            entries = compute(files, self.history.rows())
            _refuse_changed(entries)
            partial = [e for e in entries if e.state == "partial"]
            if partial:
                raise MigrationError(
                    f"{partial[0].file.filename if partial[0].file else partial[0].id} is applied only part-way",
                    hint="finish it with `npa migrate up` (after fixing the cause) before reverting",
                )
            jobs = self._down_jobs(entries, to, steps)
            report, failure = self._run_caught("down", jobs, dry_run)
        if failure is not None:
            raise failure
        return report

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

    def _run_caught(
        self, direction: str, jobs: list[_Job], dry_run: bool
    ) -> tuple[RunReport, RunFailed | None]:
        """A failure is raised only after the lock is released: on SQLite the lock is the write
        transaction, and leaving it by an exception would roll back the migrations that succeeded."""
        try:
            return self._run(direction, jobs, dry_run), None
        except RunFailed as failed:
            return failed.report, failed

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
        if self.events.planned:
            self.events.planned([j.file for j in jobs])
        try:
            if self.mode == "all" and self.transactional and not dry_run:
                with self.session.transaction():
                    self._run_jobs(direction, jobs, current, dry_run, report)
            else:
                self._run_jobs(direction, jobs, current, dry_run, report)
        except RunFailed as failed:
            if self.mode == "all" and self.transactional:
                for m in failed.report.migrations:
                    if m.status in ("applied", "reverted"):
                        m.status = "rolled_back"
            raise
        return report

    def _render(self, job: _Job, direction: str, current: Schema) -> tuple[list[o.Op], list[str], int]:
        """(prepared ops, statements, how many of them run inside the transaction)."""
        ops = load_ops(job.file, direction, self.dialect.name)
        prepared = prepare_ops(ops, self.dialect, current)
        in_tx, after = render_ops(self.dialect, prepared, current)
        return prepared, in_tx + after, len(in_tx)

    def _run_jobs(
        self, direction: str, jobs: list[_Job], current: Schema, dry_run: bool, report: RunReport
    ) -> None:
        for job in jobs:
            try:
                prepared, statements, n_tx = self._render(job, direction, current)
            except NpaError as exc:
                raise RunFailed(report, exc) from exc
            if dry_run:
                result = MigrationResult(job.file.id, job.file.name, direction, "dry_run", statements)
                current = _simulated(current, prepared, self.dialect)
            else:
                result = self._execute(direction, job, statements, n_tx, report)
                current = self.dialect.introspect(self.session)
            report.migrations.append(result)
            if self.events.done:
                self.events.done(result)

    def _execute(
        self, direction: str, job: _Job, statements: list[str], n_tx: int, report: RunReport
    ) -> MigrationResult:
        started = time.monotonic()
        result = MigrationResult(
            job.file.id, job.file.name, direction, "applied" if direction == "up" else "reverted"
        )
        try:
            if self.transactional and job.row is None:
                self._transactional(direction, job, statements, n_tx)
            else:
                result.resumed_after = self._step_by_step(direction, job, statements)
        except NpaError as exc:
            result.status, result.error = "failed", exc.message
            result.statements = _ran(exc, statements)
            result.execution_ms = _ms(started)
            report.migrations.append(result)
            if self.events.done:
                self.events.done(result)
            raise RunFailed(report, exc) from exc
        result.statements = statements
        result.execution_ms = _ms(started)
        self._finish(direction, job, statements, result.execution_ms)
        return result

    def _transactional(self, direction: str, job: _Job, statements: list[str], n_tx: int) -> None:
        inside, after = statements[:n_tx], statements[n_tx:]
        done: list[str] = []
        try:
            with self.session.transaction():
                for sql in inside:
                    self._statement(sql)
                    done.append(sql)
                if direction == "down" and not after:
                    self.history.delete(job.file.id)
                elif direction == "down":
                    self._mark_reverting(job, statements, n_tx)
                else:
                    self._record_start(job, statements, n_tx, APPLIED if not after else PARTIAL)
        except DatabaseError as exc:
            failed = inside[len(done)] if len(done) < len(inside) else "(history)"
            raise ApplyError(
                f"{job.file.filename} failed and was rolled back; nothing of it remains.\n{exc.message}",
                ran=[],
                failed=failed,
                pending=inside[len(done) + 1 :],
                rolled_back=True,
                hint=exc.hint or "fix the migration or the data, then run it again",
            ) from exc
        for i, sql in enumerate(after, start=n_tx):
            self._statement_recorded(job, statements, i, sql)

    def _step_by_step(self, direction: str, job: _Job, statements: list[str]) -> int:
        """Returns how many statements an earlier run had already completed."""
        done = 0
        if job.row is not None:
            done = job.row.statements_done
            if done > len(statements) or statements_hash(statements[:done]) != job.row.done_hash:
                raise MigrationError(
                    f"{job.file.filename}: the {done} statement(s) that already ran are not the first "
                    f"statements of the file any more",
                    hint="edit only the statements after them; or repair by hand and fix the history row",
                )
        elif direction == "up":
            self._record_start(job, statements, 0, PARTIAL)
        else:
            self._mark_reverting(job, statements, 0)
        for i in range(done, len(statements)):
            self._statement_recorded(job, statements, i, statements[i])
        return done

    def _statement_recorded(self, job: _Job, statements: list[str], i: int, sql: str) -> None:
        try:
            self._statement(sql)
        except DatabaseError as exc:
            self.history.update(job.file.id, error=exc.message[:4000])
            raise ApplyError(
                f"{job.file.filename} stopped at statement {i + 1} of {len(statements)}; the {i} before it "
                f"completed and stay applied (this engine commits DDL as it runs).\n{exc.message}",
                ran=statements[:i],
                failed=sql,
                pending=statements[i + 1 :],
                rolled_back=False,
                hint=f"fix the cause (the data, or the statements of {job.file.filename} that did not run), "
                "then run `npa migrate` again: it resumes after the last completed statement",
            ) from exc
        self.history.update(
            job.file.id, statements_done=i + 1, done_hash=statements_hash(statements[: i + 1])
        )

    def _statement(self, sql: str) -> None:
        self.session.execute(sql)
        if self.events.statement:
            self.events.statement(sql)

    def _record_start(self, job: _Job, statements: list[str], done: int, status: str) -> None:
        self.history.insert(
            id=job.file.id,
            name=job.file.name,
            checksum=job.file.checksum(),
            status=status,
            statements_done=done,
            statements_total=len(statements),
            done_hash=statements_hash(statements[:done]),
        )

    def _mark_reverting(self, job: _Job, statements: list[str], done: int) -> None:
        self.history.update(
            job.file.id,
            status=REVERTING,
            statements_done=done,
            statements_total=len(statements),
            done_hash=statements_hash(statements[:done]),
            error=None,
        )

    def _finish(self, direction: str, job: _Job, statements: list[str], ms: int) -> None:
        if direction == "down":
            self.history.delete(job.file.id)
            return
        self.history.update(
            job.file.id,
            status=APPLIED,
            checksum=job.file.checksum(),
            execution_ms=ms,
            statements_done=len(statements),
            error=None,
        )


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


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _ran(exc: NpaError, statements: list[str]) -> list[str]:
    return list(exc.ran) if isinstance(exc, ApplyError) else []


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
