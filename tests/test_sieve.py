"""The pair sieve (assist/lint/sieve.py) only skips phrases that cannot match: linting with it
finds exactly what trying every phrase finds, typos, fillers, gaps and languages included."""

from __future__ import annotations

import json
import pickle
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assist.lint.engine import Linter, default_linter
from assist.lint.matcher import MAX_FILLERS, PhraseIndex, StoredPartError
from assist.lint.sieve import Sieve, collector_paused
from assist.playbook.load import load_playbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from corpus import drafts

# one worker: the reference compiles (conftest: builtin_reference, team_linters) made once
pytestmark = [pytest.mark.xdist_group("every-phrase"), pytest.mark.usefixtures("fewer_collections")]

ROOT = Path(__file__).resolve().parents[1]
FOUR = ("en", "he", "ar", "fi")


def found(linter: Linter, text: str, languages: tuple[str, ...] | None = None) -> list[tuple]:
    findings = linter.lint(text, languages=languages)
    return [(f.offset, f.length, f.rule, f.score, f.phrase) for f in findings]


def in_draft_language(linter: Linter, text: str, every: list[tuple]) -> list[tuple]:
    """What `lint(text)` finds, from what it finds in all FOUR languages: the matches of the
    draft's language (Linter.lint searches every language, then keeps those). Trying every
    phrase costs the reference ~40 ms a draft: it searches each draft once, not twice."""
    assert {rule.language for rule in linter.playbook.rules} <= set(FOUR)
    run = linter.gate.judge(text).run
    language = {rule.id: rule.language for rule in linter.playbook.rules}
    return [f for f in every if run is None or language[f[2]] in run]


@cache
def corpus_texts() -> tuple[str, ...]:
    """Every 24th wording item and reply: read once per process (three tests use them), with
    libyaml when there is one (the pure-Python parser took 7 s of CPU for the 30 files)."""
    texts = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((ROOT / "benchmarks" / "corpus" / "wording").rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        texts += [str(item["text"]) for item in data.get("items", []) if "text" in item]
    replies = ROOT / "benchmarks" / "corpus" / "replies" / "twcs_sample.jsonl"
    for line in replies.read_text(encoding="utf-8").splitlines()[:100]:
        texts.append(json.loads(line)["reply"])
    return tuple(texts[::24])  # every language and most rules, in a few seconds


def test_the_wording_corpora_give_the_same_findings_as_trying_every_phrase(
    builtin_reference: Linter,
) -> None:
    texts = corpus_texts()
    sieved = default_linter()
    every = [found(builtin_reference, t, FOUR) for t in texts]
    assert [found(sieved, t, FOUR) for t in texts] == every
    pairs = zip(texts, every, strict=True)
    expected = [in_draft_language(builtin_reference, t, e) for t, e in pairs]
    assert [found(sieved, t) for t in texts] == expected
    assert sum(map(len, expected)) > 20  # the corpora are full of forbidden phrases


def test_a_draft_searched_for_its_language_only_finds_that_languages_matches() -> None:
    index = default_linter().index
    texts = corpus_texts()[::2]
    for text in texts:
        words = index.words_of(text)
        every = index.search(words)
        for language in FOUR:
            expected = [m for m in every if m.phrase.rule.language == language]
            assert index.search(words, frozenset({language})) == expected


@cache
def phrase_pool() -> tuple[tuple[tuple[str, ...], frozenset[str], str], ...]:
    """(words, fillers, language) of every built-in phrase form."""
    return tuple((p.words, p.fillers, p.rule.language) for p in default_linter().index.phrases)


@st.composite
def near_drafts(draw: st.DrawFn) -> str:
    """A few phrase forms written with typos, fillers, dropped or swapped words and other
    phrases' words around them: the sieve's hard cases."""
    pool = phrase_pool()
    pieces: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        words, fillers, _ = pool[draw(st.integers(0, len(pool) - 1))]
        written = list(words)
        for _ in range(draw(st.integers(0, 2))):
            at = draw(st.integers(0, len(written) - 1))
            word = written[at]
            edit = draw(st.sampled_from(["typo", "swap", "double", "filler", "drop", "stop"]))
            cut = draw(st.integers(0, max(0, len(word) - 1)))
            if edit == "typo" and len(word) > 1:
                written[at] = word[:cut] + word[cut + 1 :]
            elif edit == "swap" and cut + 1 < len(word):
                written[at] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
            elif edit == "double":
                written[at] = word[:cut] + word[cut] + word[cut:]
            elif edit == "filler" and fillers:
                written.insert(at, draw(st.sampled_from(sorted(fillers))))
            elif edit == "drop" and len(written) > 1:
                del written[at]
            elif edit == "stop":
                written.insert(at, ".")
        if draw(st.booleans()):
            other = pool[draw(st.integers(0, len(pool) - 1))][0]
            written[draw(st.integers(0, len(written))) : 0] = other[: draw(st.integers(1, 3))]
        pieces.append(" ".join(written))
    return " ".join(pieces)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_drafts())
def test_near_misses_of_every_phrase_give_the_same_findings_as_trying_every_phrase(
    builtin_reference: Linter, text: str
) -> None:
    every = found(builtin_reference, text, FOUR)
    assert found(default_linter(), text, FOUR) == every
    assert found(default_linter(), text) == in_draft_language(builtin_reference, text, every)


def test_a_cached_index_switches_to_the_sieve_after_some_drafts_and_finds_the_same(
    team_linters: tuple[Linter, Linter], team_cache_text: str
) -> None:
    compiled = team_linters[0]
    playbook = compiled.playbook
    restored = Linter.from_cache_data(playbook, json.loads(team_cache_text))
    restored.index.table.sieve_after = restored.index.guards.sieve_after = 20
    texts = drafts(60, flagged_share=0.5, team=playbook)
    assert [found(restored, t) for t in texts] == [found(compiled, t) for t in texts]
    assert restored.index.table._sieve is not None  # the later drafts went through it


def test_team_phrases_with_typos_are_found_as_trying_every_phrase_finds_them(
    team_linters: tuple[Linter, Linter],
) -> None:
    sieved, every = team_linters  # the built-ins and 300 team phrases
    texts = drafts(50, flagged_share=0.8, team=sieved.playbook)
    result = [found(sieved, t) for t in texts]
    assert result == [found(every, t) for t in texts]
    assert sum(f[2].startswith("team-") for draft in result for f in draft) > 10


def test_a_sieve_read_back_from_its_stored_text_gives_the_forms_the_built_one_gives(
    base_builtins: Path,
) -> None:
    """The stored sieve (the cache's text of a table's sieve) is the built one: the same
    forms for every draft, typos and fillers included; a stored pair whose forms do not fit
    makes the table build its sieve from the phrases instead, with the same forms."""
    index = PhraseIndex(load_playbook())
    checked = 0
    for table in (index.table, index.guards):
        phrases = table.phrases
        texts = [" ".join(p.words) for p in phrases] + drafts(40, flagged_share=0.5)
        texts += [t.replace("e", "", 1) for t in texts[::3]]  # a typo
        word_lists = [index.words_of(t).words for t in texts]
        built = Sieve(phrases, MAX_FILLERS)
        read = Sieve.from_text(built.to_text(), MAX_FILLERS, len(phrases))
        expected = [sorted(built.numbers(w, None)) for w in word_lists]
        assert [sorted(read.numbers(w, None)) for w in word_lists] == expected
        assert all(n in expected[n] for n in range(len(phrases)))  # each form written out
        if not built.by_pair:  # (a table of one-word forms only)
            continue
        damaged = Sieve.from_text(built.to_text(), MAX_FILLERS, len(phrases))
        damaged.by_pair = dict.fromkeys(damaged.by_pair, b"[[null, [[1]]]]")
        with pytest.raises(StoredPartError):
            [damaged.numbers(w, None) for w in word_lists]
        table._sieve = damaged
        assert [sorted(table._numbers(w, None)) for w in word_lists] == expected
        checked += 1
    assert checked  # the phrase table has pairs


def test_forms_written_with_fillers_are_kept_whenever_the_fillers_were_first_seen() -> None:
    """A form with fillers between its first two words (or a filler that is a typo of its
    second word: "just" for "must") is among the sieve's numbers whether the fillers were
    first seen in an earlier draft, after the form's words, or in the same draft."""
    phrases = default_linter().index.table.phrases
    forms = [
        (n, p.words)
        for n, p in enumerate(phrases)
        if len(p.words) > 1 and 1 not in p.gaps and p.rule.language == "en"
        if not {p.words[0], p.words[1]} & p.fillers
    ]
    typo = [(n, w) for n, w in forms if w[:2] in {("you", "must"), ("we", "must"), ("i", "must")}]
    openers = [(n, w) for n, w in forms if w[0] in {"you", "we", "i"}][:40]
    assert typo and openers
    chosen = typo + openers + forms[:: max(1, len(forms) // 80)]
    # A fresh sieve for each case: one built (~1.5 s of CPU), copied as built (~0.2 s; it
    # holds no phrase, and nothing a draft teaches it before its first draft)
    built = pickle.dumps(Sieve(phrases, MAX_FILLERS))
    for seen in ("fillers", "words", None):
        with collector_paused():  # (500k small containers: collections would rescan them)
            sieve = pickle.loads(built)
        for number, words in chosen:
            if seen == "fillers":
                sieve.numbers(["just", "really", "so"], None)
            elif seen == "words":
                sieve.numbers(list(words), None)
            for between in (["just"], ["really", "so"], ["so", "just", "very"]):
                written = [words[0], *between, *words[1:]]
                assert number in sieve.numbers(written, None), (seen, written)
        for number, words in typo:
            assert number in sieve.numbers([words[0], "just", *words[2:]], None)
