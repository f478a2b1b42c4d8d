"""`assist playbook check`'s problems kept beside the playbook cache, so a check of files
that did not change (`check` then `check --strict`, or CI after the author's own run) answers
from the cache instead of linting every phrase again (about 15 s of CPU with the built-ins).

An entry is keyed like the playbook cache's (assist's version and modules, the built-in and
team files' paths, sizes and modification times), plus the current folder (locations are
shown relative to it) and assist's data files (the breadth reference sentences): any change
is a new entry. It is a CRC-32 line and one line of JSON (never pickle); an entry that is
damaged, foreign or written by another version is ignored and written again.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from assist.errors import Location, PlaybookError
from assist.playbook.cache import cache_dir, data_files, key_for, stat_lines, write_entry

FORMAT = "assist-check-cache/1"
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
    entry = cache_dir() / f"check-{zlib.crc32(key.encode()):08x}.json"
    found = _read(entry, key)
    if found is not None:
        return found
    problems = compute()
    problem = _write(entry, key, problems)
    if problem is not None and note is not None:
        note(f"note: check cache not written ({problem}); set ASSIST_NO_CACHE=1 to skip it")
    return problems


def _key(team_dirs: list[Path]) -> str | None:
    """The playbook's key, the current folder and assist's data files; None: no caching."""
    if os.environ.get("ASSIST_NO_CACHE"):
        return None
    playbook = key_for(team_dirs)
    if playbook is None:
        return None
    lines = stat_lines([FORMAT, playbook, f"{Path.cwd()}\0cwd"], data_files(), resolved=True)
    return None if lines is None else "\n".join(lines)


def _read(entry: Path, key: str) -> list[PlaybookError] | None:
    """The problems stored under this very key, or None (missing, damaged, foreign)."""
    try:
        with open(entry, "rb") as stream:
            raw = stream.read(MAX_ENTRY + 1)
    except OSError:
        return None
    head, _, line = raw.partition(b"\n")
    if len(raw) > MAX_ENTRY or head != b"%08x" % zlib.crc32(line):
        return None
    try:
        document = json.loads(line)
        if document["format"] != FORMAT or document["key"] != key:
            return None
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
    document = {"format": FORMAT, "key": key, "problems": rows}
    line = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return write_entry(entry, (b"%08x\n" % zlib.crc32(line), line))
