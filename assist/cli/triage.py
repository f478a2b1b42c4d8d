"""`assist triage`: read a customer's message and say who this may be, whether it is
dangerous, and what to do first. Exit 0 on any good input (it informs, it does not fail),
2 on bad input.

Only the typer declaration lives here (fastargs.TRIAGE_OPTIONS mirrors it); the run is in
triagerun.py, the work in assist.triage, the rendering in triageview.py.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from assist.cli.options import PlaybooksOption


class TriageFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the `triage` command to the app."""
    app.command("triage")(triage)


def triage(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH|-]", help="The customer's message: a file, or - for stdin."),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-t", help="Triage this message text.")
    ] = None,
    output_format: Annotated[
        TriageFormat, typer.Option("--format", "-f", help="text or json.")
    ] = TriageFormat.text,
    playbooks: PlaybooksOption = None,
) -> None:
    """Read a customer's message: escalations (safety first) with the playbook's guidance,
    channel hints, whether the customer is upset, the likely customer type with its evidence
    (a guess to confirm), and the first step.

    Exit codes: 0 the message was read (whatever it says), 2 bad input or playbook.
    """
    from assist.cli.triagerun import run_triage

    code = run_triage(path=path, text=text, output_format=output_format, playbooks=playbooks)
    if code:
        raise typer.Exit(code)
