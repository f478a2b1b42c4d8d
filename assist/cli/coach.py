"""`assist coach`: parse arguments, run the walkthrough.

`register(app)` adds it to the main typer app. Heavy modules are imported inside the
commands so that `assist lint` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from assist.cli.options import PlaybooksOption

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
    leaving: Annotated[
        bool | None,
        typer.Option(
            "--leaving/--not-leaving",
            help="The customer has (not) said they are leaving (asked when not given).",
        ),
    ] = None,
    message: Annotated[
        Path | None,
        typer.Option("--message", "-m", help="The customer's message, from this file (- : stdin)."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Take the answers from this YAML/JSON file (no terminal)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the final reply to this file.")
    ] = None,
    db: DbOption = None,
    playbooks: PlaybooksOption = None,
    builtin: Annotated[
        bool,
        typer.Option("--builtin/--no-builtin", help="Use the built-in playbook."),
    ] = True,
) -> None:
    """Coach one complaint, from the customer's message to a reply you can send.

    Starts from the customer's message (pasted, or --message FILE), confirms their name, the
    channel and the kind of customer, shows a short case card, then one screen per step:
    you write the reply in an editor that checks it while you type. Type ? for more at a
    step, ! for the escalation check; /back, /skip and /quit move around. Ends with the
    reply made of your drafts (greeting, signature from assist.toml) and closes the case.
    Every answer is saved as you go. Without a terminal, give --answers FILE.
    """
    from assist.cli.loading import load
    from assist.cli.output import fail, make_console
    from assist.coach.session import CoachRequest, CoachSetup, run_coach
    from assist.errors import UsageError

    text = _read_message(message, fail) if message is not None else None
    request = CoachRequest(
        message=text,
        case_id=case_id,
        resume=resume,
        type=customer_type,
        channel=channel,
        customer=customer,
        summary=summary,
        leaving=None if leaving is None else ("yes" if leaving else "no"),
        answers=answers,
        output=output,
        db=db,
    )
    loaded = load(playbooks or (), builtin=builtin)
    config = loaded.config
    setup = CoachSetup(
        loaded.linter, config.ignore, config.language, config.signature, loaded.team_dirs
    )
    try:
        code = run_coach(request, setup, make_console())
    except UsageError as exc:
        fail(exc.lines)
    raise typer.Exit(code)


def _read_message(path: Path, fail: Callable[[list[str]], NoReturn]) -> str:
    """The message file's text ('-': standard input), or exit 2 naming the file."""
    import sys

    try:
        if str(path) == "-":
            return sys.stdin.read()
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        fail([f"{path}: cannot read the message ({exc.strerror or exc})"])
    except UnicodeDecodeError:
        fail([f"{path}: the message is not UTF-8 text"])


def register(app: typer.Typer) -> None:
    """Add `assist coach` to the app."""
    app.command("coach")(coach)
