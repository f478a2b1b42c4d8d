"""The built-in entry's parts read in place (cache formats 6 and 8): a cold lint reads only the
texts its draft needs, and of the phrase records and deletion index only the pieces it needs,
each checked against its own CRC-32; a stored table is the table that was compiled, and a
damaged or foreign text or piece is compiled again with the same findings."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from entries import compile_counter, entry_head, entry_parts
from hypothesis import given
from hypothesis import strategies as st

from assist.lint.engine import Linter, selector
from assist.lint.layered import LayeredIndex, LinterLayering
from assist.lint.matcher import (
    SHORT,
    CompiledPhrase,
    PhraseIndex,
    _allowance,
    _compiled_phrase,
    _may_match,
    _Table,
)
from assist.lint.rarity import word_cost
from assist.model import PhraseRule, Severity
from assist.playbook import cache
from assist.playbook.cache import _entry, _shared_key_lines, load_cached

pytestmark = pytest.mark.usefixtures("fewer_collections")  # conftest: rarer collector passes

DRAFT = (
    "Honestly, I dont knwo why the technician did not turn up, and it's company policy that "
    "we can only book one visit a week. You didn't tell us the door was locked. If you want "
    "to take this further, I'll pass you to my manager."
)


def layered() -> Linter:
    return load_cached([], Linter, layering=LinterLayering())


@pytest.fixture
def warm(builtin_entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in entry's folder (conftest: the run's), used as the cache;
    returns the entry."""
    folder = tmp_path / "cache"
    shutil.copytree(builtin_entry, folder)
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(folder))
    return Path(_entry("\n".join(_shared_key_lines() or [])))  # a string: no pathlib on lint


SMALL_DRAFT = "Hurry up! I don't know why it did not turn up, according to company policy."


def findings(linter: Linter, text: str = DRAFT) -> list[tuple[object, ...]]:
    checked = linter.check(text, keep=selector(None, (), None), detect=True)
    return [(f.offset, f.length, f.rule, f.score, f.phrase) for f in checked.findings]


def parts_of(linter: Linter) -> list[PhraseIndex]:
    assert isinstance(linter.index, LayeredIndex)
    return [part.index for part in linter.index.parts]


@pytest.mark.xdist_group("in-parts")  # conftest: the Linter built in parts made once
def test_a_stored_part_is_the_part_that_was_compiled(
    builtin_in_parts: tuple[Path, Linter], warm: Path
) -> None:
    fresh = parts_of(builtin_in_parts[1])
    read = parts_of(layered())
    assert len(read) == len(fresh) == 4
    for compiled, stored in zip(fresh, read, strict=True):
        for mine, theirs in ((stored.table, compiled.table), (stored.guards, compiled.guards)):
            assert mine.count == theirs.count
            assert mine.phrases == theirs.phrases  # every field of every phrase form
            assert [mine._gate_of(n) for n in range(mine.count)] == [
                theirs._gate_of(n) for n in range(theirs.count)
            ]
            assert {w: mine.by_word[w] for w in mine.by_word} == theirs.by_word
            compiled_lines = theirs._deletion_index()
            assert len(mine._deletion_index()) == len(compiled_lines)
            for line in compiled_lines:
                variant = line.partition("\t")[0]
                groups = {w: theirs._numbers_of(n) for w, n in theirs._deleted(variant).items()}
                kept = {w: mine._numbers_of(n) for w, n in mine._deleted(variant).items()}
                assert groups and kept == groups
            assert mine._deleted("no such variant") == {}
        assert stored.alternatives == compiled.alternatives


def test_a_cold_lint_reads_only_the_texts_its_draft_needs(
    warm: Path, monkeypatch: pytest.MonkeyPatch, builtin_linter: Linter
) -> None:
    read: list[int] = []
    original = cache._Texts.__getitem__

    def recording(texts: cache._Texts, number: int) -> bytes:
        read.append(number)
        return original(texts, number)

    monkeypatch.setattr(cache._Texts, "__getitem__", recording)
    linter = layered()
    document, texts = entry_parts(warm)
    assert read == [document["playbook"]]  # loading reads the JSON line and the playbook's text
    read.clear()
    assert findings(linter) == findings(builtin_linter)
    english = next(
        p for p in document["compiled"]["data"]["parts"] if "dont-know" in p["rules"]
    )  # the English part's texts follow its first one
    assert read and set(read) <= set(range(english["index"], english["index"] + PART_TEXTS))
    assert sum(len(texts[n]) for n in set(read)) < sum(map(len, texts)) / 2


PART_TEXTS = 1 + 2 * _Table.TEXTS  # the JSON text, then the phrase table's and the guards'


def flipped(text: bytes) -> bytes:
    middle = len(text) // 2
    return text[:middle] + bytes([text[middle] ^ 1]) + text[middle + 1 :]


def english_texts(entry: Path) -> Iterator[int]:
    document, _ = entry_parts(entry)
    english = next(p for p in document["compiled"]["data"]["parts"] if "dont-know" in p["rules"])
    return iter(range(english["index"], english["index"] + PART_TEXTS))


@pytest.mark.parametrize("which", [1, 2, 3, 4, 5, 6, 7, 8])  # records .. buckets' CRC-32s
def test_a_damaged_part_text_is_compiled_again(
    small_warm: tuple[Path, Linter], which: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, whole = small_warm
    assert len(findings(whole, SMALL_DRAFT)) == 3  # every rule of the English part
    document, texts = entry_parts(entry)
    number = list(english_texts(entry))[which]
    damaged = [*texts]
    damaged[number] = flipped(texts[number])
    head = entry_head(document, texts)  # the checksums of the texts as they were
    entry.write_bytes(head + b"".join(damaged))
    compiled = compile_counter(monkeypatch)
    assert findings(layered(), SMALL_DRAFT) == findings(whole, SMALL_DRAFT)
    assert len(compiled) == 1  # the English part, not read as written


@pytest.mark.parametrize("which", [2, 3, 4, 6])  # offsets, budgets, gates, bucket offsets
def test_a_foreign_part_text_is_compiled_again(
    small_warm: tuple[Path, Linter], which: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, whole = small_warm
    document, texts = entry_parts(entry)
    number = list(english_texts(entry))[which]
    texts[number] = texts[number][:-4]  # one number short, the checksums fit
    entry.write_bytes(entry_head(document, texts) + b"".join(texts))
    compiled = compile_counter(monkeypatch)
    assert findings(layered(), SMALL_DRAFT) == findings(whole, SMALL_DRAFT)
    assert len(compiled) == 1  # the English part, not read as written


def piece_checked(document: dict[str, object], texts: list[bytes]) -> list[bytes]:
    """The texts as the cache writes them: those without a checksum of their own (the phrase
    records and deletion index lines, checked piece by piece) marked so again."""
    crcs = document["crcs"]
    assert isinstance(crcs, list)
    return [cache.PieceChecked(t) if c is None else t for t, c in zip(texts, crcs, strict=True)]


def test_only_the_records_and_deletion_lines_go_without_a_checksum(warm: Path) -> None:
    document, _ = entry_parts(warm)
    unchecked = {n for n, crc in enumerate(document["crcs"]) if crc is None}
    english = list(english_texts(warm))
    assert {english[1], english[5], english[9], english[13]} <= unchecked  # both tables'
    assert len(unchecked) == 4 * len(document["compiled"]["data"]["parts"])


@pytest.mark.parametrize("which", [1, 5])  # records, deletion index lines
def test_a_piece_that_does_not_fit_its_checksum_is_compiled_again(
    small_warm: tuple[Path, Linter], which: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every piece damaged (its bytes' case flipped: the sizes and offsets still fit), the
    entry's own checksums intact: the first piece a draft reads fails, mid-search, and the
    part is compiled and searched again."""
    entry, whole = small_warm
    document, texts = entry_parts(entry)
    number = list(english_texts(entry))[which]
    texts[number] = texts[number].swapcase()
    entry.write_bytes(entry_head(document, piece_checked(document, texts)) + b"".join(texts))
    compiled = compile_counter(monkeypatch)
    linter = layered()
    assert findings(linter, SMALL_DRAFT) == findings(whole, SMALL_DRAFT)
    assert len(compiled) == 1  # the English part only
    assert findings(linter, SMALL_DRAFT) == findings(whole, SMALL_DRAFT)  # and that part is kept
    assert len(compiled) == 1


def test_pieces_are_read_back_unchanged(warm: Path, builtin_linter: Linter) -> None:
    """The entry as the cache wrote it, rewritten the same way, reads back as before."""
    document, texts = entry_parts(warm)
    warm.write_bytes(entry_head(document, piece_checked(document, texts)) + b"".join(texts))
    assert entry_parts(warm)[0]["crcs"] == document["crcs"]
    assert findings(layered()) == findings(builtin_linter)


def test_a_truncated_entry_is_rebuilt(small_warm: tuple[Path, Linter]) -> None:
    entry, whole = small_warm
    size = entry.stat().st_size
    entry.write_bytes(entry.read_bytes()[:-100])
    assert findings(layered(), SMALL_DRAFT) == findings(whole, SMALL_DRAFT)
    assert entry.stat().st_size == size  # written again, whole


def reference_fields(phrase: CompiledPhrase) -> tuple[object, ...]:
    """What a phrase's derived fields are by definition (the matcher's docstrings)."""
    words, budget = phrase.words, phrase.budget
    short = [i for i, w in enumerate(words) if len(w) <= SHORT or budget == 0]
    longer = [i for i in range(len(words)) if i not in short]
    keys: tuple[int, ...] = ()
    if len(longer) > budget:
        keys = tuple(sorted(longer, key=lambda i: (word_cost(words[i]), i))[: budget + 1])
    return (
        frozenset(words[i] for i in short),
        tuple(short) if short else tuple(range(len(words))),
        not short and len(words) <= budget,
        tuple(_allowance(w, budget) for w in words),
        sum(not c.isascii() for w in words for c in w),
        frozenset(words[i] for i in keys),
        keys,
    )


def test_every_phrase_form_is_built_as_its_definition_says(builtin_linter: Linter) -> None:
    index = builtin_linter.index
    phrases = [*index.table.phrases, *index.guards.phrases]
    assert {p.budget for p in phrases} == {0, 1, 2}
    for phrase in phrases:
        fields = (
            phrase.required, phrase.anchors, phrase.fuzzy_anchor, phrase.allowances,
            phrase.non_ascii, phrase.keys, phrase.key_anchors,
        )  # fmt: skip
        assert fields == reference_fields(phrase), phrase.phrase


PHRASE_WORDS = ["i", "to", "you", "not", "know", "order", "please", "tomorrow", "refunded"]


@given(
    st.lists(st.sampled_from(PHRASE_WORDS), min_size=1, max_size=6),
    st.integers(min_value=0, max_value=2),
    st.frozensets(st.sampled_from(PHRASE_WORDS)),
)
def test_a_record_is_left_unbuilt_only_when_find_would_drop_its_phrase(
    words: list[str], budget: int, present: frozenset[str]
) -> None:
    """A candidate read back from the cache is built only when its record's words pass
    `_Table.find`'s first tests (`_may_match`): a record it leaves unbuilt is a phrase find
    drops (a word needed exactly is missing, or none of its pigeonhole keys is there)."""
    rule = PhraseRule("r", Severity.WARNING, ("p",), "why", ("say",), "source")
    phrase = _compiled_phrase(rule, "p", tuple(words), frozenset(), budget, frozenset(), 0)
    passes = phrase.required <= present and not (phrase.keys and present.isdisjoint(phrase.keys))
    if not _may_match(tuple(words), budget, present):
        assert not passes


def test_a_record_missing_a_word_it_needs_exactly_is_left_unbuilt() -> None:
    present = frozenset({"i", "know", "tomorrow"})
    assert not _may_match(("i", "do", "not", "know"), 1, present)  # "do", "not" are exact
    assert not _may_match(("please", "order", "refunded"), 2, present)  # no key word there
    assert _may_match(("i", "know", "tomorrow"), 2, present)


def test_the_built_in_linter_is_read_back_whole_from_the_cache_and_finds_the_same(
    base_builtins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`default_linter` (lint_text's) compiles the built-ins once and stores them whole; a
    fresh process reads them back (phrases and sieve as drafts need them) with the same
    findings, through the sieve too; a stored piece that does not fit is compiled again."""
    from assist.lint.engine import default_linter
    from assist.playbook.load import load_playbook

    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path))
    load = default_linter.__wrapped__  # not the process's own, cached one
    compiled = load()
    assert [p.name for p in tmp_path.iterdir()] == [next(tmp_path.glob("whole-*.json")).name]
    read = load()
    assert isinstance(read.index, PhraseIndex) and read.index.table._stored_sieve is not None
    reference = Linter(load_playbook())
    texts = [DRAFT, *(" ".join(p.words) for p in reference.index.phrases[::7])] * 2
    read.index.table.sieve_after = read.index.guards.sieve_after = len(texts) // 2
    assert [findings(read, t) for t in texts] == [findings(reference, t) for t in texts]
    assert [findings(compiled, t) for t in texts] == [findings(reference, t) for t in texts]
    assert read.index.table._sieve is not None  # the later half went through the stored sieve
    damaged = load()
    records = damaged.index.table._records
    assert not isinstance(records, list)  # read in place, each record checked when first read
    records.data = bytes(len(records.data))  # every record fails its checksum
    assert [findings(damaged, t) for t in texts] == [findings(reference, t) for t in texts]
