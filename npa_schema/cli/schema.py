"""`npa schema diff` (drift, with risk levels) and `npa schema sync` (a corrective migration).
Options only; the output is in ``cli/output.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from npa_schema.cli.common import Ctx, common_options

app = typer.Typer(help="Drift between the live database and the schema files.", no_args_is_help=True)


@app.command("diff")
@common_options("url", "schema_dir", "env")
def diff_cmd(ctx: Ctx) -> None:
    """Report what differs (the changes apply would make), each with its risk; exit 2 on drift."""
    from npa_schema.cli import output

    the_plan = ctx.live_plan()
    if ctx.json:
        output.print_json(output.drift_dict(the_plan))
    else:
        output.print_drift(the_plan, ctx.out)
    if not the_plan.empty:
        raise typer.Exit(2)


@app.command("sync")
@common_options("url", "schema_dir", "migrations_dir", "env")
def sync_cmd(
    ctx: Ctx, name: Annotated[str, typer.Argument(help="The migration's name.")] = "SyncSchema"
) -> None:
    """Write a corrective migration: the changes that bring this (drifted) database back to the schema
    files, for teams that change databases only through migrations. Review it, then `npa migrate up`."""
    from npa_schema.cli import output
    from npa_schema.migrations.authoring import add_corrective

    the_plan = ctx.live_plan()
    added = None if the_plan.empty else add_corrective(ctx.settings.migrations_dir, name, the_plan.ops)
    if ctx.json:
        output.print_json(output.corrective_dict(added))
    else:
        output.print_corrective(the_plan, added, ctx.out)
