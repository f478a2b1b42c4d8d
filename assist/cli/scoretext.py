"""`assist score`'s text report as plain strings: what `scorerun` printed through rich (the
checklist, the score, then lint's report), byte for byte, without rich's layout cost.
Untrusted text goes through `visible`; a report with text only rich lays out is None."""

from __future__ import annotations

import io

from assist.cli.plainlayout import CodePainter, Piece, Screen, needs_rich, printed, sgr, styled
from assist.cli.render import Cell, grid
from assist.display import visible

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from assist.score import ElementResult, Scorecard

STYLES = {
    "score.present": "bold green",
    "score.missing": "bold red",
    "score.optional": "dim",
    "score.evidence": "bold underline",
    "score.example": "green",
}
NAME_WIDTH = 36


def score_report(card: Scorecard, name: str, reply: str, screen: Screen) -> str | None:
    """The checklist, the score and lint's report for the reply as printed on `screen`;
    None when a text holds something only rich lays out."""
    from assist.cli.formats import TextFormatter
    from assist.lint.engine import FileResult

    texts = [name, card.language, *card.scorecards]
    for element in card.elements:
        texts += [element.name, element.example, *(e.text for e in element.evidence)]
    if needs_rich(texts, [element.why for element in card.elements if not element.present]):
        return None
    painter = CodePainter(colour=screen.colour)
    width = screen.width
    heading = f"{name}  (language {card.language}; scorecards: {', '.join(card.scorecards)})"
    lines = printed(painter, styled([(visible(heading), "")], "bold"), width)
    for element in card.elements:
        lines += _element(painter, element, width)
    needed = [e for e in card.elements if e.required]
    present = sum(e.present for e in needed)
    summary = f"\nscore {card.score}% ({present} of {len(needed)} required elements)\n"
    lines += printed(painter, Cell(summary), width)
    out = io.StringIO()
    out.write("".join(line + "\n" for line in lines))
    formatter = TextFormatter(out, width=width, colour=screen.colour)
    formatter.start()
    formatter.handle(FileResult(name, card.findings, text=reply))
    formatter.finished()
    return out.getvalue()


def _element(painter: CodePainter, element: ElementResult, width: int) -> list[str]:
    """✓ with the carrying words highlighted, ✗ with why and an example, · when optional."""
    if element.present:
        pieces: list[Piece] = [("  ✓ ", ""), (f"{element.name:<{NAME_WIDTH}}", "")]
        for i, evidence in enumerate(element.evidence):
            pieces.append((", " if i else "", ""))
            pieces.append((visible(_one_line(evidence.text)), STYLES["score.evidence"]))
        if not element.required:
            pieces.append(("  (not required here)", STYLES["score.optional"]))
        return printed(painter, styled(pieces, STYLES["score.present"]), width)
    if not element.required:
        line = [(f"  · {element.name}  (not required here)", "")]
        return printed(painter, styled(line, STYLES["score.optional"]), width)
    head = styled([("  ✗ ", ""), (element.name, "")], STYLES["score.missing"])
    rows = [
        ("why", Cell(visible(element.why))),
        ("add", Cell(visible(element.example), style=sgr(STYLES["score.example"]))),
    ]
    dim = sgr(STYLES["score.optional"])
    return [
        *printed(painter, head, width),
        *grid(painter, rows, width=width, label_style=dim, indent=6),
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())
