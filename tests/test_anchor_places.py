"""Where a phrase's anchor words stand in a draft: found for several words in one coded pass
(assist.lint.matcher._Positions), they must be the places a scan of the draft finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint.matcher import _Positions

# Few distinct words, so that words repeat; other wanted words up to 300 (past 255 a byte
# cannot number them: those are scanned).
WORDS = ["you", "are", "to", "my", ".", "the", "wrong"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.sets(st.sampled_from(WORDS[:5])),
    st.integers(min_value=0, max_value=300),
)
def test_each_wanted_word_stands_where_a_scan_finds_it(
    words: list[str], wanted: set[str], others: int
) -> None:
    present = set(words)
    positions = _Positions(words, present, wanted | {f"other{n}" for n in range(others)})
    for word in [*WORDS, "missing"]:
        expected = [i for i, w in enumerate(words) if w == word]
        assert positions.get(word) == (expected if word in present else ())
        assert positions.get(word) == (expected if word in present else ())  # remembered
