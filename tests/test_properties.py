"""Properties: linting never raises, and every finding's offsets point at the flagged text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assist import lint_text

PIECES = [
    "I",
    "don't",
    "don’t",
    "dont",
    "do",
    "not",
    "know",
    "knwo",
    "care",
    "you're",
    "wrong",
    "hurry",
    "up",
    "\u200b",
    "\u00ad",
    "о",
    "\n",
    "  ",
    ".",
    "!",
    "really",
    "it's",
    "company",
    "policy",
    "שלום",
    "לא",
    "يا",
    "ـ",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "<!-- assist-disable -->",
]
drafts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_string(text: str) -> None:
    for finding in lint_text(text):
        assert text[finding.offset : finding.offset + finding.length] == finding.matched


@settings(max_examples=400, deadline=None)
@given(drafts)
def test_offsets_map_back_to_the_original_text(text: str) -> None:
    for finding in lint_text(text):
        assert 0 <= finding.offset < finding.offset + finding.length <= len(text)
        assert text[finding.offset : finding.offset + finding.length] == finding.matched
        lines = text.split("\n")
        assert lines[finding.line - 1][finding.column - 1 :].startswith(
            finding.matched.split("\n")[0]
        )
