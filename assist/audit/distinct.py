"""Counting distinct conversation ids in bounded memory: a set that spills to SQLite."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

IN_MEMORY = 200_000
"""Ids held in memory before they are moved to the on-disk table."""


class DistinctCounter:
    """How many different strings were added; memory stays bounded by `limit` ids."""

    def __init__(self, limit: int = IN_MEMORY) -> None:
        self.limit = limit
        self.recent: set[str] = set()
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.db: sqlite3.Connection | None = None

    def add(self, ids: Iterable[str]) -> None:
        """Count these ids (ids seen before count once)."""
        self.recent.update(ids)
        if len(self.recent) >= self.limit:
            self._spill()

    def count(self) -> int:
        """The number of different ids added so far."""
        if self.db is None:
            return len(self.recent)
        self._spill()
        return int(self.db.execute("SELECT count(*) FROM seen").fetchone()[0])

    def close(self) -> None:
        """Remove the on-disk table, if there is one."""
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None

    def _spill(self) -> None:
        if self.db is None:
            self.folder = tempfile.TemporaryDirectory(prefix="assist-distinct-")
            self.db = sqlite3.connect(Path(self.folder.name) / "seen.sqlite")
            self.db.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                "CREATE TABLE seen (id TEXT PRIMARY KEY) WITHOUT ROWID;"
            )
        self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?)", ((i,) for i in self.recent))
        self.recent.clear()
