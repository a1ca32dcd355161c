"""The `npa` command. Commands import their heavy dependencies inside, so `npa --help` is fast."""

from __future__ import annotations

import os
import sys

import typer

from npa_schema.cli import plan as plan_cmds
from npa_schema.cli import project
from npa_schema.version import __version__

app = typer.Typer(
    name="npa",
    help="Relational database schemas as code: entity files → plan → apply, and versioned migrations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

app.command()(project.init)
app.command()(project.validate)
app.command()(plan_cmds.plan)
app.command()(plan_cmds.apply)
app.command()(project.pull)


def _register_groups() -> None:
    """Command groups other modules own (database, schema, migration, migrate)."""
    from npa_schema.cli import groups

    for name, group in groups.GROUPS:
        app.add_typer(group, name=name)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"npa-schema {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """npa-schema."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors print one message and exit 1; bugs show a traceback only with --debug."""
    from npa_schema.cli.masked import masked_streams

    args = sys.argv[1:] if argv is None else argv
    with masked_streams():
        _main(args)


def _main(args: list[str]) -> None:
    debug = "--debug" in args or os.environ.get("NPA_DEBUG") == "1"
    _register_groups()
    try:
        # standalone_mode=False: click returns a typer.Exit's code instead of exiting
        code = app(args=args, standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:
        _fail(exc, debug, as_json=_wants_json(args))


def _wants_json(args: list[str]) -> bool:
    """``--format json`` anywhere on the command line (errors are then JSON too)."""
    pairs = zip(args, [*args[1:], ""], strict=True)
    return any(
        (a in ("--format", "-f") and b == "json") or a in ("--format=json", "-fjson") for a, b in pairs
    )


def _click_exceptions():
    """typer 0.2x vendors click as ``typer._click``; older releases use click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions as click_exceptions

        return click_exceptions
    return exceptions


def _fail(exc: BaseException, debug: bool, as_json: bool = False) -> None:
    from npa_schema.errors import NpaError

    click_exceptions = _click_exceptions()
    if isinstance(exc, typer.Abort):
        sys.stderr.write("aborted\n")
        sys.exit(1)
    if isinstance(exc, click_exceptions.ClickException):
        exc.show()  # to sys.stderr, masked: a URL given as a stray argument is echoed
        sys.exit(1)  # usage errors are errors (1): 2 means "changes pending"
    if debug:
        _print_traceback(exc)
    if isinstance(exc, NpaError):
        from npa_schema.cli.output import print_error

        print_error(exc, as_json)
        sys.exit(exc.exit_code)
    from npa_schema.urls import mask_url

    text = mask_url(f"{type(exc).__name__}: {exc}")
    if as_json:
        import json

        sys.stderr.write(json.dumps({"error": {"type": "internal", "messages": [text]}}, indent=2) + "\n")
        sys.exit(1)
    sys.stderr.write(f"internal error: {text}\n")
    if not debug:
        sys.stderr.write("(re-run with --debug for the traceback)\n")
    sys.exit(1)


def _print_traceback(exc: BaseException) -> None:
    """``--debug``: the traceback (chained exceptions too, whose messages may hold a driver's DSN),
    printed through the masker rather than by the interpreter."""
    import traceback

    from npa_schema.urls import mask_url

    sys.stderr.write(mask_url("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))))


def run() -> None:
    """The console script and ``python -m npa_schema``: :func:`main`, then a hard exit. Freeing a
    large schema's millions of objects at interpreter shutdown costs a noticeable part of a second
    (mypy exits the same way); every connection is closed and every transaction finished by then,
    and the output streams are flushed here. Library callers use :func:`main`, which exits normally."""
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            from npa_schema.urls import mask_url

            sys.stderr.write(mask_url(exc.code) + "\n")
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)
