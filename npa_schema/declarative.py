"""The declarative workflow: plan the live database against the schema files, and converge it.

Everything runs under the dialect's one-writer lock: introspect, plan, (confirm), execute, so no
other ``apply`` or ``migrate`` can interleave between the plan a user approved and its execution.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from npa_schema.dialects import connect, get_dialect
from npa_schema.dialects.base import Dialect, Session
from npa_schema.errors import PlanError
from npa_schema.executor import ApplyResult, Executor, Progress, locked
from npa_schema.model import Schema
from npa_schema.plan import Plan, make_plan
from npa_schema.urls import DatabaseURL

Confirm = Callable[[Plan], bool]


def plan_session(session: Session, dialect: Dialect, desired: Schema) -> Plan:
    current = dialect.introspect(session)
    return make_plan(desired, current, dialect, session.url.masked())


def plan_offline(desired: Schema, dialect_name: str) -> Plan:
    """The script that creates ``desired`` in an empty database; no connection."""
    dialect = get_dialect(dialect_name)
    return make_plan(desired, Schema(), dialect, "(offline)", strict_renames=False)


def check_destructive(plan: Plan, allow_destructive: bool) -> None:
    if plan.destructive and not allow_destructive:
        names = ", ".join(describe_target(op) for op in plan.destructive)
        raise PlanError(
            f"the plan has {len(plan.destructive)} destructive change(s): {names}",
            hint="review them, then re-run with --allow-destructive",
        )


def describe_target(op) -> str:
    column = getattr(op, "column", None) or getattr(op, "new", None)
    if column is not None and hasattr(column, "name"):
        return f"{op.kind} {op.table_name}.{column.name}"
    return f"{op.kind} {op.table_name}"


def apply(
    url: str | DatabaseURL,
    desired: Schema | None = None,
    *,
    saved: Plan | None = None,
    allow_destructive: bool = False,
    confirm: Confirm | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    progress: Progress | None = None,
    lock_timeout: float = 30.0,
) -> tuple[Plan, ApplyResult | None]:
    """Converge the database at ``url`` to ``desired`` (or run a ``saved`` plan). Returns the plan and
    the result, or ``None`` when there was nothing to do or ``confirm`` said no. ``progress`` hears
    each statement as it runs."""
    if (desired is None) == (saved is None):
        raise ValueError("give exactly one of desired or saved")
    with connect(url) as (dialect, session), locked(session, lock_timeout):
        if saved is not None:
            plan = _check_saved(session, dialect, saved)
        else:
            plan = plan_session(session, dialect, desired)  # type: ignore[arg-type]
        if on_plan:
            on_plan(plan)
        if plan.empty:
            return plan, None
        check_destructive(plan, allow_destructive)
        if confirm is not None and not confirm(plan):
            return plan, None
        return plan, Executor(session, dialect, progress=progress).run(plan.steps)


def _check_saved(session: Session, dialect: Dialect, saved: Plan) -> Plan:
    if saved.dialect != dialect.name:
        raise PlanError(f"the saved plan is for {saved.dialect}, this database is {dialect.name}")
    current = dialect.introspect(session)
    if current.fingerprint() != saved.current_fingerprint:
        raise PlanError(
            "the database changed since this plan was made; the saved plan is refused",
            hint="make a new plan with: npa plan -o FILE",
        )
    return saved


def load_desired(schema_dir: Path, dialect: Dialect | None = None, cache_dir: Path | None = None) -> Schema:
    """Entity files → validated Schema; with a dialect, also what that engine cannot hold."""
    from npa_schema.entities import load_schema
    from npa_schema.errors import SpecError, SpecErrors

    loaded = load_schema(schema_dir, cache_dir)
    if dialect is not None:
        problems = dialect.check(loaded.schema)
        if problems:
            errors = []
            for p in problems:
                file, line = loaded.locate(p.table, p.field)
                errors.append(
                    SpecError(f"{p.message} [{dialect.name}]", file, line, f"{p.table}.{p.field}", p.hint)
                )
            raise SpecErrors(errors)
    return loaded.schema
