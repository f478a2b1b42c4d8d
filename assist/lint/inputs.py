"""Find and read the drafts to lint: files, folders (walked), standard input.

Bounded and explicit: only regular files are read (FIFOs, devices and sockets are reported,
never opened for reading), at most `max_size` bytes each, in chunks; every path that was given
or found and could not be read (missing, unreadable, a broken or looping symbolic link, a name
too long) is an error naming it. Entries whose name starts with a dot are not walked into, and
binary files found inside a folder are skipped with a note; both are conventions, not errors.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Iterable, Iterator

STDIN = "-"
DEFAULT_MAX_SIZE = 1024 * 1024
"""Largest draft read (1 MiB, about 500 pages of text); `--max-size` changes it."""
CHUNK = 1 << 16  # bytes read at a time

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import NamedTuple

    class DraftInput(NamedTuple):
        """One input: its display path and text, or why it was not read."""

        path: str
        text: str = ""
        error: str | None = None
        """Why the input could not be read (an error: exit 2)."""
        skipped: str | None = None
        """Why a file found in a folder was deliberately not linted (a note, not an error)."""

else:  # the same tuple class at run time, made without importing typing
    from collections import namedtuple

    DraftInput = namedtuple(
        "DraftInput", ("path", "text", "error", "skipped"), defaults=("", None, None)
    )
    DraftInput.__doc__ = "One input: its display path and text, or why it was not read."


def read_inputs(
    paths: Iterable[str | Path], *, max_size: int = DEFAULT_MAX_SIZE
) -> Iterator[DraftInput]:
    """Each input in order; folders are walked (sorted, hidden entries skipped)."""
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            yield _decode("<stdin>", _read_stdin(max_size))
            continue
        kind, problem = _kind(name)
        if problem is not None:
            yield DraftInput(name, error=problem)
        elif kind == "folder":
            yield from _walk(name, max_size)
        else:
            yield _read_file(name, max_size, in_folder=False)


def _kind(name: str) -> tuple[str, str | None]:
    """("folder" | "file", None), or ("", one-line problem) for what cannot be read."""
    try:
        info = os.stat(name)
    except OSError as exc:
        return "", _stat_problem(name, exc)
    if stat.S_ISDIR(info.st_mode):
        return "folder", None
    if stat.S_ISREG(info.st_mode):
        return "file", None
    what = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    return "", f"{name}: not a regular file ({what}); not read"


def _stat_problem(name: str, exc: OSError) -> str:
    """Why `name` cannot be looked at, telling a broken or looping link from a missing file."""
    if exc.errno == errno.ELOOP:
        return f"{name}: symbolic link loop; not read"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{name}: name too long for the system; not read"
    if exc.errno == errno.ENOENT and os.path.islink(name):
        return f"{name}: broken symbolic link (to {os.readlink(name)}); not read"
    if exc.errno == errno.ENOENT:
        return f"{name}: no such file or folder"
    return f"{name}: cannot read: {exc.strerror or exc}"


def _walk(top: str, max_size: int) -> Iterator[DraftInput]:
    """Every file under `top`, depth first in sorted order, symbolic links followed; a link
    back to a folder above it is a loop (an error), a folder reached twice is linted once."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, frozenset[tuple[int, int]]]] = [(top, frozenset())]
    while stack:
        folder, above = stack.pop()
        try:
            info = os.stat(folder)
            key = (info.st_dev, info.st_ino)
            if key in above:
                yield DraftInput(folder, error=f"{folder}: symbolic link loop; not followed")
                continue
            if key in seen:
                yield DraftInput(folder, skipped=f"{folder}: linted already by another path")
                continue
            seen.add(key)
            with os.scandir(folder) as scan:
                names = sorted(entry.name for entry in scan if not entry.name.startswith("."))
        except OSError as exc:
            yield DraftInput(folder, error=_folder_problem(folder, exc))
            continue
        subfolders = []
        for child in (os.path.join(folder, n) for n in names):
            kind, problem = _kind(child)
            if problem is not None:
                yield DraftInput(child, error=problem)
            elif kind == "folder":
                subfolders.append((child, above | {key}))
            else:
                yield _read_file(child, max_size, in_folder=True)
        stack.extend(reversed(subfolders))


def _folder_problem(folder: str, exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{folder}: cannot read folder: permission denied; not checked"
    return _stat_problem(folder, exc).replace("cannot read:", "cannot read folder:")


def _read_stdin(max_size: int) -> bytes | str:
    import sys

    data = sys.stdin.buffer.read(max_size + 1)
    if len(data) > max_size:
        return _too_big("<stdin>", max_size)
    return data


def _read_file(name: str, max_size: int, *, in_folder: bool) -> DraftInput:
    data = _read(name, max_size)
    if isinstance(data, bytes) and b"\0" in data[:8192] and not _bom(data):
        if in_folder:  # images and archives beside the drafts are not drafts
            return DraftInput(name, skipped=f"{name}: not a text file (binary content); skipped")
        return DraftInput(name, error=f"{name}: not a text file (binary content)")
    return _decode(name, data)


def _read(name: str, max_size: int) -> bytes | str:
    """The file's bytes, or a one-line problem. Opened without blocking and checked again
    after opening, so a file swapped for a FIFO in between cannot hang the run."""
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return _stat_problem(name, exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            return f"{name}: not a regular file ({what}); not read"
        if info.st_size > max_size:
            return _too_big(name, max_size)
        chunks, total = [], 0
        while chunk := os.read(fd, CHUNK):
            total += len(chunk)
            if total > max_size:  # the file grew while being read
                return _too_big(name, max_size)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        return f"{name}: cannot read: {exc.strerror or exc}"
    finally:
        os.close(fd)


def _too_big(name: str, max_size: int) -> str:
    return f"{name}: larger than the size limit of {format_size(max_size)}; not read (--max-size)"


def format_size(size: int) -> str:
    """A byte count the way people write it: 2 MiB, 500 KiB, 17 bytes."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def parse_size(text: str) -> int:
    """`2M`, `500k`, `1G` or a number of bytes -> bytes; ValueError for anything else."""
    factors = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    cleaned = text.strip().lower().removesuffix("ib").removesuffix("b")
    unit = cleaned[-1:] if cleaned[-1:] in factors else ""
    number = cleaned[: len(cleaned) - len(unit)].strip()
    if not number.isdigit() or int(number) <= 0:
        raise ValueError(f"not a size: {text!r} (examples: 2M, 500k, 1048576)")
    return int(number) * factors[unit]


def _bom(data: bytes) -> str | None:
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def _decode(name: str, data: bytes | str) -> DraftInput:
    if isinstance(data, str):
        return DraftInput(name, error=data)
    encoding = _bom(data) or "utf-8"
    try:
        return DraftInput(name, data.decode(encoding))
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            return DraftInput(name, error=f"{name}: not valid {encoding.upper()} (has a BOM)")
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return DraftInput(
            name, error=f"{name}:{line}:{column}: not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        )
