"""The `assist` application: `create_app()` builds it from one module per command group.

`main()` runs `assist lint`, `assist triage` and `assist score` without building the app
when their fast parsers (lintargs, fastargs) can read the arguments (typer and click cost
more than linting a draft); everything else, `--help` included, goes through typer. Heavy
modules are imported inside the commands.
"""

from __future__ import annotations

import os
import sys

from assist import __version__
from assist.cli.output import (
    EXIT_INTERNAL,
    EXIT_USAGE,
    OutputError,
    guard_streams,
    print_errors,
    silence_stdout,
)

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import NoReturn

    import typer

HELP = "Coach customer-service agents: lint drafts, walk through a complaint, browse playbooks."


def create_app() -> typer.Typer:
    """A new `assist` app with every command group registered."""
    import typer

    from assist.cli import audit, browse, cases, coach, lint, playbook, score, triage

    def _version(value: bool) -> None:
        if value:
            print(f"assist {__version__}")
            raise typer.Exit()

    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Show the version."
        ),
        debug: bool = typer.Option(
            False, "--debug", help="Show the full traceback of an internal error."
        ),
    ) -> None:
        """assist: coach customer-service agents through complaints."""

    app = typer.Typer(
        name="assist",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    for module in (lint, score, triage, browse, coach, cases, playbook, audit):
        module.register(app)
    return app


EXIT_BROKEN_PIPE = 141
"""Exit code when the reader of standard output went away: 128 + SIGPIPE, as for `cat`."""


def main() -> None:
    """Entry point of the `assist` command: the last-resort guard around every command.

    Exit codes: 0 fine, 1 findings, 2 usage, input or output error, 3 an internal error
    (one line; the traceback only with `--debug`), 130 interrupted, 141 the reader of standard
    output went away (`assist lint | head`; nothing printed, as `cat` does).
    """
    debug = "--debug" in sys.argv[1:]
    guard_streams()
    try:
        try:
            code = _fast(sys.argv[1:])
            if code is None:
                create_app()()
            else:
                raise SystemExit(code)
        finally:
            sys.stdout.flush()  # a full device shows here, not in the interpreter's exit
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print_errors(["assist: interrupted"])
        raise SystemExit(130) from None
    except OutputError as exc:
        silence_stdout()
        if isinstance(exc.cause, BrokenPipeError):  # `assist lint | head`: the reader is done
            raise SystemExit(EXIT_BROKEN_PIPE) from None
        print_errors([f"assist: cannot write the output: {exc}"])
        raise SystemExit(EXIT_USAGE) from None
    except Exception as exc:
        raise SystemExit(_internal_error(exc, debug=debug)) from None


def run() -> NoReturn:
    """The `assist` command (`python -m assist` too): `main()`, and after a command with a
    fast path (FAST) in this process alone, an exit without the interpreter's clean-up
    (freeing every object of the loaded playbook, one by one, cost a cold lint 1.5% of its
    instructions): the output is flushed first, and no worker process, thread or exit
    handler is left to wait for."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if (
        sys.argv[1:2] in FAST
        and isinstance(code, int)
        and "multiprocessing" not in sys.modules
        and "threading" not in sys.modules
        and "atexit" not in sys.modules
    ):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError, OutputError):
            raise SystemExit(code) from None  # the interpreter's exit reports it as always
        os._exit(code)
    raise SystemExit(code)


FAST = (["lint"], ["triage"], ["score"])
"""The commands `main()` first tries to run without typer (their first argument)."""


def _fast(args: list[str]) -> int | None:
    """Exit code of `assist lint|triage|score ARGS` run without typer, or None if typer must
    parse them."""
    command = args[:1]
    if command == ["lint"]:
        from assist.cli.lintargs import parse
        from assist.cli.lintrun import run_lint

        request = parse(args[1:])
        return None if request is None else run_lint(request)
    if command == ["triage"]:
        from assist.cli.fastargs import triage_arguments
        from assist.cli.triagerun import run_triage

        arguments = triage_arguments(args[1:])
        return None if arguments is None else run_triage(**arguments)
    if command == ["score"]:
        from assist.cli.fastargs import score_arguments
        from assist.cli.scorerun import run_score

        arguments = score_arguments(args[1:])
        return None if arguments is None else run_score(**arguments)
    return None


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
