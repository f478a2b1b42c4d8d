"""The reply checks' compiled parts kept in the playbook cache folder, so a cold `assist lint
--reply-to`, `assist triage` or an audit with customer messages does not compile them again.

Two kinds of entry, beside the playbook's own (assist.playbook.cache writes and checks them:
a CRC-32 line, one JSON line, texts each with its CRC-32, never pickle):

- `signals-*`: triage's signal phrases compiled (the PhraseIndex of
  `assist.triage.signals.signal_playbook`), keyed by the playbook's key (assist's version and
  modules, the built-in and team playbook files);
- `review-*`: the context rules in force (built-in `context.yaml`, then each team folder's
  `context/*.yaml`) and their reply-side and customer-side phrases compiled, keyed by the
  playbook's key and every context file's path, size and modification time.

An entry is read only when its full key matches; one that is missing, damaged, written by
another version or not fitting the playbook is built and written again (one note when it
cannot be written), never an error. The parts are for a Linter loaded from exactly those
team folders (the CLI's `load`); `ASSIST_NO_CACHE=1` compiles them every time.
"""

from __future__ import annotations

import dataclasses
import os
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assist.errors import Location
from assist.lint.engine import Linter
from assist.lint.matcher import PhraseIndex
from assist.model import Severity
from assist.playbook.cache import (
    cache_dir,
    entry_head,
    key_for,
    read_entry,
    stat_lines,
    write_entry,
)
from assist.review.engine import Reviewer
from assist.review.rules import (
    RULES_FILE,
    ContextExample,
    ContextRule,
    ContextRules,
    context_rules,
    layered_rules,
    team_files,
)
from assist.triage import Triager
from assist.triage.signals import SignalIndex, signal_playbook

SIGNALS_FORMAT = "assist-signals-cache/1"
REVIEW_FORMAT = "assist-review-cache/1"
CLASSES: dict[str, Any] = {c.__name__: c for c in (ContextRules, ContextRule, ContextExample)}
"""The only classes a review entry may name (with Location and Severity)."""
NOT_FITTING = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)
"""What reading back stored data that does not fit raises: the part is compiled again."""
Note = Callable[[str], None]
Blob = Callable[[int], bytes]


def stored_triager(
    linter: Linter, team_dirs: Iterable[Path], *, note: Note | None = None
) -> Triager:
    """The Triager of `linter`'s playbook (loaded from the built-ins and `team_dirs`), its
    signals read back from the cache when current, else compiled and stored."""
    playbook = linter.playbook
    key = _key(SIGNALS_FORMAT, team_dirs, None)
    if key is None:
        return Triager(playbook)
    entry = _entry("signals", key)
    found = read_entry(entry, SIGNALS_FORMAT, key)
    if found is not None:
        try:
            index = PhraseIndex.from_blobs(signal_playbook(playbook), found[1])
            return Triager(playbook, SignalIndex(playbook, index))
        except NOT_FITTING:
            pass  # compiled and stored again below
    triager = Triager(playbook)
    document = {"format": SIGNALS_FORMAT, "key": key}
    _noted(_store(entry, document, [triager.index.index.to_blobs()]), note)
    return triager


def stored_reviewer(
    linter: Linter,
    team_dirs: Iterable[Path],
    *,
    context_dirs: Iterable[Path] | None = None,
    note: Note | None = None,
) -> Reviewer:
    """The Reviewer of `linter`'s playbook (loaded from the built-ins and `team_dirs`) with
    the context rules of the built-in layer and each of `context_dirs`' `context/` (default:
    `team_dirs`), its parts read back from the cache when current, else compiled and stored.
    Raises PlaybookErrors when a context layer has a problem."""
    team_dirs = [Path(d) for d in team_dirs]
    contexts = team_dirs if context_dirs is None else [Path(d) for d in context_dirs]
    triager = stored_triager(linter, team_dirs, note=note)
    key = _key(REVIEW_FORMAT, team_dirs, contexts)
    if key is None:
        return Reviewer(linter, _rules(contexts), triager=triager)
    entry = _entry("review", key)
    found = read_entry(entry, REVIEW_FORMAT, key)
    if found is not None:
        try:
            return _read_back(linter, triager, *found)
        except NOT_FITTING:
            pass  # compiled and stored again below
    reviewer = Reviewer(linter, _rules(contexts), triager=triager)
    document = {"format": REVIEW_FORMAT, "key": key, "rules": encode_rules(reviewer.rules)}
    parts = [reviewer.phrases.index.to_blobs(), reviewer.cues.index.to_blobs()]
    _noted(_store(entry, document, parts), note)
    return reviewer


def _rules(context_dirs: list[Path]) -> ContextRules:
    return layered_rules(context_dirs) if context_dirs else context_rules()


def _read_back(linter: Linter, triager: Triager, document: dict[str, Any], blob: Blob) -> Reviewer:
    """The Reviewer a review entry describes (NOT_FITTING errors when it does not fit)."""
    rules = decode_rules(document["rules"])
    playbook = linter.playbook
    first, second = _parts(document, blob)
    phrase_playbook = rules.phrase_playbook(playbook)
    phrases = Linter(phrase_playbook, PhraseIndex.from_blobs(phrase_playbook, first))
    customer_playbook = rules.customer_playbook(playbook)
    cues = Linter(customer_playbook, PhraseIndex.from_blobs(customer_playbook, second))
    return Reviewer(linter, rules, phrases=phrases, cues=cues, triager=triager)


def _parts(document: dict[str, Any], blob: Blob) -> list[Blob]:
    """A reader of each stored part's texts (numbered from 0 within the part)."""
    counts = document["parts"]
    if not isinstance(counts, list) or not all(type(n) is int and n > 0 for n in counts):
        raise ValueError("parts are not counts of texts")
    readers, start = [], 0
    for count in counts:
        readers.append(_part_reader(blob, start, count))
        start += count
    return readers


def _part_reader(blob: Blob, start: int, count: int) -> Blob:
    def read(number: int) -> bytes:
        if not 0 <= number < count:
            raise ValueError(f"no text {number} in the part")
        return blob(start + number)

    return read


def _key(version: str, team_dirs: Iterable[Path], context_dirs: list[Path] | None) -> str | None:
    """The entry's key: its format, the playbook's key and (`context_dirs`) every context
    file's path, size and modification time; None: no caching (turned off, or a file
    cannot be looked at)."""
    if os.environ.get("ASSIST_NO_CACHE"):
        return None
    playbook = key_for(team_dirs)
    if playbook is None:
        return None
    if context_dirs is None:
        return f"{version}\n{playbook}"
    try:
        files: list[Path] = [RULES_FILE, *team_files(context_dirs)]
        folders = [f"{Path(d).resolve()}\0context" for d in context_dirs]
    except (OSError, RuntimeError):
        return None
    lines = stat_lines([version, playbook, *folders], files)
    return None if lines is None else "\n".join(lines)


def _entry(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{zlib.crc32(key.encode()):08x}.json"


def _store(entry: Path, document: dict[str, Any], parts: list[list[bytes]]) -> str | None:
    """Write the document with each part's texts after it (each with a CRC-32 of its own,
    checked when read); the reason when it cannot be written."""
    document["parts"] = [len(texts) for texts in parts]
    # plain bytes: the whole of every text is checked when read (a read-back index reads
    # them all at once), so no piece of one can fail later, mid-search
    texts = [bytes(text) for part in parts for text in part]
    try:
        head = entry_head(document, texts)
    except (TypeError, ValueError) as exc:
        return f"{entry.parent}: {exc}"
    return write_entry(entry, (head, *texts))


def _noted(problem: str | None, note: Note | None) -> None:
    if problem is not None and note is not None:
        note(f"note: playbook cache not written ({problem}); set ASSIST_NO_CACHE=1 to skip it")


def encode_rules(rules: ContextRules) -> Any:
    """The context rules as JSON-ready data (`decode_rules` reads it back)."""
    return _encode(rules)


def decode_rules(data: Any) -> ContextRules:
    """The context rules `encode_rules` wrote; ValueError (or TypeError, KeyError) for
    anything else. Only CLASSES, Location, Severity, tuples and frozensets of strings are
    made: a planted entry can never run code."""
    rules = _decode(data)
    if type(rules) is not ContextRules:
        raise ValueError("not context rules")
    return rules


def _encode(value: Any) -> Any:
    if isinstance(value, Severity):
        return {"severity": value.value}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Location):
        return {"at": [value.file, value.line, value.column]}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"set": sorted(value)}
    name = type(value).__name__
    cls = CLASSES.get(name)
    if cls is not type(value):
        raise ValueError(f"cannot store {name}")
    fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(cls)}
    return {"of": name, "fields": fields}


def _decode(data: Any) -> Any:
    if data is None or isinstance(data, bool | int | str):
        return data
    if not isinstance(data, dict):
        raise ValueError("not stored context rules")
    if data.keys() == {"of", "fields"}:
        cls = CLASSES[data["of"]]
        fields = data["fields"]
        names = {f.name for f in dataclasses.fields(cls)}
        if not isinstance(fields, dict) or fields.keys() != names:
            raise ValueError(f"fields of {cls.__name__} do not match")
        return cls(**{name: _decode(value) for name, value in fields.items()})
    if len(data) != 1:
        raise ValueError("not stored context rules")
    ((tag, value),) = data.items()
    if tag == "severity":
        return Severity(value)
    if tag == "at":
        file, line, column = value
        if not (isinstance(file, str) and type(line) is int and type(column) is int):
            raise ValueError("not a location")
        return Location(file, line, column)
    if tag == "tuple" and isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if tag == "set" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    raise ValueError(f"unexpected {tag!r} in stored context rules")
