"""`assist triage`'s text report as plain strings: what `triageview.render_triage` prints
through rich, byte for byte, without rich's layout cost. Untrusted text goes through
`visible`; a report with text only rich lays out (`needs_rich`) is None."""

from __future__ import annotations

from assist.cli.plainlayout import (
    CodePainter,
    Piece,
    Screen,
    bullets,
    needs_rich,
    paragraph,
    printed,
    styled,
)
from assist.cli.render import Cell
from assist.cli.triageview import CLOSE, OPEN, STYLES, merged_spans, quoted
from assist.display import visible

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from assist.model import Playbook, Tip
    from assist.triage.result import Triage


class _Report:
    """The report's lines, laid out for one screen."""

    def __init__(self, screen: Screen) -> None:
        self.width = screen.width
        self.painter = CodePainter(colour=screen.colour)
        self.lines: list[str] = []

    def print(self, pieces: list[Piece], base: str = "") -> None:
        self.lines += printed(self.painter, _cell(pieces, base), self.width)

    def paragraph(self, pieces: list[Piece], indent: int = 2, base: str = "") -> None:
        self.lines += paragraph(self.painter, _cell(pieces, base), self.width, indent)

    def heading(self, title: str, note: str = "") -> None:
        self.print(
            [(f"\n{title}", ""), *([(f" ({note})", "triage.dim")] if note else [])],
            "triage.heading",
        )

    def tips(self, tips: tuple[Tip, ...], indent: str = "    ") -> None:
        self.lines += bullets(self.painter, [visible(tip.text) for tip in tips], self.width, indent)


def _cell(pieces: list[Piece], base: str) -> Cell:
    """Pieces styled by the report's style names (STYLES) under a base style name."""
    return styled([(text, STYLES.get(style, "")) for text, style in pieces], STYLES.get(base, ""))


def triage_report(triage: Triage, playbook: Playbook, screen: Screen) -> str | None:
    """The whole report as `render_triage` prints it on `screen`; None when its text holds
    something only rich lays out (then render_triage prints it)."""
    texts, tips = _texts(triage, playbook)
    if needs_rich(texts, tips):
        return None
    report = _Report(screen)
    report.heading("Message", "cues marked")
    report.paragraph(_highlighted(triage, marks=screen.marks))
    _escalations(triage, report)
    if triage.negated:
        report.paragraph(
            [(f"not counted (negated): {quoted(triage.negated)}", "")], base="triage.dim"
        )
    _channels(triage, report)
    _upset(triage, report)
    _type(triage, playbook, report)
    _first_step(triage, playbook, report)
    return "".join(line + "\n" for line in report.lines)


def _texts(triage: Triage, playbook: Playbook) -> tuple[list[str], list[str]]:
    """The report's texts from the message or the playbook: those printed as rich Text,
    and the tips (a grid's strings, which rich reads as markup)."""
    texts = [triage.text, *(e.text for e in triage.evidence())]
    tips: list[Tip] = []
    for escalation in triage.escalations:
        texts += [escalation.name, escalation.id]
        tips += escalation.guidance
    for hint in triage.channel_hints:
        texts += [hint.name, hint.id]
        tips += [*hint.tips, *hint.avoid]
    texts += [e.text for e in (*triage.negated, *triage.upset.evidence, *triage.type.evidence)]
    texts += [name for g in triage.candidates for name in (g.name, g.id)]
    customer_type = playbook.customer_type(triage.type.id)
    if customer_type is not None:
        tips += [*customer_type.approach, *customer_type.avoid]
    for step in playbook.steps[:1]:
        texts += [step.title, step.goal, step.id]
        tips += step.for_types.get(triage.type.id, ())
    return texts, [tip.text for tip in tips]


def _highlighted(triage: Triage, *, marks: bool) -> list[Piece]:
    text = triage.text
    pieces: list[Piece] = []
    at = 0
    for start, end in merged_spans((e.offset, e.offset + e.length) for e in triage.evidence()):
        pieces.append((visible(text[at:start]), ""))
        cue = visible(text[start:end])
        pieces.append((f"{OPEN}{cue}{CLOSE}" if marks else cue, "triage.cue"))
        at = end
    pieces.append((visible(text[at:].rstrip()), ""))
    return pieces


def _escalations(triage: Triage, report: _Report) -> None:
    if not triage.escalations:
        report.heading("Escalations", "none found")
        return
    report.heading("Escalations", "safety first")
    for escalation in triage.escalations:
        line = [(f"  ! {visible(escalation.name)}", ""), (f" [{escalation.id}]", "triage.dim")]
        report.print(line, "triage.danger")
        report.paragraph([(f"evidence: {quoted(escalation.evidence)}", "")], 4)
        report.tips(escalation.guidance)


def _channels(triage: Triage, report: _Report) -> None:
    for hint in triage.channel_hints:
        report.heading("Channel", f"{hint.id}: the customer mentions going public")
        report.paragraph([(f"{visible(hint.name)}: {quoted(hint.evidence)}", "")])
        report.tips(hint.tips)
        if hint.avoid:
            report.paragraph([("avoid:", "")], 4)
            report.tips(hint.avoid, "      ")


def _upset(triage: Triage, report: _Report) -> None:
    upset = triage.upset
    state = "yes" if upset.detected else "no signs" if not upset.evidence else "maybe"
    pieces: list[Piece] = [("\nUpset: ", ""), (state, "")]
    if upset.evidence:
        pieces.append((f" ({quoted(upset.evidence)})", ""))
    report.print(pieces, "triage.heading")


def _type(triage: Triage, playbook: Playbook, report: _Report) -> None:
    guess = triage.type
    if not triage.sure:
        note = " (too little evidence: ask, listen and decide yourself)"
        pieces = [("\nCustomer type: ", ""), ("not sure", ""), (note, "triage.dim")]
        report.print(pieces, "triage.heading")
        if guess.evidence:
            report.paragraph([(f"weak cues: {quoted(guess.evidence)}", "")])
        return
    pieces = [
        ("\nCustomer type: ", ""),
        (f"looks like {visible(guess.name)}", "triage.type"),
        (f" [{guess.id}, score {guess.score:.1f}]: confirm before you rely on it", ""),
    ]
    report.print(pieces, "triage.heading")
    report.paragraph([(f"evidence: {quoted(guess.evidence)}", "")])
    others = triage.candidates[1:]
    if others:
        listed = ", ".join(f"{g.id} ({g.score:.1f})" for g in others)
        report.paragraph([(f"also possible: {listed}", "")], base="triage.dim")
    customer_type = playbook.customer_type(guess.id)
    if customer_type is not None:
        report.paragraph([("approach:", "")])
        report.tips(customer_type.approach)
        if customer_type.avoid:
            report.paragraph([("avoid:", "")])
            report.tips(customer_type.avoid)


def _first_step(triage: Triage, playbook: Playbook, report: _Report) -> None:
    if not playbook.steps:
        return
    step = playbook.steps[0]
    report.print(
        [("\nFirst step: ", ""), (f"{visible(step.title)} [{step.id}]", "")], "triage.heading"
    )
    report.paragraph([(visible(step.goal), "")])
    report.tips(step.for_types.get(triage.type.id, ()))
    report.print([("  then: `assist coach` walks you through the rest", "")], "triage.dim")
