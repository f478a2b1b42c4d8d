"""Where a problem is (`Location`) and the error types every layer raises. No printing here."""

from __future__ import annotations

from collections.abc import Sequence

from assist.record import record


@record
class Location:
    """A 1-based position in a file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class PlaybookError(Exception):
    """A problem in a playbook file, with the place it points to."""

    def __init__(self, location: Location, message: str, *, level: str = "error") -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message
        self.level = level

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class PlaybookErrors(Exception):
    """Raised when a playbook cannot be used; carries every problem found."""

    def __init__(self, errors: Sequence[PlaybookError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


class UsageError(Exception):
    """A request that cannot be carried out as given; the CLI prints each line, exit 2."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
