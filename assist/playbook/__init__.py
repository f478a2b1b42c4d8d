"""Reading, validating and merging playbook files into one immutable Playbook."""

from __future__ import annotations

from assist.playbook.load import (
    LoadResult,
    builtin_dir,
    builtin_files,
    load_layers,
    load_playbook,
    playbook_files,
)

__all__ = [
    "LoadResult",
    "builtin_dir",
    "builtin_files",
    "load_layers",
    "load_playbook",
    "playbook_files",
]
