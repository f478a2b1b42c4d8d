"""Command-line interface: parse arguments, call the library, pick a formatter. No logic here.

Heavy modules are imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .console import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail, print_errors

app = typer.Typer(
    name="assist",
    help="Coach customer-service agents: lint drafts, walk through a complaint, browse playbooks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    line = "line"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    suggestion = "suggestion"
    none = "none"


def _version(value: bool) -> None:
    if value:
        print(f"assist {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """assist: coach customer-service agents through complaints."""


PlaybooksOption = Annotated[
    list[Path] | None,
    typer.Option("--playbooks", "-p", help="Team playbook folder layered over the built-ins."),
]


@app.command()
def lint(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders or - for stdin.")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="Lint this string.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json or line.")
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that exits 1.")
    ] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", "-c", help="Add this channel's tips.")
    ] = None,
    rule: Annotated[list[str] | None, typer.Option("--rule", help="Only these rule ids.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip rule ids.")] = None,
    language: Annotated[
        list[str] | None, typer.Option("--language", "-l", help="Only rules of this language.")
    ] = None,
    playbooks: PlaybooksOption = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Use this assist.toml or pyproject.toml.")
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore config files.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each finding matched, word by word.")
    ] = False,
    explain_near: Annotated[
        bool, typer.Option("--explain-near", help="Also show the closest non-matches and why.")
    ] = False,
) -> None:
    """Flag forbidden phrases in drafts and suggest better wording.

    Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage, config or input errors.
    """
    from .runner import LintRequest, run_lint

    request = LintRequest(
        paths=tuple(paths or ()),
        text=text,
        output_format=output_format.value,
        fail_on=fail_on.value if fail_on else None,
        channel=channel,
        rules=tuple(rule) if rule else None,
        ignore=tuple(ignore or ()),
        languages=tuple(language) if language else None,
        playbooks=tuple(playbooks or ()),
        config=config,
        use_config=not no_config,
        explain=explain or explain_near,
        explain_near=explain_near,
    )
    raise typer.Exit(run_lint(request))


def _register_commands() -> None:
    """Add the commands that live in their own modules (each imports only typer at load)."""
    from . import cli_authoring, cli_browse, cli_coach

    for module in (cli_browse, cli_coach, cli_authoring):
        module.register(app)


def main() -> None:
    """Entry point of the `assist` command."""
    _register_commands()
    try:
        app()
    except KeyboardInterrupt:
        print_errors(["assist: interrupted"])
        raise SystemExit(130) from None


__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "app", "fail", "main"]
