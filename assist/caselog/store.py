"""The SQLite case log: schema and migrations, cases and follow-ups.

One database file holds every case coached. It runs in WAL mode with a busy timeout, and
every write is one short `BEGIN IMMEDIATE` transaction, so several agents can share a file.
The schema version lives in `PRAGMA user_version`; `MIGRATIONS` brings any older file up to
date, in order, inside one transaction. Every failure surfaces as a StoreError whose message
is one line naming the file.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from assist.caselog.followups import plan_followups

APPLICATION_ID = 0x61737374  # "asst": marks a SQLite file as an assist case log
DEFAULT_TIMEOUT = 5.0  # seconds to wait for another agent's write to finish
DB_FILE = "cases.db"

# Each entry upgrades the schema by one version; never edit a released entry, append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: cases with their notes, drafts and raised escalations
    (
        """CREATE TABLE cases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            type TEXT,
            channel TEXT,
            customer TEXT,
            summary TEXT,
            position TEXT NOT NULL DEFAULT '',
            agent TEXT NOT NULL DEFAULT '')""",
        """CREATE TABLE notes (
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            note_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            value TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (case_id, note_id))""",
        """CREATE TABLE drafts (
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            text TEXT NOT NULL,
            findings INTEGER NOT NULL DEFAULT 0,
            updated TEXT NOT NULL,
            PRIMARY KEY (case_id, step_id))""",
        """CREATE TABLE escalations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            trigger_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            raised TEXT NOT NULL)""",
    ),
    # 2: closing a case: the final reply, when it was resolved, and its follow-ups
    (
        "ALTER TABLE cases ADD COLUMN reply TEXT",
        "ALTER TABLE cases ADD COLUMN resolved TEXT",
        """CREATE TABLE followups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            due TEXT NOT NULL,
            done TEXT,
            UNIQUE (case_id, kind))""",
        "CREATE INDEX followups_open ON followups (done, due)",
        "CREATE INDEX cases_status ON cases (status, updated)",
    ),
    # 3: follow-up kinds as the seeds give them: a window's last day; the old 24-48 h
    # 'satisfaction' check is the optional satisfaction survey of seed 003
    (
        "ALTER TABLE followups ADD COLUMN until TEXT",
        "UPDATE followups SET kind = 'survey', until = date(due, '+1 day')"
        " WHERE kind = 'satisfaction'",
    ),
    # 4: the customer's message the coach starts from; discarding a case (kept, not listed)
    (
        "ALTER TABLE cases ADD COLUMN message TEXT",
        "ALTER TABLE cases ADD COLUMN discarded TEXT",
    ),
    # 5: what triage read in the customer's message (JSON: the type guess, the cues that
    # fired, the escalations), so a report can say how often the agent kept the guess
    ("ALTER TABLE cases ADD COLUMN triage TEXT",),
    # 6: whether the customer said they are leaving ('yes' / 'no' as the agent answered), so
    # no special terms are offered to them
    ("ALTER TABLE cases ADD COLUMN leaving TEXT",),
)
SCHEMA_VERSION = len(MIGRATIONS)

CASE_FIELDS = (
    "type", "channel", "customer", "summary", "position", "reply", "agent", "message", "triage",
    "leaving",
)  # fmt: skip


class StoreError(Exception):
    """The case database cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class Escalation:
    """An escalation raised during a case: which trigger, at which step, when."""

    trigger: str
    step: str
    raised: str


@dataclass(frozen=True)
class FollowUp:
    """A follow-up contact due for a closed case."""

    id: int
    case_id: int
    kind: str
    """agreed, survey or relationship (see followups.KINDS)."""
    due: str
    """Date it is due (for a window: the day it opens), YYYY-MM-DD."""
    done: str | None = None
    """When it was marked done (ISO timestamp), None while open."""
    customer: str = ""
    summary: str = ""
    until: str | None = None
    """For a window (the optional survey): its last day, YYYY-MM-DD; None for a date."""


@dataclass(frozen=True)
class Case:
    """One complaint as recorded: who, what, the agent's notes, drafts and outcome."""

    id: int
    status: str
    """open (walkthrough unfinished) or closed."""
    created: str
    updated: str
    type: str | None = None
    """Customer type id, 'not-sure', or None when not answered yet."""
    channel: str | None = None
    """Channel id, 'other', or None when not answered yet."""
    customer: str | None = None
    summary: str | None = None
    position: str = ""
    """Where the walkthrough stands, e.g. 'step:listen' (used by --resume)."""
    agent: str = ""
    """Login name of the agent who started the case."""
    notes: dict[str, str] = field(default_factory=dict)
    note_steps: dict[str, str] = field(default_factory=dict)
    """Note id -> the step it was entered at."""
    drafts: dict[str, str] = field(default_factory=dict)
    """Step id -> reply draft typed at that step."""
    draft_findings: dict[str, int] = field(default_factory=dict)
    escalations: tuple[Escalation, ...] = ()
    reply: str | None = None
    resolved: str | None = None
    followups: tuple[FollowUp, ...] = ()
    message: str | None = None
    """The customer's message the case started from, as pasted."""
    triage: str | None = None
    """What triage read in the message, as JSON: {"type", "cues", "escalations"}."""
    discarded: str | None = None
    """When the case was discarded (ISO timestamp); discarded cases are left out of lists."""
    leaving: str | None = None
    """'yes' when the customer said they are leaving, 'no' when not, None when not asked."""


@dataclass(frozen=True)
class CaseFilter:
    """Which cases to list or report: all fields optional; discarded ones only with `all`."""

    since: date | None = None
    """Cases created on or after this day."""
    type: str | None = None
    channel: str | None = None
    status: str | None = None
    """open or closed."""
    all: bool = False
    """Include discarded cases."""

    def where(self) -> tuple[str, tuple[Any, ...]]:
        """The SQL condition and its arguments ('1' when nothing is filtered)."""
        conditions, args = [], []
        if not self.all:
            conditions.append("discarded IS NULL")
        for column in ("type", "channel", "status"):
            value = getattr(self, column)
            if value is not None:
                conditions.append(f"{column} = ?")
                args.append(value)
        if self.since is not None:
            conditions.append("created >= ?")
            args.append(self.since.isoformat())
        return " AND ".join(conditions) or "1", tuple(args)


def default_db_path() -> Path:
    """`$ASSIST_DB` if set, else cases.db in the user's data folder (StoreError when
    `$ASSIST_DB` names the home folder of a user who does not exist, like `~nouser/x`)."""
    env = os.environ.get("ASSIST_DB")
    if env:
        try:
            return Path(env).expanduser()
        except RuntimeError:
            raise StoreError(f"ASSIST_DB={env}: no such user's home folder") from None
    from platformdirs import user_data_dir

    return Path(user_data_dir("assist", appauthor=False)) / DB_FILE


MAX_TIMEOUT = 3600.0  # seconds: SQLite takes the busy timeout as a 32-bit count of ms


def default_timeout() -> float:
    """Seconds to wait for a busy database: `$ASSIST_DB_TIMEOUT`, else 5 (StoreError when it
    is not a number of seconds from 0 to an hour)."""
    given = os.environ.get("ASSIST_DB_TIMEOUT")
    if given is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_TIMEOUT:  # also false for nan
        raise StoreError(
            f"ASSIST_DB_TIMEOUT={given}: must be a number of seconds from 0 to {MAX_TIMEOUT:.0f}"
        )
    return seconds


def current_agent() -> str:
    """The login name of whoever runs assist ('' if it cannot be told)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def local_now() -> datetime:
    """The current local time with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def describe_error(path: Path | str, exc: sqlite3.Error) -> str:
    """A one-line explanation of a SQLite failure, naming the database file."""
    message = str(exc)
    lowered = message.lower()
    if "not a database" in lowered or "malformed" in lowered or "encrypted" in lowered:
        return f"{path}: not a readable assist case database ({message})"
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: the case database is locked by another program; try again shortly"
    if "unable to open" in lowered:
        return f"{path}: cannot open the case database (is its folder there and writable?)"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path}: the case database is read-only"
    return f"{path}: case database error: {message}"


P = ParamSpec("P")
R = TypeVar("R")


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn any sqlite3 error raised by a store method into a StoreError naming the file."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(describe_error(args[0].path, exc)) from None  # type: ignore[attr-defined]

    return wrapper


class CaseStore:
    """The case log in one SQLite file. Use as a context manager, or call close()."""

    def __init__(
        self,
        path: Path | str,
        *,
        timeout: float | None = None,
        clock: Callable[[], datetime] = local_now,
        read_only: bool = False,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.read_only = read_only
        """Opened for reading only: works on a full disk or a read-only file or folder."""
        self.timeout = default_timeout() if timeout is None else timeout
        self._conn: sqlite3.Connection | None = None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection (StoreError once closed)."""
        if self._conn is None:
            raise StoreError(f"{self.path}: the case database is closed")
        return self._conn

    @_guarded
    def _open(self) -> None:
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a case database file")
        if self.read_only and self.path.exists() and self._open_read_only():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create its folder ({exc.strerror})") from None
        self._conn = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._check_application_id()
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    def _open_read_only(self) -> bool:
        """Open without writing anything; False when the file needs a migration first.

        Reading a WAL database normally creates its -shm and -wal files; on a full disk or in
        a read-only folder that fails, so the file is then read as immutable (no locks: right
        for a read-only command when nothing can be written anyway)."""
        uri = self.path.resolve().as_uri() + "?mode=ro"
        for attempt in (uri, uri + "&immutable=1"):
            self._conn = sqlite3.connect(
                attempt, uri=True, timeout=self.timeout, isolation_level=None,
                check_same_thread=False,
            )  # fmt: skip
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            try:
                self._check_application_id()
                break
            except sqlite3.OperationalError as exc:
                self.close()
                if "disk i/o" not in str(exc).lower() and "unable to open" not in str(exc).lower():
                    raise
        else:
            raise StoreError(f"{self.path}: cannot read the case database (disk full or no access)")
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: case database schema v{version} is newer than this assist "
                f"understands (v{SCHEMA_VERSION}); upgrade assist"
            )
        if version < SCHEMA_VERSION:  # an older file: open it for writing to migrate it
            self.close()
            return False
        return True

    def _check_application_id(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables and not self._has_cases()):
            raise StoreError(f"{self.path}: not an assist case database (it holds other data)")

    def _has_cases(self) -> bool:
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases'").fetchone()
        return row is not None

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (PRAGMA user_version)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        with self._write():
            version = self.schema_version  # re-read: another process may have migrated meanwhile
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: case database schema v{version} is newer than this assist "
                    f"understands (v{SCHEMA_VERSION}); upgrade assist"
                )
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    self.conn.execute(statement)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taking the write lock up front (BEGIN IMMEDIATE)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several SELECTs."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _stamp(self) -> str:
        return self.clock().isoformat()

    # -- writing cases -------------------------------------------------------------------

    @_guarded
    def create_case(self, **values: str | None) -> int:
        """Start a case; `values` may set type, channel, customer, summary, position."""
        _check_fields(values)
        now = self._stamp()
        values = {"agent": current_agent(), **values}
        columns = ["created", "updated", *values]
        with self._write() as conn:
            cursor = conn.execute(
                f"INSERT INTO cases ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})",
                (now, now, *values.values()),
            )
        return int(cursor.lastrowid or 0)

    @_guarded
    def update_case(self, case_id: int, **values: str | None) -> None:
        """Change fields of a case (type, channel, customer, leaving, summary, position...)."""
        _check_fields(values)
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._write() as conn:
            self._touch(conn, case_id, assignments, tuple(values.values()))

    def _touch(
        self, conn: sqlite3.Connection, case_id: int, sets: str = "", args: tuple = ()
    ) -> None:
        sets = f"{sets}, updated = ?" if sets else "updated = ?"
        cursor = conn.execute(
            f"UPDATE cases SET {sets} WHERE id = ?", (*args, self._stamp(), case_id)
        )
        if cursor.rowcount == 0:
            raise StoreError(f"{self.path}: no case {case_id}")

    @_guarded
    def set_note(self, case_id: int, note_id: str, step_id: str, value: str) -> None:
        """Record (or replace) one of the agent's notes."""
        with self._write() as conn:
            self._touch(conn, case_id)
            conn.execute(
                "INSERT INTO notes (case_id, note_id, step_id, value, updated)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (case_id, note_id) DO UPDATE SET"
                " step_id = excluded.step_id, value = excluded.value, updated = excluded.updated",
                (case_id, note_id, step_id, value, self._stamp()),
            )

    @_guarded
    def set_draft(self, case_id: int, step_id: str, text: str, findings: int = 0) -> None:
        """Record (or replace) the reply draft typed at a step and how many findings it had."""
        with self._write() as conn:
            self._touch(conn, case_id)
            conn.execute(
                "INSERT INTO drafts (case_id, step_id, text, findings, updated)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (case_id, step_id) DO UPDATE SET"
                " text = excluded.text, findings = excluded.findings, updated = excluded.updated",
                (case_id, step_id, text, findings, self._stamp()),
            )

    @_guarded
    def add_escalation(self, case_id: int, trigger_id: str, step_id: str) -> None:
        """Record that an escalation trigger was raised at a step."""
        with self._write() as conn:
            self._touch(conn, case_id)
            conn.execute(
                "INSERT INTO escalations (case_id, trigger_id, step_id, raised)"
                " VALUES (?, ?, ?, ?)",
                (case_id, trigger_id, step_id, self._stamp()),
            )

    @_guarded
    def close_case(
        self,
        case_id: int,
        reply: str,
        agreed: date | None = None,
        relationship: date | None = None,
    ) -> list[FollowUp]:
        """Mark a case resolved with its final reply and schedule its follow-ups: the agreed
        date (if any), the optional survey window and the relationship check."""
        now = self.clock()
        with self._write() as conn:
            self._touch(
                conn,
                case_id,
                "status = 'closed', reply = ?, resolved = ?",
                (reply, now.isoformat()),
            )
            conn.execute("DELETE FROM followups WHERE case_id = ? AND done IS NULL", (case_id,))
            for planned in plan_followups(now.date(), agreed, relationship):
                until = planned.until.isoformat() if planned.until else None
                conn.execute(
                    "INSERT OR IGNORE INTO followups (case_id, kind, due, until)"
                    " VALUES (?, ?, ?, ?)",
                    (case_id, planned.kind, planned.due.isoformat(), until),
                )
        return [f for f in self.followups(include_done=True) if f.case_id == case_id]

    @_guarded
    def mark_followup_done(self, followup_id: int) -> bool:
        """Mark a follow-up done; False if there is no such open follow-up."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE followups SET done = ? WHERE id = ? AND done IS NULL",
                (self._stamp(), followup_id),
            )
        return cursor.rowcount == 1

    # -- reading -------------------------------------------------------------------------

    @_guarded
    def get_case(self, case_id: int) -> Case | None:
        """The full case, or None if there is no case with this id."""
        with self._read() as conn:
            rows = _dicts(conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)))
            return self._assemble(conn, rows[0]) if rows else None

    @_guarded
    def list_cases(
        self, status: str | None = None, *, where: CaseFilter | None = None
    ) -> list[Case]:
        """The cases that pass the filter (default: all but discarded ones; `status` narrows
        it), newest first, with notes and follow-ups."""
        where = where or CaseFilter()
        if status is not None:
            where = replace(where, status=status)
        condition, args = where.where()
        query = f"SELECT * FROM cases WHERE {condition} ORDER BY id DESC"
        with self._read() as conn:
            rows = _dicts(conn.execute(query, args))
            return [self._assemble(conn, row) for row in rows]

    @_guarded
    def discard_case(self, case_id: int) -> bool:
        """Discard a case (kept in the file, left out of lists and reports); False if there
        is no such case or it is discarded already."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE cases SET discarded = ?, updated = ? WHERE id = ? AND discarded IS NULL",
                (self._stamp(), self._stamp(), case_id),
            )
        return cursor.rowcount == 1

    @_guarded
    def latest_open(self, agent: str | None = None) -> int | None:
        """Id of the most recently updated unfinished case (of this agent, if given)."""
        where = "status = 'open' AND discarded IS NULL" + (
            " AND agent = ?" if agent is not None else ""
        )
        row = self.conn.execute(
            f"SELECT id FROM cases WHERE {where} ORDER BY updated DESC, id DESC LIMIT 1",
            (agent,) if agent is not None else (),
        ).fetchone()
        return None if row is None else int(row[0])

    def _assemble(self, conn: sqlite3.Connection, values: dict[str, Any]) -> Case:
        case_id = values["id"]
        notes = _rows(
            conn.execute(
                "SELECT note_id, value, step_id FROM notes WHERE case_id = ? ORDER BY rowid",
                (case_id,),
            )
        )
        drafts = conn.execute(
            "SELECT step_id, text, findings FROM drafts WHERE case_id = ? ORDER BY rowid",
            (case_id,),
        ).fetchall()
        drafts = [(_text(s), _text(t), f if isinstance(f, int) else 0) for s, t, f in drafts]
        raised = _rows(
            conn.execute(
                "SELECT trigger_id, step_id, raised FROM escalations WHERE case_id = ? ORDER BY id",
                (case_id,),
            )
        )
        return Case(
            **values,
            notes={n: v for n, v, _ in notes},
            note_steps={n: s for n, _, s in notes},
            drafts={s: t for s, t, _ in drafts},
            draft_findings={s: f for s, _, f in drafts},
            escalations=tuple(Escalation(*r) for r in raised),
            followups=tuple(self._followups(conn, "WHERE f.case_id = ?", (case_id,))),
        )

    def _followups(self, conn: sqlite3.Connection, where: str, args: tuple) -> Iterator[FollowUp]:
        query = (
            "SELECT f.id, f.case_id, f.kind, f.due, f.done, coalesce(c.customer, ''),"
            " coalesce(c.summary, ''), f.until FROM followups f JOIN cases c ON c.id = f.case_id "
            f"{where} ORDER BY f.due, f.id"
        )
        for row in conn.execute(query, args):
            yield FollowUp(row[0], row[1], *(_text(v) for v in row[2:]))

    @_guarded
    def followups(
        self, *, due_by: date | None = None, include_done: bool = False
    ) -> list[FollowUp]:
        """Follow-ups of cases not discarded, earliest first: open ones (or all), optionally
        only those due by a date (a window counts while it is open on that date)."""
        conditions, args = ["c.discarded IS NULL"], []
        if not include_done:
            conditions.append("f.done IS NULL")
        if due_by is not None:
            conditions.append("f.due <= ? AND (f.until IS NULL OR f.until >= ?)")
            args += [due_by.isoformat(), due_by.isoformat()]
        where = "WHERE " + " AND ".join(conditions) if conditions else ""
        with self._read() as conn:
            return list(self._followups(conn, where, tuple(args)))


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [
        {
            name: _text(value) if name != "id" else value
            for name, value in zip(names, row, strict=True)
        }
        for row in cursor.fetchall()
    ]


def _text(value: Any) -> Any:
    """A value read from a text column as text: a BLOB (written by another program) is decoded
    with its undecodable bytes kept as escapes; a number becomes its digits; NULL stays None."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    if isinstance(value, int | float):
        return str(value)
    return value


def _rows(cursor: sqlite3.Cursor) -> list[tuple[Any, ...]]:
    return [tuple(_text(v) for v in row) for row in cursor.fetchall()]


def _check_fields(values: dict[str, Any]) -> None:
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"unknown case field(s): {', '.join(sorted(unknown))}")
