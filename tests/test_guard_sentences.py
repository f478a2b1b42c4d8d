"""Shortcuts of the in-process lint path find what the long way finds: guards searched only in
the sentences of the matches they may cancel, and a rule's alternatives compared only around
the match."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint import matcher
from assist.lint.engine import default_linter
from assist.lint.matcher import CompiledPhrase, Match, inside_alternative
from assist.lint.normalize import Words, is_break

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from corpus import drafts
from test_sieve import corpus_texts

GUARDED = [
    "I don't know yet, but I will find out for you today.",
    "I don't know. But I will find out for you today!",
    "Honestly I dont knwo where it is, I will check. It's company policy to refund you.",
    "You are not mistaken about the date; we are. Calm down, I'll pass you to my manager.",
]


def searched(texts: list[str]) -> list[list[tuple[str, int, int, int]]]:
    index = default_linter().index
    return [
        [(m.phrase.rule.id, m.first, m.last, m.score) for m in index.search(index.words_of(t))]
        for t in texts
    ]


def test_guards_searched_in_the_matches_sentences_cancel_what_the_whole_draft_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = default_linter().index
    texts = [*GUARDED, *corpus_texts(), *drafts(300, flagged_share=0.6)]
    shortcut = searched(texts)
    monkeypatch.setattr(matcher, "_sentences", lambda words, first, last: (0, len(words)))
    assert shortcut == searched(texts)
    # the texts do have guards that cancel matches (else this would prove nothing)
    monkeypatch.setattr(index.guards, "count", 0)
    assert sum(map(len, searched(texts))) > sum(map(len, shortcut)) + 10


@cache
def first_phrase() -> CompiledPhrase:
    """The built-in index's first phrase form (`phrases` lists all 78,000 at each call: 80%
    of the test's CPU when asked for at every example)."""
    return default_linter().index.phrases[0]


WORDS = ["i", "will", "not", "do", "it", "you", "know", "now", ".", "!"]


def plain_reference(match: Match, words: Words, alternatives: list[tuple[str, ...]]) -> bool:
    """The alternative test on the whole draft's words without sentence marks."""
    kept = [k for k, w in enumerate(words.words) if not is_break(w)]
    plain = [words.words[k] for k in kept]
    at = kept.index(match.first)
    for alt in alternatives:
        n = len(alt)
        for start in range(max(0, at - n + 1), at + 1):
            if tuple(plain[start : start + n]) == alt and kept[start + n - 1] >= match.last:
                return True
    return False


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14),
    st.lists(st.lists(st.sampled_from(WORDS[:8]), min_size=1, max_size=5), max_size=3),
    st.data(),
)
def test_a_match_is_inside_an_alternative_as_the_whole_drafts_words_say(
    draft: list[str], alternatives: list[list[str]], data: st.DataObject
) -> None:
    spots = [k for k, w in enumerate(draft) if not is_break(w)]
    if not spots:
        return
    first = data.draw(st.sampled_from(spots))
    last = data.draw(st.integers(first, len(draft) - 1))
    words = default_linter().index.words_of(" ".join(draft))
    assert words.words == draft  # one word a token: the draws index the words
    match = Match(first_phrase(), first, last, 0, 100, ())
    alts = [tuple(a) for a in alternatives]
    assert inside_alternative(match, words, alts) == plain_reference(match, words, alts)
