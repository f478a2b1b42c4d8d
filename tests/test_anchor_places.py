"""Where a phrase's anchor words stand in a draft (assist.lint.matcher._Positions): the
places a scan of the draft finds, remembered, and none for a word the draft lacks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint.matcher import _Positions

# Few distinct words, so that words repeat.
WORDS = ["you", "are", "to", "my", ".", "the", "wrong"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_each_asked_word_stands_where_a_scan_finds_it(words: list[str]) -> None:
    present = set(words)
    positions = _Positions(words, present)
    for word in [*WORDS, "missing"]:
        expected = [i for i, w in enumerate(words) if w == word]
        assert positions.get(word) == (expected if word in present else ())
        assert positions.get(word) == (expected if word in present else ())  # remembered
        assert (word in positions) == (word in present)
