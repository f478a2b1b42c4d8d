"""On-disk cache of the loaded playbook, so `assist lint` does not re-read and re-validate
the YAML files on every run.

What is compiled is the caller's business (`build`, e.g. `assist.lint.Linter`): this module
reads the layers, keys and stores the merged playbook, and, when the built value offers it
(`cache_data()` on the value, `from_cache_data(playbook, data)` on `build`), the compiled
form as well, so a cached run neither re-reads the YAML nor compiles the phrase index again.

Safe to share: an entry is a CRC-32 line and JSON (assist.playbook.codec for the playbook,
plain lists, strings and numbers for the compiled index), never pickle or marshal, so a file
planted in the cache folder can never run code; it is read only when its full key matches
and its checksums fit, and any entry that is damaged, truncated, unreadable, too big or
written by something else is ignored and rebuilt (a text stored beside the JSON is read, and
its own checksum checked, only when something asks for it). Writes go to a temporary file that is
renamed into place or removed; a cache that cannot be written is skipped with one note. The
key covers assist's version, Python's version and the path, size and modification time of
every playbook file and of assist's own modules: editing a playbook, or upgrading or
changing assist, makes a new entry; a file that vanishes while the key is computed means no
caching for that run. `ASSIST_NO_CACHE=1` turns the cache off; `ASSIST_CACHE_DIR` moves it
(default: the user cache folder from platformdirs).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from functools import partial

from assist.errors import PlaybookErrors
from assist.model import DEFERRABLE, Playbook, SectionOf, pending_section
from assist.playbook.codec import CodecError, decode_playbook, encode_playbook
from assist.playbook.load import builtin_file_names, load_layers, load_playbook, playbook_files
from assist.record import record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # pathlib is imported where a Path is made: a cold lint reads with strings
    from pathlib import Path
    from typing import Any, Protocol, TypeVar

    T = TypeVar("T")
NOT_FITTING = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)
"""What reading back stored data that does not fit raises: it is built again instead."""
FORMAT = "assist-playbook-cache/11"
"""An entry is a line with the CRC-32 and the length of the JSON line that follows it, the
JSON document (one line), then the texts stored beside it, each with its size and CRC-32 in
the document: a text is read from the file, and checked, only when it is asked for (format
6; a cold lint of an English draft reads about a third of the entry), so damage shows before
anything is trusted. The playbook's sections lint never reads (model.DEFERRABLE) are texts
of their own, decoded on first use (format 4). The phrase index's deletion index is sorted
lines, looked up by bisection (format 5). The playbook's other sections are a text too,
decoded as it is parsed (format 7: `codec.loads`). A text its reader checks piece by piece
(`PieceChecked`: the phrase records and deletion index lines, with a CRC-32 per piece in a
text of their own) has no checksum of its own, and the team layers' phrase records and
deletion index are texts beside the entry's JSON, not JSON strings (format 8). Each built-in
table's sieve (assist.lint.sieve) is a text of its own, read only when a run builds the sieve
(format 9). The words each owner's guards need are a text of their own, read when a match first
asks for its guards (format 11: assist.lint.matcher._GuardWords)."""
MAX_ENTRY = 64 * 1024 * 1024  # bytes: anything bigger is not ours
KEEP = 20  # newest entries of each kind kept in the cache folder
PREVIOUS_TRIED = 3  # newest entries looked at for an earlier version of the team folders
STALE_TEMPORARY = 3600  # seconds after which a temporary file left by a killed run is removed
Note = Callable[[str], None]
Blob = Callable[[int], bytes]
"""The text stored beside an entry's JSON under that number (ValueError when there is none)."""


class PieceChecked(bytes):
    """A text to store whose reader checks each piece it reads against a checksum of its own
    (kept in another, checked text): the entry gives it no checksum, so reading it does not
    checksum megabytes a cold lint reads a few pieces of (format 8)."""


if TYPE_CHECKING:  # annotations only: the cache is given a Layering, never makes one

    class Layering(Protocol[T]):
        """How a value is built in parts (assist.lint.layered for Linters): the built-in layer's
        (`split`, read back lazily), and team layers' on top of it, so an edit of a team folder
        compiles only that."""

        def split(self, playbook: Playbook) -> T:
            """The built-in playbook's value, in parts the cache can read one at a time."""

        def split_data(self, value: T) -> tuple[Any, list[bytes]]:
            """A `split` value as JSON-ready data and texts stored beside it (blobs: the data
            names them by number; the cache reads one only when it is asked for)."""

        def from_split_data(self, playbook: Playbook, data: Any, blob: Blob) -> T:
            """The value `split_data` described (parts read when first needed)."""

        def layered(
            self, base: T, playbook: Playbook, previous: tuple[Any, Blob] | None = None
        ) -> T | None:
            """The value for `playbook` (built-in + team layers) reusing `base`, and what it
            can of `previous` (the `layer_data` of the same team folders' newest entry over
            the same built-in layer, with its texts); None: build it."""

        def layer_data(self, value: T) -> tuple[Any, list[bytes]] | None:
            """The team part of a layered value as JSON-ready data and texts stored beside it
            (the data names them by number); None for a value built whole."""

        def from_layer_data(
            self, playbook: Playbook, base_data: Any, blob: Blob, data: Any, texts: Blob
        ) -> T:
            """The value `layer_data` described, with the built-in value's compiled data
            (`blob`: the texts of its entry) and the texts of the team layers' entry."""


def cache_dir() -> Path:
    """Folder holding the cache entries."""
    from pathlib import Path

    return Path(cache_folder())


def cache_folder() -> str:
    """`cache_dir()` as a string (a cold lint opens its entry without importing pathlib)."""
    override = os.environ.get("ASSIST_CACHE_DIR")
    if override:
        return override
    if sys.platform == "linux":  # platformdirs' answer, without its import time
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        return os.path.join(xdg if xdg.strip() else os.path.expanduser("~/.cache"), "assist")
    from platformdirs import user_cache_dir

    return user_cache_dir("assist")


def load_cached(
    team_dirs: Iterable[Path],
    build: Callable[[Playbook], T],
    *,
    note: Note | None = None,
    layering: Layering[T] | None = None,
    kind: str = "playbook",
) -> T:
    """`build(playbook)` for the merged playbook, from the cache when it is current.

    Raises PlaybookErrors like `load_playbook` when a file has a problem. `note` receives
    one line when the cache could not be written. With `layering` and team folders, the
    built-in layer has an entry of its own and the team folders' entry holds only what they
    add: after an edit of a team file, only the team files are read and compiled. `kind`
    names the entries (`KIND-<hash>.json`): values built another way have a kind of their own.
    """
    team_dirs = _paths(team_dirs)
    if os.environ.get("ASSIST_NO_CACHE") or not all(_is_dir(d) for d in team_dirs):
        return build(load_playbook(team_dirs))
    shared = _shared_key_lines()
    key = _key(team_dirs, shared)
    if key is None or shared is None:  # a file changed under us: load it as it is, cache nothing
        return build(load_playbook(team_dirs))
    builder = f"{getattr(build, '__module__', '')}.{getattr(build, '__qualname__', '')}"
    if layering is not None:
        return _load_layered(team_dirs, build, builder, layering, (key, shared), note, kind)
    entry = _entry(key, kind)
    cached = _read(entry, key, team_dirs)
    if cached is not None:
        playbook, compiled = cached.playbook, cached.compiled
        value = _restored(build, builder, playbook, compiled)
        if value is not None:
            return value
        steps = cached.steps
    else:
        playbook, steps = _load_checked(team_dirs)
    value = build(playbook)
    problem = _write(entry, key, playbook, _compiled(value, builder), steps)
    _noted(problem, note)
    return value


def _load_layered(
    team_dirs: list[Path], build: Callable[[Playbook], T], builder: str, layering: Layering[T],
    keys: tuple[str, list[str]], note: Note | None, kind: str = "playbook",
) -> T:  # fmt: skip
    """The team folders' value from their entry (with the built-in entry's compiled data), or
    built on the built-in layer's value (read from its entry, or built and stored)."""
    key, shared = keys
    base_key = "\n".join(shared)
    if not team_dirs:
        return _base(layering, builder, base_key, note, kind)[2]
    entry = _entry(key, kind)
    cached = _read(entry, key, team_dirs)
    if cached is not None:
        compiled = cached.compiled
        if isinstance(compiled, dict) and compiled.get("builder") == builder:
            if "layer" in compiled:
                base = _read(_entry(base_key, kind), base_key, [], decode=False)
                base_compiled = base.compiled if base is not None else None
                if (
                    base is not None
                    and isinstance(base_compiled, dict)
                    and base_compiled.get("builder") == builder
                ):
                    try:
                        return layering.from_layer_data(
                            cached.playbook, base_compiled.get("data"), base.blob,
                            compiled["layer"], cached.blob,
                        )  # fmt: skip
                    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                        pass  # not fitting: build it again below
            else:
                value = _restored(build, builder, cached.playbook, compiled)
                if value is not None:
                    return value
    base_playbook, steps, base_value, stored_base = _base(layering, builder, base_key, note, kind)
    from assist.playbook.load import load_onto

    result = load_onto(base_playbook, steps, team_dirs)
    if result.errors or result.playbook is None:
        _load_checked(team_dirs)  # raises, reporting the problems exactly as a whole load does
        raise PlaybookErrors(result.errors)
    playbook = result.playbook
    folders_key = "\n".join([*shared, *_folder_lines(team_dirs)])
    base_name = os.path.basename(_entry(base_key, kind))
    previous = _previous_layer(entry, folders_key, builder, base_name, kind)
    value = layering.layered(base_value, playbook, previous)
    layer = None if value is None else layering.layer_data(value)
    texts: list[bytes] = []
    if value is None or layer is None:
        value = value if value is not None else build(playbook)
        stored = _compiled(value, builder)
    else:
        stored = {"builder": builder, "layer": layer[0]}
        texts = layer[1]
    known = _Known(base_playbook, stored_base)
    _noted(_write(entry, key, playbook, stored, result.step_order, texts, known=known), note)
    return value


def _previous_layer(
    entry: str, folders_key: str, builder: str, base: str, kind: str = "playbook"
) -> tuple[Any, Blob] | None:
    """The team part's data and texts of the newest other entry (of the few newest; not the
    built-in layer's, named `base`) whose key starts with `folders_key` (the same built-in
    layer, code and team folders: an earlier version of their files), or None."""
    folder, name = os.path.split(entry)
    try:
        with os.scandir(folder) as found:
            entries = [
                (item.stat().st_mtime_ns, item.path) for item in found
                if item.name.startswith(f"{kind}-") and item.name.endswith(".json")
                and item.name not in (name, base)
            ]  # fmt: skip
    except OSError:
        return None
    entries.sort(reverse=True)
    for _, path in entries[:PREVIOUS_TRIED]:
        cached = _read(path, folders_key + "\n", [], decode=False, prefix=True)
        compiled = cached.compiled if cached is not None else None
        if (
            isinstance(compiled, dict)
            and compiled.get("builder") == builder
            and "layer" in compiled
        ):
            return compiled["layer"], cached.blob  # type: ignore[union-attr]
    return None


def _base(
    layering: Layering[T], builder: str, key: str, note: Note | None, kind: str = "playbook"
) -> tuple[Playbook, tuple[str, ...], T, _Cached | None]:
    """The built-in playbook, its steps' file order and its value in parts: from the built-in
    layer's entry (given too), or loaded, built and stored (None)."""
    entry = _entry(key, kind)
    cached = _read(entry, key, [])
    if cached is not None:
        compiled = cached.compiled
        if isinstance(compiled, dict) and compiled.get("builder") == builder:
            try:
                value = layering.from_split_data(cached.playbook, compiled.get("data"), cached.blob)
            except NOT_FITTING:
                pass  # not fitting: built and stored again below
            else:
                return cached.playbook, cached.steps, value, cached
    playbook, steps = _load_checked([])
    value = layering.split(playbook)
    data, blobs = layering.split_data(value)
    stored = {"builder": builder, "data": data}
    _noted(_write(entry, key, playbook, stored, steps, blobs), note)
    return playbook, steps, value, None


def _load_checked(team_dirs: list[Path]) -> tuple[Playbook, tuple[str, ...]]:
    """Every layer read and merged, and the steps' file order; raises PlaybookErrors when a
    file has a problem."""
    result = load_layers(team_dirs)
    if result.errors or result.playbook is None:
        raise PlaybookErrors(result.errors)
    return result.playbook, result.step_order


def _noted(problem: str | None, note: Note | None) -> None:
    if problem is not None and note is not None:
        note(f"note: playbook cache not written ({problem}); set ASSIST_NO_CACHE=1 to skip it")


def _entry(key: str, kind: str = "playbook") -> str:
    return entry_file(kind, key)


def entry_file(kind: str, key: str) -> str:
    """The cache file of this kind (`playbook`, `signals`, `review`) for this key."""
    return os.path.join(cache_folder(), f"{kind}-{zlib.crc32(key.encode()):08x}.json")


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
    except NOT_FITTING:
        return None
    return value


def _compiled(value: object, builder: str) -> dict[str, Any] | None:
    """The built value's compiled form for the entry, when it offers one."""
    dump = getattr(value, "cache_data", None)
    return None if dump is None else {"builder": builder, "data": dump()}


def code_files() -> list[str]:
    """assist's own modules: a changed module (even with the same version) is a new key."""
    return _package_files(lambda name: name.endswith(".py"))


def data_files() -> list[str]:
    """assist's own files other than modules and bytecode (reference data, templates)."""
    return _package_files(lambda name: not name.endswith((".py", ".pyc")))


def _package_files(wanted: Callable[[str], bool]) -> list[str]:
    """The paths of the assist package's files whose names are `wanted`, resolved, sorted
    (strings: a cold lint keys on about 120 of them, and a Path for each cost 2 M)."""
    found: list[str] = []
    folders = [os.path.realpath(os.path.dirname(os.path.dirname(__file__)))]  # resolved once
    while folders:  # os.scandir: about a third of rglob's system calls
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if wanted(entry.name) and entry.is_file():
                    found.append(entry.path)
                elif entry.is_dir() and entry.name != "__pycache__":
                    folders.append(entry.path)
    return sorted(found)


def key_for(team_dirs: Iterable[Path]) -> str | None:
    """The key an entry for these team folders (over the built-ins) has: everything the
    merged playbook depends on; None when a file cannot be looked at. For what else is kept
    of a playbook by its key (`assist playbook check`'s problems)."""
    return _key(_paths(team_dirs), _shared_key_lines())


def _paths(folders: Iterable[Path]) -> list[Path]:
    """The team folders as Paths (pathlib imported only when there are any)."""
    folders = list(folders)
    if not folders:
        return folders
    from pathlib import Path

    return [Path(d) for d in folders]


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _shared_key_lines() -> list[str] | None:
    """The key of the built-in layer: versions, then path, size and modification time of the
    built-in files and of assist's modules (None when one cannot be looked at)."""
    from assist import __version__

    lines = [f"{FORMAT} {__version__} {sys.version}"]
    return stat_lines(lines, [*builtin_file_names(), *code_files()], resolved=True)


def _key(team_dirs: list[Path], shared: list[str] | None) -> str | None:
    """The key of everything the result depends on: the built-in layer's, then every team
    file's path, size and modification time; None when a file cannot be looked at (replaced
    or removed while we read)."""
    if shared is None:
        return None
    try:
        files = [f for d in team_dirs for f in playbook_files(d)]
        # the folders too: one without playbook files (context rules only) must not get the
        # built-in layer's key, or its entry replaces the built-in one on every run
        folders = _folder_lines(team_dirs)
    except (OSError, RuntimeError):
        return None
    lines = stat_lines([*shared, *folders], files)
    return None if lines is None else "\n".join(lines)


def _folder_lines(team_dirs: list[Path]) -> list[str]:
    """The team folders' lines of a key (between the built-in layer's and their files')."""
    return [f"{d.resolve()}\0folder" for d in team_dirs]


def stat_lines(
    lines: list[str], files: Iterable[Path | str], *, resolved: bool = False
) -> list[str] | None:
    """`lines` with each file's path (`resolved`: already absolute, no links), size and
    modification time, or None when one cannot be looked at."""
    try:
        for file in files:
            stat = os.stat(file)
            lines.append(
                f"{file if resolved else _resolved(file)}\0{stat.st_size}\0{stat.st_mtime_ns}"
            )
    except (OSError, RuntimeError):
        return None
    return lines


def _resolved(file: Path | str) -> Path:
    from pathlib import Path

    return Path(file).resolve()


class _Texts:
    """The texts stored beside an entry's JSON, read from the open file when first asked for
    (each checked against its CRC-32 in the JSON): a run reads the parts it needs only."""

    def __init__(
        self, descriptor: int, start: int, sizes: list[int], crcs: list[int | None]
    ) -> None:
        self.descriptor = descriptor
        self.offsets: list[int] = []
        for size in sizes:
            self.offsets.append(start)
            start += size
        self.sizes = sizes
        self.crcs = crcs
        self.read: dict[int, bytes] = {}

    def __len__(self) -> int:
        return len(self.sizes)

    def __getitem__(self, number: int) -> bytes:
        """Text `number`; ValueError when it cannot be read or does not fit its checksum."""
        text = self.read.get(number)
        if text is None:
            size = self.sizes[number]
            try:
                text = os.pread(self.descriptor, size, self.offsets[number]) if size else b""
            except OSError as exc:
                raise ValueError(f"text {number} of the entry: {exc}") from None
            crc = self.crcs[number]  # None: checked piece by piece by its reader
            if len(text) != size or (crc is not None and zlib.crc32(text) != crc):
                raise ValueError(f"text {number} of the entry does not fit its checksum")
            self.read[number] = text
        return text

    def __del__(self, close: Callable[[int], None] = os.close) -> None:
        try:  # not contextlib: module globals may be gone when this runs at interpreter exit
            close(self.descriptor)
        except OSError:
            return


@record
class _Cached:
    """A well-formed entry's contents."""

    playbook: Playbook
    compiled: Any
    steps: tuple[str, ...]
    blobs: _Texts
    stored: int = 0
    """The number of the text holding the playbook's data (without the deferred sections)."""
    sections: dict[str, int] | None = None
    """The deferred sections' text numbers."""

    def blob(self, number: int) -> bytes:
        """The text stored beside the JSON under this number (ValueError when there is none,
        or it does not fit its checksum)."""
        if not isinstance(number, int) or not 0 <= number < len(self.blobs):
            raise ValueError(f"no text {number!r} in the entry")
        return self.blobs[number]

    def section(self, name: str) -> bytes:
        """A deferred section's stored text (ValueError when it does not fit)."""
        assert self.sections is not None
        return self.blobs[self.sections[name]]


def _read(
    entry: str, key: str, team_dirs: list[Path], *, decode: bool = True, prefix: bool = False
) -> _Cached | None:
    """The entry's playbook, compiled data (None when absent) and step order when it is a
    well-formed entry for exactly `key` (`prefix`: for a key that starts with it), else None.
    Without `decode`, the playbook is left as an empty one (a layered entry needs only the
    built-in entry's compiled data).

    Only the checksum line, the JSON line and (with `decode`) the playbook's text are read
    here; the other texts after them are read when asked for. The playbook's deferred
    sections are decoded on first use; one that does not fit (or whose checksum fails) is
    read from the files (`team_dirs` over the built-in ones) instead."""
    head = _opened(entry, FORMAT, key, prefix)
    if head is None:
        return None
    document, texts = head  # the texts close the descriptor when they go
    try:
        steps = document.get("steps")
        if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
            return None  # the texts close the descriptor when they go
        stored = document.get("playbook")
        if not isinstance(stored, int) or not 0 <= stored < len(texts):
            return None
        playbook, sections = Playbook(), None
        if decode:
            sections = _section_numbers(document.get("sections"), len(texts))
            readers = {name: partial(texts.__getitem__, n) for name, n in sections.items()}
            playbook = decode_playbook(texts[stored], readers, _recover(team_dirs))
        # The texts keep the file open for the parts read later (closed when they go).
        return _Cached(playbook, document.get("compiled"), tuple(steps), texts, stored, sections)
    except (OSError, ValueError, CodecError, RecursionError, MemoryError):
        return None  # damaged, truncated, foreign or unreadable: rebuild it


def _section_numbers(numbers: Any, count: int) -> dict[str, int]:
    """The deferred sections' text numbers, by name."""
    if not isinstance(numbers, dict) or not all(
        isinstance(n, int) and 0 <= n < count for n in numbers.values()
    ):
        raise CodecError("unexpected sections")
    return {str(name): n for name, n in numbers.items()}


def _recover(team_dirs: list[Path]) -> Callable[[str], tuple[Any, ...]]:
    """A section read from the playbook files, for a stored one that does not fit."""

    def recover(name: str) -> tuple[Any, ...]:
        section: tuple[Any, ...] = getattr(load_playbook(team_dirs), name)
        return section

    return recover


def _blobs(descriptor: int, start: int, size: int, sizes: Any, crcs: Any) -> _Texts | None:
    """The texts after an entry's JSON, by their sizes and checksums (None when they do not
    add up to the file's size)."""
    if not isinstance(sizes, list) or not all(isinstance(n, int) and n >= 0 for n in sizes):
        return None
    if not isinstance(crcs, list) or len(crcs) != len(sizes):
        return None
    if not all(c is None or isinstance(c, int) for c in crcs) or start + sum(sizes) != size:
        return None
    return _Texts(descriptor, start, sizes, crcs)


class _Known:
    """What a team folders' entry can copy from the built-in layer's entry instead of encoding
    it again: the stored data of the built-in rules (by identity: the merged playbook holds the
    very objects read from it) and the texts of the deferred sections the team layers leave
    as they are."""

    def __init__(self, base: Playbook, stored: _Cached | None) -> None:
        self.base = base
        self.data: dict[int, tuple[object, Any]] = {}
        self.stored: _Cached | None = None
        if stored is None or stored.sections is None:
            return
        self.stored = stored
        try:  # the rules' data as stored, parsed without decoding it
            rules = json.loads(stored.blobs[stored.stored])["rules"]["@tuple"]
        except (ValueError, TypeError, KeyError):
            return
        if isinstance(rules, list) and len(rules) == len(base.rules):
            self.data = {id(r): (r, d) for r, d in zip(base.rules, rules, strict=True)}

    def text(self, playbook: Playbook, name: str) -> bytes | None:
        """The stored text of a section of `playbook` equal to the built-in one, or None."""
        stored = self.stored
        if stored is None or stored.sections is None or name not in stored.sections:
            return None
        try:
            text = stored.section(name)
        except ValueError:
            return None  # does not fit its checksum: encoded again
        pending = pending_section(playbook, name)
        if isinstance(pending, SectionOf) and pending.playbook is self.base:
            return text  # the built-in section itself, not even decoded
        return text if getattr(playbook, name) == getattr(self.base, name) else None


def _write(
    entry: str, key: str, playbook: Playbook, compiled: Any, steps: tuple[str, ...],
    blobs: list[bytes] | None = None, *, known: _Known | None = None,
) -> str | None:  # fmt: skip
    """Write atomically (`write_entry`); returns why it could not be written, or None."""
    from pathlib import Path

    path = Path(entry)
    try:
        copied = {}
        if known is not None:
            copied = {n: t for n in DEFERRABLE if (t := known.text(playbook, n)) is not None}
        data, sections = encode_playbook(
            playbook, skip=frozenset(copied), known=known.data if known is not None else None
        )
        document: dict[str, Any] = {"format": FORMAT, "key": key, "steps": steps}
        if compiled is not None:
            document["compiled"] = compiled
        texts = list(blobs or ())
        document["playbook"] = len(texts)
        texts.append(json.dumps(data["fields"], ensure_ascii=False).encode("utf-8"))
        encoded = {
            n: json.dumps(v, ensure_ascii=False).encode("utf-8") for n, v in sections.items()
        }
        section_texts = {**copied, **encoded}
        document["sections"] = {name: len(texts) + n for n, name in enumerate(section_texts)}
        texts += section_texts.values()
        head = entry_head(document, texts)
    except (OSError, CodecError) as exc:  # the known texts are read from the old entry
        return f"{path.parent}: {getattr(exc, 'strerror', None) or exc}"
    return write_entry(path, (head, b"".join(texts)))


def write_entry(entry: Path, parts: Iterable[bytes]) -> str | None:
    """Write an entry of the cache folder (named `KIND-<hash>.json`) atomically, then keep
    only the newest entries of its kind; returns why it could not be written, or None. Never
    leaves a temporary file behind."""
    from pathlib import Path

    kind = entry.name.partition("-")[0] + "-"
    temporary: str | None = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _temporary(entry.parent, kind)
        with os.fdopen(handle, "wb") as stream:
            for part in parts:
                stream.write(part)
        os.replace(temporary, entry)
        temporary = None
        _prune(entry.parent, kind)
    except OSError as exc:
        return f"{entry.parent}: {exc.strerror or exc}"
    finally:
        if temporary is not None:
            _remove(Path(temporary))
    return None


def _temporary(folder: Path, prefix: str) -> tuple[int, str]:
    """A new file of `folder` named `prefix<random>.tmp`, open for writing, readable by its
    owner only, as tempfile.mkstemp makes it (importing tempfile, with random, shutil and the
    compression modules, cost a run after an edit 15 M instructions)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def entry_head(document: dict[str, Any], texts: list[bytes]) -> bytes:
    """An entry's checksum line and JSON line for `document` with `texts` to follow (their
    sizes and checksums go into the document)."""
    document["blobs"] = [len(text) for text in texts]
    document["crcs"] = [
        None if isinstance(text, PieceChecked) else zlib.crc32(text) for text in texts
    ]
    # One line of JSON (it escapes every line break), then the texts.
    line = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return b"%08x %d\n" % (zlib.crc32(line), len(line)) + line + b"\n"


def _prune(folder: Path, kind: str, keep: int = KEEP) -> None:
    """Remove all but the `keep` most recent entries of a kind, its old pickle entries (never
    read again) and temporary files left by runs that were killed while writing."""
    from pathlib import Path

    now = time.time()
    entries = []
    with os.scandir(folder) as found:  # not Path.glob: it compiles a regular expression
        listed = [entry for entry in found if entry.name.startswith(kind)]
    for entry in listed:
        path = Path(entry.path)
        try:
            mtime = entry.stat().st_mtime
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


def _head(
    descriptor: int, version: str, key: str, prefix: bool = False
) -> tuple[dict[str, Any], _Texts] | None:
    """An open entry's JSON document and its texts (not read yet) when the entry is
    well-formed, of this format and for exactly `key` (`prefix`: for a key that starts with
    it), else None (raises ValueError or OSError when it cannot be read or parsed); the texts
    close the descriptor when they go."""
    size = os.fstat(descriptor).st_size
    if size > MAX_ENTRY:
        return None
    first = os.pread(descriptor, 32, 0)  # "checksum length", then the JSON line it covers
    start = first.find(b"\n") + 1
    checksum, _, length = first[: max(start - 1, 0)].partition(b" ")
    if not start or len(checksum) != 8 or not length.isdigit():
        return None
    end = start + int(length)
    line = os.pread(descriptor, end - start + 1, start) if end < size else b""
    if line[-1:] != b"\n" or checksum != b"%08x" % zlib.crc32(line[:-1]):
        return None  # edited, truncated or written by another
    document = json.loads(line)
    if not isinstance(document, dict) or document.get("format") != version:
        return None
    stored_key = document.get("key")
    if stored_key != key and not (prefix and str(stored_key).startswith(key)):
        return None  # the file name is a short checksum; the key must match
    texts = _blobs(descriptor, end + 1, size, document.get("blobs"), document.get("crcs"))
    return None if texts is None else (document, texts)


def read_entry(entry: str | Path, version: str, key: str) -> tuple[dict[str, Any], Blob] | None:
    """An entry of another kind than the playbook's, written as `entry_head` describes
    (`version`: its format): its JSON document and a reader of the texts stored beside it
    (each read when first asked for and checked against its CRC-32: ValueError when it does
    not fit), or None when the entry is missing, damaged, foreign or for another key."""
    head = _opened(entry, version, key)
    if head is None:
        return None
    document, texts = head
    return document, _Cached(Playbook(), None, (), texts).blob


def _opened(
    entry: str | Path, version: str, key: str, prefix: bool = False
) -> tuple[dict[str, Any], _Texts] | None:
    """`_head` of the entry file (None when it is missing, damaged, foreign, for another key
    or unreadable); the descriptor is closed unless the texts own it."""
    try:
        descriptor = os.open(entry, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    head = None
    try:
        head = _head(descriptor, version, key, prefix)
        return head
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
    finally:
        if head is None:
            with contextlib.suppress(OSError):
                os.close(descriptor)
