"""On-disk cache of the loaded, compiled playbook, so `assist lint` starts fast.

What is compiled is the caller's business (`build`, e.g. `assist.lint.Linter`): this module
only reads the layers, keys and stores the result.

The cache key covers assist's version, Python's version and the path, size and modification
time of every playbook file and of assist's own modules: editing a playbook, or upgrading or
changing assist, makes a new entry. Only playbooks
that loaded without errors are cached. `ASSIST_NO_CACHE=1` turns the cache off;
`ASSIST_CACHE_DIR` moves it (default: the user cache folder from platformdirs).
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from assist.playbook.load import builtin_files, load_playbook, playbook_files

if TYPE_CHECKING:
    from assist.model import Playbook

T = TypeVar("T")


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


def load_cached(team_dirs: Iterable[Path], build: Callable[[Playbook], T]) -> T:
    """`build(playbook)` for the merged playbook, from the cache when it is current.

    Raises PlaybookErrors like `load_playbook` when a file has a problem.
    """
    team_dirs = [Path(d) for d in team_dirs]
    if os.environ.get("ASSIST_NO_CACHE") or not all(d.is_dir() for d in team_dirs):
        return build(load_playbook(team_dirs))
    key = _key(team_dirs)
    entry = cache_dir() / f"playbook-{zlib.crc32(key.encode()):08x}.pickle"
    try:
        with entry.open("rb") as stream:
            stored_key, value = pickle.load(stream)
        if stored_key == key:  # the file name is a short checksum; the whole key must match
            return value
    except Exception:  # missing, stale format or damaged: rebuild it
        pass
    value = build(load_playbook(team_dirs))
    _write(entry, (key, value))
    return value


def code_files() -> list[Path]:
    """assist's own modules: a changed module (even with the same version) is a new key."""
    root = Path(__file__).resolve().parent.parent  # the whole package: the matcher too
    return sorted(
        Path(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if name.endswith(".py")
    )


def _key(team_dirs: list[Path]) -> str:
    """Versions, then path, size and modification time of every file the result depends on."""
    from assist import __version__

    files = [*builtin_files(), *(f for d in team_dirs for f in playbook_files(d)), *code_files()]
    lines = [f"{__version__} {sys.version}"]
    for file in files:
        stat = os.stat(file)
        lines.append(f"{os.path.abspath(file)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(lines)


def _write(entry: Path, value: object) -> None:
    """Write atomically; a cache that cannot be written is simply skipped."""
    import tempfile

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
        _prune(entry.parent)
    except OSError:
        return


def _prune(folder: Path, keep: int = 20) -> None:
    """Remove all but the `keep` most recently written entries."""
    entries = sorted(
        folder.glob("playbook-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
