"""The `twcs` preset: the public "Customer Support on Twitter" layout.

Columns: tweet_id, author_id, inbound, created_at, text, response_tweet_id,
in_response_to_tweet_id. `inbound=True` is the customer; otherwise author_id is the brand's
agent or team. Tweets come in any order, so conversations are rebuilt in two passes over an
on-disk SQLite index (bounded memory whatever the archive's size):

1. stream every row into a temporary SQLite table (checked rows only; bad ones reported);
2. set each tweet's conversation root in SQL, one reply level per UPDATE, until none is left
   (a reply whose parent is not in the archive starts its own conversation);
3. read the table back in file order, joined to the parent tweet for `reply_to`, in slices of
   the row sequence (`TwcsSlice`): each engine's worker reads its own slices from the index,
   so the process running the audit does not read and send every message.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assist.audit.records import Malformed, Message, Role
from assist.audit.rows import ExportError, RawRow, read_rows
from assist.audit.times import iso_time

COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id")
BATCH = 5_000
MAX_DEPTH = 10_000
"""Reply levels followed at most; a cycle of replies ends there (each tweet its own root)."""

SCHEMA = """
CREATE TABLE tweet (
    seq INTEGER PRIMARY KEY, source TEXT NOT NULL, line INTEGER NOT NULL, row INTEGER NOT NULL,
    id TEXT NOT NULL, author TEXT NOT NULL, inbound INTEGER NOT NULL,
    time TEXT NOT NULL, text TEXT NOT NULL, parent TEXT NOT NULL, root TEXT
);
"""


def twcs_messages(
    paths: Iterable[Path], workdir: Path | None = None
) -> Iterator[Message | Malformed]:
    """Bad rows as Malformed (while indexing), then every tweet as a Message in file order."""
    with TwcsIndex(paths, workdir) as index:
        yield from index.malformed()
        for part in index.slices(BATCH):
            yield from part.read(index.db)


class TwcsIndex:
    """The on-disk index of a twcs archive (a context manager: the temporary folder lives until
    it is left). `malformed()` builds it, reporting bad rows; `slices(size)` then cuts the
    tweets, in file order, into parts that any process on this machine reads by itself."""

    def __init__(self, paths: Iterable[Path], workdir: Path | None = None) -> None:
        self.paths = paths
        self.workdir = workdir
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.db: sqlite3.Connection | None = None
        self.path = Path()

    def __enter__(self) -> TwcsIndex:
        self.folder = tempfile.TemporaryDirectory(prefix="assist-twcs-", dir=self.workdir)
        self.path = Path(self.folder.name) / "index.sqlite"
        self.db = sqlite3.connect(self.path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        return self

    def __exit__(self, *exc: object) -> None:
        old = _readers.pop(str(self.path), None)
        if old is not None:  # this process read slices itself (one job)
            old.close()
        if self.db is not None:
            self.db.close()
        if self.folder is not None:
            self.folder.cleanup()

    def malformed(self) -> Iterator[Malformed]:
        """Pass 1 and the conversation roots: the bad rows and later duplicates, in order."""
        assert self.db is not None, "TwcsIndex used outside its with block"
        yield from _load(self.db, self.paths)
        yield from _drop_duplicates(self.db)
        _set_roots(self.db)
        self.db.commit()  # other processes read the index from here on

    def slices(self, size: int) -> Iterator[TwcsSlice]:
        """Parts of `size` tweets in file order (ranges of the table's row sequence)."""
        assert self.db is not None, "TwcsIndex used outside its with block"
        starts = [
            seq
            for (seq,) in self.db.execute(
                "SELECT seq FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM tweet)"
                " WHERE (n - 1) % ? = 0 ORDER BY seq",
                (size,),
            )
        ]
        if not starts:
            return  # no tweet survived the checks
        (last,) = self.db.execute("SELECT max(seq) FROM tweet").fetchone()
        for low, high in zip(starts, [*starts[1:], last + 1], strict=True):
            yield TwcsSlice(str(self.path), low, high)


@dataclass(frozen=True, slots=True)
class TwcsSlice:
    """Tweets `low <= seq < high` of a twcs index: a partition a worker reads itself (only the
    file's path and two numbers travel)."""

    database: str
    low: int
    high: int

    def read(self, db: sqlite3.Connection | None = None) -> list[Message]:
        """The slice's tweets as Messages in file order, each with its parent's text when a
        customer wrote it (`db`: an open connection to the index; else one of this process)."""
        cursor = (db or _reader(self.database)).execute(
            "SELECT t.id, t.author, t.inbound, t.time, t.text, t.root, p.text, p.inbound "
            "FROM tweet t LEFT JOIN tweet p ON p.id = t.parent "
            "WHERE t.seq >= ? AND t.seq < ? ORDER BY t.seq",
            (self.low, self.high),
        )
        messages = []
        for tweet, author, inbound, time, text, root, parent_text, parent_inbound in cursor:
            role = Role.customer if inbound else Role.agent
            reply_to = parent_text if parent_inbound and parent_text is not None else ""
            agent = "" if inbound else author
            messages.append(Message(root, tweet, role, agent, time, text, reply_to))
        return messages


_readers: dict[str, sqlite3.Connection] = {}


def _reader(database: str) -> sqlite3.Connection:
    """A read-only connection to the index, one per process (an older index is closed: its
    audit is over)."""
    db = _readers.get(database)
    if db is None:
        for old in _readers.values():
            old.close()
        _readers.clear()
        db = _readers[database] = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    return db


def _load(db: sqlite3.Connection, paths: Iterable[Path]) -> Iterator[Malformed]:
    """Pass 1: checked rows into the table, in file order; the others reported."""
    batch: list[tuple[object, ...]] = []
    for path in paths:
        header = _header(path)
        missing = [c for c in COLUMNS if header is not None and c not in header]
        if missing:
            raise ExportError(f"{path}: not a twcs export: no column '{missing[0]}'")
        for raw in read_rows(path, COLUMNS):
            row = _row(path, raw)
            if isinstance(row, Malformed):
                yield row
                continue
            batch.append(row)
            if len(batch) >= BATCH:
                _insert(db, batch)
        _insert(db, batch)
    db.execute("CREATE INDEX tweet_id ON tweet(id)")


def _header(path: Path) -> list[str] | None:
    from assist.audit.generic import header_of

    return header_of(path)


def _insert(db: sqlite3.Connection, batch: list[tuple[object, ...]]) -> None:
    db.executemany("INSERT INTO tweet VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", batch)
    batch.clear()


def _row(path: Path, raw: RawRow) -> tuple[object, ...] | Malformed:
    def bad(reason: str) -> Malformed:
        return Malformed(str(path), raw.line, raw.row, reason)

    if raw.values is None:
        return bad(raw.error or "unreadable")
    values = raw.values
    tweet = _id(values.get("tweet_id"))
    if not tweet:
        return bad("no tweet_id")
    inbound = str(values.get("inbound", "")).strip().casefold()
    if inbound not in ("true", "false"):
        return bad(f"inbound is {str(values.get('inbound'))[:20]!r}, not True or False")
    time = iso_time(values.get("created_at"))
    if time is None:
        return bad(f"unreadable created_at {str(values.get('created_at'))[:40]!r}")
    text = values.get("text")
    if not isinstance(text, str):
        return bad("no text")
    author = str(values.get("author_id") or "").strip()
    parent = _id(values.get("in_response_to_tweet_id"))
    return (str(path), raw.line, raw.row, tweet, author, inbound == "true", time, text, parent)


def _id(value: object) -> str:
    """A tweet id as text: pandas-written exports spell ids as floats ('119237.0')."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return "" if text.casefold() == "nan" else text


def _drop_duplicates(db: sqlite3.Connection) -> Iterator[Malformed]:
    """A tweet id seen twice keeps its first row; each later one is reported and dropped."""
    later = db.execute(
        "SELECT t.source, t.line, t.row, f.source, f.line FROM tweet t JOIN "
        "(SELECT id, min(seq) AS seq FROM tweet GROUP BY id HAVING count(*) > 1) d "
        "ON t.id = d.id AND t.seq > d.seq JOIN tweet f ON f.seq = d.seq ORDER BY t.seq"
    )
    for source, line, row, first_source, first_line in later:
        yield Malformed(source, line, row, f"tweet_id already at {first_source}:{first_line}")
    db.execute("DELETE FROM tweet WHERE seq NOT IN (SELECT min(seq) FROM tweet GROUP BY id)")


def _set_roots(db: sqlite3.Connection) -> None:
    """Pass 2: conversation root of every tweet, one reply level per statement."""
    db.execute(
        "UPDATE tweet SET root = id WHERE parent = '' "
        "OR NOT EXISTS (SELECT 1 FROM tweet p WHERE p.id = tweet.parent)"
    )
    for _ in range(MAX_DEPTH):
        done = db.execute(
            "UPDATE tweet SET root = (SELECT p.root FROM tweet p WHERE p.id = tweet.parent) "
            "WHERE root IS NULL AND "
            "(SELECT p.root FROM tweet p WHERE p.id = tweet.parent) IS NOT NULL"
        )
        if done.rowcount == 0:
            break
    db.execute("UPDATE tweet SET root = id WHERE root IS NULL")  # reply cycles
