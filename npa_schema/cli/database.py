"""`npa database create | drop | validate`: database-level operations and drift checks."""

from __future__ import annotations

import typer

from npa_schema.cli.common import (
    AutoApproveOpt,
    Ctx,
    DebugOpt,
    EnvOpt,
    Format,
    FormatOpt,
    NoColorOpt,
    SchemaDirOpt,
    UrlOpt,
    confirm,
)

app = typer.Typer(help="Database-level operations: create, drop, validate (drift).", no_args_is_help=True)


@app.command()
def create(
    url: UrlOpt = None,
    env: EnvOpt = None,
    format: FormatOpt = Format.text,
    no_color: NoColorOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Create the database named in the URL (SQLite: the file)."""
    from npa_schema.dialects import get_dialect
    from npa_schema.urls import parse_url

    ctx = Ctx(url=url, env=env, format=format.value, no_color=no_color, debug=debug)
    parsed = parse_url(ctx.settings.url)
    get_dialect(parsed.dialect).create_database(parsed)
    _done(ctx, "created", parsed.masked())


def _done(ctx: Ctx, what: str, database: str) -> None:
    from npa_schema.cli import output

    if ctx.json:
        output.print_json({what: database})
    else:
        ctx.out.print(f"[green]✓[/] {what} {database}")


@app.command()
def drop(
    url: UrlOpt = None,
    env: EnvOpt = None,
    auto_approve: AutoApproveOpt = False,
    format: FormatOpt = Format.text,
    no_color: NoColorOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Drop the database named in the URL, with everything in it."""
    from npa_schema.dialects import get_dialect
    from npa_schema.urls import parse_url

    ctx = Ctx(url=url, env=env, format=format.value, no_color=no_color, debug=debug)
    parsed = parse_url(ctx.settings.url)
    if not confirm(ctx, f"Drop {parsed.masked()} and all its data?", auto_approve):
        ctx.out.print("Cancelled; nothing was dropped.")
        raise typer.Exit(1)
    get_dialect(parsed.dialect).drop_database(parsed)
    _done(ctx, "dropped", parsed.masked())


@app.command("validate")
def validate_db(
    url: UrlOpt = None,
    schema_dir: SchemaDirOpt = None,
    env: EnvOpt = None,
    format: FormatOpt = Format.text,
    no_color: NoColorOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check the live database against the schema files: exit 0 in sync, 2 on drift, 1 on error."""
    from npa_schema.cli import output

    ctx = Ctx(url=url, schema_dir=schema_dir, env=env, format=format.value, no_color=no_color, debug=debug)
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
def seed_cmd(
    url: UrlOpt = None,
    schema_dir: SchemaDirOpt = None,
    env: EnvOpt = None,
    format: FormatOpt = Format.text,
    no_color: NoColorOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Insert or update seed rows (entity `seed:` lists and the environment's seed folders); idempotent."""
    from npa_schema.cli import output
    from npa_schema.data.seed import rows_from_folders, rows_from_schema, seed
    from npa_schema.declarative import connect

    ctx = Ctx(url=url, schema_dir=schema_dir, env=env, format=format.value, no_color=no_color, debug=debug)
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
