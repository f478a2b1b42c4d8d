"""Shared terminal helpers for the command modules: consoles, the one-line error style and
the guarded standard streams (a closed pipe or a full device is one line, not a traceback)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import IO, Any, NoReturn, TextIO

    from rich.console import Console

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
"""An unexpected error inside assist (a bug): distinct from findings (1) and bad input (2)."""


class OutputError(Exception):
    """Standard output could not be written (closed pipe, full device, I/O error)."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.cause = cause


class GuardedStream:
    """A text stream whose write errors become OutputError, so that no library on the way
    (click turns a closed pipe into a silent exit 1) mistakes them for something else."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text`; an OSError becomes OutputError."""
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputError(exc) from None

    def flush(self) -> None:
        """Flush; an OSError becomes OutputError."""
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_streams() -> None:
    """Make standard output and error safe for any text: characters the output encoding
    cannot hold (a strict ASCII locale, undecodable file-name bytes) are written as
    backslash escapes instead of raising, and stdout write errors become OutputError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if sys.stdout is not None and not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)


def silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null so that the interpreter's final flush of what
    is still buffered cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)


def make_console(
    *, stderr: bool = False, width: int | None = None, stream: IO[str] | None = None
) -> Console:
    """A rich console on stdout, stderr or `stream`: colour only on a terminal and when
    NO_COLOR is unset."""
    from rich.console import Console

    if stream is None:
        stream = sys.stderr if stderr else sys.stdout
    plain = "NO_COLOR" in os.environ or not stream.isatty()
    return Console(
        file=stream,
        no_color=plain,
        color_system=None if plain else "auto",
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=width,
    )


def print_errors(messages: Iterable[object]) -> None:
    """Write each problem as one plain line to stderr (`file:line:col: message`)."""
    from assist.display import visible

    for message in messages:
        print(visible(str(message)).replace("\n", "\u2424"), file=sys.stderr)


def fail(messages: Iterable[object], code: int = EXIT_USAGE) -> NoReturn:
    """Print problems as one line each and exit (2 by default: usage, config or input error)."""
    print_errors(messages)
    raise SystemExit(code)


def terminal_width() -> int:
    """Columns to lay text out in, found as rich found them: COLUMNS, else the size of the
    first standard stream that is a terminal, else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown") and sys.stdout.isatty():
        return 80
    return tty_columns()


def tty_columns() -> int:
    """The width of the first standard stream that is a terminal, else 80."""
    for descriptor in (0, 1, 2):
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def terminal_colour(stream: IO[str]) -> bool:
    """Colour only on a terminal that is not dumb, and when NO_COLOR is unset."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
