"""Reading and rewriting playbook cache entries in tests, as another program would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assist.playbook.cache import entry_head

__all__ = ["compile_counter", "entry_head", "entry_parts"]


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


def compile_counter(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets the rule count of every phrase index compiled from now on (a run that
    reads everything from the cache leaves it empty)."""
    from assist.lint import matcher

    compiled: list[int] = []
    original = matcher.PhraseIndex.__init__

    def counting(self: matcher.PhraseIndex, playbook: object, **kwargs: bool) -> None:
        compiled.append(len(playbook.rules))  # type: ignore[attr-defined]
        original(self, playbook, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(matcher.PhraseIndex, "__init__", counting)
    return compiled
