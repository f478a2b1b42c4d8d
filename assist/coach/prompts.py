"""Terminal questions and menus, and turning the agent's keys into flow events.

Two terminals share one small interface (`show`, `choose`, `ask`, `ask_lines`, `edit`):
PromptToolkitTerminal for a real terminal (arrow keys and number keys in menus, line editing,
history, a draft editor that checks while the agent types) and StreamTerminal, which reads
plain lines from any stream, so interactive code can be tested with `io.StringIO`. Commands
typed at any question: `?` everything for this step, `!` escalation check, `/back`, `/skip`,
`/quit`. Ctrl-C raises KeyboardInterrupt; end of input raises EOFError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from assist.coach.state import Answer, Back, Escalate, Event, More, Option, Prompt, Quit, Skip
from assist.display import visible

Check = Callable[[str], "DraftReport"]

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from rich.console import Console, RenderableType

    from assist.coach.seams import DraftReport

COMMANDS: dict[str, Event] = {
    "?": More(),
    "!": Escalate(),
    "/back": Back(),
    "/skip": Skip(),
    "/quit": Quit(),
}
TEXT_HINT = "Enter to go on · ? more · ! escalation · /back · /skip · /quit"
LINES_HINT = "Finish with a line holding only a dot (.); an empty first line keeps what is there."
MENU_HINT = "↑/↓ and Enter, or press an option's number · ! escalation"


class Terminal(Protocol):
    """What the coach needs from a terminal."""

    console: Console

    def show(self, renderable: RenderableType = "") -> None:
        """Print something (rich renderable or plain text)."""

    def choose(self, question: str, options: Sequence[Option], default: str) -> str:
        """A menu: the chosen option id, or a command such as '!'."""

    def ask(self, question: str, *, default: str = "") -> str:
        """One line of text ('' keeps the default only if the terminal pre-fills it)."""

    def ask_lines(self, question: str, *, default: str = "") -> str:
        """Several lines of text, ending with a line holding only a dot."""

    def edit(self, question: str, *, default: str, check: Check, spoken: bool) -> str:
        """A reply draft, checked as it is typed where the terminal can (`check`)."""


def to_event(text: str) -> Event:
    """A typed answer as an event: commands become Back, Skip, Quit or Escalate."""
    return COMMANDS.get(text.strip().lower(), Answer(text))


def ask_event(term: Terminal, prompt: Prompt) -> Event:
    """Ask the prompt's question on the terminal and return what the agent did."""
    if prompt.kind == "choose":
        return to_event(term.choose(prompt.question, prompt.options, prompt.default))
    if prompt.kind == "lines":
        text = term.ask_lines(prompt.question, default=prompt.default)
        return to_event(text) if "\n" not in text.strip() else Answer(text)
    if prompt.kind == "draft" and prompt.check is not None:
        text = term.edit(
            prompt.question, default=prompt.default, check=prompt.check, spoken=prompt.spoken
        )
        return to_event(text) if "\n" not in text.strip() else Answer(text)
    return to_event(term.ask(prompt.question, default=prompt.default))


def pick(options: Sequence[Option], typed: str, default: str) -> str | None:
    """The option id a typed menu answer means: a number, an id, a label's start, or ''."""
    typed = typed.strip()
    if not typed:
        return default or (options[0].id if options else None)
    if typed.isdigit() and 1 <= int(typed) <= len(options):
        return options[int(typed) - 1].id
    lowered = typed.lower()
    for option in options:
        if lowered in (option.id, option.label.lower()):
            return option.id
    starts = [o.id for o in options if o.label.lower().startswith(lowered)]
    return starts[0] if len(starts) == 1 else None


class StreamTerminal:
    """A terminal that reads plain lines from a stream (tests, or a dumb terminal)."""

    def __init__(self, console: Console, stream: TextIO) -> None:
        self.console = console
        self.stream = stream

    def show(self, renderable: RenderableType = "") -> None:
        """Print through the rich console."""
        self.console.print(renderable)

    def _line(self, prompt: str) -> str:
        self.console.print(prompt, end="", markup=False, highlight=False)
        line = self.stream.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    def choose(self, question: str, options: Sequence[Option], default: str) -> str:
        """Numbered options; answer with a number, an id, or Enter for the default."""
        self.console.print(question, markup=False)
        for number, option in enumerate(options, 1):
            mark = ">" if option.id == default else " "
            self.console.print(f"{mark} {number}. {option.label}", markup=False)
        while True:
            typed = self._line("Choose [number]: ")
            if typed.strip() in COMMANDS:
                return typed.strip()
            chosen = pick(options, typed, default)
            if chosen is not None:
                return chosen
            self.console.print(f"Type a number from 1 to {len(options)}.", markup=False)

    def ask(self, question: str, *, default: str = "") -> str:
        """One line; an empty answer keeps the default."""
        suffix = f" [{default}]" if default else ""
        typed = self._line(f"{question}{suffix}: ")
        return typed if typed.strip() else default

    def ask_lines(self, question: str, *, default: str = "") -> str:
        """Lines until a lone dot (or end of input); an empty first line keeps the default."""
        self.console.print(f"{question}\n{LINES_HINT}", markup=False)
        lines: list[str] = []
        while True:
            try:
                line = self._line("> " if not lines else "… ")
            except EOFError:
                if not lines:
                    raise
                break
            if line.strip() == "." or (not lines and not line.strip()):
                break
            lines.append(line)
        return "\n".join(lines) if lines else default

    def edit(self, question: str, *, default: str, check: Check, spoken: bool) -> str:
        """Lines as `ask_lines` (a stream cannot check while typing; the flow checks after)."""
        return self.ask_lines(question, default=default)


class PromptToolkitTerminal:
    """A real terminal: arrow-key menus and line editing with prompt_toolkit."""

    def __init__(self, console: Console) -> None:
        from prompt_toolkit.history import InMemoryHistory

        self.console = console
        self.history = InMemoryHistory()

    def show(self, renderable: RenderableType = "") -> None:
        """Print through the rich console."""
        self.console.print(renderable)

    def choose(self, question: str, options: Sequence[Option], default: str) -> str:
        """An inline menu: ↑/↓ and Enter, or a number; '!' opens the escalation check."""
        index = next((i for i, o in enumerate(options) if o.id == default), 0)
        chosen = _menu(question, options, index)
        label = next((o.label for o in options if o.id == chosen), chosen)
        self.console.print(f"{question} {label}", markup=False, highlight=False)
        return chosen

    def ask(self, question: str, *, default: str = "") -> str:
        """One editable line, pre-filled with the default."""
        from prompt_toolkit import prompt

        return prompt(f"{question}: ", default=default, history=self.history)

    def ask_lines(self, question: str, *, default: str = "") -> str:
        """An editable multi-line text; Enter on a lone dot (or Alt+Enter) finishes."""
        from prompt_toolkit import prompt

        self.console.print(question, markup=False)
        self.console.print(
            "Enter adds a line; finish with a line holding only a dot (.) or Alt+Enter.",
            style="dim",
            markup=False,
        )
        text = prompt(
            "> ",
            default=default,
            multiline=True,
            key_bindings=_lines_bindings(),
            prompt_continuation="… ",
        )
        return text.rstrip("\n")

    def edit(self, question: str, *, default: str, check: Check, spoken: bool) -> str:
        """The draft editor: findings update in a panel below as the agent types."""
        from assist.coach.editor import run_editor

        text = run_editor(question, default=default, check=check, spoken=spoken)
        self.console.print(question, markup=False, highlight=False)
        for line in text.splitlines() or [""]:
            self.console.print(f"> {visible(line)}", markup=False, highlight=False)
        return text


def _lines_bindings() -> KeyBindings:
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        if not buffer.text.strip():
            buffer.validate_and_handle()
        elif document.current_line.strip() == "." and document.is_cursor_at_the_end:
            buffer.text = buffer.text[: len(buffer.text) - len(document.current_line)]
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    @bindings.add("escape", "enter")
    def _finish(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    return bindings


def _menu(question: str, options: Sequence[Option], index: int) -> str:
    """Run an inline prompt_toolkit menu and return the chosen id (or '!')."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import FormattedTextControl, Layout, Window

    state: dict[str, Any] = {"index": index, "typed": ""}
    bindings = KeyBindings()
    count = len(options)

    def move(step: int) -> None:
        state["index"] = (state["index"] + step) % count
        state["typed"] = ""

    bindings.add("up")(lambda e: move(-1))
    bindings.add("down")(lambda e: move(1))
    bindings.add("enter")(lambda e: e.app.exit(result=options[state["index"]].id))
    bindings.add("!")(lambda e: e.app.exit(result="!"))
    bindings.add("c-c")(lambda e: e.app.exit(exception=KeyboardInterrupt()))
    bindings.add("c-d")(lambda e: e.app.exit(exception=EOFError()))
    for digit in "0123456789":
        bindings.add(digit)(lambda e, d=digit: _digit(e, d, state, options))

    def render() -> StyleAndTextTuples:
        lines = [("bold", f"{question}\n")]
        for i, option in enumerate(options):
            selected = i == state["index"]
            text = f"{'>' if selected else ' '} {i + 1}. {option.label}"
            lines += [("reverse" if selected else "", text), ("", "\n")]
        return [*lines, ("", MENU_HINT)]

    control = FormattedTextControl(render, show_cursor=False)
    app: Application[str] = Application(
        layout=Layout(Window(control, wrap_lines=True)),
        key_bindings=bindings,
        full_screen=False,
        erase_when_done=True,
    )
    return app.run()


def _digit(event: KeyPressEvent, digit: str, state: dict, options: Sequence[Option]) -> None:
    """Number keys: with up to 9 options a digit chooses; with more, digits move the cursor."""
    typed = state["typed"] + digit
    if not (typed.isdigit() and 1 <= int(typed) <= len(options)):
        typed = digit if 1 <= int(digit) <= len(options) else ""
    state["typed"] = typed
    if not typed:
        return
    state["index"] = int(typed) - 1
    if len(options) <= 9 or int(typed) * 10 > len(options):
        event.app.exit(result=options[state["index"]].id)
