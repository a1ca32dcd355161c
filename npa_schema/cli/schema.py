"""`npa schema diff` (drift, with risk levels) and `npa schema sync` (a corrective migration)."""

from __future__ import annotations

from typing import Annotated

import typer

from npa_schema.cli.common import (
    Ctx,
    DebugOpt,
    EnvOpt,
    Format,
    FormatOpt,
    MigrationsDirOpt,
    NoColorOpt,
    SchemaDirOpt,
    UrlOpt,
)

app = typer.Typer(help="Drift between the live database and the schema files.", no_args_is_help=True)


@app.command("diff")
def diff_cmd(
    url: UrlOpt = None,
    schema_dir: SchemaDirOpt = None,
    env: EnvOpt = None,
    format: FormatOpt = Format.text,
    no_color: NoColorOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Report what differs (the changes apply would make), each with its risk; exit 2 on drift."""
    from rich.markup import escape

    from npa_schema.cli import output
    from npa_schema.lint import assess, highest

    ctx = Ctx(url=url, schema_dir=schema_dir, env=env, format=format.value, no_color=no_color, debug=debug)
    the_plan = ctx.live_plan()
    rows = [(op, assess(op)) for op in the_plan.ops]
    if ctx.json:
        output.print_json(
            {
                "in_sync": the_plan.empty,
                "highest_risk": highest(the_plan.ops),
                "changes": [
                    {**op.to_dict(), "symbol": op.symbol, "risk": r.level, "reason": r.reason}
                    for op, r in rows
                ],
            }
        )
    elif the_plan.empty:
        ctx.out.print(f"[green]✓[/] no drift: {the_plan.database} matches the schema files.")
    else:
        colors = {"high": "bold red", "medium": "yellow", "low": "green"}
        ctx.out.print(f"Drift on [bold]{escape(the_plan.database)}[/]: {len(rows)} change(s) to converge\n")
        for op, risk in rows:
            target = f"{op.table_name}: " if op.table_name else ""
            ctx.out.print(
                f"  [{colors[risk.level]}]{risk.level:>6}[/]  {op.symbol} {escape(target + output.object_text(op))}"
                f"  [dim]# {escape(risk.reason)}[/]"
            )
        ctx.out.print(
            f"\nHighest risk: [bold]{highest(the_plan.ops)}[/]. Converge with `npa apply`, "
            "or write a corrective migration with `npa schema sync`."
        )
    if not the_plan.empty:
        raise typer.Exit(2)


@app.command("sync")
def sync_cmd(
    name: Annotated[str, typer.Argument(help="The migration's name.")] = "SyncSchema",
    url: UrlOpt = None,
    schema_dir: SchemaDirOpt = None,
    migrations_dir: MigrationsDirOpt = None,
    env: EnvOpt = None,
    format: FormatOpt = Format.text,
    no_color: NoColorOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write a corrective migration: the changes that bring this (drifted) database back to the schema
    files, for teams that change databases only through migrations. Review it, then `npa migrate up`."""
    from npa_schema.cli import output
    from npa_schema.migrations.authoring import add_corrective

    ctx = Ctx(
        url=url,
        schema_dir=schema_dir,
        migrations_dir=migrations_dir,
        env=env,
        format=format.value,
        no_color=no_color,
        debug=debug,
    )
    the_plan = ctx.live_plan()
    if the_plan.empty:
        if ctx.json:
            output.print_json({"written": None, "in_sync": True})
        else:
            ctx.out.print(
                f"[green]✓[/] no drift: {the_plan.database} matches the schema files; nothing written."
            )
        return
    added = add_corrective(ctx.settings.migrations_dir, name, the_plan.ops)
    assert added.migration is not None
    if ctx.json:
        output.print_json(
            {
                "written": str(added.migration.path),
                "changes": [op.to_dict() for op in added.ops],
                "lossy": added.lossy,
            }
        )
        return
    ctx.out.print(
        f"[green]✓[/] wrote {added.migration.path} ({len(added.ops)} operation(s)) for {the_plan.database}:"
    )
    for line in output.plan_lines(the_plan):
        ctx.out.print(f"{'    ' * line.indent}  {line.symbol:>3} {line.text}")
    for note in added.lossy:
        ctx.out.print(f"[yellow]note:[/] {note}")
    ctx.out.print(
        "It was computed against this database's current state: review it, then run `npa migrate up`."
    )
