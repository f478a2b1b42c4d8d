"""A draft too long to lint in one piece is linted in windows: same findings, same offsets,
lines and columns as linting it whole, suppression comments included."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint import engine
from assist.lint.engine import default_linter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import itertools

from corpus import CLEAN, FLAGGED

SENTENCES = [
    *CLEAN,
    *FLAGGED,
    "אני לא יודע מתי החבילה תגיע.",
    "سأحولك إلى المدير الآن.",
    "<!-- assist-disable -->",
    "<!-- assist-enable -->",
    "<!-- assist-disable company-policy -->",
    "<!-- assist-enable company-policy -->",
]
SEPARATORS = [" ", "\n", "\n\n", "  ", "\t"]


def _findings(text: str, *, window: int, overlap: int = engine.OVERLAP) -> tuple[object, ...]:
    patch = pytest.MonkeyPatch()
    patch.setattr(engine, "WINDOW", window)
    patch.setattr(engine, "OVERLAP", overlap)
    try:
        return default_linter().check(text, path="d.txt").findings
    finally:
        patch.undo()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SENTENCES), st.sampled_from(SEPARATORS)), max_size=80))
def test_windows_find_what_the_whole_text_finds(pieces: list[tuple[str, str]]) -> None:
    text = "".join(s + sep for s, sep in pieces)
    windowed = _findings(text, window=300, overlap=120)
    assert windowed == _findings(text, window=10**9)
    for f in windowed:
        assert text[f.offset : f.offset + f.length] == f.matched  # type: ignore[attr-defined]


def test_a_long_draft_is_cut_into_bounded_windows() -> None:
    text = ("Thanks. " * 2000 + "\n\n") * 40
    windows = list(engine._windows(text))
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))
    assert all(end - start <= engine.WINDOW for start, end in windows)
    assert all(text[end - 2 : end] in ("\n\n", ". ") for _, end in windows[:-1])
