"""`assist triage`: read a customer's message and say who this may be, whether it is
dangerous, and what to do first. Exit 0 on any good input (it informs, it does not fail),
2 on bad input.

Only argument parsing and printing live here; the work is in assist.triage, the rendering
in triageview.py. Heavy modules are imported inside the command so `assist lint` starts fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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
    import json
    import sys

    from assist.cli.loading import load
    from assist.cli.output import fail, print_errors
    from assist.triage import triage_json
    from assist.triage.stored import stored_triager

    message = _message(path, text)
    loaded = load(playbooks or ())
    note = lambda line: print_errors([line])  # noqa: E731
    result = stored_triager(loaded.linter, loaded.team_dirs, note=note).triage(message)
    if output_format == TriageFormat.json:
        json.dump(triage_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from assist.cli.output import make_console
    from assist.cli.triageview import render_triage

    try:
        render_triage(result, loaded.playbook, make_console())
    except BrokenPipeError:  # `assist triage msg.txt | head`
        fail([])


def _message(path: str | None, text: str | None) -> str:
    """The message from --text, a file or stdin; exit 2 with one line naming the input."""
    from assist.cli.output import fail
    from assist.lint.inputs import read_inputs

    if (path is None) == (text is None):
        fail(["assist triage: give one message: a PATH, - for stdin, or --text"])
    if text is not None:
        return text
    assert path is not None
    if path != "-" and Path(path).is_dir():
        fail([f"{path}: is a folder; give one message file"])
    for item in read_inputs([path]):  # a DraftInput: path, text, error, skipped
        if item.error is not None:
            fail([item.error])
        return item.text
    fail([f"{path}: nothing to read"])
