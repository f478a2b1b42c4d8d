"""The `assist` application: `create_app()` builds it from one module per command group.

Heavy modules are imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from assist import __version__
from assist.cli.output import (
    EXIT_INTERNAL,
    EXIT_USAGE,
    OutputError,
    guard_streams,
    print_errors,
    silence_stdout,
)

HELP = "Coach customer-service agents: lint drafts, walk through a complaint, browse playbooks."


def _version(value: bool) -> None:
    if value:
        print(f"assist {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an internal error.")
    ] = False,
) -> None:
    """assist: coach customer-service agents through complaints."""


def create_app() -> typer.Typer:
    """A new `assist` app with every command group registered."""
    from assist.cli import browse, cases, coach, lint, playbook, score, triage

    app = typer.Typer(
        name="assist",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    for module in (lint, score, triage, browse, coach, cases, playbook):
        module.register(app)
    return app


def main() -> None:
    """Entry point of the `assist` command: the last-resort guard around every command.

    Exit codes: 0 fine, 1 findings, 2 usage, input or output error, 3 an internal error
    (one line; the traceback only with `--debug`), 130 interrupted.
    """
    import sys

    debug = "--debug" in sys.argv[1:]
    guard_streams()
    try:
        try:
            create_app()()
        finally:
            sys.stdout.flush()  # a full device shows here, not in the interpreter's exit
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print_errors(["assist: interrupted"])
        raise SystemExit(130) from None
    except OutputError as exc:
        silence_stdout()
        print_errors([f"assist: cannot write the output: {exc}"])
        raise SystemExit(EXIT_USAGE) from None
    except Exception as exc:
        raise SystemExit(_internal_error(exc, debug=debug)) from None


def _internal_error(exc: Exception, *, debug: bool) -> int:
    """Report an unexpected exception as one line (or the traceback with --debug)."""
    import traceback

    if debug:
        traceback.print_exc()
    else:
        kind = {MemoryError: "out of memory", RecursionError: "input nested too deeply"}
        what = kind.get(type(exc)) or f"{type(exc).__name__}: {exc}"
        print_errors([f"assist: internal error: {what} (run with --debug for details)"])
    return EXIT_INTERNAL
