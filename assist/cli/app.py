"""The `assist` application: `create_app()` builds it from one module per command group.

Heavy modules are imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from assist import __version__
from assist.cli.output import print_errors

HELP = "Coach customer-service agents: lint drafts, walk through a complaint, browse playbooks."


def _version(value: bool) -> None:
    if value:
        print(f"assist {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """assist: coach customer-service agents through complaints."""


def create_app() -> typer.Typer:
    """A new `assist` app with every command group registered."""
    from assist.cli import browse, cases, coach, lint, playbook, triage

    app = typer.Typer(
        name="assist",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    for module in (lint, triage, browse, coach, cases, playbook):
        module.register(app)
    return app


def main() -> None:
    """Entry point of the `assist` command."""
    try:
        create_app()()
    except KeyboardInterrupt:
        print_errors(["assist: interrupted"])
        raise SystemExit(130) from None
