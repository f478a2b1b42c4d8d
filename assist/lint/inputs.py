"""Find and read the drafts to lint: files, folders (walked), standard input."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

STDIN = "-"


def read_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[str, str, str | None]]:
    """(display path, text, error) for each input; folders are walked, hidden entries skipped."""
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            yield _decode("<stdin>", _read_stdin())
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                data = _read(file)
                if isinstance(data, bytes) and b"\0" in data[:8192]:
                    continue  # binary files in a folder are not drafts
                yield _decode(str(file), data)
            continue
        data = _read(path)
        if isinstance(data, bytes) and b"\0" in data[:8192]:
            yield name, "", f"{name}: not a text file (binary content)"
            continue
        yield _decode(name, data)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read_stdin() -> bytes:
    import sys

    return sys.stdin.buffer.read()


def _read(path: Path) -> bytes | str:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return f"{path}: no such file or folder"
    except IsADirectoryError:
        return f"{path}: is a folder"
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror or exc}"


def _decode(name: str, data: bytes | str) -> tuple[str, str, str | None]:
    if isinstance(data, str):
        return name, "", data
    try:
        return name, data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return name, "", f"{name}:{line}:{column}: not valid UTF-8 (byte 0x{data[exc.start]:02x})"
