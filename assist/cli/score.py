"""`assist score`: the checklist of what a reply does (greets, apologises, solves, says when,
follows up...), what its context requires, a score, and lint's findings for the same text.

Exit codes: 0 every required element is present, 1 a required element is missing, 2 bad
input (unreadable file, unknown step, channel or type, a playbook problem).

Only the typer declaration lives here (fastargs.SCORE_OPTIONS mirrors it); the run and the
report are in scorerun.py.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from assist.cli.options import PlaybooksOption


class ScoreFormat(StrEnum):
    text = "text"
    json = "json"


def score(
    path: Annotated[
        str | None, typer.Argument(metavar="[PATH|-]", help="The reply: a file or - for stdin.")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="Score this string.")] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", "-c", help="Channel id (see `assist channels`).")
    ] = None,
    customer_type: Annotated[
        str | None, typer.Option("--type", help="Customer type id (see `assist types`).")
    ] = None,
    step: Annotated[
        str | None, typer.Option("--step", help="Step id of the complaint (see `assist steps`).")
    ] = None,
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ScoreFormat.text,
    playbooks: PlaybooksOption = None,
    list_elements: Annotated[
        bool, typer.Option("--list", help="List the reply elements and scorecards, then exit.")
    ] = False,
) -> None:
    """Check that a reply does what the steps ask: each element present (with the words that
    carry it) or missing (with why and an example), a score, and the lint findings.

    Exit codes: 0 all required elements present, 1 a required element missing, 2 bad input.
    """
    from assist.cli.scorerun import run_score

    code = run_score(
        path=path, text=text, channel=channel, customer_type=customer_type, step=step,
        output_format=output_format, playbooks=playbooks, list_elements=list_elements,
    )  # fmt: skip
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `assist score` to the app."""
    app.command("score")(score)
