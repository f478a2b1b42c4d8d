"""`assist triage` and `assist score` print their text reports as plain strings: byte for byte
what rich printed (the rich renderers stay as the reference and for text only rich lays out),
at every width, with and without colour, in English, Finnish, Hebrew and Arabic."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assist.cli.output import make_console
from assist.cli.plainlayout import Screen
from assist.lint.engine import Linter

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (40, 80, 120, 200)
HAND_WRITTEN = [
    "This is ridiculous!!! I have called THREE times and nobody fixed my internet. "
    "I will cancel and post about this on Twitter.\n",
    "My child swallowed a battery from your toy, what do I do? I'm not angry, just scared.",
    "Olen todella pettynyt. Paketti ei ole vieläkään tullut ja soitin jo kolme kertaa!",
    "אני מאוד כועס. החבילה לא הגיעה ואני אפרסם את זה בפייסבוק. אתם לא מקשיבים!!!",
    "أنا غاضب جدا. الطلب لم يصل بعد وسأشتكي على تويتر. لقد اتصلت ثلاث مرات",
    "Supercalifragilisticexpialidocious" * 4 + " refund now, this is unacceptable",
    "",
    "   \n\n  line one\nline two [bold]not markup[/bold] \x1b[31m escape\n\n",
]
REPLIES = [
    "Hi Dana, sorry about this. We'll replace it by Friday 5pm, within 3 working days.",
    "Hei, pahoittelen viivästystä. Paketti toimitetaan perjantaina klo 14 mennessä.",
    "שלום, אנו מתנצלים. החבילה תגיע ביום שלישי בבוקר.",
    "مرحبا، نعتذر عن التأخير. سيصل الطلب يوم الأحد خلال 3 أيام عمل.",
    (ROOT / "examples" / "draft.txt").read_text(encoding="utf-8"),
    "Unfortunately that is our policy, you are mistaken. " + "x" * 130,
    "",
]


def _corpus(count: int) -> list[tuple[str, str]]:
    """(customer, reply) pairs from the benchmark corpus: every `step`th of each file."""
    pairs = []
    for path in sorted((ROOT / "benchmarks" / "corpus" / "replies").glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for line in lines[:: max(1, len(lines) // count)][:count]:
            item = json.loads(line)
            if "customer" in item and "reply" in item:
                pairs.append((item["customer"] or "", item["reply"] or ""))
    return pairs


CORPUS = _corpus(2)
MESSAGES = HAND_WRITTEN + [customer for customer, _ in CORPUS]
ALL_REPLIES = REPLIES + [reply for _, reply in CORPUS]


class _Stream(io.StringIO):
    """Standard output that says whether it is a terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _clear_terminal_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS", "LINES", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def screen_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal settings of the developer's shell."""
    _clear_terminal_settings(monkeypatch)


@pytest.mark.parametrize("tty", [False, True], ids=["plain", "colour"])
@pytest.mark.usefixtures("screen_env")
def test_the_triage_report_is_the_rich_one(builtin_linter: Linter, tty: bool) -> None:
    from assist.cli.triagetext import triage_report
    from assist.cli.triageview import render_triage
    from assist.triage import triage_text

    playbook = builtin_linter.playbook
    plain = 0
    for message in MESSAGES:
        result = triage_text(message, playbook=builtin_linter)
        for width in WIDTHS:
            stream = _Stream(tty)
            render_triage(result, playbook, make_console(stream=stream, width=width))
            report = triage_report(result, playbook, Screen(width, colour=tty, marks=not tty))
            if report is None:  # emoji and the like: rich prints it, as before
                assert message not in HAND_WRITTEN
                continue
            plain += 1
            assert report == stream.getvalue(), (message, width)
    assert plain >= 0.8 * len(MESSAGES) * len(WIDTHS)


@pytest.mark.parametrize("tty", [False, True], ids=["plain", "colour"])
@pytest.mark.usefixtures("screen_env")
def test_the_score_report_is_the_rich_one(builtin_linter: Linter, tty: bool) -> None:
    from assist.cli.scorerun import _print_rich_text
    from assist.cli.scoretext import score_report
    from assist.score import score_text

    plain = 0
    for reply in ALL_REPLIES:
        card = score_text(reply, playbook=builtin_linter)
        for width in WIDTHS:
            stream = _Stream(tty)
            _print_rich_text(card, "reply.txt", reply, make_console(stream=stream, width=width))
            report = score_report(
                card, "reply.txt", reply, Screen(width, colour=tty, marks=not tty)
            )
            if report is None:
                assert reply not in REPLIES
                continue
            plain += 1
            assert report == stream.getvalue(), (reply, width)
    assert plain >= 0.8 * len(ALL_REPLIES) * len(WIDTHS)


def test_text_only_rich_lays_out_is_left_to_rich() -> None:
    from assist.cli.plainlayout import needs_rich

    assert not needs_rich(["Hei, pahoittelen.", "שלום", "مرحبا", "“quotes” – €5 ␛"])
    assert not needs_rich(["a [bold] word"])  # printed as Text: no markup
    assert needs_rich([], ["a [bold] tip"])  # a grid's string: rich reads markup
    for text in ["a\ttab", "❤️ emoji", "✌🏽", "\u200f mark", "\u2028", "\u061c"]:
        assert needs_rich([text]), text


def test_every_character_the_plain_layout_measures_has_richs_width() -> None:
    from rich.cells import get_character_cell_size

    from assist.cli.plainlayout import measured_alike
    from assist.cli.render import char_width

    # NUL aside: `visible` shows every C0 control as a symbol before any layout
    accepted = [chr(c) for c in range(1, 0x3000) if measured_alike(chr(c))]
    assert not measured_alike("\U0001f600") and not measured_alike("\u4f60")  # past 0x2427: no
    assert len(accepted) > 3000  # Latin, Greek, Cyrillic, Hebrew, Arabic, punctuation
    assert [c for c in accepted if char_width(c) != get_character_cell_size(c)] == []


ENVIRONMENTS = [
    {},
    {"NO_COLOR": "1"},
    {"NO_COLOR": ""},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"TTY_COMPATIBLE": "0"},
    {"TTY_COMPATIBLE": "1", "NO_COLOR": "1"},
    {"TERM": "dumb"},
    {"TERM": "dumb", "FORCE_COLOR": "1", "COLUMNS": "120"},
    {"COLUMNS": "120"},
    {"COLUMNS": "120", "LINES": "30", "TERM": "unknown"},
    {"COLUMNS": "abc"},
]


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=str)
@pytest.mark.usefixtures("screen_env")
def test_the_screen_is_the_one_make_console_finds(
    environment: dict[str, str], tty: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    stream = _Stream(tty)
    monkeypatch.setattr("sys.stdout", stream)
    console = make_console()
    screen = Screen.of(stream)
    assert screen is not None
    assert screen.width == console.width
    assert screen.colour == (console.color_system is not None and not console.no_color)
    assert screen.marks == (console.no_color or not console.is_terminal)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "refund",
                "now",
                "!!!",
                "Twitter",
                "lawyer",
                "cancel",
                "kiitos",
                "אני",
                "غاضب",
                "Supercalifragilistic" * 3,
                "\n",
                " ",
                "  ",
                "THREE",
                "unacceptable",
                "é",
            ]
        ),
        max_size=40,
    ),
    st.sampled_from(WIDTHS),
    st.booleans(),
)
def test_any_message_prints_as_rich_printed_it(
    builtin_linter: Linter, words: list[str], width: int, tty: bool
) -> None:
    from assist.cli.triagetext import triage_report
    from assist.cli.triageview import render_triage
    from assist.triage import triage_text

    message = " ".join(words)
    result = triage_text(message, playbook=builtin_linter)
    stream = _Stream(tty)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _clear_terminal_settings(monkeypatch)
        render_triage(result, builtin_linter.playbook, make_console(stream=stream, width=width))
    screen = Screen(width, colour=tty, marks=not tty)
    assert triage_report(result, builtin_linter.playbook, screen) == stream.getvalue()
