"""`assist coach`: parse arguments, run the walkthrough.

`register(app)` adds it to the main typer app. Heavy modules are imported inside the
commands so that `assist lint` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Case database file (default: $ASSIST_DB, else cases.db in your data folder).",
        show_default=False,
    ),
]


def coach(
    case_id: Annotated[
        int | None,
        typer.Argument(help="With --resume: the case to continue.", metavar="[ID]"),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an unfinished case (latest if no ID).")
    ] = False,
    customer_type: Annotated[
        str | None, typer.Option("--type", help="Customer type id, or not-sure.")
    ] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Channel id, or other.")] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", help="Customer name or reference.")
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", help="The complaint in one sentence.")
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Take the answers from this YAML/JSON file (no terminal)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the final reply to this file.")
    ] = None,
    db: DbOption = None,
    playbooks: Annotated[
        list[Path] | None,
        typer.Option("--playbooks", "-p", help="Team playbook folder layered over the built-ins."),
    ] = None,
    builtin: Annotated[
        bool,
        typer.Option("--builtin/--no-builtin", help="Use the built-in playbook."),
    ] = True,
) -> None:
    """Walk through one complaint step by step; every answer is saved as you go.

    Asks the channel, the kind of customer and the complaint, then goes through the
    playbook's steps with tips for this customer and channel. Type ! at any question for the
    escalation check; /back, /skip and /quit move around. Ends with a summary and a reply
    draft built from your notes. Without a terminal, give --answers FILE.
    """
    from assist.cli.loading import load
    from assist.cli.output import fail, make_console
    from assist.coach.session import CoachRequest, CoachSetup, run_coach
    from assist.errors import UsageError

    request = CoachRequest(
        case_id=case_id,
        resume=resume,
        type=customer_type,
        channel=channel,
        customer=customer,
        summary=summary,
        answers=answers,
        output=output,
        db=db,
    )
    loaded = load(playbooks or (), builtin=builtin)
    setup = CoachSetup(loaded.linter, loaded.config.ignore, loaded.config.language)
    try:
        code = run_coach(request, setup, make_console())
    except UsageError as exc:
        fail(exc.lines)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `assist coach` to the app."""
    app.command("coach")(coach)
