"""The guards' search is skipped only where no guard of the matched rules can match: the words
each guard needs (matcher._GuardWords), made from the guards' table, stored in the cache and
read back, give the findings the full guards' search gives."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint.engine import Linter, default_linter, lint_text
from assist.lint.matcher import PhraseIndex, _GuardWords, _Table, compiled_form
from assist.model import PhraseRule, Playbook, Severity
from assist.record import replace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from corpus import drafts
from test_guard_sentences import GUARDED
from test_sieve import corpus_texts

RULE = PhraseRule(
    id="dont-know", severity=Severity.WARNING, phrases=("I don't know",), why="w", say=(),
    source="t", guards=("I don't know yet", "nobody can tell whether I don't know"),
)  # fmt: skip
PLAYBOOK = Playbook(rules=(RULE,))

CANCELLED = [
    "I don't know yet, I will check.",
    "I do not know yet.",
    "Nobody can tell whether I don't know.",
]
KEPT = [
    "I don't know. Yet I will check.",  # the guard's words, but across a sentence mark
    "I dont know yet, I will check.",  # a mistyped contraction costs a typo: none allowed
    "I don't knwo yet.",  # a typo the rule allows, but a guard allows none
    "I don't know yte.",
    "Nobody can tell if I don't know.",
]


def read_back(index: PhraseIndex) -> PhraseIndex:
    """The index as the playbook cache stores it and reads it back."""
    blobs = index.to_blobs()
    return PhraseIndex.from_blobs(PLAYBOOK, blobs.__getitem__)


def flagged(linter: Linter, texts: list[str]) -> list[list[tuple[str, int, int]]]:
    return [[(f.rule, f.offset, f.length) for f in lint_text(t, playbook=linter)] for t in texts]


def test_a_guard_cancels_its_match_only_where_all_its_words_stand_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled = Linter(PLAYBOOK)
    stored = Linter(PLAYBOOK, read_back(compiled.index))
    stored.index.guards.sieve_after = 0  # the guards' words read at once, not after 20 drafts
    assert flagged(compiled, CANCELLED) == [[]] * len(CANCELLED)
    assert all(len(found) == 1 for found in flagged(compiled, KEPT))
    assert flagged(stored, CANCELLED + KEPT) == flagged(compiled, CANCELLED + KEPT)
    monkeypatch.setattr(_GuardWords, "may_match", lambda *a: True)  # the guards always searched
    assert flagged(Linter(PLAYBOOK), CANCELLED + KEPT) == flagged(compiled, CANCELLED + KEPT)


def test_skipping_the_guards_search_finds_what_searching_always_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = default_linter().index
    texts = CANCELLED + KEPT + GUARDED + [*corpus_texts()] + drafts(300, flagged_share=0.6)
    searches: list[int] = []
    found = index.guards.find
    monkeypatch.setattr(index.guards, "find", lambda *a: searches.append(1) or found(*a))
    shortcut = [index.search(index.words_of(t)) for t in texts]
    skipped = len(searches)
    monkeypatch.setattr(_GuardWords, "may_match", lambda *a: True)
    assert shortcut == [index.search(index.words_of(t)) for t in texts]
    assert skipped < len(searches) // 2  # most guard searches were skipped
    monkeypatch.setattr(index.guards, "count", 0)  # and the texts do have cancelled matches
    assert sum(map(len, shortcut)) + 10 < sum(len(index.search(index.words_of(t))) for t in texts)


@cache
def builtin_guards() -> tuple[dict[str, list[frozenset[str]]], _GuardWords]:
    """Each owner's built-in guards as sets of words, and their `_GuardWords` made anew."""
    guards = default_linter().index.guards
    sets: dict[str, list[frozenset[str]]] = {}
    for phrase in guards.phrases:
        sets.setdefault(phrase.rule.id, []).append(frozenset(phrase.words))
    return sets, _GuardWords.of_table(guards)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_guard_may_match_exactly_when_all_its_words_are_in_the_sentence(
    data: st.DataObject,
) -> None:
    index = default_linter().index  # read back from the cache: the stored words
    sets, made = builtin_guards()
    owners = data.draw(st.sets(st.sampled_from(sorted(sets)), min_size=1, max_size=3))
    near = sorted({w for owner in owners for words in sets[owner] for w in words})
    words = data.draw(st.lists(st.sampled_from([*near, ".", "the", "zzz"]), max_size=12))
    if data.draw(st.booleans()):  # a guard's words, perhaps one left out
        guard = sorted(data.draw(st.sampled_from(sets[data.draw(st.sampled_from(sorted(owners)))])))
        guard = guard[data.draw(st.integers(0, 1)) :]
        words += data.draw(st.permutations(guard))
    start = data.draw(st.integers(0, len(words)))
    end = data.draw(st.integers(start, len(words)))
    sentence = set(words[start:end])
    expected = any(s <= sentence for owner in owners for s in sets[owner])
    assert index._guard_words_made().may_match(words, (start, end), owners) == expected
    assert made.may_match(words, (start, end), owners) == expected


def test_the_stored_words_read_back_and_a_damaged_text_is_made_again() -> None:
    table = PhraseIndex(PLAYBOOK).guards
    made = _GuardWords.of_table(table)
    text, places = made.to_text()
    owners = ["dont-know", "*en", "no-such-rule"]
    expected = [made._sets_of(owner) for owner in owners]
    assert expected[0] and expected[1:] == [{}, {}]
    for stored_text in (text, text[:-3], b"\xff" + text[1:], b""):
        stored = _GuardWords.stored(table, lambda t=stored_text: t, places)
        assert [stored._sets_of(owner) for owner in owners] == expected


def test_a_guard_that_may_match_without_all_its_words_is_always_searched() -> None:
    fuzzy = PhraseRule(id="r", severity=Severity.WARNING, phrases=(), why="", say=(), source="")
    exact = replace(fuzzy, id="s", fuzzy=False)
    words = ("never", "mind", "the", "question")
    forms = [
        compiled_form(fuzzy, "never mind the question", words, frozenset(), frozenset(), 0),
        compiled_form(exact, "know . yet", ("know", ".", "yet"), frozenset(), frozenset(), 1),
        compiled_form(exact, "never mind the question", words, frozenset(), frozenset(), 2),
    ]
    assert [form.budget for form in forms] == [2, 0, 0]  # a typo budget; a sentence mark
    made = _GuardWords.of_table(_Table(forms, True))
    assert made._sets_of("r") is None and made._sets_of("s") is None
    assert made.may_match(["nothing"], (0, 1), {"r"})
    only_words = _GuardWords.of_table(_Table(forms[2:], True))
    assert not only_words.may_match(["never", "mind", "the"], (0, 3), {"s"})
    assert only_words.may_match(["the", "question", "never", "mind"], (0, 4), {"s"})
