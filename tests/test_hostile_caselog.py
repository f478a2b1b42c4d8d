"""Hostile and faulty conditions around the case log and the coach, through the installed
CLI: customer text with escape sequences and formulas, values written by other programs,
broken environment settings, damaged, foreign, read-only and full databases, concurrent
agents and a killed coach."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import (
    as_nobody,
    assist,
    mount_small_disk,
    one_line_error,
    permissions_apply,
    run_forked,
    shared_tmp,
)

from assist.caselog.report import group_similar
from assist.caselog.store import SCHEMA_VERSION, CaseStore

PLAYBOOK_DIR = Path(__file__).parent / "data" / "coach" / "playbook"
ANSWERS = "type: angry\nchannel: phone\ncustomer: Dana\nsummary: The parcel arrived broken.\n"
HOSTILE = "Hi \x1b[2J\x1b]0;pwned\x07 \x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\"


def coach(db: Path, answers: Path, **kwargs) -> object:
    return assist(
        "coach", "--answers", answers, "--db", db, "--no-builtin", "-p", PLAYBOOK_DIR, **kwargs
    )


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def make_cases(db: Path, *rows: dict[str, str]) -> None:
    with CaseStore(db) as store:
        for row in rows:
            store.create_case(**row)


# -- customer text on the terminal and in exports ----------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_escape_sequences_in_a_case_are_shown_not_run_on_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    db = tmp_path / "cases.db"
    make_cases(db, {"customer": "Eve\x1b[31m", "summary": HOSTILE})
    env = {**os.environ, "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    for command in ("cases show 1", "cases list", "report"):
        output, status = pexpect.run(
            f"{sys.executable} -m assist {command} --db {db}",
            env=env, withexitstatus=True, timeout=30, dimensions=(40, 200),
        )  # fmt: skip
        assert status == 0, output
        assert b"\x1b[2J" not in output and b"\x1b]" not in output and b"\x07" not in output
        assert b"\x1b[31m" not in output
        if command != "report":
            assert "␛[2J".encode() in output


def test_csv_export_neutralises_formula_cells(tmp_path: Path) -> None:
    db = tmp_path / "cases.db"
    payloads = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tx"]
    make_cases(db, *({"customer": p, "summary": p} for p in payloads))
    done = assist("cases", "export", "--format", "csv", "--db", db)
    assert done.returncode == 0
    rows = list(csv.DictReader(io.StringIO(done.out)))
    assert [row["customer"] for row in rows] == ["'" + p for p in payloads]
    assert all(not row["summary"].startswith(("=", "+", "-", "@", "\t")) for row in rows)
    exported = assist("cases", "export", "--db", db)  # JSON keeps the text exactly
    assert payloads[0] in __import__("json").loads(exported.out)[0]["customer"]


def test_csv_export_keeps_plain_numbers_as_numbers(tmp_path: Path) -> None:
    """A refund of "-25.50" or "+10%" is a number to a spreadsheet, not a formula."""
    db = tmp_path / "cases.db"
    numbers = ["-25.50", "+10%", "-3"]
    make_cases(db, *({"customer": n, "summary": n} for n in numbers))
    done = assist("cases", "export", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(done.out)))
    assert [row["customer"] for row in rows] == numbers


def test_values_written_by_other_programs_do_not_crash_any_view(tmp_path: Path) -> None:
    db = tmp_path / "cases.db"
    make_cases(db, {"customer": "Dana", "summary": "late"})
    with CaseStore(db) as store:
        store.close_case(1, "reply")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE cases SET customer = ?, summary = ? WHERE id = 1", (b"\xff\x00bin", b"s"))
    conn.execute("INSERT INTO notes VALUES (1, 'cause', 'listen', ?, 'x')", (b"\x80",))
    conn.execute("UPDATE followups SET due = 'next week', until = 'later' WHERE id = 1")
    conn.commit()
    conn.close()
    for command in (("cases",), ("cases", "show", "1"), ("followups",), ("report",)):
        done = assist(*command, "--db", db)
        assert done.returncode == 0 and done.err == "", (command, done.err)
    assert "\\xff" in assist("cases", "show", "1", "--db", db).out
    csv_done = assist("cases", "export", "--format", "csv", "--db", db)
    json_done = assist("cases", "export", "--db", db)
    assert csv_done.returncode == json_done.returncode == 0


def test_broken_environment_settings_are_one_line(tmp_path: Path) -> None:
    make_cases(tmp_path / "cases.db", {"summary": "x"})
    db = str(tmp_path / "cases.db")
    for env in ({"ASSIST_DB_TIMEOUT": "inf", "ASSIST_DB": db}, {"ASSIST_DB": "~no-such-user/x"}):
        done = assist("cases", env=env, cwd=tmp_path)
        assert done.returncode == 2
        assert next(iter(env)) in one_line_error(done)
    done = assist("coach", "--summary", "x", env={"ASSIST_DB": "~no-such-user/x"}, cwd=tmp_path)
    assert done.returncode == 2 and "ASSIST_DB" in one_line_error(done)


# -- damaged, foreign, read-only, missing and full databases -----------------------------------


def test_future_foreign_and_misplaced_databases_are_one_line(tmp_path: Path, answers) -> None:
    future = tmp_path / "future.db"
    make_cases(future, {"summary": "x"})
    conn = sqlite3.connect(future)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    for db, what in ((future, "newer"), (foreign, "not an assist")):
        for done in (assist("cases", "--db", db), coach(db, answers)):
            assert done.returncode == 2
            assert str(db) in one_line_error(done) and what in done.err
    (tmp_path / "a-file").write_text("x")
    misplaced = tmp_path / "a-file" / "c.db"  # its folder cannot exist
    done = coach(misplaced, answers)
    assert done.returncode == 2 and str(misplaced) in one_line_error(done)


@pytest.mark.skipif(not permissions_apply(), reason="needs POSIX permissions and fork")
def test_a_read_only_database_reads_and_refuses_writes_in_one_line() -> None:
    top = shared_tmp()
    try:
        db = top / "cases.db"
        make_cases(db, {"customer": "Dana", "summary": "late"})
        db.chmod(0o444)
        (top / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
        (top / "answers.yaml").chmod(0o644)
        listed = as_nobody("cases", "--db", str(db), cwd=top)
        assert listed.returncode == 0 and b"Dana" in listed.stdout, listed.stderr
        args = ("coach", "--answers", str(top / "answers.yaml"), "--db", str(db))
        written = as_nobody(*args, "--no-builtin", "-p", str(PLAYBOOK_DIR), cwd=top)
        assert written.returncode == 2 and b"Traceback" not in written.stderr
        assert len(written.stderr.strip().splitlines()) == 1 and str(db).encode() in written.stderr
    finally:
        shutil.rmtree(top)


def test_a_full_disk_keeps_what_was_written_and_reading_still_works(
    tmp_path: Path, answers: Path
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if not mount_small_disk(disk, "1m"):
        pytest.skip("a full disk needs root and mount (a small tmpfs)")
    try:
        db = disk / "cases.db"
        assert coach(db, answers).returncode == 0
        fill = os.open(disk / "fill", os.O_WRONLY | os.O_CREAT)
        try:  # take every free byte
            while os.write(fill, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fill)
        done = coach(db, answers)
        assert done.returncode == 2 and str(db) in one_line_error(done)
        listed = assist("cases", "--db", db)
        assert listed.returncode == 0 and "The parcel arrived broken" in listed.out
        assert assist("report", "--db", db).returncode == 0
    finally:
        subprocess.run(["umount", str(disk)])


def test_twenty_agents_at_once_lose_no_case(
    tmp_path: Path, answers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cases.db"
    monkeypatch.setenv("ASSIST_DB_TIMEOUT", "60")
    argv = ("coach", "--answers", str(answers), "--db", str(db))
    argv += ("--no-builtin", "-p", str(PLAYBOOK_DIR))
    assert run_forked([argv] * 20, cwd=tmp_path) == [0] * 20
    with CaseStore(db) as store:
        cases = store.list_cases()
    assert sorted(c.id for c in cases) == list(range(1, 21))
    assert all(c.status == "closed" and c.customer == "Dana" for c in cases)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_kill_9_mid_case_then_resume_loses_only_the_line_being_typed(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    argv = ["-m", "assist", "coach", "--db", str(tmp_path / "cases.db")]
    argv += ["--no-builtin", "-p", str(PLAYBOOK_DIR)]
    presets = ["--channel", "phone", "--type", "angry", "--customer", "Dana", "--summary", "Box"]

    def spawn(*extra: str):
        return pexpect.spawn(
            sys.executable, [*argv, *extra], cwd=str(tmp_path), env=env,
            dimensions=(40, 80), encoding="utf-8", timeout=20,
        )  # fmt: skip

    child = spawn(*presets)
    child.expect("Paste the customer's message")
    child.send("\r")  # no message to paste
    child.expect("Has the customer said they are leaving")
    child.send("\r")  # no
    child.expect("What caused it\\?")
    child.sendline("?")  # every note of the step
    child.expect("What caused it\\?")
    child.sendline("courier dropped it")
    child.expect("What does the customer want\\?")
    child.send("a ref")  # typed, not yet entered
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    child = spawn("--resume")
    child.expect("Resuming case 1")
    child.expect("What caused it\\?")
    child.sendline("\x15?")  # Ctrl-U clears the line pre-filled with the note, then ?
    child.expect("What caused it\\?")
    child.send("\r")  # keeps what was entered before the kill
    child.expect("What does the customer want\\?")
    child.sendline("a refund")
    child.expect("Your reply")
    child.send("/quit\r")  # quit for now, from the draft editor
    child.expect(pexpect.EOF)
    with CaseStore(tmp_path / "cases.db") as store:
        case = store.get_case(1)
    assert case is not None
    assert case.notes == {"cause": "courier dropped it", "wants": "a refund"}


# -- answers files -------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_unbounded_and_deeply_nested_answers_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "cases.db"
    nested = tmp_path / "nested.yaml"
    nested.write_text("summary: x\nnotes: " + "[" * 5000 + "]" * 5000 + "\n")
    for path in (Path("/dev/zero"), nested):
        done = coach(db, path, timeout=30)
        assert done.returncode == 2 and str(path) in one_line_error(done)
    assert not db.exists() or CaseStore(db).list_cases() == []


# -- the report over many causes -------------------------------------------------------------------


def test_report_grouping_merges_typos_and_keeps_distinct_causes_apart() -> None:
    causes = ["late delivery", "delivery late!", "Late delivry", "wrong size sent", "rude agent"]
    groups = group_similar(list(enumerate(causes, 1)))
    assert [(g.count, g.case_ids) for g in groups] == [(3, (1, 2, 3)), (1, (5,)), (1, (4,))]
    many = [(i, f"order {i} {w}") for i, w in enumerate(["lost", "late", "torn"] * 2000)]
    assert sum(g.count for g in group_similar(many)) == 6000
