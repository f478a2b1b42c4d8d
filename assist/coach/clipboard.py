"""Copy text to the system clipboard with whichever tool the machine has, if any."""

from __future__ import annotations

import os
import shutil
import subprocess

TOOLS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("wl-copy", (), "WAYLAND_DISPLAY"),
    ("xclip", ("-selection", "clipboard"), "DISPLAY"),
    ("xsel", ("--clipboard", "--input"), "DISPLAY"),
    ("pbcopy", (), ""),
)
"""(program, arguments, environment variable the program needs: '' for none)."""
TIMEOUT = 5.0


def copy_to_clipboard(text: str) -> str | None:
    """Copy `text`; the tool's name on success, None when no clipboard is available."""
    for program, args, needs in TOOLS:
        path = shutil.which(program)
        if path is None or (needs and not os.environ.get(needs)):
            continue
        try:
            subprocess.run(
                [path, *args], input=text.encode("utf-8"), check=True, timeout=TIMEOUT,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            continue
        return program
    return None
