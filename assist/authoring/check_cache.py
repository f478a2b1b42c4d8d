"""`assist playbook check`'s problems kept beside the playbook cache, so a check of files
that did not change (`check` then `check --strict`, or CI after the author's own run) answers
from the cache instead of linting the phrases again (about 7 s of CPU with the built-ins).

An entry is keyed like the playbook cache's (assist's version and modules, the built-in and
team files' paths, sizes and modification times), plus the current folder (locations are
shown relative to it) and assist's data files (the breadth reference sentences): any change
is a new entry. It is a CRC-32 line and one line of JSON (never pickle); an entry that is
damaged, foreign or written by another version is ignored and written again.

Beside them, the findings of every text a check linted (an entry of kind `checkbase`, keyed
by the built-in layer), of the built-in rules it covers: all of them when the built-in files'
own check kept it, those the team folders left unchanged when a team's first check did. A
later check of team folders takes those rules' findings in the texts from it, and searches
the texts for the rules the team folders add or change only (assist.authoring.text_hits).
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assist.authoring.batch import Hit
from assist.authoring.text_hits import (
    Known,
    TextHits,
    recording_hits,
    reused_hits,
    unchanged_rules,
)
from assist.errors import Location, PlaybookError
from assist.lint.engine import Linter
from assist.playbook.cache import cache_dir, data_files, key_for, stat_lines, write_entry

FORMAT = "assist-check-cache/1"
HITS_FORMAT = "assist-check-hits/3"  # 3: the rules whose hits it holds
MAX_ENTRY = 16 * 1024 * 1024  # bytes: anything bigger is not ours
LEVELS = ("error", "warning")


def cached_problems(
    team_dirs: Iterable[Path],
    compute: Callable[[], list[PlaybookError]],
    *,
    note: Callable[[str], None] | None = None,
) -> list[PlaybookError]:
    """`compute()`, the quality problems of the built-ins with `team_dirs` (already loaded
    without errors), or the ones it gave for the very same files; `note` receives one line
    when the entry cannot be written."""
    key = _key(list(team_dirs))
    if key is None:
        return compute()
    entry = _entry("check", key)
    found = _read(entry, key)
    if found is not None:
        return found
    problems = compute()
    _noted(_write(entry, key, problems), note)
    return problems


def _key(team_dirs: list[Path]) -> str | None:
    """The playbook's key, the current folder and assist's data files; None: no caching."""
    if os.environ.get("ASSIST_NO_CACHE"):
        return None
    playbook = key_for(team_dirs)
    if playbook is None:
        return None
    return _entry_key([FORMAT, playbook, f"{Path.cwd()}\0cwd"])


def _read(entry: Path, key: str) -> list[PlaybookError] | None:
    """The problems stored under this very key, or None (missing, damaged, foreign)."""
    document = _document(entry, FORMAT, key)
    if document is None:
        return None
    try:
        problems = []
        for file, row, column, message, level in document["problems"]:
            if not (
                isinstance(file, str) and isinstance(message, str) and level in LEVELS
                and type(row) is int and type(column) is int
            ):  # fmt: skip
                return None
            problems.append(PlaybookError(Location(file, row, column), message, level=level))
    except (ValueError, TypeError, KeyError):
        return None
    return problems


def _write(entry: Path, key: str, problems: list[PlaybookError]) -> str | None:
    """Store the problems (the playbook cache's atomic write, pruned the same way); the reason
    when it fails."""
    rows = [
        [p.location.file, p.location.line, p.location.column, p.message, p.level] for p in problems
    ]
    return _store(entry, {"format": FORMAT, "key": key, "problems": rows})


def check_hits(
    linter: Linter, *, team: bool, note: Callable[[str], None] | None = None
) -> TextHits:
    """What the check of `linter`'s playbook lints its texts with: for the built-ins alone,
    every rule, and what it finds is kept (`keep_hits`); with team folders (`team`), the
    findings an earlier check kept of the built-in rules the layers leave unchanged (kept
    by the built-in files' own check, or by a team's), else every rule. A team's first check
    keeps what those rules find in its texts (nothing else linted for it); one that leaves
    unchanged a rule the kept findings lack runs the built-in files' own first."""
    if not team:
        return TextHits(linter, record=True)
    key = _hits_key()
    if key is None:
        return TextHits(linter)
    from assist.lint.layered import LinterLayering
    from assist.playbook.cache import load_cached

    builtin = load_cached([], Linter, layering=LinterLayering())
    entry = _entry("checkbase", key)
    known = _read_hits(entry, key)
    if known is None:
        return recording_hits(linter, builtin) or TextHits(linter)
    unchanged = unchanged_rules(linter, builtin)
    if unchanged is not None and not unchanged <= known.rules:  # kept by another team's
        known = _builtin_known(builtin)
        _noted(_write_hits(entry, key, known), note)
    return reused_hits(linter, builtin, known) or TextHits(linter)


def _builtin_known(builtin: Linter) -> Known:
    """What the built-in files' own check finds in their texts (with every built-in rule)."""
    from assist.authoring.checks import lint_check_texts

    recorder = TextHits(builtin, record=True)
    lint_check_texts(builtin, recorder)
    assert recorder.known is not None
    return recorder.known


def keep_hits(hits: TextHits, *, note: Callable[[str], None] | None = None) -> None:
    """Keep what a check recorded (`check_hits`: the built-in files' own, or a team's first)
    for later checks of team folders to reuse."""
    key = _hits_key()
    if hits.known is None or key is None:
        return
    entry = _entry("checkbase", key)
    _noted(_write_hits(entry, key, hits.known), note)


def _noted(problem: str | None, note: Callable[[str], None] | None) -> None:
    if problem is not None and note is not None:
        note(f"note: check cache not written ({problem}); set ASSIST_NO_CACHE=1 to skip it")


def _hits_key() -> str | None:
    """The built-in layer's key and assist's data files (hits hold no file names, so not the
    current folder); None: no caching."""
    if os.environ.get("ASSIST_NO_CACHE"):
        return None
    builtin = key_for([])
    if builtin is None:
        return None
    return _entry_key([HITS_FORMAT, builtin])


def _entry_key(first: list[str]) -> str | None:
    """`first` and the stat lines of assist's data files as one key; None: no caching."""
    lines = stat_lines(first, data_files(), resolved=True)
    return None if lines is None else "\n".join(lines)


def _entry(kind: str, key: str) -> Path:
    """The cache file of this kind (`check`, `checkbase`) for this key."""
    return cache_dir() / f"{kind}-{zlib.crc32(key.encode()):08x}.json"


def _read_hits(entry: Path, key: str) -> Known | None:
    """The findings stored under this very key, or None (missing, damaged, foreign)."""
    document = _document(entry, HITS_FORMAT, key)
    if document is None:
        return None
    try:
        phrases = [(str(rule), str(phrase)) for rule, phrase in document["phrases"]]
        if not isinstance(document["rules"], list):
            raise ValueError("not a list of rules")
        known = Known(str(rule) for rule in document["rules"])
        for texts, stored in ((known.each, document["each"]), (known.alone, document["alone"])):
            for text, rows in stored.items():
                texts[text] = [_hit(text, row, phrases) for row in rows]
        for group, linted in document["forms"].items():
            if type(linted) is not int or linted < 1:
                raise ValueError("not a count of forms")
            known.forms[str(group)] = linted
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return known


def _hit(text: str, row: list[object], phrases: list[tuple[str, str]]) -> Hit:
    """A stored hit: [offset, length, number of its (rule, phrase)] in `text`; ValueError
    when it is not one."""
    offset, length, number = row
    if not (type(offset) is int and type(length) is int and type(number) is int):
        raise ValueError("not a hit")
    if not (offset >= 0 and 0 < length <= len(text) - offset and number >= 0):
        raise ValueError("not a hit")
    rule, phrase = phrases[number]
    return Hit(offset, rule, phrase, text[offset : offset + length])


def _write_hits(entry: Path, key: str, known: Known) -> str | None:
    """Store the findings (the playbook cache's atomic write), each rule and phrase once;
    the reason when it fails."""
    numbers: dict[tuple[str, str], int] = {}
    document: dict[str, object] = {"format": HITS_FORMAT, "key": key}
    for mode, texts in (("each", known.each), ("alone", known.alone)):
        document[mode] = {
            text: [
                [h.offset, len(h.matched), numbers.setdefault((h.rule, h.phrase), len(numbers))]
                for h in hits
            ]
            for text, hits in texts.items()
        }
    document["forms"] = known.forms
    document["rules"] = sorted(known.rules)
    document["phrases"] = list(numbers)
    return _store(entry, document)


def _store(entry: Path, document: dict[str, object]) -> str | None:
    """Write the document as its checksum line and JSON line (the playbook cache's atomic
    write); the reason when it fails."""
    line = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return write_entry(entry, (b"%08x\n" % zlib.crc32(line), line))


def _document(entry: Path, version: str, key: str) -> dict[str, Any] | None:
    """The entry's JSON object when its checksum holds and it is of this format and key."""
    line = _line(entry)
    if line is None:
        return None
    try:
        document = json.loads(line)
        if document["format"] != version or document["key"] != key:
            return None
    except (ValueError, TypeError, KeyError):
        return None
    return document if isinstance(document, dict) else None


def _line(entry: Path) -> bytes | None:
    """An entry's JSON line when its checksum holds, else None."""
    try:
        with open(entry, "rb") as stream:
            raw = stream.read(MAX_ENTRY + 1)
    except OSError:
        return None
    head, _, line = raw.partition(b"\n")
    if len(raw) > MAX_ENTRY or head != b"%08x" % zlib.crc32(line):
        return None
    return line
