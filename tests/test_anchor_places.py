"""Where a phrase's anchor words stand in a draft (assist.lint.matcher._Positions and
_places): the places a scan of the draft finds, remembered, and none for a word the draft
lacks; and the draft words near a fuzzy anchor, found the same among repeated words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint.matcher import _near_words, _places, _Positions

# Few distinct words, so that words repeat.
WORDS = ["you", "are", "to", "my", ".", "the", "wrong"]
# Words near and far from "company" (one typo allowed), repeated in drafts.
NEAR = ["company", "compnay", "copmany", "compny", "companys", "comapny", "policy", "camp", "."]


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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.sets(st.sampled_from([*WORDS, "missing"])),
)
def test_the_wanted_words_places_are_those_a_scan_finds(words: list[str], wanted: set[str]) -> None:
    places = _places(words, wanted)
    expected = {
        word: [i for i, w in enumerate(words) if w == word] for word in wanted if word in words
    }
    assert places == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NEAR), max_size=60), st.sampled_from([1, 2]))
def test_near_words_are_the_same_among_repeated_words(words: list[str], budget: int) -> None:
    distinct = list(dict.fromkeys(words))
    near = _near_words("company", budget, words)
    assert near == _near_words("company", budget, distinct)
    assert "company" in near or "company" not in words
    assert "policy" not in near and "camp" not in near
