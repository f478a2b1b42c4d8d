"""Compiled phrase indexes of the reply checks (triage's signals, the context rules'
wording) kept as entries of their own in the playbook cache folder, beside the playbook's.

An entry is a CRC-32 line, one JSON line (its format, its full key, how many texts each
stored part has) and the texts (assist.playbook.cache writes and checks them; never pickle).
Each text has a CRC-32 of its own, checked when it is read: an index read back reads all of
its texts at once, so damage shows before the index is used, never mid-search. A missing,
damaged or foreign entry, or one that does not fit the playbook, is compiled and written
again (one note when it cannot be written), never an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

# NOT_FITTING re-exported: the engines' stored entries catch it from here
from assist.playbook.cache import NOT_FITTING as NOT_FITTING
from assist.playbook.cache import (
    entry_file,
    entry_head,
    key_for,
    read_entry,
    stat_lines,
    write_entry,
)

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # pathlib is imported only to write an entry (a cold triage reads without it)
    from pathlib import Path
    from typing import Any, TypeVar

    T = TypeVar("T")

Note = Callable[[str], None]
Blob = Callable[[int], bytes]


def entry_key(
    version: str, team_dirs: Iterable[Path], files: Iterable[Path] = (), lines: Iterable[str] = ()
) -> str | None:
    """The key of an entry of this format for a playbook loaded from the built-ins and
    `team_dirs` (the playbook cache's key: assist's version and modules, every playbook
    file), with more `lines` and the path, size and modification time of more `files`; None:
    no caching (ASSIST_NO_CACHE, or a file cannot be looked at)."""
    if os.environ.get("ASSIST_NO_CACHE"):
        return None
    playbook = key_for(team_dirs)
    if playbook is None:
        return None
    found = stat_lines([version, playbook, *lines], files)
    return None if found is None else "\n".join(found)


def read_or_store(
    kind: str, version: str, key: str, read: Callable[[list[Blob]], T],
    build: Callable[[], T], parts_of: Callable[[T], list[list[bytes]]], note: Note | None,
) -> T:  # fmt: skip
    """What the entry of this kind holds for `key` (`read` of its parts: NOT_FITTING errors
    when they do not fit), else `build()`, stored as `parts_of` it (`note`: one line when the
    entry cannot be written)."""
    entry = entry_file(kind, key)
    found = read_parts(entry, version, key)
    if found is not None:
        try:
            return read(found[1])
        except NOT_FITTING:
            pass  # built and stored again below
    value = build()
    store_parts(entry, {"format": version, "key": key}, parts_of(value), note)
    return value


def read_parts(
    entry: str | Path, version: str, key: str
) -> tuple[dict[str, Any], list[Blob]] | None:
    """The entry's JSON document and a reader of each stored part's texts (numbered from 0
    within the part), or None when there is no well-formed entry for exactly this key."""
    found = read_entry(entry, version, key)
    if found is None:
        return None
    document, blob = found
    counts = document.get("parts")
    if not isinstance(counts, list) or not all(type(n) is int and n > 0 for n in counts):
        return None
    readers, start = [], 0
    for count in counts:
        readers.append(_part(blob, start, count))
        start += count
    return document, readers


def _part(blob: Blob, start: int, count: int) -> Blob:
    def read(number: int) -> bytes:
        if not 0 <= number < count:
            raise ValueError(f"no text {number} in the part")
        return blob(start + number)

    return read


def store_parts(
    entry: str | Path, document: dict[str, Any], parts: list[list[bytes]], note: Note | None
) -> None:
    """Write the document with each part's texts after it (atomically; pruned like the
    playbook's entries); `note` gets one line when it cannot be written."""
    document["parts"] = [len(texts) for texts in parts]
    # plain bytes: the whole of every text gets a CRC-32, checked when it is read
    texts = [bytes(text) for part in parts for text in part]
    from pathlib import Path

    problem = write_entry(Path(entry), (entry_head(document, texts), *texts))
    if problem is not None and note is not None:
        note(f"note: playbook cache not written ({problem}); set ASSIST_NO_CACHE=1 to skip it")
