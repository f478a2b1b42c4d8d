"""The draft editor: a text area that checks while the agent types, like a spell-checker.

Below the text, a panel lists what the check found (phrases to avoid, later what is missing);
the finding under the cursor shows why it hurts and what to say instead, and Ctrl-R puts that
wording in its place. Sized for an 80x24 terminal: at most 8 lines of text, 5 of findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assist.display import visible

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyPressEvent

    from assist.coach.seams import DraftReport
    from assist.lint.findings import Finding

COMMAND_LINES = frozenset({"?", "!", "/back", "/skip", "/quit"})
EDITOR_HINT = "· Esc Enter: done · Ctrl-N: next finding · Ctrl-R: use it"
PANEL_LINES = 4
TEXT_LINES = 4


def finding_at(findings: tuple[Finding, ...], cursor: int) -> Finding | None:
    """The finding whose text holds the cursor (touching either end counts)."""
    return next((f for f in findings if f.offset <= cursor <= f.offset + f.length), None)


def replace_with_suggestion(text: str, finding: Finding) -> tuple[str, int]:
    """`text` with the finding's words replaced by its first suggestion, and the new cursor."""
    if not finding.suggestions:
        return text, finding.offset + finding.length
    wording = finding.suggestions[0]
    end = finding.offset + finding.length
    return text[: finding.offset] + wording + text[end:], finding.offset + len(wording)


def panel_lines(report: DraftReport, cursor: int, width: int) -> list[tuple[str, str]]:
    """The panel as (style, line) pairs: findings, the current one's why and say, missing."""
    findings = report.findings
    lines: list[tuple[str, str]] = []
    if report.unchecked:
        lines.append(("class:missing", f"Not checked: {report.unchecked}."))
    elif not findings:
        lines.append(("class:ok", "✓ Nothing to fix so far."))
    current = finding_at(findings, cursor) or (findings[0] if findings else None)
    for item in findings[:2]:
        mark = ">" if item is current else " "
        lines.append(
            ("class:finding", f"{mark} {item.line}:{item.column} {item.severity}"
             f" “{visible(item.matched)}” ({item.rule})")
        )  # fmt: skip
    if len(findings) > 2:
        lines.append(("", f"  … {len(findings) - 2} more (Ctrl-N)"))
    if current is not None:
        lines.append(("", f"  why: {visible(current.why)}"))
        if current.suggestions:
            lines.append(("class:say", f"  say: {visible(current.suggestions[0])} (Ctrl-R)"))
    if report.missing:  # the score checklist: what this draft could still add
        labels = ", ".join(m.label for m in report.missing)
        lines.append(("class:missing", f"could still add: {labels}"))
    return [(style, _cut(line, width)) for style, line in lines[:PANEL_LINES]]


def _cut(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def run_editor(
    question: str, *, default: str, check: Callable[[str], DraftReport], spoken: bool
) -> str:
    """Edit a draft in the terminal; returns the text (a lone command such as '?' as typed)."""
    from prompt_toolkit.application import Application, get_app
    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.document import Document
    from prompt_toolkit.layout import BufferControl, FormattedTextControl, HSplit, Layout, Window
    from prompt_toolkit.layout.dimension import Dimension
    from prompt_toolkit.styles import Style

    state: dict[str, Any] = {"report": check(default)}
    buffer = Buffer(document=Document(default, len(default)), multiline=True)

    def changed(_: Buffer) -> None:
        state["report"] = check(buffer.text)

    buffer.on_text_changed += changed
    wording = "spoken" if spoken else "written"

    def header() -> StyleAndTextTuples:
        return [("bold", f"{question} ({wording}) "), ("class:hint", EDITOR_HINT)]

    def panel() -> StyleAndTextTuples:
        width = get_app().output.get_size().columns - 1
        out: StyleAndTextTuples = [("class:rule", "─" * min(width, 78) + "\n")]
        for style, line in panel_lines(state["report"], buffer.cursor_position, width):
            out += [(style, line + "\n")]
        return out

    text_height = Dimension.exact(TEXT_LINES)
    layout = Layout(
        HSplit(
            [
                Window(FormattedTextControl(header), height=1, wrap_lines=False),
                Window(BufferControl(buffer), height=text_height, wrap_lines=True),
                Window(FormattedTextControl(panel), height=PANEL_LINES + 1),
            ]
        )
    )
    style = Style.from_dict(
        {"ok": "ansigreen", "finding": "bold", "say": "ansicyan", "hint": "#888888"}
    )
    app: Application[str] = Application(
        layout=layout,
        key_bindings=_bindings(buffer, state),
        style=style,
        full_screen=False,
        erase_when_done=True,
    )
    return app.run().rstrip("\n")


def _bindings(buffer: Any, state: dict[str, Any]) -> Any:
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    def done(event: KeyPressEvent) -> None:
        event.app.exit(result=buffer.text)

    bindings.add("escape", "enter")(done)
    bindings.add("c-d")(done)
    bindings.add("c-c")(lambda e: e.app.exit(exception=KeyboardInterrupt()))

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        text, line = buffer.text, buffer.document.current_line
        if not text.strip() or text.strip() in COMMAND_LINES:
            done(event)
        elif line.strip() == "." and buffer.document.is_cursor_at_the_end:
            buffer.text = text[: len(text) - len(line)]
            done(event)
        else:
            buffer.insert_text("\n")

    @bindings.add("c-n")
    def _next(event: KeyPressEvent) -> None:
        findings = state["report"].findings
        later = [f for f in findings if f.offset > buffer.cursor_position]
        target = (later or list(findings) or [None])[0]
        if target is not None:
            buffer.cursor_position = target.offset

    @bindings.add("c-r")
    def _use(event: KeyPressEvent) -> None:
        findings = state["report"].findings
        current = finding_at(findings, buffer.cursor_position) or (
            findings[0] if findings else None
        )
        if current is not None:
            from prompt_toolkit.document import Document

            text, cursor = replace_with_suggestion(buffer.text, current)
            buffer.document = Document(text, cursor)

    return bindings
