"""One input for the commands that read one text (`assist triage`, `assist score`): --text, a
file, or '-' for standard input; any problem is one line and exit 2."""

from __future__ import annotations

import os

from assist.cli.output import fail


def read_one(path: str | None, text: str | None, *, usage: str, noun: str) -> tuple[str, str]:
    """The text and its display name ("<text>" for --text); exits 2 with `usage` when neither
    or both are given, and with one line naming the file when it cannot be read."""
    from assist.lint.inputs import read_inputs

    if (path is None) == (text is None):
        fail([usage])
    if text is not None:
        return text, "<text>"
    assert path is not None
    if path != "-" and os.path.isdir(path):  # '-' is standard input even beside a folder "-"
        fail([f"{path}: is a folder; give one {noun} file"])
    for item in read_inputs([path]):  # a DraftInput: path, text, error, skipped
        if item.error is not None:
            fail([item.error])
        return item.text, item.path
    fail([f"{path}: nothing to read"])
