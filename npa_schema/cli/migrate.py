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
    from npa_schema.migrations.runner import Events, RunFailed, migrate

    progress = _Progress(ctx, direction)
    events = Events(planned=progress.planned, statement=progress.statement, done=progress.done)
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
    for note in report.notes:
        ctx.out.print(f"[dim]note: {note}[/]")
    if report.dry_run:
        for m in report.migrations:
            ctx.out.print(f"\n[bold]-- {m.id}_{m.name} ({report.direction})[/]")
            for sql in m.statements:
                ctx.out.print(f"{sql};", markup=False)
        ctx.out.print(f"\n[yellow]Dry run[/]: {len(report.migrations)} migration(s) shown, nothing was run.")
        return
    if not report.migrations:
        what = "pending" if report.direction == "up" else "applied"
        ctx.out.print(f"[green]Nothing to do[/]: no {what} migrations on {report.database}.")
        return
    total = sum(m.execution_ms for m in report.migrations)
    verb = "applied" if report.direction == "up" else "reverted"
    ctx.out.print(f"[bold green]Done![/] {len(report.migrations)} migration(s) {verb} in {total} ms.")


class _Progress:
    """A rich bar over the migrations on a terminal; one line per migration with its timing."""

    def __init__(self, ctx: Ctx, direction: str) -> None:
        self.ctx, self.direction = ctx, direction
        self.enabled = not ctx.json
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def planned(self, files: list) -> None:
        if not self.enabled or not self.ctx.out.is_terminal or len(files) < 2:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn(f"migrate {self.direction}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.ctx.out,
            transient=True,
        )
        self._task = self._bar.add_task(self.direction, total=len(files))
        self._bar.start()

    def statement(self, _sql: str) -> None:
        return None

    def done(self, result: MigrationResult) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)
        if not self.enabled or result.status == "dry_run":
            return
        mark = "[red]✗[/]" if result.status == "failed" else "[green]✓[/]"
        resumed = f", resumed after {result.resumed_after}" if result.resumed_after else ""
        self.ctx.out.print(
            f"  {mark} {result.id}_{result.name}  {len(result.statements)} statement(s){resumed}  "
            f"[dim]{result.execution_ms} ms[/]"
        )
