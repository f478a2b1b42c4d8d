"""Reading and rewriting playbook cache entries in tests, as another program would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assist.playbook.cache import entry_head

__all__ = ["entry_head", "entry_parts"]


def entry_parts(entry: Path) -> tuple[dict[str, Any], list[bytes]]:
    """An entry's JSON document and the texts stored after it (cut by their sizes)."""
    raw = entry.read_bytes()
    start = raw.index(b"\n") + 1
    end = raw.index(b"\n", start)
    document = json.loads(raw[start:end])
    texts, at = [], end + 1
    for size in document["blobs"]:
        texts.append(raw[at : at + size])
        at += size
    return document, texts
