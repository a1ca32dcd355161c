"""`npa database create | drop | validate`: database-level operations and drift checks."""

from __future__ import annotations

import typer

from npa_schema.cli.common import AutoApproveOpt, Ctx, common_options, confirm

app = typer.Typer(help="Database-level operations: create, drop, validate (drift).", no_args_is_help=True)


@app.command()
@common_options("url", "env")
def create(ctx: Ctx) -> None:
    """Create the database named in the URL (SQLite: the file)."""
    from npa_schema.dialects import get_dialect

    url = ctx.settings.url
    get_dialect(url.dialect).create_database(url)
    _done(ctx, "created", url.masked())


def _done(ctx: Ctx, what: str, database: str) -> None:
    from npa_schema.cli import output

    if ctx.json:
        output.print_json({what: database})
    else:
        ctx.out.print(f"[green]✓[/] {what} {database}")


@app.command()
@common_options("url", "env")
def drop(ctx: Ctx, auto_approve: AutoApproveOpt = False) -> None:
    """Drop the database named in the URL, with everything in it. A database that does not exist is
    said so, and is not an error (exit 0): the outcome, no such database, is what was asked."""
    from npa_schema.dialects import get_dialect

    url = ctx.settings.url
    if not confirm(ctx, f"Drop {url.masked()} and all its data?", auto_approve):
        ctx.out.print("Cancelled; nothing was dropped.")
        raise typer.Exit(1)
    if get_dialect(url.dialect).drop_database(url):
        _done(ctx, "dropped", url.masked())
    elif ctx.json:
        from npa_schema.cli import output

        output.print_json({"dropped": None, "absent": url.masked()})
    else:
        ctx.out.print(f"[yellow]·[/] {url.masked()} does not exist; nothing was dropped.")


@app.command("validate")
@common_options("url", "schema_dir", "env")
def validate_db(ctx: Ctx) -> None:
    """Check the live database against the schema files: exit 0 in sync, 2 on drift, 1 on error."""
    from npa_schema.cli import output

    the_plan = ctx.live_plan()
    if ctx.json:
        output.print_json({"in_sync": the_plan.empty, "drift": the_plan.to_dict()["changes"]})
    elif the_plan.empty:
        ctx.out.print(f"[green]✓[/] {the_plan.database} matches the schema files.")
    else:
        ctx.out.print(f"[bold yellow]Drift:[/] {the_plan.database} differs from the schema files:\n")
        output.print_plan(the_plan, ctx.out)
    if not the_plan.empty:
        raise typer.Exit(2)


@app.command("seed")
@common_options("url", "schema_dir", "env")
def seed_cmd(ctx: Ctx) -> None:
    """Insert or update seed rows (entity `seed:` lists and the environment's seed folders); idempotent."""
    from npa_schema.cli import output
    from npa_schema.data.seed import rows_from_folders, rows_from_schema, seed
    from npa_schema.dialects import connect

    settings = ctx.settings
    with connect(settings.url) as (engine, session):
        desired = ctx.desired(engine)
        rows = rows_from_schema(desired)
        base = settings.config_file.parent if settings.config_file else settings.schema_dir.parent
        folders = [base / f for f in settings.seed_dirs]
        for table, extra in rows_from_folders(folders, desired).items():
            rows.setdefault(table, []).extend(extra)
        with session.lock(settings.lock_timeout):
            result = seed(session, engine, desired, rows)
    if ctx.json:
        output.print_json(
            {"inserted": result.inserted, "updated": result.updated, "unchanged": result.unchanged}
        )
    else:
        ctx.out.print(
            f"[green]✓[/] seed: {result.inserted} inserted, {result.updated} updated, {result.unchanged} unchanged."
        )
