"""The scorer's compiled cues and time patterns kept in the playbook cache (assist.score.stored):
read back, they score every reply as the compiled ones do; a damaged entry is compiled again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assist.lint.engine import Linter
from assist.score import Scorer
from assist.score.stored import stored_scorer
from assist.score.timeframe import from_program, program

REPLIES = [
    "Hi Dana, sorry about this. We'll replace it by Friday 5pm, within 3 working days.",
    "Thanks for waiting. I've booked the engineer for tomorrow morning at 10:30.",
    "Hei, pahoittelen viivästystä. Paketti toimitetaan perjantaina klo 14 mennessä.",
    "שלום, אנו מתנצלים. החבילה תגיע ביום שלישי בבוקר.",
    "مرحبا، نعتذر عن التأخير. سيصل الطلب يوم الأحد خلال 3 أيام عمل.",
    "I dont knwo why the technician did not turn up on Tuesday last week.",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path))
    return tmp_path


def _fresh(linter: Linter) -> Linter:
    """Another Linter of the same playbook (a Scorer is kept per Linter object)."""
    return Linter(linter.playbook, linter.index)


def test_a_scorer_read_back_scores_as_the_compiled_one(builtin_linter: Linter, cache: Path) -> None:
    compiled = Scorer(_fresh(builtin_linter))
    written = stored_scorer(_fresh(builtin_linter), [])
    assert list(cache.glob("scorer-*.json"))
    read = stored_scorer(_fresh(builtin_linter), [])
    assert read.time.patterns[0].when_program is not None  # really read back
    for reply in REPLIES:
        expected = compiled.score(reply)
        assert written.score(reply) == expected
        assert read.score(reply) == expected
        assert read.spans(reply) == compiled.spans(reply)
    assert read.cues.by_rarest == compiled.cues.by_rarest
    assert read.cues.exceptions == compiled.cues.exceptions


def test_a_damaged_entry_is_compiled_again(builtin_linter: Linter, cache: Path) -> None:
    stored_scorer(_fresh(builtin_linter), [])
    (entry,) = cache.glob("scorer-*.json")
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x20  # one bit of a stored text: its CRC-32 no longer fits
    entry.write_bytes(bytes(data))
    compiled = Scorer(_fresh(builtin_linter))
    again = stored_scorer(_fresh(builtin_linter), [])
    assert again.time.patterns[0].when_program is None  # compiled, not read
    for reply in REPLIES:
        assert again.score(reply) == compiled.score(reply)


def test_the_scorer_is_read_once_per_linter(builtin_linter: Linter, cache: Path) -> None:
    from assist.score import scorer_for

    linter = _fresh(builtin_linter)
    scorer = stored_scorer(linter, [])
    assert stored_scorer(linter, []) is scorer
    assert scorer_for(linter) is scorer


def test_a_stored_program_makes_the_same_pattern(builtin_linter: Linter) -> None:
    for patterns in Scorer(_fresh(builtin_linter)).time.patterns:
        stored = program(patterns.when_source)
        assert stored is not None
        assert from_program(patterns.when_source, stored) == re.compile(patterns.when_source)


def test_a_program_that_does_not_fit_is_refused_without_a_crash() -> None:
    source = r"(?<!\w)(?:by\s+)?(?:monday|friday)(?!\w)"
    stored = program(source)
    assert stored is not None
    assert from_program(source, [stored[0] + 1, *stored[1:]]) is None  # another re's
    assert from_program(source, [stored[0], "other 9", *stored[2:]]) is None  # machine
    broken = [*stored[:3], "ffffffff" + stored[3][8:], *stored[4:]]
    assert from_program(source, broken) is None  # _sre's own check refuses it
    assert from_program(source, [*stored[:3], "0g", *stored[4:]]) is None
    assert from_program(source, stored[:3]) is None
