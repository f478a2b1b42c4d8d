"""Shared terminal helpers for the command modules: consoles and the one-line error style."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A rich console: colour only on a terminal and when NO_COLOR is unset."""
    from rich.console import Console

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
    """Write each problem as one plain line to stderr (`file:line:col: message`); file names
    and quoted text in them are untrusted, so control characters are shown, not sent."""
    from assist.display import visible

    for message in messages:
        print(visible(str(message)), file=sys.stderr)


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
