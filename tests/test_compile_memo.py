"""A compile finds each chunk's words from its pieces' words (a memo kept for one compile),
puts the Hebrew/Arabic stems in per chunk, skips a rule's duplicate forms before building
them and shares equal fields between forms: the compiled index is the same as one made by
taking every form's words whole with `phrase_words`, so drafts get the same findings."""

from __future__ import annotations

import gc
import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assist.lint.engine import default_playbook
from assist.lint.matcher import PhraseIndex, _non_ascii
from assist.lint.normalize import chunk_words, phrase_words
from assist.model import PhraseRule, Playbook, Severity
from assist.playbook.patterns import PatternError, forms

# Team rules whose chunks test the pieces: a backquote outside ASCII text (not an
# apostrophe there), a Greek capital sigma, invisible and odd spaces, contractions written
# with a space or a typo, prefixed Hebrew and Arabic words, Finnish letters.
TEAM_RULES = (
    ("en", ("I {don't|do not} know", "you{'ll| will} {have|need} to wait", "I `ll see ä",
            "it`s ΑΣ policy", "donn't  worry\tabout it", "zero\u200bwidth {nope|no way}")),
    ("he", ("{ואתה|אתה} {טועה|לא צודק}", "שאתה לא מבין ... {לך|לכם}", "ו`אתה טועה")),
    ("fi", ("{et|ette} ymmärrä [mitään]", "älä {valita|marise} ... turhaan", "täysin mahdotonta")),
    ("ar", ("{وأنت|أنت} {مخطئ|غلطان}", "هذه {سياسة|قواعد} الشركة", "للمدير فقط")),
)  # fmt: skip


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    """A few built-in rules of every language, and the team rules above."""
    builtin = default_playbook()
    picked: list[PhraseRule] = []
    for code in ("en", "he", "fi", "ar"):
        picked += [rule for rule in builtin.rules if rule.language == code][:2]
    team = tuple(
        replace(
            PhraseRule(f"team-{code}", Severity.WARNING, phrases, "why", ("say",), "team"),
            language=code, word_order="free" if code == "fi" else "fixed",
            guards=phrases[-1:],
        )
        for code, phrases in TEAM_RULES
    )  # fmt: skip
    return replace(builtin, rules=(*picked, *team))


def _whole_words(index: PhraseIndex, chunk: str) -> tuple[str, ...]:
    return phrase_words(chunk, index.contractions)


def _whole_stemmed(index: PhraseIndex, chunk: str) -> tuple[str, ...]:
    return tuple(index.canonical.get(w, w) for w in phrase_words(chunk, index.contractions))


@pytest.fixture(scope="module")
def compiled(playbook: Playbook) -> tuple[PhraseIndex, PhraseIndex]:
    """The index as compiled, and as compiled with every chunk's words taken whole (no
    pieces, no memo)."""
    index = PhraseIndex(playbook)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PhraseIndex, "_words", _whole_words)
        patch.setattr(PhraseIndex, "_stemmed_words", _whole_stemmed)
        return index, PhraseIndex(playbook)


def test_the_compiled_index_is_the_one_made_from_whole_chunks(
    compiled: tuple[PhraseIndex, PhraseIndex],
) -> None:
    index, reference = compiled
    assert index.canonical  # the stems are in play
    assert index.phrases == reference.phrases
    assert index.guards.phrases == reference.guards.phrases
    assert _text(index.to_data()) == _text(reference.to_data())
    assert index.to_blobs() == reference.to_blobs()


def test_drafts_get_the_same_findings_as_from_whole_chunks(
    compiled: tuple[PhraseIndex, PhraseIndex],
) -> None:
    index, reference = compiled
    drafts = [
        "Honestly I dont know, you'll have to wait. It`s ασ policy.",
        "Donn't worry about it, zerowidth no way.",
        "אני לא יודעת, ואתה טועה. שאתה לא מבין את זה לכם",
        "Et ymmärrä mitään, älä valita niin turhaan. Taysin mahdotonta.",
        "وأنت مخطئ، هذه سياسة الشركة. للمدير فقط",
    ]
    for draft in drafts:
        found = index.search(index.words_of(draft))
        assert found == reference.search(reference.words_of(draft))
    assert index.search(index.words_of(drafts[0]))  # the drafts do find something


def test_the_garbage_collector_runs_after_a_compile_as_before(playbook: Playbook) -> None:
    assert gc.isenabled()
    PhraseIndex(playbook)
    assert gc.isenabled()
    gc.disable()  # a program that runs without it keeps it off
    try:
        PhraseIndex(playbook)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_builtin_chunk_has_the_words_of_the_whole_chunk() -> None:
    playbook = default_playbook()
    contractions = PhraseIndex.compiler(playbook, {}).contractions
    pieces: dict[str, tuple[str, ...]] = {}
    chunks = {
        chunk
        for rule in playbook.rules
        for text in (*rule.phrases, *rule.guards, *(p for _, ps in TEAM_RULES for p in ps))
        for shape in _shapes(text)
        for chunk in shape.chunks
    }
    assert len(chunks) > 50_000
    for chunk in chunks:
        assert chunk_words(chunk, contractions, pieces) == phrase_words(chunk, contractions)
    assert len(pieces) < len(chunks) / 5  # the pieces recur


def _shapes(text: str) -> tuple[Any, ...]:
    try:
        return forms(text)
    except PatternError:
        return ()


LETTERS = "aZ'`’ .!?äÅΣσçİ\u200b\u00a0\u05d5\u05d0\u05ea\u0648\u0623\u0644\t-é"


@given(st.lists(st.text(LETTERS, min_size=1, max_size=8), min_size=1, max_size=5))
def test_any_chunk_has_the_words_of_the_whole_chunk(pieces: list[str]) -> None:
    contractions = {"don't": "do not", "it's": "it is", "you'll": "you will"}
    chunk = " ".join(pieces)
    assert chunk_words(chunk, contractions, {}) == phrase_words(chunk, contractions)


@given(st.text())
def test_characters_outside_ascii_are_counted(text: str) -> None:
    assert _non_ascii(text) == sum(not c.isascii() for c in text)


def _text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
