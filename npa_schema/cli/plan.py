"""`npa plan` and `npa apply`: the declarative workflow."""

from __future__ import annotations

import functools
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from npa_schema.cli.common import AutoApproveOpt, Ctx, FormatOption, common_options, confirm


class PlanFormat(str, Enum):
    text = "text"
    json = "json"
    sql = "sql"
    markdown = "markdown"


PlanFormatOpt = Annotated[PlanFormat, typer.Option("--format", "-f", help="text, json, sql or markdown.")]
ApplyFormatOpt = Annotated[str, typer.Option("--format", "-f", help="text or json.")]


@common_options("url", "schema_dir", "env", format=FormatOption(PlanFormatOpt, PlanFormat.text))
def plan(
    ctx: Ctx,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Save the plan (JSON) for `npa apply FILE`.")
    ] = None,
    detailed_exitcode: Annotated[
        bool,
        typer.Option(
            "--detailed-exitcode", help="Exit 0 when there are no changes, 2 when there are, 1 on error."
        ),
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="No connection: the script from an empty database.")
    ] = False,
    dialect: Annotated[
        str | None,
        typer.Option("--dialect", "-d", help="With --offline: sqlite, postgres, mysql, mariadb, mssql."),
    ] = None,
    show_sql: Annotated[
        bool, typer.Option("--show-sql", help="Also print the SQL under the text plan.")
    ] = False,
) -> None:
    """Show what apply would change: schema files vs the live database."""
    from npa_schema.cli import output
    from npa_schema.declarative import plan_offline
    from npa_schema.dialects import get_dialect

    format = PlanFormat(ctx.format)
    settings = ctx.settings
    if dialect and not offline:
        from npa_schema.errors import ConfigError

        raise ConfigError(
            "--dialect is for --offline plans: a plan against the database uses the URL's dialect",
            hint="add --offline for the script from an empty database in that dialect",
        )
    if offline:
        name = dialect or settings.url.dialect
        desired = ctx.desired(get_dialect(name))
        the_plan = plan_offline(desired, name)
    else:
        the_plan = ctx.live_plan()
    if out:
        the_plan.save(out)
    if format is PlanFormat.json:
        output.print_json(the_plan.to_dict())
    elif format is PlanFormat.sql:
        typer.echo(output.plan_sql(the_plan), nl=False)
    elif format is PlanFormat.markdown:
        typer.echo(output.plan_markdown(the_plan), nl=False)
    else:
        output.print_plan(the_plan, ctx.out, show_sql=show_sql)
        if out:
            ctx.out.print(f"\nSaved the plan to {out}. Apply exactly this plan with: npa apply {out}")
    if detailed_exitcode and not the_plan.empty:
        raise typer.Exit(2)


@common_options("url", "schema_dir", "env", format=FormatOption(ApplyFormatOpt, "text"))
def apply(
    ctx: Ctx,
    plan_file: Annotated[Path | None, typer.Argument(help="A plan saved with `npa plan -o FILE`.")] = None,
    auto_approve: AutoApproveOpt = False,
    allow_destructive: Annotated[
        bool, typer.Option("--allow-destructive", help="Allow dropping tables/columns and narrowing types.")
    ] = False,
    lock_timeout: Annotated[
        float | None, typer.Option("--lock-timeout", help="Seconds to wait for another npa.")
    ] = None,
) -> None:
    """Converge the database to the schema files, or run a saved plan (which is the approval: no question)."""
    from npa_schema.cli import output
    from npa_schema.cli.progress import StatementProgress
    from npa_schema.declarative import apply as run_apply
    from npa_schema.plan import Plan

    settings = ctx.settings
    saved = Plan.load(plan_file) if plan_file else None
    # file errors first, without a connection; the capability check once connected, against that server
    desired = None if saved else functools.partial(ctx.checked, ctx.loaded())

    def show(p: Plan) -> None:
        if not ctx.json:
            output.print_plan(p, ctx.out)

    def ask(p: Plan) -> bool:
        if saved is not None:
            return True  # the saved plan is the approval (as in Terraform)
        if ctx.json and not auto_approve:
            from npa_schema.errors import PlanError

            raise PlanError("--format json cannot ask for confirmation", hint="add --auto-approve")
        ok = confirm(ctx, "\nDo you want to perform these actions?", auto_approve)
        if not ok:
            ctx.out.print("Apply cancelled; nothing was changed.")
            cancelled.append(True)
        return ok

    cancelled: list[bool] = []
    progress = StatementProgress(ctx.out, "applying", enabled=not ctx.json)
    with progress:
        the_plan, result = run_apply(
            settings.url,
            desired,
            saved=saved,
            allow_destructive=allow_destructive,
            confirm=ask,
            on_plan=show,
            progress=progress,
            lock_timeout=lock_timeout if lock_timeout is not None else settings.lock_timeout,
        )
    if ctx.json:
        output.print_json(
            {
                "plan": the_plan.to_dict(),
                "applied": result is not None,
                "statements": result.statements if result else [],
            }
        )
    elif result is not None:
        c = the_plan.counts()
        count = len(result.statements)
        ctx.out.print(
            f"\n[bold green]Apply complete![/] {c['add']} added, {c['change']} changed, {c['destroy']} destroyed "
            f"({count} statements)."
        )
    if cancelled:
        raise typer.Exit(1)  # as Terraform: a declined apply is not a success
