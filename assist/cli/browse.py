"""Commands to browse the playbook: `types`, `channels`, `phrases`, `steps`, `principles`,
`compensation`.

Only argument parsing and printing live here; loading is loading.py, rendering tables.py.
Heavy modules are imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assist.cli.options import PlaybooksOption

if TYPE_CHECKING:
    from assist.model import Playbook


def register(app: typer.Typer) -> None:
    """Add the browse commands to the app."""
    app.command("types")(types)
    app.command("channels")(channels)
    app.command("phrases")(phrases)
    app.command("steps")(steps)
    app.command("principles")(principles)
    app.command("compensation")(compensation)


def _load(given: Sequence[Path] | None) -> Playbook:
    """The merged playbook, or exit 2 with one `file:line:col: message` line per problem."""
    from assist.cli.loading import load

    return load(given or ()).playbook


def _show(team_dirs: Sequence[Path] | None, item_id: str | None, pick: str) -> None:
    """Render the table (no id) or one entry of the kind named by `pick`."""
    from assist.cli import tables as browse
    from assist.cli.output import fail, make_console

    table, detail = {
        "types": (browse.render_customer_types, browse.render_customer_type),
        "channels": (browse.render_channels, browse.render_channel),
        "phrases": (browse.render_rules, browse.render_rule),
        "principles": (browse.render_principles, browse.render_principle),
        "compensation": (browse.render_compensation, browse.render_compensation_entry),
    }[pick]
    playbook = _load(team_dirs)
    console = make_console()
    if item_id is None:
        table(playbook, console)
        return
    try:
        detail(playbook, console, item_id)
    except browse.UnknownIdError as exc:
        fail([f"assist {pick}: {exc}"])


def types(
    type_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this customer type in detail.")
    ] = None,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the customer types, or show one: who they are, cues, approach, what to avoid."""
    _show(playbooks, type_id, "types")


def channels(
    channel_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this channel in detail.")
    ] = None,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the complaint channels, or show one: response time, tips, what to avoid."""
    _show(playbooks, channel_id, "channels")


def phrases(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this rule in detail.")
    ] = None,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the say / don't-say rules, or show one: why, what to say, source, examples."""
    _show(playbooks, rule_id, "phrases")


def steps(playbooks: PlaybooksOption = None) -> None:
    """Show the steps of handling a complaint, in order, with tips and wording."""
    from assist.cli.output import make_console
    from assist.cli.tables import render_steps

    render_steps(_load(playbooks), make_console())


def principles(
    principle_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this principle in detail.")
    ] = None,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the principles behind good complaint handling, or show one with its points."""
    _show(playbooks, principle_id, "principles")


def compensation(
    option_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this option in detail.")
    ] = None,
    type_id: Annotated[
        str | None,
        typer.Option("--type", "-t", metavar="TYPE", help="Only what fits this customer type."),
    ] = None,
    channel_id: Annotated[
        str | None,
        typer.Option("--channel", "-c", metavar="CHANNEL", help="Only what fits this channel."),
    ] = None,
    leaving: Annotated[
        bool, typer.Option("--leaving", help="The customer has said they are leaving.")
    ] = False,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the compensation options, or show one; with --type, --channel or --leaving,
    what to offer this customer and what never to."""
    if option_id is not None or (type_id is None and channel_id is None and not leaving):
        _show(playbooks, option_id, "compensation")
        return
    _advise(playbooks, type_id, channel_id, leaving)


def _advise(
    team_dirs: Sequence[Path] | None, type_id: str | None, channel_id: str | None, leaving: bool
) -> None:
    from assist.cli.output import fail, make_console
    from assist.cli.tables import render_compensation_advice
    from assist.display import visible
    from assist.playbook.guidance import compensation_for

    playbook = _load(team_dirs)
    problems = []
    for kind, given, known in (
        ("customer type", type_id, [t.id for t in playbook.customer_types]),
        ("channel", channel_id, [c.id for c in playbook.channels]),
    ):
        if given is not None and given not in known:
            listed = ", ".join(known)
            problems.append(
                f"assist compensation: unknown {kind} '{visible(given)}' (known: {listed})"
            )
    if problems:
        fail(problems)
    who = ", ".join(
        part
        for part in (type_id or "any customer type", channel_id, "leaving" if leaving else "")
        if part
    )
    advice = compensation_for(playbook, type_id, channel_id, leaving=leaving)
    render_compensation_advice(make_console(), advice, who)
