"""Options the commands share (declared once, added by :func:`common_options`), the per-invocation
context a command receives, and asking for confirmation."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from npa_schema.config import Settings, load_settings

if TYPE_CHECKING:
    from npa_schema.dialects.base import Dialect
    from npa_schema.entities import LoadedSchema
    from npa_schema.errors import SpecError
    from npa_schema.model import Schema
    from npa_schema.plan import Plan


class Format(str, Enum):
    text = "text"
    json = "json"


UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url",
        "-u",
        help="Database URL (else NPA_DATABASE_URL, DATABASE_URL, npa.toml, sqlite:///.npa/dev.db).",
        show_default=False,
    ),
]
SchemaDirOpt = Annotated[
    Path | None,
    typer.Option("--schema-dir", "-s", help="Folder of entity files [default: schema/].", show_default=False),
]
MigrationsDirOpt = Annotated[
    Path | None,
    typer.Option("--migrations-dir", help="Folder of migrations [default: migrations/].", show_default=False),
]
EnvOpt = Annotated[
    str | None, typer.Option("--env", "-e", help="An environment from npa.toml.", show_default=False)
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colours (also NO_COLOR=1).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
AutoApproveOpt = Annotated[bool, typer.Option("--auto-approve", "-y", help="Do not ask for confirmation.")]


@dataclass
class Ctx:
    """What a command needs from its options: settings (lazily), the format, and the consoles."""

    url: str | None = None
    schema_dir: Path | None = None
    migrations_dir: Path | None = None
    env: str | None = None
    format: str = "text"
    no_color: bool = False
    debug: bool = False
    _settings: Settings | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.debug:
            os.environ["NPA_DEBUG"] = "1"
        if self.no_color:
            os.environ["NO_COLOR"] = "1"

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.url, self.schema_dir, self.migrations_dir, self.env)
        return self._settings

    def desired(self, dialect: Dialect | None = None, warnings: list[SpecError] | None = None) -> Schema:
        """The validated entity files, with the dialect's capability check when one is given."""
        return self.checked(self.loaded(), dialect, warnings)

    def loaded(self) -> LoadedSchema:
        """The entity files, validated (JSON Schema and semantics), before any dialect's check."""
        from npa_schema.entities import load_schema

        return load_schema(self.settings.schema_dir, self.settings.cache_dir)

    def checked(
        self, loaded: LoadedSchema, dialect: Dialect | None, warnings: list[SpecError] | None = None
    ) -> Schema:
        """``loaded`` after the capability check (``declarative.check_capabilities``) for ``dialect``:
        errors raise; warnings go to ``warnings``, else to stderr."""
        from npa_schema.declarative import check_capabilities

        if dialect is None:
            return loaded.schema
        found = check_capabilities(dialect, loaded.schema, loaded)
        if warnings is not None:
            warnings += found
        elif found:
            from rich.markup import escape

            for warning in found:
                self.err.print(f"[yellow]warning:[/] {escape(warning.message)}")
        return loaded.schema

    def live_plan(self) -> Plan:
        """The plan from the live database (in ``settings.url``) to the schema files. The files load in
        a worker thread while this one waits on the catalog queries (the session stays on this thread)."""
        from concurrent.futures import ThreadPoolExecutor

        from npa_schema.dialects import connect
        from npa_schema.plan import make_plan

        with connect(self.settings.url) as (engine, session), ThreadPoolExecutor(1) as pool:
            desired = pool.submit(self.desired, engine)
            current = engine.introspect(session)
            target = session.identity()
            return make_plan(desired.result(), current, engine, session.url.masked(), target=target)

    @property
    def json(self) -> bool:
        return self.format == "json"

    @property
    def out(self):
        from npa_schema.cli.output import stdout

        return stdout(self.no_color)

    @property
    def err(self):
        from npa_schema.cli.output import stderr

        return stderr(self.no_color)


Shared = Literal["url", "schema_dir", "migrations_dir", "env"]

#: the shared options in the order ``--help`` lists them, after the command's own: name → (annotation, default)
_SHARED: dict[str, tuple[Any, Any]] = {
    "url": (UrlOpt, None),
    "schema_dir": (SchemaDirOpt, None),
    "migrations_dir": (MigrationsDirOpt, None),
    "env": (EnvOpt, None),
    "format": (FormatOpt, Format.text),
    "no_color": (NoColorOpt, False),
    "debug": (DebugOpt, False),
}

Command = TypeVar("Command", bound=Callable[..., Any])


@dataclass(frozen=True)
class FormatOption:
    """A command's own ``--format`` (annotated type and default), where ``text|json`` is not its choice."""

    annotation: Any
    default: Any


def common_options(
    *shared: Shared, format: FormatOption | None = FormatOption(FormatOpt, Format.text)
) -> Callable[[Command], Command]:
    """Give a command the shared options it takes, declared once above, and hand it a ready ``Ctx``.

    The command's first parameter is ``ctx: Ctx``; its other parameters are its own options and
    arguments. ``shared`` picks among ``--url``, ``--schema-dir``, ``--migrations-dir`` and ``--env``;
    every command also gets ``--format`` (``text|json`` unless ``format`` gives the command's own, or
    ``None`` for none), ``--no-color`` and ``--debug``. typer reads the command's signature, so the
    decorator rewrites it: the command's own parameters first, then the shared ones in one order.
    """
    chosen = {name: _SHARED[name] for name in _SHARED if name in shared or name in ("no_color", "debug")}
    if format is not None:
        chosen["format"] = (format.annotation, format.default)
    chosen = {name: chosen[name] for name in _SHARED if name in chosen}  # the one order

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        first, *own = signature.parameters.values()
        if first.name != "ctx":
            raise TypeError(f"{command.__name__}: a command's first parameter is ctx: Ctx")
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in chosen.items()
        ]

        @functools.wraps(command)
        def run(**options: Any) -> Any:
            values = {name: options.pop(name) for name in chosen}
            fmt = values.pop("format", Format.text)
            ctx = Ctx(**values, format=fmt.value if isinstance(fmt, Enum) else fmt)
            return command(ctx, **options)

        run.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        run.__annotations__ = {
            **{p.name: p.annotation for p in (*own, *added)},
            "return": signature.return_annotation,
        }
        return run  # type: ignore[return-value]

    return decorate


def is_interactive() -> bool:
    return (
        sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("CI", "").lower() not in ("1", "true")
    )


def confirm(ctx: Ctx, question: str, auto_approve: bool) -> bool:
    """On a TTY, ask; otherwise refuse unless ``--auto-approve`` (CI must say so explicitly)."""
    from npa_schema.errors import PlanError

    if auto_approve:
        return True
    if not is_interactive():
        raise PlanError("confirmation needed, but there is no terminal to ask on", hint="pass --auto-approve")
    answer = typer.prompt(f"{question} Only 'yes' will be accepted", default="", show_default=False)
    return answer.strip().lower() == "yes"
