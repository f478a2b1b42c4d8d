"""The text report's layout: what rich used to lay out, the plain renderer must print the
same, byte for byte, at every width, with and without colour, in every script.

The expected files in tests/data/render/ were written by the rich-based renderer this one
replaced (assist/cli/formats.py at commit 4b7bf76), from the corpus in render_corpus.py.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_corpus import WIDTHS, channel, results

from assist import __version__
from assist.cli.formats import JsonFormatter, LineFormatter, TextFormatter, _channel_dict
from assist.lint.engine import FileResult
from assist.lint.findings import Finding

EXPECTED = Path(__file__).parent / "data" / "render"
CASES = [
    (name, width, colour) for name in results() for width in WIDTHS for colour in (False, True)
]


def render(name: str, width: int, *, colour: bool) -> str:
    out = io.StringIO()
    formatter = TextFormatter(out, width=width, colour=colour)
    formatter.start()
    for result in results()[name]:
        formatter.handle(result)
    formatter.finished(channel() if name in ("english", "hand-made") else None)
    return out.getvalue()


@pytest.mark.parametrize(("name", "width", "colour"), CASES, ids=lambda v: str(v))
def test_text_report_matches_the_rich_layout(name: str, width: int, colour: bool) -> None:
    expected = EXPECTED / f"{name}-{width}-{'colour' if colour else 'plain'}.txt"
    assert render(name, width, colour=colour) == expected.read_text(encoding="utf-8")


def _hostile_result() -> FileResult:
    text = "Hi \x1b]0;pwned\x07 you are mistaken \x1b[2J about it."
    start = text.index("you are")
    finding = Finding(
        path="evil\x1b[31m.txt",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=start + 17,
        offset=start,
        length=16,
        rule="team-\x1b[5mrule",
        severity="error",
        phrase="you are \x1b[8mmistaken",
        matched=text[start : start + 16],
        score=100,
        why="Hidden \x1b[8m text \x9b and a bell \x07.",
        suggestions=("Say \x1b]8;;http://x\x07this\x1b]8;;\x07.",),
    )
    return FileResult(finding.path, (finding,), text=text)


@pytest.mark.parametrize("name", ["text", "line"])
@pytest.mark.parametrize("colour", [False, True])
def test_untrusted_strings_never_reach_the_terminal_as_escapes(name: str, colour: bool) -> None:
    out = io.StringIO()
    formatter = (
        TextFormatter(out, width=60, colour=colour) if name == "text" else LineFormatter(out)
    )
    formatter.handle(_hostile_result())
    formatter.finished(None)
    printed = out.getvalue()
    without_our_colours = re.sub(r"\x1b\[[0-9;]*m", "", printed) if colour else printed
    assert "\x1b" not in without_our_colours
    assert "\x07" not in printed and "\x9b" not in printed
    assert "evil␛[31m.txt" in printed and "␛[8m" in printed  # shown, not interpreted


def test_a_huge_why_wraps() -> None:
    why = ("word " * 400_000) + "x" * 300_000  # 2.3 MB: many words, then one fold
    result = _hostile_result()
    finding = dataclasses.replace(result.findings[0], why=why)
    out = io.StringIO()
    TextFormatter(out, width=80, colour=False).handle(
        dataclasses.replace(result, findings=(finding,))
    )
    lines = out.getvalue().splitlines()
    assert all(len(line) == 80 for line in lines[3:-2])
    assert sum(line.count("word") for line in lines) == 400_000


@pytest.mark.parametrize("name", sorted(results()))
def test_json_streams_the_document_json_dump_wrote(name: str) -> None:
    items = [*results()[name], FileResult("missing.txt", error="missing.txt: no such file")]
    out = io.StringIO()
    formatter = JsonFormatter(out)
    formatter.start()
    for result in items:
        formatter.handle(result)
    formatter.finished(channel() if name == "english" else None)
    findings = [
        {**dataclasses.asdict(f), "suggestions": list(f.suggestions)}
        for result in items
        for f in result.findings
    ]
    document = {
        "schema_version": 1,
        "tool": {"name": "assist", "version": __version__},
        "findings": findings,
        "files": [
            {"path": r.path, "language": None, "checked": True, "language_basis": "forced"}
            for r in items
            if r.error is None
        ],
        "errors": [{"path": "missing.txt", "message": "missing.txt: no such file"}],
        "summary": {
            "files": len(items),
            "findings": len(findings),
            **formatter.counts,
            "not_checked": 0,
        },
        "channel": _channel_dict(channel()) if name == "english" else None,
        "config": None,
    }
    assert out.getvalue() == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(out.getvalue()) == document


def test_on_a_terminal_the_report_has_colour_and_the_terminals_width() -> None:
    import os
    import sys

    import pexpect

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    env["TERM"] = "xterm"
    draft = str(Path(__file__).resolve().parent.parent / "examples" / "draft.txt")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "assist", "lint", draft],
        env=env,
        dimensions=(40, 70),
        encoding="utf-8",
        timeout=30,
    )
    printed = child.read()
    child.close()
    assert child.exitstatus == 1
    assert "\x1b[1;33mwarning\x1b[0m" in printed
    details = [line for line in printed.splitlines() if line.startswith("    \x1b[2m")]
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in details]
    assert plain and all(len(line) == 70 for line in plain)


WORDS = [
    "a",
    "word",
    "longer",
    "Supercalifragilistic",
    "אני",
    "יודע",
    "مرحبا",
    "你好世界",
    "x" * 70,
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from(["", " ", "  ", "\n"])), max_size=25
    ),
    st.integers(min_value=3, max_value=60),
)
def test_wrapping_breaks_lines_where_rich_does(pieces: list[tuple[str, str]], width: int) -> None:
    from rich.console import Console
    from rich.text import Text

    from assist.cli.render import wrap

    text = "".join(word + space for word, space in pieces)
    console = Console(file=io.StringIO(), width=200)
    expected = [line.plain for line in Text(text).wrap(console, width, overflow="fold")]
    assert [text[start:end] for start, end in wrap(text, width)] == expected
