"""Runs a plan's SQL: one transaction where the engine can roll DDL back, statement by statement with
a record of what completed where it cannot (MySQL/MariaDB auto-commit DDL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from npa_schema.dialects.base import Dialect, Session, Step
from npa_schema.errors import ApplyError, DatabaseError

OnStatement = Callable[[str], None]


@dataclass
class ApplyResult:
    ran: list[str] = field(default_factory=list)
    after_transaction: list[str] = field(default_factory=list)


def execute_steps(
    session: Session, dialect: Dialect, steps: list[Step], on_statement: OnStatement | None = None
) -> ApplyResult:
    """Execute ``steps``. The caller holds the lock. Raises ApplyError saying exactly what ran."""
    in_tx = [sql for s in steps if s.in_transaction for sql in s.sql]
    after = [sql for s in steps if not s.in_transaction for sql in s.sql]
    result = ApplyResult()
    if dialect.capabilities.transactional_ddl:
        _run_transaction(session, in_tx, result, on_statement)
    else:
        _run_each(session, in_tx, result.ran, on_statement, earlier=[])
    _run_each(session, after, result.after_transaction, on_statement, earlier=result.ran)
    return result


def _run_transaction(session: Session, statements: list[str], result: ApplyResult, on_statement) -> None:
    done: list[str] = []
    current = ""
    try:
        with session.transaction():
            for sql in statements:
                current = sql
                session.execute(sql)
                done.append(sql)
                if on_statement:
                    on_statement(sql)
    except DatabaseError as exc:
        pending = statements[len(done) + 1 :]
        raise ApplyError(
            f"apply failed and was rolled back; the database is as it was.\n{exc.message}",
            ran=[],
            failed=current,
            pending=pending,
            rolled_back=True,
            hint=exc.hint,
        ) from exc
    result.ran.extend(done)


def _run_each(
    session: Session, statements: list[str], ran: list[str], on_statement, earlier: list[str]
) -> None:
    for i, sql in enumerate(statements):
        try:
            session.execute(sql)
        except DatabaseError as exc:
            completed = [*earlier, *ran]
            raise ApplyError(
                f"apply stopped at statement {len(completed) + 1}; {len(completed)} statement(s) before it "
                f"completed and stay applied (this engine commits DDL as it runs).\n{exc.message}",
                ran=completed,
                failed=sql,
                pending=statements[i + 1 :],
                rolled_back=False,
                hint="fix the cause, then run apply again: it plans from where the database is now",
            ) from exc
        ran.append(sql)
        if on_statement:
            on_statement(sql)
