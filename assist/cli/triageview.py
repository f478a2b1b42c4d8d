"""The text report of `assist triage`: the message with its cues highlighted, escalations
(safety first) with the playbook's guidance, channel hints, upset, the type guess with its
evidence and approach, and the first step. Untrusted text goes through `visible`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assist.display import visible

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console
    from rich.text import Text

    from assist.model import Playbook, Tip
    from assist.triage.result import Evidence, Triage, TypeGuess

STYLES = {
    "triage.cue": "bold underline",
    "triage.danger": "bold red",
    "triage.heading": "bold",
    "triage.type": "bold cyan",
    "triage.dim": "dim",
}
OPEN, CLOSE = "\u27e6", "\u27e7"
"""Marks around cues when the output has no styling (a file, a pipe, NO_COLOR)."""


def render_triage(triage: Triage, playbook: Playbook, console: Console) -> None:
    """Print the whole report to the console."""
    from rich.theme import Theme

    console.push_theme(Theme(STYLES))
    plain = console.no_color or not console.is_terminal
    console.print(_heading("Message", "cues marked"))
    _line(console, highlighted(triage.text, triage.evidence(), plain=plain))
    _escalations(triage, console)
    if triage.negated:
        _line(console, f"not counted (negated): {quoted(triage.negated)}", style="triage.dim")
    _channels(triage, console)
    _upset(triage, console)
    _type(triage, playbook, console)
    _first_step(triage, playbook, console)


def highlighted(text: str, evidence: tuple[Evidence, ...], *, plain: bool = False) -> Text:
    """The message with every cue span styled (and marked when `plain`)."""
    from rich.text import Text

    line = Text()
    at = 0
    for start, end in merged_spans((e.offset, e.offset + e.length) for e in evidence):
        line.append(visible(text[at:start]))
        cue = visible(text[start:end])
        line.append(f"{OPEN}{cue}{CLOSE}" if plain else cue, style="triage.cue")
        at = end
    line.append(visible(text[at:].rstrip()))
    return line


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) spans sorted, overlapping ones merged into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _heading(title: str, note: str = "") -> Text:
    from rich.text import Text

    heading = Text(f"\n{title}", style="triage.heading")
    if note:
        heading.append(f" ({note})", style="triage.dim")
    return heading


def quoted(evidence: tuple[Evidence, ...]) -> str:
    """The evidence texts, each in double quotes, comma separated."""
    return ", ".join(f'"{visible(e.text)}"' for e in evidence)


def _tips(console: Console, tips: tuple[Tip, ...], indent: str = "    ") -> None:
    """Bulleted tips; wrapped lines hang under the text, not under the bullet."""
    from rich.table import Table

    if not tips:
        return
    grid = Table.grid()
    grid.add_column(width=len(indent) + 2, no_wrap=True)
    grid.add_column()
    for tip in tips:
        grid.add_row(f"{indent}- ", visible(tip.text))
    console.print(grid)


def _line(console: Console, text: str | Text, indent: int = 2, style: str = "") -> None:
    """One paragraph, wrapped lines indented like the first."""
    from rich.padding import Padding
    from rich.text import Text

    body = Text(text, style=style) if isinstance(text, str) else text
    console.print(Padding(body, (0, 0, 0, indent), expand=False))


def _escalations(triage: Triage, console: Console) -> None:
    from rich.text import Text

    if not triage.escalations:
        console.print(_heading("Escalations", "none found"))
        return
    console.print(_heading("Escalations", "safety first"))
    for escalation in triage.escalations:
        line = Text(f"  ! {visible(escalation.name)}", style="triage.danger")
        line.append(f" [{escalation.id}]", style="triage.dim")
        console.print(line)
        _line(console, f"evidence: {quoted(escalation.evidence)}", 4)
        _tips(console, escalation.guidance)


def _channels(triage: Triage, console: Console) -> None:

    for hint in triage.channel_hints:
        console.print(_heading("Channel", f"{hint.id}: the customer mentions going public"))
        _line(console, f"{visible(hint.name)}: {quoted(hint.evidence)}")
        _tips(console, hint.tips)
        if hint.avoid:
            _line(console, "avoid:", 4)
            _tips(console, hint.avoid, "      ")


def _upset(triage: Triage, console: Console) -> None:
    from rich.text import Text

    upset = triage.upset
    state = "yes" if upset.detected else "no signs" if not upset.evidence else "maybe"
    line = Text("\nUpset: ", style="triage.heading")
    line.append(state)
    if upset.evidence:
        line.append(f" ({quoted(upset.evidence)})")
    console.print(line)


def _type(triage: Triage, playbook: Playbook, console: Console) -> None:
    from rich.text import Text

    guess = triage.type
    line = Text("\nCustomer type: ", style="triage.heading")
    if not triage.sure:
        line.append("not sure")
        line.append(" (too little evidence: ask, listen and decide yourself)", "triage.dim")
        console.print(line)
        if guess.evidence:
            _line(console, f"weak cues: {quoted(guess.evidence)}")
        return
    line.append(f"looks like {visible(guess.name)}", style="triage.type")
    line.append(f" [{guess.id}, score {guess.score:.1f}]: confirm before you rely on it")
    console.print(line)
    _line(console, f"evidence: {quoted(guess.evidence)}")
    _others(triage.candidates[1:], console)
    customer_type = playbook.customer_type(guess.id)
    if customer_type is not None:
        _line(console, "approach:")
        _tips(console, customer_type.approach)
        if customer_type.avoid:
            _line(console, "avoid:")
            _tips(console, customer_type.avoid)


def _others(others: tuple[TypeGuess, ...], console: Console) -> None:

    if others:
        listed = ", ".join(f"{g.id} ({g.score:.1f})" for g in others)
        _line(console, f"also possible: {listed}", style="triage.dim")


def _first_step(triage: Triage, playbook: Playbook, console: Console) -> None:
    from rich.text import Text

    if not playbook.steps:
        return
    step = playbook.steps[0]
    line = Text("\nFirst step: ", style="triage.heading")
    line.append(f"{visible(step.title)} [{step.id}]")
    console.print(line)
    _line(console, visible(step.goal))
    _tips(console, step.for_types.get(triage.type.id, ()))
    console.print(Text("  then: `assist coach` walks you through the rest", style="triage.dim"))
