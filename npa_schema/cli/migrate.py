"""`npa migrate up | down`: running migrations, with progress and per-migration timing. Options and
output only; the work is in ``npa_schema.migrations.runner``."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from npa_schema.cli.common import AutoApproveOpt, Ctx, common_options, confirm

if TYPE_CHECKING:
    from npa_schema.migrations.runner import MigrationResult, RunReport

migrate_app = typer.Typer(help="Run migrations: up, down.", no_args_is_help=True)


class TransactionMode(str, Enum):
    each = "each"
    all = "all"
    none = "none"


LockTimeoutOpt = Annotated[
    float | None, typer.Option("--lock-timeout", help="Seconds to wait for another npa.", show_default=False)
]


@migrate_app.command()
@common_options("url", "migrations_dir", "env")
def up(
    ctx: Ctx,
    to: Annotated[str | None, typer.Option("--to", help="Stop after this migration.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the SQL; run nothing.")] = False,
    transaction: Annotated[
        TransactionMode,
        typer.Option("--transaction", help="One transaction per migration, for all, or none."),
    ] = TransactionMode.each,
    allow_out_of_order: Annotated[
        bool, typer.Option("--allow-out-of-order", help="Run pending migrations older than applied ones.")
    ] = False,
    lock_timeout: LockTimeoutOpt = None,
) -> None:
    """Apply the pending migrations (resuming one that stopped part-way)."""
    _run(
        ctx,
        "up",
        dict(to=to, dry_run=dry_run, allow_out_of_order=allow_out_of_order),
        transaction,
        lock_timeout,
    )


@migrate_app.command()
@common_options("url", "migrations_dir", "env")
def down(
    ctx: Ctx,
    to: Annotated[
        str | None, typer.Option("--to", help="Revert the migrations after this one (0: all of them).")
    ] = None,
    steps: Annotated[
        int | None, typer.Option("--steps", "-n", help="Revert this many [default: 1].", min=1)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the SQL; run nothing.")] = False,
    transaction: Annotated[
        TransactionMode,
        typer.Option("--transaction", help="One transaction per migration, for all, or none."),
    ] = TransactionMode.each,
    auto_approve: AutoApproveOpt = False,
    lock_timeout: LockTimeoutOpt = None,
) -> None:
    """Revert applied migrations, newest first (asks on a TTY; --auto-approve in CI)."""
    from npa_schema.errors import MigrationError

    if to is not None and steps is not None:
        raise MigrationError("give --to or --steps, not both")
    if not dry_run:
        if to == "0":
            what = "every applied migration"
        elif to:
            what = f"every migration after {to}"
        else:
            what = f"the newest {steps or 1} migration(s)"
        if ctx.json and not auto_approve:
            raise MigrationError("--format json cannot ask for confirmation", hint="add --auto-approve")
        if not confirm(
            ctx, f"Revert {what} on {ctx.settings.url.masked()}? Reverting can drop data.", auto_approve
        ):
            ctx.out.print("Cancelled; nothing was reverted.")
            raise typer.Exit(1)
    _run(ctx, "down", dict(to=to, steps=steps, dry_run=dry_run), transaction, lock_timeout)


def _run(
    ctx: Ctx, direction: str, options: dict[str, Any], mode: TransactionMode, lock_timeout: float | None
) -> None:
    from npa_schema.cli import output
    from npa_schema.cli.progress import StatementProgress
    from npa_schema.migrations.runner import Events, RunFailed, migrate

    progress = StatementProgress(ctx.out, f"migrate {direction}", enabled=not ctx.json)
    events = Events(done=lambda result: _print_done(ctx, result), progress=progress)
    try:
        with progress:
            report = migrate(
                ctx.settings.url,
                ctx.settings.migrations_dir,
                direction,
                transaction=mode.value,
                lock_timeout=lock_timeout if lock_timeout is not None else ctx.settings.lock_timeout,
                events=events,
                **options,
            )
    except RunFailed as failed:
        if ctx.json:
            output.print_json({**failed.report.to_dict(), "error": failed.cause.message})
        raise failed.cause from None
    if ctx.json:
        output.print_json({**report.to_dict(), "error": None})
        return
    _print_summary(ctx, report)


def _print_summary(ctx: Ctx, report: RunReport) -> None:
    if report.dry_run:
        _print_dry_run(ctx, report)
        return
    for note in report.notes:
        ctx.out.print(f"[dim]note: {note}[/]")
    if not report.migrations:
        what = "pending" if report.direction == "up" else "applied"
        ctx.out.print(f"[green]Nothing to do[/]: no {what} migrations on {report.database}.")
        return
    total = sum(m.execution_ms for m in report.migrations)
    verb = "applied" if report.direction == "up" else "reverted"
    ctx.out.print(f"[bold green]Done![/] {len(report.migrations)} migration(s) {verb} in {total} ms.")


def _print_dry_run(ctx: Ctx, report: RunReport) -> None:
    """The script the run would execute, as it would run by hand: everything else is a comment."""
    for note in report.notes:
        typer.echo(f"-- note: {note}")
    if report.script:
        typer.echo(report.script, nl=False)
    typer.echo(f"\n-- Dry run: {len(report.migrations)} migration(s) shown, nothing was run.")


def _print_done(ctx: Ctx, result: MigrationResult) -> None:
    """One line per migration with its timing, as each finishes."""
    if ctx.json or result.status == "dry_run":
        return
    mark = "[red]✗[/]" if result.status == "failed" else "[green]✓[/]"
    resumed = f", resumed after {result.resumed_after}" if result.resumed_after else ""
    ctx.out.print(
        f"  {mark} {result.id}_{result.name}  {len(result.statements)} statement(s){resumed}  "
        f"[dim]{result.execution_ms} ms[/]"
    )
