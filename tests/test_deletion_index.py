"""A compiled table's deletion index, built per filed word and level of deletions (issue 9: a
run after a team edit), files every phrase under exactly the variants, and in the order, that
filing each phrase under every deletion of its word within its typos gives."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint.engine import Linter
from assist.lint.matcher import PhraseIndex, _filing, _Table
from assist.lint.sieve import deletion_levels, deletions
from assist.model import PhraseRule, Playbook, Severity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import drafts, team_playbook

WORDS = st.text(alphabet="aabcé", max_size=11)


@settings(max_examples=1000, deadline=None)
@given(WORDS, st.integers(min_value=0, max_value=4))
def test_deletion_levels_are_the_deletions_by_letters_deleted(word: str, depth: int) -> None:
    levels = deletion_levels(word, depth)
    assert len(levels) == depth + 1
    assert set().union(*levels) == deletions(word, depth)
    for deleted, level in enumerate(levels):
        assert all(len(variant) == len(word) - deleted for variant in level)


def reference_lines(table: _Table) -> dict[str, str]:
    """The deletion index as lines, each phrase filed under every deletion of its word (the
    construction the table's replaced)."""
    phrases = table.phrases
    shared = Counter(
        w
        for words in {(p.rule.id, p.phrase, w) for p in phrases for w in p.words}
        for w in words[2:]
    )
    index: dict[str, dict[str, list[int]]] = {}
    for number, phrase in enumerate(phrases):
        word, depth = _filing(phrase, shared)
        if depth:
            for variant in deletions(word, depth):
                index.setdefault(variant, {}).setdefault(word, []).append(number)
    return {
        variant: "\t".join(
            [variant, *(f"{w}\t{' '.join(map(str, ns))}" for w, ns in groups.items())]
        )
        for variant, groups in index.items()
    }


def team_rules(count: int) -> Playbook:
    """`count` synthetic team phrases (benchmarks/corpus.py) without the built-in rules."""
    playbook = team_playbook(count)
    rules = tuple(rule for rule in playbook.rules if rule.id.startswith("team-"))
    return Playbook(rules=rules, languages=playbook.languages)


def test_the_built_in_and_team_tables_deletion_indexes_are_the_reference(
    builtin_linter: Linter,
) -> None:
    index = builtin_linter.index
    assert isinstance(index, PhraseIndex)
    tables = [index.table, index.guards, PhraseIndex(team_rules(1000)).table]
    for table in tables:
        assert sorted(table._deletion_index()) == sorted(reference_lines(table).values())
    assert all(table._deletion_index() for table in (tables[0], tables[2]))


def test_words_filed_with_different_typo_budgets_keep_each_phrases_own_variants() -> None:
    # One word filed by phrases of one typo and of two, and words sharing variants: each
    # phrase under its own variants, the words of a variant in the order of their phrases.
    base = team_rules(40)
    strict = PhraseRule(
        "strict-one", Severity.WARNING, ("zorbatelvik a", "zorbatelvok b"), "why", ("say",),
        "team addition", threshold=92,
    )  # fmt: skip
    loose = PhraseRule(
        "loose-two", Severity.WARNING, ("zorbatelvik c", "zorbatelvok d"), "why", ("say",),
        "team addition", threshold=80,
    )  # fmt: skip
    playbook = Playbook(rules=(loose, strict, *base.rules), languages=base.languages)
    table = PhraseIndex(playbook).table
    budgets = {p.rule.id: p.budget for p in table.phrases}
    assert budgets["strict-one"] == 1 and budgets["loose-two"] == 2
    lines = reference_lines(table)
    assert sorted(table._deletion_index()) == sorted(lines.values())
    assert any(line.count("\t") > 2 for line in lines.values())  # a variant of two words


def typos(word: str) -> list[str]:
    """The word with one letter changed, dropped, doubled and two neighbours swapped."""
    if len(word) < 2:
        return [word]
    middle = len(word) // 2
    swapped = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return [
        word[:middle] + "x" + word[middle + 1 :], word[:middle] + word[middle + 1 :],
        word[:middle] + word[middle] + word[middle:], swapped,
    ]  # fmt: skip


def test_a_draft_word_deleted_to_its_own_depth_is_near_the_phrases_the_tables_depth_finds(
    builtin_linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft word's deletion variants go only as deep as the typos of the filed words
    within its reach (`_draft_depth`: none for two letters, one for three to five): the
    phrases near it are those every variant to the table's depth finds (benchmark drafts'
    words, every 13th filed word and its typos, in the built-in and a team table)."""
    from assist.lint import matcher

    index = builtin_linter.index
    assert isinstance(index, PhraseIndex)
    tables = [index.table, PhraseIndex(team_rules(1000)).table]
    words = {w for text in drafts(80) for w in index.words_of(text).words}
    words |= {w[:n] for w in list(words) for n in (2, 3, 5, 6)}  # every length on the edges
    for table in tables:
        filed = {line.partition("\t")[2].partition("\t")[0] for line in table._deletion_index()}
        words |= {typo for word in sorted(filed)[::13] for typo in [word, *typos(word)]}

    def near(table: _Table, word: str) -> tuple[list[int], dict[str, list[int]]]:
        table._near, table._near_found = {}, set()
        table._near_phrases(word)
        ungated, gated = table._near[word]
        return sorted(ungated), {gate: sorted(ns) for gate, ns in gated.items()}

    for table in tables:
        own = {word: near(table, word) for word in words}
        with monkeypatch.context() as patched:
            patched.setattr(matcher, "_draft_depth", lambda size: matcher.MAX_EDITS)
            deepest = {word: near(table, word) for word in words}
        assert own == deepest
        assert sum(bool(u or g) for u, g in own.values()) > len(words) // 10
