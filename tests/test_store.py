"""The SQLite case log: cases, follow-ups, reports, migrations, concurrency and bad files."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from assist.caselog.followups import plan_followups
from assist.caselog.report import build_report, group_similar
from assist.caselog.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    CaseStore,
    StoreError,
    default_db_path,
)

NOON = datetime(2025, 3, 10, 12, 0, tzinfo=timezone(timedelta(hours=2)))


class Clock:
    """A settable clock, so follow-up dates are predictable."""

    def __init__(self, now: datetime = NOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    with CaseStore(tmp_path / "cases.db", clock=Clock()) as opened:
        yield opened


# -- cases ------------------------------------------------------------------------------------


def test_a_case_round_trips_with_notes_drafts_and_escalations(store: CaseStore) -> None:
    case_id = store.create_case(channel="phone", type="angry", position="intake:customer")
    store.update_case(case_id, customer="Dana", summary="Box broke", position="step:listen")
    store.set_note(case_id, "cause", "listen", "courier")
    store.set_note(case_id, "cause", "find-cause", "courier dropped it")  # replaced, not added
    store.set_draft(case_id, "apologise", "I don't know.", 1)
    store.add_escalation(case_id, "abuse", "listen")
    case = store.get_case(case_id)
    assert case is not None
    assert (case.status, case.channel, case.type, case.customer) == (
        "open",
        "phone",
        "angry",
        "Dana",
    )
    assert case.position == "step:listen"
    assert case.notes == {"cause": "courier dropped it"}
    assert case.note_steps == {"cause": "find-cause"}
    assert case.drafts == {"apologise": "I don't know."} and case.draft_findings["apologise"] == 1
    assert [(e.trigger, e.step) for e in case.escalations] == [("abuse", "listen")]
    assert case.created.startswith("2025-03-10T12:00:00+02:00")


def test_unanswered_intake_is_none_and_empty_answers_stay_empty(store: CaseStore) -> None:
    case_id = store.create_case(customer="")
    case = store.get_case(case_id)
    assert case is not None and case.type is None and case.customer == ""


def test_missing_case(store: CaseStore) -> None:
    assert store.get_case(42) is None
    with pytest.raises(StoreError, match="no case 42"):
        store.set_note(42, "cause", "listen", "x")


def test_latest_open_is_the_most_recently_updated_unfinished_case(store: CaseStore) -> None:
    clock = store.clock
    assert isinstance(clock, Clock)
    first = store.create_case(summary="first")
    clock.now += timedelta(minutes=1)
    second = store.create_case(summary="second")
    clock.now += timedelta(minutes=1)
    store.set_note(first, "cause", "listen", "x")
    assert store.latest_open() == first
    store.close_case(first, "reply")
    assert store.latest_open() == second


def test_latest_open_can_be_limited_to_one_agent(store: CaseStore) -> None:
    mine = store.create_case(summary="mine")
    store.create_case(summary="a colleague's", agent="someone-else")
    assert store.get_case(mine).agent != "someone-else"  # type: ignore[union-attr]
    assert store.latest_open() == mine + 1
    assert store.latest_open(store.get_case(mine).agent) == mine  # type: ignore[union-attr]
    assert store.latest_open("nobody") is None


def test_list_cases_newest_first_and_by_status(store: CaseStore) -> None:
    ids = [store.create_case(summary=str(i)) for i in range(3)]
    store.close_case(ids[1], "done")
    assert [c.id for c in store.list_cases()] == ids[::-1]
    assert [c.id for c in store.list_cases("closed")] == [ids[1]]


# -- follow-ups -------------------------------------------------------------------------------


def test_closing_schedules_the_survey_window_the_agreed_date_and_the_relationship_check(
    store: CaseStore,
) -> None:
    case_id = store.create_case(customer="Dana", summary="Box broke")
    followups = store.close_case(case_id, "Hello Dana", date(2025, 3, 14))
    assert [(f.kind, f.due, f.until) for f in followups] == [
        ("survey", "2025-03-11", "2025-03-12"),  # optional, 24-48 hours after (seed 003)
        ("agreed", "2025-03-14", None),  # the agent's date, not doubled by another check
        ("relationship", "2025-04-09", None),  # about 30 days later (seed 002)
    ]
    case = store.get_case(case_id)
    assert case is not None and case.status == "closed" and case.reply == "Hello Dana"
    assert case.resolved == NOON.isoformat()


def test_the_relationship_check_is_on_the_agents_date_when_given(store: CaseStore) -> None:
    case_id = store.create_case()
    followups = store.close_case(case_id, "r", relationship=date(2025, 4, 15))
    assert [(f.kind, f.due) for f in followups if f.kind == "relationship"] == [
        ("relationship", "2025-04-15")
    ]


def test_the_survey_is_due_while_its_window_is_open(store: CaseStore) -> None:
    case_id = store.create_case(customer="Dana")
    store.close_case(case_id, "r")
    assert store.followups(due_by=date(2025, 3, 10)) == []
    for day in (11, 12):
        due = store.followups(due_by=date(2025, 3, day))
        assert [f.kind for f in due] == ["survey"] and due[0].customer == "Dana"
    assert store.followups(due_by=date(2025, 3, 13)) == []  # a window, not a deadline


def test_due_followups_and_marking_one_done(store: CaseStore) -> None:
    case_id = store.create_case(customer="Dana")
    store.close_case(case_id, "r")
    due = store.followups(due_by=date(2025, 3, 12))
    assert store.mark_followup_done(due[0].id)
    assert not store.mark_followup_done(due[0].id)  # already done
    assert store.followups(due_by=date(2025, 3, 12)) == []
    everything = store.followups(include_done=True)
    assert [f.done is not None for f in everything] == [True, False]


def test_closing_again_does_not_duplicate_followups(store: CaseStore) -> None:
    case_id = store.create_case()
    store.close_case(case_id, "r")
    store.close_case(case_id, "r2")
    assert len(store.followups()) == 2


def test_plan_without_an_agreed_date() -> None:
    assert [p.kind for p in plan_followups(date(2025, 1, 1))] == ["survey", "relationship"]


# -- report -----------------------------------------------------------------------------------


def test_report_groups_by_cause_group_and_counts_types_and_channels(store: CaseStore) -> None:
    rows = [
        ("angry", "phone", "Delivery"),
        ("angry", "email", "delivery"),
        ("critic", "phone", " delivery "),
        ("critic", "phone", "product quality"),
        (None, None, ""),
    ]
    for kind, channel, group in rows:
        case_id = store.create_case(type=kind, channel=channel)
        store.set_note(case_id, "cause", "find-cause", f"free text {case_id}")
        store.set_note(case_id, "record", "record", group)
    store.add_escalation(1, "abuse", "listen")
    report = build_report(store.list_cases())
    assert (report.total, report.open, report.closed, report.escalated) == (5, 5, 0, 1)
    causes = {g.label: g.case_ids for g in report.by_cause}
    assert causes == {"delivery": (1, 2, 3), "product quality": (4,), "(no cause group)": (5,)}
    assert [(g.label, g.count) for g in report.by_type] == [
        ("angry", 2), ("critic", 2), ("not-sure", 1)
    ]  # fmt: skip
    assert report.by_channel[0].label == "phone" and report.by_channel[0].count == 3


def test_group_similar_keeps_different_causes_apart() -> None:
    groups = group_similar([(1, "refund not received"), (2, "rude staff member")])
    assert [g.count for g in groups] == [1, 1]


# -- schema and migrations --------------------------------------------------------------------


def test_new_database_is_current_wal_and_marked_as_ours(store: CaseStore) -> None:
    conn = store.conn
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_a_version_1_database_is_migrated_keeping_its_cases(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO cases (created, updated, summary) VALUES ('t', 't', 'old case')")
    conn.execute("INSERT INTO notes VALUES (1, 'cause', 'listen', 'courier', 't')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with CaseStore(path, clock=Clock()) as store:
        assert store.schema_version == SCHEMA_VERSION
        case = store.get_case(1)
        assert (
            case is not None and case.summary == "old case" and case.notes == {"cause": "courier"}
        )
        assert len(store.close_case(1, "reply")) == 2  # the follow-ups table came with v2


def test_a_version_2_satisfaction_check_becomes_the_optional_survey_window(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    for statement in (*MIGRATIONS[0], *MIGRATIONS[1]):
        conn.execute(statement)
    conn.execute("INSERT INTO cases (created, updated, status) VALUES ('t', 't', 'closed')")
    conn.execute(
        "INSERT INTO followups (case_id, kind, due) VALUES (1, 'satisfaction', '2025-03-11')"
    )
    conn.execute(
        "INSERT INTO followups (case_id, kind, due) VALUES (1, 'relationship', '2025-04-09')"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with CaseStore(path, clock=Clock()) as store:
        assert [(f.kind, f.due, f.until) for f in store.followups()] == [
            ("survey", "2025-03-11", "2025-03-12"),
            ("relationship", "2025-04-09", None),
        ]


def test_a_version_5_case_gains_leaving_unanswered_and_keeps_what_it_had(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path)
    for statement in (s for migration in MIGRATIONS[:5] for s in migration):
        conn.execute(statement)
    conn.execute("INSERT INTO cases (created, updated, type) VALUES ('t', 't', 'angry')")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    with CaseStore(path, clock=Clock()) as store:
        case = store.get_case(1)
        assert case is not None and (case.type, case.leaving) == ("angry", None)
        store.update_case(1, leaving="yes")
        assert store.get_case(1).leaving == "yes"  # type: ignore[union-attr]


def test_an_empty_file_is_a_version_0_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with CaseStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    CaseStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this assist understands"):
        CaseStore(path)


def test_some_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an assist case database") as info:
        CaseStore(path)
    assert str(path) in str(info.value)


# -- bad files --------------------------------------------------------------------------------


def test_garbage_bytes_give_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    path.write_bytes(b"this is not sqlite \x00\xff" * 300)
    with pytest.raises(StoreError) as info:
        CaseStore(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    assert "not a readable assist case database" in message


def test_a_locked_database_gives_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    CaseStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another agent in the middle of a write
    try:
        with CaseStore(path, timeout=0.1) as store, pytest.raises(StoreError) as info:
            store.create_case(summary="x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (
        str(info.value)
        == f"{path}: the case database is locked by another program; try again shortly"
    )


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        CaseStore(tmp_path)


def test_the_database_folder_is_created(tmp_path: Path) -> None:
    with CaseStore(tmp_path / "a" / "b" / "cases.db") as store:
        assert store.path.exists()


def test_default_location_honours_assist_db(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ASSIST_DB", str(tmp_path / "team.db"))
    assert default_db_path() == tmp_path / "team.db"
    monkeypatch.delenv("ASSIST_DB")
    assert default_db_path().name == "cases.db" and "assist" in str(default_db_path())


# -- concurrency ------------------------------------------------------------------------------

CASES_PER_WRITER = 15


def _write_cases(path: str, writer: int) -> None:
    with CaseStore(path, timeout=30) as store:
        for i in range(CASES_PER_WRITER):
            case_id = store.create_case(customer=f"w{writer}", summary=f"case {i}")
            store.set_note(case_id, "cause", "listen", f"cause {writer}-{i}")
            store.add_escalation(case_id, "abuse", "listen")
            if i % 3 == 0:
                store.close_case(case_id, "reply")


def _check_complete(path: Path, writers: int) -> None:
    with CaseStore(path) as store:
        cases = store.list_cases()
        assert len(cases) == writers * CASES_PER_WRITER
        assert all(len(c.notes) == 1 and len(c.escalations) == 1 for c in cases)
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        closed = writers * len(range(0, CASES_PER_WRITER, 3))
        assert len(store.followups()) == 2 * closed


def test_concurrent_processes_writing_one_new_database(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"  # not created yet: the writers race to create and migrate it
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_cases, args=(str(path), n)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    _check_complete(path, 4)


def test_concurrent_threads_each_with_their_own_connection(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            _write_cases(str(path), n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _check_complete(path, 4)
