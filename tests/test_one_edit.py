"""The matcher's own one- and two-typo distance (a cold lint needs no rapidfuzz import) is
rapidfuzz's optimal-string-alignment distance up to the typos a phrase word allows."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from assist.lint import matcher
from assist.lint.matcher import _one_edit, _two_edits, word_distance

WORDS = st.text(alphabet="abcá", max_size=9)


def capped(a: str, b: str, allowance: int) -> int:
    """rapidfuzz's distance, or allowance + 1 when over it (as the matcher reads it)."""
    return min(OSA.distance(a, b), allowance + 1)


@settings(max_examples=3000, deadline=None)
@given(WORDS, WORDS)
def test_one_and_two_typos_agree_with_rapidfuzz(a: str, b: str) -> None:
    assert _one_edit(a, b) == capped(a, b, 1)
    assert _two_edits(a, b) == capped(a, b, 2)


def test_near_words_of_real_lengths_agree_with_rapidfuzz() -> None:
    rng = random.Random(9)
    for _ in range(20_000):
        word = "".join(rng.choice("abcde") for _ in range(rng.randint(4, 12)))
        typo = list(word)
        for _ in range(rng.randint(0, 3)):  # up to three random edits
            at = rng.randrange(len(typo) + 1)
            kind = rng.randrange(4)
            if kind == 0 and at < len(typo):
                typo[at] = rng.choice("abcde")
            elif kind == 1:
                typo.insert(at, rng.choice("abcde"))
            elif kind == 2 and at < len(typo):
                del typo[at]
            elif at + 1 < len(typo):
                typo[at], typo[at + 1] = typo[at + 1], typo[at]
        written = "".join(typo)
        assert _one_edit(word, written) == capped(word, written, 1), (word, written)
        assert _two_edits(word, written) == capped(word, written, 2), (word, written)
        for budget in (1, 2):
            expected = OSA.distance(word, written)
            allowance = min(budget, 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2)
            fits = expected <= allowance and (allowance or word == written)
            assert (word_distance(word, written, budget) is not None) == bool(fits)


@pytest.mark.parametrize("loaded", [False, True])
def test_the_near_word_scan_without_rapidfuzz_finds_what_rapidfuzz_finds(
    loaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matcher, "_rapidfuzz_loaded", lambda: loaded)
    rng = random.Random(3)
    words = ["".join(rng.choice("abcd") for _ in range(rng.randint(1, 10))) for _ in range(150)]
    for target in ("abcd", "abcdabc", "abcdabcda", "dddd"):
        for budget in (1, 2):
            allowance = min(budget, 0 if len(target) <= 3 else 1 if len(target) <= 7 else 2)
            expected = {w for w in words if OSA.distance(target, w) <= allowance}
            assert matcher._near_words(target, budget, words) == expected
            assert matcher._near_words(target, budget, words * 2) == expected  # always C
