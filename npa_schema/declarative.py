"""The declarative workflow: plan the live database against the schema files, and converge it.

Everything runs under the dialect's one-writer lock: introspect, plan, (confirm), execute, so no
other ``apply`` or ``migrate`` can interleave between the plan a user approved and its execution.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from npa_schema.data.narrowing import check_data
from npa_schema.dialects import connect, get_dialect
from npa_schema.dialects.base import Dialect, Session
from npa_schema.errors import PlanError
from npa_schema.executor import ApplyResult, Executor, Progress, locked
from npa_schema.model import Schema
from npa_schema.plan import Plan, make_plan
from npa_schema.urls import DatabaseURL

if TYPE_CHECKING:
    from npa_schema.entities import LoadedSchema
    from npa_schema.errors import SpecError

Confirm = Callable[[Plan], bool]
#: the desired schema, loaded once the dialect is bound to the server (so it is checked against it)
Loader = Callable[[Dialect], Schema]


def plan_session(session: Session, dialect: Dialect, desired: Schema) -> Plan:
    current = dialect.introspect(session)
    return make_plan(desired, current, dialect, session.url.masked(), target=session.identity())


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
    desired: Schema | Loader | None = None,
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
    each statement as it runs.

    ``desired`` is a Schema, or a :data:`Loader` called with the dialect bound to the server. Either
    way the capability check runs against that server before any statement (a Loader is expected to
    make it, as :func:`load_desired` does, with file:line)."""
    if (desired is None) == (saved is None):
        raise ValueError("give exactly one of desired or saved")
    if saved is not None and saved.target is None:
        raise PlanError(
            "the saved plan was made offline, against no database; it is a script to review, not to apply",
            hint="make the plan against the database: npa plan -o FILE (with the same --url)",
        )
    with connect(url) as (dialect, session), locked(session, lock_timeout):
        if saved is not None:
            plan = _check_saved(session, dialect, saved)
        else:
            plan = plan_session(session, dialect, _desired(desired, dialect))  # type: ignore[arg-type]
        if on_plan:
            on_plan(plan)
        if plan.empty:
            return plan, None
        check_destructive(plan, allow_destructive)
        check_data(session, dialect, plan.ops)  # rows a narrowing change would cut or reject
        if confirm is not None and not confirm(plan):
            return plan, None
        return plan, Executor(session, dialect, progress=progress).run(plan.steps)


def _desired(desired: Schema | Loader, dialect: Dialect) -> Schema:
    if isinstance(desired, Schema):
        check_capabilities(dialect, desired)
        return desired
    return desired(dialect)


def _check_saved(session: Session, dialect: Dialect, saved: Plan) -> Plan:
    """A saved plan runs only on the database it was made against (``target``), unchanged since."""
    if saved.dialect != dialect.name:
        raise PlanError(f"the saved plan is for {saved.dialect}, this database is {dialect.name}")
    here = session.identity()
    if here != saved.target:
        raise PlanError(
            f"the saved plan was made against {saved.database} ({saved.target}); "
            f"this is {session.url.masked()} ({here}): refused",
            hint="apply it with the URL it was made with, or make a new plan here: npa plan -o FILE",
        )
    current = dialect.introspect(session)
    if current.fingerprint() != saved.current_fingerprint:
        raise PlanError(
            "the database changed since this plan was made; the saved plan is refused",
            hint="make a new plan with: npa plan -o FILE",
        )
    return saved


def check_capabilities(
    dialect: Dialect, schema: Schema, loaded: LoadedSchema | None = None
) -> list[SpecError]:
    """The one capability check, made by validate, plan and apply alike before anything runs: what
    this engine cannot hold (``Dialect.check``). ``dialect`` is bound to its server when connected
    (``for_session``), so plan and apply check the server itself. Errors raise ``SpecErrors``
    pointing at file:line when ``loaded`` knows them; warnings (an unbound dialect that cannot tell)
    are returned."""
    from npa_schema.errors import SpecError, SpecErrors

    errors: list[SpecError] = []
    warnings: list[SpecError] = []
    for p in dialect.check(schema):
        file, line = loaded.locate(p.table, p.field) if loaded else (None, None)
        found = SpecError(f"{p.message} [{dialect.name}]", file, line, f"{p.table}.{p.field}", p.hint)
        (warnings if p.warning else errors).append(found)
    if errors:
        raise SpecErrors(errors)
    return warnings


def load_desired(
    schema_dir: Path,
    dialect: Dialect | None = None,
    cache_dir: Path | None = None,
    warnings: list[SpecError] | None = None,
) -> Schema:
    """Entity files → validated Schema; with a dialect, also what that engine cannot hold (the
    capability check's warnings are added to ``warnings`` when given)."""
    from npa_schema.entities import load_schema

    loaded = load_schema(schema_dir, cache_dir)
    if dialect is not None:
        found = check_capabilities(dialect, loaded.schema, loaded)
        if warnings is not None:
            warnings += found
    return loaded.schema
