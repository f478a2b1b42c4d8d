"""The real interactive `assist coach`, driven through a pseudo-terminal like an agent would."""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from assist.caselog.store import Case, CaseStore

pexpect = pytest.importorskip("pexpect")

PLAYBOOK_DIR = Path(__file__).parent / "data" / "coach" / "playbook"
DOWN, UP, CTRL_C, CTRL_U = "\x1b[B", "\x1b[A", "\x03", "\x15"
FUTURE = (date.today() + timedelta(days=3)).isoformat()

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    """Start `python -m assist coach` on an 80x40 terminal, without colour."""
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # nobody answers cursor-position requests here
    }
    env.pop("ASSIST_DB", None)
    argv = ["-m", "assist", "coach", "--db", str(tmp_path / "cases.db")]
    argv += ["--no-builtin", "-p", str(PLAYBOOK_DIR), *args]
    child = pexpect.spawn(
        sys.executable, argv, cwd=str(tmp_path), env=env, dimensions=(40, 80),
        encoding="utf-8", timeout=15,
    )  # fmt: skip
    child.logfile_read = (tmp_path / "terminal.log").open("a", encoding="utf-8")
    return child


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


def stored(tmp_path: Path, case_id: int = 1) -> Case:
    with CaseStore(tmp_path / "cases.db") as store:
        case = store.get_case(case_id)
    assert case is not None
    return case


def test_a_whole_complaint_with_menus_back_escalation_and_lint(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--output", "reply.txt")
    child.expect("How did the complaint arrive")
    child.send("1")  # a number chooses at once
    child.expect("Raised voice")  # the customer types come with their cues
    child.expect("Which kind of customer is this")
    child.send(DOWN + UP + "\r")  # arrow keys move, Enter chooses
    child.expect("Which kind of customer is this\\? Angry customer")
    child.expect("Customer name")
    child.sendline("Dana")
    child.expect("one sentence")
    child.sendline("The box arrived broken")

    child.expect("Step 1 of 3 · Listen")
    child.expect("Let the first wave of anger pass")  # tip for this customer type
    child.expect("Close your other windows")  # tip for this channel
    child.expect("What next")
    child.send("\r")
    child.expect("What caused it\\?")
    child.sendline("courier")
    child.expect("What does the customer want\\?")
    child.sendline("/back")
    child.expect("What caused it\\?: courier")  # back, with what was typed
    child.send(CTRL_U + "courier dropped it\r")
    child.expect("What does the customer want\\?")
    child.sendline("!")
    child.expect("Escalation check")
    child.expect("What is happening")
    child.send("1")
    child.expect("Escalation: Abuse or swearing")
    child.expect("Safety first")
    child.expect("Then\\?")
    child.send("\r")  # back to the case, at the same question
    child.expect("What does the customer want\\?")
    child.sendline("a refund")

    child.expect("Step 2 of 3 · Apologise")
    child.expect("What next")
    child.send("\r")
    child.expect("Type your reply draft")
    child.sendline("Sorry, I don't know why.")
    child.sendline(".")
    child.expect("Draft check: 1 phrase to avoid")
    child.expect("dont-know")
    child.expect("Say instead: Let me find out for you.")
    child.expect("Revise the draft or keep it")
    child.send("1")  # revise: the draft comes back for editing
    child.expect("Sorry, I don't know why.")
    child.send(CTRL_U + "Sorry, let me find out why.\r.\r")
    child.expect("Draft checked: no phrases to avoid.")

    child.expect("Step 3 of 3 · Fix it")
    child.expect("What next")
    child.send("\r")
    child.expect("The fix you agreed")
    child.sendline("a new box by Friday")
    child.expect("Compensation given")
    child.sendline("a gift card")
    child.expect("Follow-up date")
    child.sendline("2020-01-01")
    child.expect("is in the past")
    child.send(CTRL_U + FUTURE + "\r")

    child.expect("Case 1 summary")
    child.expect("Reply \\(plain text, ready to copy\\)")
    child.expect("Hello Dana,")
    child.expect("What we will do: A new box by Friday.")
    child.expect("Finish\\?")
    child.send("\r")
    child.expect("Reply written to reply.txt")
    child.expect("Case 1 closed")
    assert finish(child) == 0

    case = stored(tmp_path)
    assert case.status == "closed" and (case.type, case.channel) == ("angry", "phone")
    assert case.notes == {
        "cause": "courier dropped it", "wants": "a refund", "fix": "a new box by Friday",
        "compensation": "a gift card", "followup-date": FUTURE,
    }  # fmt: skip
    assert case.drafts == {"apologise": "Sorry, let me find out why."}
    assert [e.trigger for e in case.escalations] == ["abuse"]
    assert (tmp_path / "reply.txt").read_text() == case.reply


def test_ctrl_c_then_resume_keeps_what_was_typed(tmp_path: Path) -> None:
    presets = ("--channel", "phone", "--type", "angry", "--customer", "Dana", "--summary", "Box")
    child = spawn(tmp_path, *presets)
    child.expect("Step 1 of 3 · Listen")
    child.expect("What next")
    child.send("\r")
    child.expect("What caused it\\?")
    child.sendline("courier dropped it")
    child.expect("What does the customer want\\?")
    child.send("a ref")
    child.send(CTRL_C)
    child.expect("Case 1 saved. Continue with: assist coach --resume 1")
    assert finish(child) == 130
    case = stored(tmp_path)
    assert case.status == "open" and case.notes == {"cause": "courier dropped it"}

    child = spawn(tmp_path, "--resume")
    child.expect("Step 1 of 3 · Listen")
    child.expect("What next")
    child.send("\r")
    child.expect("What does the customer want\\?")  # picks up at the first unanswered note
    child.sendline("a refund")
    child.expect("Step 2 of 3 · Apologise")
    child.expect("What next")
    child.send("5")  # Quit for now
    child.expect("Case 1 saved")
    assert finish(child) == 0
    case = stored(tmp_path)
    assert case.notes == {"cause": "courier dropped it", "wants": "a refund"}
    assert case.status == "open" and case.position == "step:apologise"
