"""On-disk cache of the loaded playbook, so `assist lint` does not re-read and re-validate
the YAML files on every run.

What is compiled is the caller's business (`build`, e.g. `assist.lint.Linter`): this module
reads the layers, keys and stores the merged playbook, and, when the built value offers it
(`cache_data()` on the value, `from_cache_data(playbook, data)` on `build`), the compiled
form as well, so a cached run neither re-reads the YAML nor compiles the phrase index again.

Safe to share: an entry is a CRC-32 line and JSON (assist.playbook.codec for the playbook,
plain lists, strings and numbers for the compiled index), never pickle or marshal, so a file
planted in the cache folder can never run code; it is read only when its full key matches
and its checksum fits, and any entry that is damaged, truncated, unreadable, too big or
written by something else is ignored and rebuilt. Writes go to a temporary file that is
renamed into place or removed; a cache that cannot be written is skipped with one note. The
key covers assist's version, Python's version and the path, size and modification time of
every playbook file and of assist's own modules: editing a playbook, or upgrading or
changing assist, makes a new entry; a file that vanishes while the key is computed means no
caching for that run. `ASSIST_NO_CACHE=1` turns the cache off; `ASSIST_CACHE_DIR` moves it
(default: the user cache folder from platformdirs).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from assist.model import Playbook
from assist.playbook.codec import CodecError, decode_playbook, encode
from assist.playbook.load import builtin_files, load_playbook, playbook_files

T = TypeVar("T")
FORMAT = "assist-playbook-cache/2"
"""An entry is a line with the CRC-32 of the rest, then the JSON document: the compiled index
is parsed lazily (a draft's phrases on first use), so damage must show before it is trusted."""
MAX_ENTRY = 64 * 1024 * 1024  # bytes: anything bigger is not ours
STALE_TEMPORARY = 3600  # seconds after which a temporary file left by a killed run is removed
Note = Callable[[str], None]


def cache_dir() -> Path:
    """Folder holding the cache entries."""
    override = os.environ.get("ASSIST_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "linux":  # platformdirs' answer, without its import time
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        return Path(xdg if xdg.strip() else os.path.expanduser("~/.cache")) / "assist"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("assist"))


def load_cached(
    team_dirs: Iterable[Path], build: Callable[[Playbook], T], *, note: Note | None = None
) -> T:
    """`build(playbook)` for the merged playbook, from the cache when it is current.

    Raises PlaybookErrors like `load_playbook` when a file has a problem. `note` receives
    one line when the cache could not be written.
    """
    team_dirs = [Path(d) for d in team_dirs]
    if os.environ.get("ASSIST_NO_CACHE") or not all(_is_dir(d) for d in team_dirs):
        return build(load_playbook(team_dirs))
    key = _key(team_dirs)
    if key is None:  # a playbook file changed under us: load it as it is now, cache nothing
        return build(load_playbook(team_dirs))
    entry = cache_dir() / f"playbook-{zlib.crc32(key.encode()):08x}.json"
    builder = f"{getattr(build, '__module__', '')}.{getattr(build, '__qualname__', '')}"
    cached = _read(entry, key)
    if cached is not None:
        playbook, compiled = cached
        value = _restored(build, builder, playbook, compiled)
        if value is not None:
            return value
    else:
        playbook = load_playbook(team_dirs)
    value = build(playbook)
    problem = _write(entry, key, playbook, _compiled(value, builder))
    if problem is not None and note is not None:
        note(f"note: playbook cache not written ({problem}); set ASSIST_NO_CACHE=1 to skip it")
    return value


def _restored(
    build: Callable[[Playbook], T], builder: str, playbook: Playbook, compiled: Any
) -> T | None:
    """The value rebuilt from the entry's compiled data, or None (none stored, another
    builder's, or not fitting the playbook: then it is compiled and stored again)."""
    restore = getattr(build, "from_cache_data", None)
    if restore is None or not isinstance(compiled, dict) or compiled.get("builder") != builder:
        return None
    try:
        value: T = restore(playbook, compiled.get("data"))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None
    return value


def _compiled(value: object, builder: str) -> dict[str, Any] | None:
    """The built value's compiled form for the entry, when it offers one."""
    dump = getattr(value, "cache_data", None)
    return None if dump is None else {"builder": builder, "data": dump()}


def code_files() -> list[Path]:
    """assist's own modules: a changed module (even with the same version) is a new key."""
    return sorted(Path(__file__).parent.parent.rglob("*.py"))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _key(team_dirs: list[Path]) -> str | None:
    """Versions, then path, size and modification time of every file the result depends on;
    None when a file cannot be looked at (replaced or removed while we read)."""
    from assist import __version__

    try:
        files = [
            *builtin_files(),
            *(f for d in team_dirs for f in playbook_files(d)),
            *code_files(),
        ]
        lines = [f"{FORMAT} {__version__} {sys.version}"]
        for file in files:
            stat = file.stat()
            lines.append(f"{file.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}")
    except (OSError, RuntimeError):
        return None
    return "\n".join(lines)


def _read(entry: Path, key: str) -> tuple[Playbook, Any] | None:
    """The entry's playbook and compiled data (None when absent) when it is a well-formed
    entry for exactly `key`, else None."""
    try:
        with entry.open("rb") as stream:
            raw = stream.read(MAX_ENTRY + 1)
        if len(raw) > MAX_ENTRY:
            return None
        checksum, _, body = raw.partition(b"\n")
        if checksum != b"%08x" % zlib.crc32(body):  # edited, truncated or written by another
            return None
        document = json.loads(body)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return None
        if document.get("key") != key:  # the file name is a short checksum; the key must match
            return None
        return decode_playbook(document.get("playbook")), document.get("compiled")
    except (OSError, ValueError, CodecError, RecursionError, MemoryError):
        return None  # missing, damaged, truncated, foreign or unreadable: rebuild it


def _write(entry: Path, key: str, playbook: Playbook, compiled: Any = None) -> str | None:
    """Write atomically; returns why it could not be written, or None. Never leaves a
    temporary file behind."""
    import tempfile

    temporary: str | None = None
    try:
        document = {"format": FORMAT, "key": key, "playbook": encode(playbook)}
        if compiled is not None:
            document["compiled"] = compiled
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix="playbook-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(b"%08x\n" % zlib.crc32(body) + body)
        os.replace(temporary, entry)
        temporary = None
        _prune(entry.parent)
    except (OSError, CodecError) as exc:
        return f"{entry.parent}: {getattr(exc, 'strerror', None) or exc}"
    finally:
        if temporary is not None:
            _remove(Path(temporary))
    return None


def _prune(folder: Path, keep: int = 20) -> None:
    """Remove all but the `keep` most recent entries, old pickle entries (never read again)
    and temporary files left by runs that were killed while writing."""
    now = time.time()
    entries = []
    for path in folder.glob("playbook-*"):
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        if path.suffix == ".json":
            entries.append((mtime, path))
        elif path.suffix == ".pickle" or (path.suffix == ".tmp" and now - mtime > STALE_TEMPORARY):
            _remove(path)
    for _, old in sorted(entries, reverse=True)[keep:]:
        _remove(old)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
