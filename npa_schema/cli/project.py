"""`npa init`, `npa validate`, `npa pull`: the project's files."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from npa_schema.cli.common import Ctx, common_options

CONFIG_TEMPLATE = """\
# npa-schema configuration. See docs/configuration.md.
schema_dir = "schema"
migrations_dir = "migrations"
# url = "sqlite:///.npa/dev.db"          # the embedded default; or set NPA_DATABASE_URL / DATABASE_URL
# default_environment = "dev"

# [environments.dev]
# url = "sqlite:///.npa/dev.db"
#
# [environments.prod]
# url = "${DATABASE_URL}"               # environment variables are expanded
"""

EXAMPLE_USERS = """\
# yaml-language-server: $schema=entity.schema.json
table: users
comment: People who can sign in
columns:
  id:         {type: bigint, primary_key: true, identity: true}
  email:      {type: string(255), unique: true}
  name:       {type: string(100)}
  is_active:  {type: bool, default: true}
  created_at: {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
indexes:
  - columns: [name]
"""

EXAMPLE_ORDERS = """\
# yaml-language-server: $schema=entity.schema.json
table: orders
comment: Customer orders
columns:
  id:         {type: bigint, primary_key: true, identity: true}
  user_id:    {type: bigint, references: users.id, on_delete: cascade}
  total:      {type: "decimal(18,2)", default: 0}
  status:     {type: string(20), default: new, check: "status in ('new', 'paid', 'shipped')"}
  order:      {type: int, default: 0, comment: "a column named like a SQL keyword is fine"}
  notes:      {type: text, nullable: true}
  created_at: {type: datetime, default: {sql: CURRENT_TIMESTAMP}}
indexes:
  - columns: [user_id, created_at]
"""


@common_options()
def init(ctx: Ctx, directory: Annotated[Path, typer.Argument(help="Project folder.")] = Path(".")) -> None:
    """Scaffold npa.toml, schema/ with an example, and migrations/."""
    from npa_schema.cli import output

    created: list[str] = []
    existing: list[str] = []
    files = {
        directory / "npa.toml": CONFIG_TEMPLATE,
        directory / "schema" / "users.yaml": EXAMPLE_USERS,
        directory / "schema" / "orders.yaml": EXAMPLE_ORDERS,
        # for editors: the entity files' first line points at it (the loader reads no .json)
        directory / "schema" / ENTITY_SCHEMA: entity_schema_text(),
    }
    for path, text in files.items():
        if path.exists():
            existing.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(str(path))
    (directory / "migrations").mkdir(parents=True, exist_ok=True)
    _ignore_state(directory / ".gitignore")
    if ctx.json:
        output.print_json({"created": created, "existing": existing})
        return
    for shown in existing:
        ctx.out.print(f"  [dim]exists[/]  {shown}")
    for shown in created:
        ctx.out.print(f"  [green]created[/] {shown}")
    ctx.out.print(
        "\nNext: [bold]npa plan[/] to preview, [bold]npa apply[/] to create the tables (SQLite, no server needed)."
    )


ENTITY_SCHEMA = "entity.schema.json"


def entity_schema_text() -> str:
    from importlib import resources

    return resources.files("npa_schema").joinpath("schemas").joinpath(ENTITY_SCHEMA).read_text("utf-8")


def _ignore_state(gitignore: Path) -> None:
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.exists() else []
    if ".npa/" not in lines:
        gitignore.write_text("\n".join([*lines, ".npa/"]) + "\n", encoding="utf-8")


@common_options("url", "schema_dir", "env")
def validate(
    ctx: Ctx,
    dialect: Annotated[
        str | None,
        typer.Option(
            "--dialect",
            "-d",
            help="Also check what this engine can hold: sqlite, postgres, mysql, mariadb, mssql [default: the URL's].",
        ),
    ] = None,
) -> None:
    """Check the entity files: JSON Schema, then semantics, then what the target engine supports
    (the capability check plan and apply make; with no connection, what depends on the server's
    version is a warning)."""
    from rich.markup import escape

    from npa_schema.cli import output
    from npa_schema.dialects import get_dialect
    from npa_schema.errors import SpecError

    name = dialect or ctx.settings.url.dialect
    warnings: list[SpecError] = []
    schema = ctx.desired(get_dialect(name), warnings)
    counts = {"tables": len(schema.tables), "columns": sum(len(t.columns) for t in schema.tables)}
    if ctx.json:
        output.print_json(
            {
                "valid": True,
                "dialect": name,
                "schema_dir": str(ctx.settings.schema_dir),
                **counts,
                "warnings": [{"message": w.message, "hint": w.hint} for w in warnings],
            }
        )
        return
    ctx.out.print(
        f"[green]✓[/] {ctx.settings.schema_dir}: {counts['tables']} tables, {counts['columns']} columns, valid for {name}"
        + (f", with {len(warnings)} warning(s):" if warnings else ".")
    )
    for warning in warnings:
        ctx.out.print(f"  [yellow]warning:[/] {escape(warning.message)}")
        if warning.hint:
            ctx.out.print(f"    [cyan]hint:[/] {escape(warning.hint)}")


class FileFormat(str, Enum):
    yaml = "yaml"
    toml = "toml"


@common_options("url", "env")
def pull(
    ctx: Ctx,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write entity files to.")] = Path(
        "schema"
    ),
    file_format: Annotated[FileFormat, typer.Option("--file-format", help="yaml or toml.")] = FileFormat.yaml,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Introspect a live database and write one entity file per table (adopt an existing database)."""
    from npa_schema.cli import output
    from npa_schema.dialects import connect
    from npa_schema.entities import dump_schema_files
    from npa_schema.errors import PlanError

    with connect(ctx.settings.url) as (engine, session):
        schema = engine.introspect(session)
    existing = sorted(p.name for p in out.glob(f"*.{file_format.value}")) if out.exists() else []
    if existing and not force:
        raise PlanError(
            f"{out} already has entity files ({', '.join(existing[:3])}...)", hint="use --force to overwrite"
        )
    written = dump_schema_files(
        schema, out, fmt=file_format.value, dialect=engine.name, schema_ref=ENTITY_SCHEMA
    )
    if not (out / ENTITY_SCHEMA).exists():
        (out / ENTITY_SCHEMA).write_text(entity_schema_text(), encoding="utf-8")
    if ctx.json:
        output.print_json({"tables": len(schema.tables), "files": [str(p) for p in written]})
    else:
        ctx.out.print(
            f"[green]✓[/] wrote {len(written)} entity file(s) to {out}/ from {session.url.masked()}"
        )
