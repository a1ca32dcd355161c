"""The shared options are declared once (``cli/common.py``) and added to each command by
``common_options``: a command lists its own options first, then the shared ones it takes, always in
one order, with the one help text, and receives them as a ready ``Ctx``."""

from __future__ import annotations

from typing import Annotated

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from npa_schema.cli import app as npa
from npa_schema.cli.common import Ctx, FormatOption, common_options

SHARED_ORDER = ["url", "schema_dir", "migrations_dir", "env", "format", "no_color", "debug"]


def _commands() -> dict[str, object]:
    npa._register_groups()
    found: dict[str, object] = {}

    def walk(command, path: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found[path] = command
        for name, sub in (subcommands or {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(get_command(npa.app), "")
    return found


def test_every_command_lists_its_own_options_then_the_shared_ones_in_one_order() -> None:
    commands = _commands()
    assert {"plan", "migration status", "migrate up", "schema sync", "database seed"} <= set(commands)
    for path, command in commands.items():
        names = [p.name for p in command.params]  # type: ignore[attr-defined]
        shared = [n for n in names if n in SHARED_ORDER]
        assert shared[-2:] == ["no_color", "debug"], path
        assert shared == [n for n in SHARED_ORDER if n in shared], path
        assert names[-len(shared) :] == shared, f"{path}: its own options come first"


def test_the_shared_options_keep_their_flags_and_help() -> None:
    options = {p.name: p for p in _commands()["schema sync"].params}  # type: ignore[attr-defined]
    assert options["url"].opts == ["--url", "-u"] and "NPA_DATABASE_URL" in options["url"].help
    assert options["schema_dir"].opts == ["--schema-dir", "-s"]
    assert options["migrations_dir"].opts == ["--migrations-dir"]
    assert options["env"].opts == ["--env", "-e"]
    assert options["format"].opts == ["--format", "-f"]
    assert "--url" not in {o for p in _commands()["migration hash"].params for o in p.opts}  # type: ignore[attr-defined]


def test_a_command_receives_its_options_and_a_ready_ctx(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("NPA_DEBUG", "NO_COLOR"):  # Ctx sets them for the process; put them back afterwards
        monkeypatch.setenv(var, "")
    seen: list[tuple[Ctx, int]] = []
    app = typer.Typer()

    @app.command()
    @common_options("url", "env")
    def probe(ctx: Ctx, count: Annotated[int, typer.Option("--count")] = 1) -> None:
        """Probe."""
        seen.append((ctx, count))

    result = CliRunner().invoke(
        app, ["--count", "3", "-u", "sqlite:///x.db", "-e", "dev", "-f", "json", "--no-color", "--debug"]
    )
    assert result.exit_code == 0, result.output
    ctx, count = seen[0]
    assert count == 3
    assert (ctx.url, ctx.env, ctx.schema_dir, ctx.format, ctx.no_color, ctx.debug) == (
        "sqlite:///x.db",
        "dev",
        None,
        "json",
        True,
        True,
    )
    assert CliRunner().invoke(app, ["--schema-dir", "s"]).exit_code == 2  # not one of its options


def test_a_command_may_bring_its_own_format_or_none() -> None:
    app = typer.Typer()
    formats: list[str] = []

    @app.command("own")
    @common_options(format=FormatOption(Annotated[str, typer.Option("--format", "-f", help="Any.")], "sql"))
    def own(ctx: Ctx) -> None:
        formats.append(ctx.format)

    @app.command("none")
    @common_options(format=None)
    def none(ctx: Ctx) -> None:
        formats.append(ctx.format)

    assert CliRunner().invoke(app, ["own"]).exit_code == 0
    assert CliRunner().invoke(app, ["none"]).exit_code == 0
    assert CliRunner().invoke(app, ["none", "--format", "json"]).exit_code == 2
    assert formats == ["sql", "text"]


def test_a_command_without_ctx_is_refused_at_import() -> None:
    with pytest.raises(TypeError, match="first parameter is ctx"):

        @common_options("url")
        def broken(url: str) -> None: ...
