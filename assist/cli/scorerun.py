"""Running `assist score`: read the reply, score it against the scorecards its context
selects, print the checklist, the score and lint's findings. Both the typer command
(score.py) and the fast argument path (fastargs.py, from `main()`) end here; nothing here
imports typer or click, and rich only for a text report with text only rich lays
out (plainlayout.needs_rich).

Exit codes: 0 every required element is present, 1 a required element is missing, 2 bad
input (unreadable file, unknown step, channel or type, a playbook problem).
"""

from __future__ import annotations

from assist.cli.oneinput import read_one
from assist.cli.output import EXIT_FINDINGS, EXIT_OK, fail

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from rich.console import Console

    from assist.model import Playbook
    from assist.score import ElementResult, Scorecard


def run_score(
    path: str | None,
    text: str | None,
    channel: str | None,
    customer_type: str | None,
    step: str | None,
    output_format: str,
    playbooks: Iterable[Path] | None,
    list_elements: bool,
) -> int:
    """Score the reply and print the report (`output_format`: text or json), or with
    `list_elements` list the elements and scorecards; the exit code."""
    from assist.cli.loading import load
    from assist.errors import UsageError
    from assist.score import score_text
    from assist.score.stored import stored_scorer

    if list_elements:
        _print_list(load(tuple(playbooks or ())).playbook)
        return EXIT_OK
    reply, name = read_one(
        path, text, usage="assist score: give one reply: a file, '-' for standard input, or --text",
        noun="reply",
    )  # fmt: skip
    loaded = load(tuple(playbooks or ()))
    scorer = stored_scorer(loaded.linter, loaded.team_dirs)  # (an entry not written: no note)
    try:
        card = score_text(
            reply, step=step, channel=channel, customer_type=customer_type, playbook=scorer
        )
    except UsageError as exc:
        fail([f"assist score: {line}" for line in exc.lines])
    if output_format == "json":
        _print_json(card)
    else:
        _print_text(card, name, reply)
    return EXIT_FINDINGS if card.missing else EXIT_OK


def _print_list(playbook: Playbook) -> None:
    """Every reply element (with its languages) and every scorecard (when it applies)."""
    from assist.display import visible

    languages: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for element in playbook.elements:
        languages.setdefault(element.id, []).append(element.language)
        names.setdefault(element.id, element.name)
    print("reply elements")
    for element_id, codes in languages.items():
        print(visible(f"  {element_id:<18} {names[element_id]} ({', '.join(codes)})"))
    print("scorecards (each applies when its selectors match; none: always)")
    for card in playbook.scorecards:
        selectors = [
            f"{key} {value}"
            for key, value in (
                ("step", card.step), ("channel", card.channel), ("type", card.customer_type)
            )
            if value is not None
        ]  # fmt: skip
        when = ", ".join(selectors) or "always"
        parts = [f"requires {', '.join(card.requires)}"] if card.requires else []
        parts += [f"waives {', '.join(card.waives)}"] if card.waives else []
        print(visible(f"  {card.id:<18} {when}: {'; '.join(parts)}"))


def _print_json(card: Scorecard) -> None:
    import json
    import sys

    from assist.score import scorecard_dict

    json.dump(scorecard_dict(card), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _print_text(card: Scorecard, name: str, reply: str) -> None:
    """The checklist, the score, then lint's report for the same text: as plain strings
    (scoretext), or through rich when the text holds what only rich lays out."""
    import sys

    from assist.cli.plainlayout import Screen
    from assist.cli.scoretext import score_report

    screen = Screen.of(sys.stdout)
    report = score_report(card, name, reply, screen) if screen is not None else None
    if report is not None:
        sys.stdout.write(report)
        return
    from assist.cli.output import make_console

    _print_rich_text(card, name, reply, make_console())


def _print_rich_text(card: Scorecard, name: str, reply: str, console: Console) -> None:
    """The report laid out by rich (the reference scoretext reproduces)."""
    from rich.text import Text
    from rich.theme import Theme

    from assist.cli.formats import TextFormatter
    from assist.cli.scoretext import STYLES
    from assist.display import visible
    from assist.lint.engine import FileResult

    console.push_theme(Theme(STYLES))
    heading = f"{name}  (language {card.language}; scorecards: {', '.join(card.scorecards)})"
    console.print(Text(visible(heading), style="bold"))
    for element in card.elements:
        _print_element(console, element)
    needed = [e for e in card.elements if e.required]
    present = sum(e.present for e in needed)
    console.print(Text(f"\nscore {card.score}% ({present} of {len(needed)} required elements)\n"))
    colour = console.color_system is not None and not console.no_color
    formatter = TextFormatter(console.file, width=console.width, colour=colour)
    formatter.start()
    formatter.handle(FileResult(name, card.findings, text=reply))
    formatter.finished()


def _print_element(console: Console, element: ElementResult) -> None:
    """✓ with the carrying words highlighted, ✗ with why and an example, · when optional."""
    from rich.text import Text

    from assist.cli.scoretext import NAME_WIDTH
    from assist.display import visible

    if element.present:
        line = Text("  ✓ ", style="score.present")
        line.append(f"{element.name:<{NAME_WIDTH}}")
        for i, evidence in enumerate(element.evidence):
            line.append(", " if i else "")
            line.append(visible(_one_line(evidence.text)), style="score.evidence")
        if not element.required:
            line.append("  (not required here)", style="score.optional")
        console.print(line)
        return
    if not element.required:
        console.print(Text(f"  · {element.name}  (not required here)", style="score.optional"))
        return
    from rich.padding import Padding
    from rich.table import Table

    console.print(Text("  ✗ ", style="score.missing").append(element.name))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="score.optional", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("why", visible(element.why))
    grid.add_row("add", Text(visible(element.example), style="score.example"))
    console.print(Padding(grid, (0, 0, 0, 6)))


def _one_line(text: str) -> str:
    return " ".join(text.split())
