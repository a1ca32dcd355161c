"""`npa migration add | list | status | remove | script | hash`: the migrations folder and what a
database has applied. Options and output only; the work is in ``npa_schema.migrations``. Running
migrations (`npa migrate`) is in ``cli/migrate.py``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from npa_schema.cli.common import Ctx, common_options

if TYPE_CHECKING:
    from npa_schema.migrations.status import Entry

migration_app = typer.Typer(
    help="Versioned migrations: add, list, status, remove, script, hash.", no_args_is_help=True
)


DialectOpt = Annotated[
    str | None,
    typer.Option(
        "--dialect", "-d", help="sqlite, postgres, mysql, mssql [default: the URL's].", show_default=False
    ),
]

STATE_STYLE = {
    "applied": "green",
    "pending": "yellow",
    "changed": "bold red",
    "missing": "red",
    "partial": "bold magenta",
    "reverting": "bold magenta",
    "out_of_order": "bold yellow",
}


# --- migration add / remove / hash ------------------------------------------------------------------


@migration_app.command()
@common_options("schema_dir", "migrations_dir", "env")
def add(
    ctx: Ctx,
    name: Annotated[str, typer.Argument(help="What the migration does, e.g. AddPhone.")],
    sql: Annotated[
        bool,
        typer.Option("--sql", help="Write reviewed plain SQL (<id>_<name>/up.sql, down.sql) for --dialect."),
    ] = False,
    dialect: DialectOpt = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Write an empty migration to fill in by hand.")
    ] = False,
) -> None:
    """Diff the schema files against the snapshot and write a migration (no database needed)."""
    from npa_schema.cli import output
    from npa_schema.declarative import load_desired
    from npa_schema.errors import ConfigError
    from npa_schema.migrations.authoring import add_migration
    from npa_schema.migrations.files import validate_name

    validate_name(name)
    if sql and not dialect:
        raise ConfigError(
            "--sql writes SQL for one engine: give --dialect", hint="e.g. --sql --dialect postgres"
        )
    settings = ctx.settings
    desired = load_desired(settings.schema_dir)
    added = add_migration(
        settings.migrations_dir, name, desired, sql_dialect=dialect if sql else None, empty=empty
    )
    if ctx.json:
        output.print_json(
            {
                "written": added.migration is not None,
                "migration": added.migration.label if added.migration else None,
                "path": str(added.migration.path) if added.migration else None,
                "changes": [{**op.to_dict(), "symbol": op.symbol} for op in added.ops],
                "lossy": added.lossy,
                "hints": added.hints,
            }
        )
        return
    if added.migration is None:
        ctx.out.print("[green]No changes[/]: the schema files match the snapshot; no migration written.")
        for hint in added.hints:
            ctx.out.print(f"[cyan]hint:[/] {hint}")
        return
    ctx.out.print(f"[green]✓[/] wrote {added.migration.path} ({len(added.ops)} operation(s))")
    for op in added.ops:
        ctx.out.print(f"    {op.symbol} {op.kind} {op.table_name or ''}".rstrip())
    for note in added.lossy:
        ctx.out.print(f"[bold red]lossy:[/] {note}")
    for hint in added.hints:
        ctx.out.print(f"[cyan]hint:[/] {hint}")
    ctx.out.print("Review it, commit it with npa.sum and the snapshot, then run: [bold]npa migrate up[/]")


@migration_app.command()
@common_options("url", "migrations_dir", "env")
def remove(
    ctx: Ctx,
    force: Annotated[
        bool, typer.Option("--force", help="Do not ask the database whether it is applied.")
    ] = False,
) -> None:
    """Remove the newest migration (if not applied) and restore the snapshot from before it."""
    from npa_schema.cli import output
    from npa_schema.migrations.authoring import remove_last

    applied = None if force else _applied_ids(ctx, required=ctx.settings.url_source != "default")
    removed = remove_last(ctx.settings.migrations_dir, applied)
    if ctx.json:
        output.print_json({"removed": removed.migration.label, "snapshot_exact": removed.exact})
        return
    ctx.out.print(f"[green]✓[/] removed {removed.migration.path}; the snapshot is back to before it")
    if not removed.exact:
        ctx.out.print(
            "[yellow]note:[/] no saved snapshot for it; the snapshot was rebuilt by replaying down()"
        )


@migration_app.command("hash")
@common_options("migrations_dir", "env")
def hash_(ctx: Ctx) -> None:
    """Rewrite migrations/npa.sum after reviewing the migrations (a merge, a hand edit)."""
    from npa_schema.cli import output
    from npa_schema.migrations.authoring import rehash
    from npa_schema.migrations.checksum import SUM_FILE

    migrations = rehash(ctx.settings.migrations_dir)
    if ctx.json:
        output.print_json({"sum": str(ctx.settings.migrations_dir / SUM_FILE), "migrations": len(migrations)})
    else:
        ctx.out.print(
            f"[green]✓[/] wrote {ctx.settings.migrations_dir / SUM_FILE} ({len(migrations)} migrations)"
        )


# --- migration list / status -----------------------------------------------------------------------


@migration_app.command("list")
@common_options("url", "migrations_dir", "env")
def list_(ctx: Ctx) -> None:
    """The migration files, with applied/pending when a database is given or configured."""
    from npa_schema.cli import output
    from npa_schema.migrations.files import discover
    from npa_schema.migrations.status import read_status

    files = discover(ctx.settings.migrations_dir)
    entries, database, note = None, None, None
    if ctx.settings.url_source != "default" or _local_database_exists(ctx):
        try:
            entries, database = read_status(ctx.settings.url, ctx.settings.migrations_dir)
        except Exception as exc:  # unreachable: list the files anyway, and say why there is no state
            note = f"database not reachable ({getattr(exc, 'message', exc)}); showing files only"
    by_id = {e.id: e for e in entries or []}
    rows = [
        {
            "id": f.id,
            "name": f.name,
            "file": f.filename,
            "kind": "sql" if f.is_sql else "python",
            "status": by_id[f.id].state if f.id in by_id else None,
        }
        for f in files
    ]
    if ctx.json:
        output.print_json({"database": database, "migrations": rows, "note": note})
        return
    if not rows:
        ctx.out.print(
            f"No migrations in {ctx.settings.migrations_dir}. Write one with: npa migration add NAME"
        )
    for row in rows:
        state = row["status"]
        tag = f"  [{STATE_STYLE.get(state, 'white')}]{state}[/]" if state else ""
        ctx.out.print(f"  {row['file']}{tag}")
    if note:
        ctx.err.print(f"[yellow]note:[/] {note}")


@migration_app.command()
@common_options("url", "migrations_dir", "env")
def status(ctx: Ctx) -> None:
    """Applied, pending, missing from disk, changed since applied, partial, out of order."""
    from npa_schema.cli import output
    from npa_schema.migrations.checksum import check_sum
    from npa_schema.migrations.files import discover
    from npa_schema.migrations.status import read_status, summary

    entries, database = read_status(ctx.settings.url, ctx.settings.migrations_dir)
    sum_check = check_sum(ctx.settings.migrations_dir, discover(ctx.settings.migrations_dir))
    if ctx.json:
        output.print_json(
            {
                "database": database,
                "migrations": [e.to_dict() for e in entries],
                "summary": summary(entries),
                "sum": {"ok": sum_check.ok, "problems": sum_check.problems},
            }
        )
        return
    ctx.out.print(f"Migrations of [bold]{database}[/]:")
    for e in entries:
        ctx.out.print(f"  [{STATE_STYLE.get(e.state, 'white')}]{e.state:<12}[/] {e.id}_{e.name}{_detail(e)}")
    if not entries:
        ctx.out.print("  (none)")
    counts = ", ".join(f"{n} {state}" for state, n in sorted(summary(entries).items()))
    ctx.out.print(f"\n{counts or 'nothing'}.")
    for problem in sum_check.problems:
        ctx.out.print(f"[bold red]npa.sum:[/] {problem} (review, then: npa migration hash)")


def _detail(e: Entry) -> str:
    row = e.row
    if e.state in ("partial", "reverting") and row is not None:
        verb = "ran" if e.state == "partial" else "of down ran"
        text = f"  — {row.statements_done} of {row.statements_total} statement(s) {verb}"
        return text + (f"; stopped on: {row.error.splitlines()[0]}" if row.error else "")
    if e.state == "changed":
        return "  — the file changed since it was applied"
    if e.state == "missing":
        return "  — recorded as applied, but the file is not on disk"
    if e.state == "out_of_order":
        return "  — older than applied migrations (merged from another branch?)"
    if e.state == "applied" and row is not None:
        return f"  [dim]{row.applied_at} · {row.execution_ms} ms · {row.applied_by}[/]"
    return ""


def _applied_ids(ctx: Ctx, required: bool) -> set[str] | None:
    from npa_schema.errors import MigrationError, NpaError
    from npa_schema.migrations.status import read_status

    if not required and not _local_database_exists(ctx):
        return None
    try:
        entries, _ = read_status(ctx.settings.url, ctx.settings.migrations_dir)
    except NpaError as exc:
        raise MigrationError(
            f"cannot check whether the migration is applied: {exc.message}",
            hint="make the database reachable, or pass --force if it is certainly not applied anywhere",
        ) from exc
    return {e.id for e in entries if e.row is not None}


def _local_database_exists(ctx: Ctx) -> bool:
    """A database to consult even when no URL was given: the default SQLite file, once created."""
    from npa_schema.dialects import get_dialect

    url = ctx.settings.url
    return get_dialect(url.dialect).local_database_exists(url)


# --- migration script ------------------------------------------------------------------------------


@migration_app.command()
@common_options("url", "migrations_dir", "env", format=None)
def script(
    ctx: Ctx,
    from_: Annotated[
        str | None, typer.Option("--from", help="Start after this migration (it is already applied).")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="End with this migration [default: the newest].")
    ] = None,
    idempotent: Annotated[
        bool,
        typer.Option(
            "--idempotent", help="Guard each migration by a history check (PostgreSQL, SQL Server)."
        ),
    ] = False,
    dialect: DialectOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the script to FILE.")] = None,
) -> None:
    """One SQL script of the migrations, history inserts included, for review (no database needed)."""
    from npa_schema.dialects import get_dialect
    from npa_schema.migrations.script import build_script

    engine = get_dialect(dialect or ctx.settings.url.dialect)
    text = build_script(ctx.settings.migrations_dir, engine, from_id=from_, to_id=to, idempotent=idempotent)
    if out:
        out.write_text(text, encoding="utf-8")
        ctx.err.print(f"[green]✓[/] wrote {out}")
    else:
        typer.echo(text, nl=False)
