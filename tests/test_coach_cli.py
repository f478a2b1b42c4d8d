"""`assist coach --answers`, `cases`, `followups` and `report` as a user runs them."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assist.caselog.store import CaseStore
from assist.cli import create_app

PLAYBOOK_DIR = Path(__file__).parent / "data" / "coach" / "playbook"
FUTURE = (date.today() + timedelta(days=7)).isoformat()
ANSWERS = f"""
type: angry
channel: phone
customer: Dana Levi
summary: The parcel arrived broken.
notes:
  cause: the courier dropped it
  wants: a new one
  fix: a replacement by Friday
  compensation: a gift card
  followup-date: {FUTURE}
drafts:
  apologise: "Sorry, I don't know how that happened."
escalations:
  listen: [manager]
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cases.db"


@pytest.fixture
def cli(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Run a command in-process against the test database and the small test playbook."""
    app = create_app()
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSIST_DB", raising=False)

    def run(*args: str, env: dict[str, str] | None = None, own_db: bool = False) -> Any:
        extra = [] if own_db else ["--db", str(db)]
        if args[0] == "coach":
            extra += ["--no-builtin", "-p", str(PLAYBOOK_DIR)]
        env = {"COLUMNS": "80", "NO_COLOR": "1", **(env or {})}
        return runner.invoke(app, [*args, *extra], env=env)

    return run


def answers_file(tmp_path: Path, text: str = ANSWERS, name: str = "answers.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def one_line_error(result: Any) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


# -- coach --answers --------------------------------------------------------------------------


def test_answers_run_records_the_case_and_writes_the_reply(cli, tmp_path: Path, db: Path) -> None:
    reply = tmp_path / "reply.txt"
    result = cli("coach", "--answers", answers_file(tmp_path), "--output", str(reply))
    assert result.exit_code == 0, result.output
    assert "“I don't know”" in result.stdout and "Say instead: Let me find out" in result.stdout
    assert "Escalation: Asks for a manager" in result.stdout
    assert "Case 1 closed" in result.stdout
    text = reply.read_text()
    # the reply is the agent's own draft with a greeting; notes never go into it
    assert text == "Hello Dana Levi,\n\nSorry, I don't know how that happened.\n"
    with CaseStore(db) as store:
        case = store.get_case(1)
    assert case is not None and case.status == "closed" and case.reply == text
    assert case.notes["cause"] == "the courier dropped it"
    assert case.drafts == {"apologise": "Sorry, I don't know how that happened."}
    assert case.draft_findings == {"apologise": 1}
    assert [(e.trigger, e.step) for e in case.escalations] == [("manager", "listen")]
    assert {f.kind for f in case.followups} == {"survey", "relationship", "agreed"}


def test_answers_may_be_json_and_options_override_them(cli, tmp_path: Path, db: Path) -> None:
    data = {"type": "critic", "channel": "email", "summary": "Wrong size", "notes": {"fix": "swap"}}
    path = answers_file(tmp_path, json.dumps(data), "answers.json")
    result = cli("coach", "--answers", path, "--channel", "phone", "--customer", "Ann")
    assert result.exit_code == 0, result.output
    with CaseStore(db) as store:
        case = store.get_case(1)
    assert case is not None and (case.type, case.channel, case.customer) == (
        "critic",
        "phone",
        "Ann",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("notes: {caus: x}\nsummary: s", "notes: unknown id 'caus'"),
        ("drafts: {listen: x}\nsummary: s", "drafts: unknown id 'listen'"),
        ("type: grumpy\nsummary: s", "type: unknown id 'grumpy'"),
        ("escalations: [shouting]\nsummary: s", "unknown trigger 'shouting'"),
        ("colour: red", "unknown key 'colour'"),
        ("notes: [a, b]", "'notes' must be a mapping"),
        ("summary: [unclosed", "answers.yaml:"),
        ("notes: {followup-date: next week}\nsummary: s", "note:followup-date: Give the date"),
        ("type: angry", "summary: Describe the complaint"),
    ],
)
def test_bad_answers_give_one_line_naming_the_file(
    cli, tmp_path: Path, text: str, expected: str
) -> None:
    result = cli("coach", "--answers", answers_file(tmp_path, text))
    line = one_line_error(result)
    assert line.startswith(str(tmp_path / "answers.yaml")) and expected in line


def test_a_bad_team_context_layer_stops_the_coach_before_the_case_opens(
    cli, tmp_path: Path, db: Path
) -> None:
    layer = tmp_path / "team" / "context"
    layer.mkdir(parents=True)
    (layer / "rules.yaml").write_text("disable: [nope]\n", encoding="utf-8")
    result = cli("coach", "-p", str(tmp_path / "team"), "--answers", answers_file(tmp_path))
    line = one_line_error(result)
    assert line == f"{layer / 'rules.yaml'}:1:11: disable: no context rule 'nope'"
    assert not db.exists()


def test_without_a_terminal_or_answers_coach_says_so(cli) -> None:
    line = one_line_error(cli("coach"))
    assert "no terminal" in line and "--answers" in line


def test_unknown_type_lists_the_known_ones(cli) -> None:
    line = one_line_error(cli("coach", "--type", "grumpy"))
    assert "unknown customer type 'grumpy'" in line and "angry, critic, not-sure" in line


# -- resume -----------------------------------------------------------------------------------


def open_case(db: Path) -> int:
    with CaseStore(db) as store:
        case_id = store.create_case(
            channel="phone", type="angry", customer="Dana", summary="Box", position="step:listen"
        )
        store.set_note(case_id, "cause", "listen", "typed before the crash")
    return case_id


def test_resume_continues_the_latest_open_case_keeping_its_notes(
    cli, tmp_path: Path, db: Path
) -> None:
    case_id = open_case(db)
    result = cli("coach", "--resume", "--answers", answers_file(tmp_path, "notes: {fix: swap}"))
    assert result.exit_code == 0, result.output
    with CaseStore(db) as store:
        case = store.get_case(case_id)
    assert case is not None and case.status == "closed"
    assert case.notes["cause"] == "typed before the crash" and case.notes["fix"] == "swap"
    assert "Resuming case 1 · Dana" in result.stdout and "typed before the crash" in result.stdout


def test_resume_problems_are_one_line(cli, db: Path) -> None:
    assert "no unfinished case" in one_line_error(cli("coach", "--resume"))
    case_id = open_case(db)
    assert "no case 99" in one_line_error(cli("coach", "--resume", "99"))
    with CaseStore(db) as store:
        store.close_case(case_id, "r")
    assert "already closed" in one_line_error(cli("coach", "--resume", str(case_id)))
    assert "--resume ID" in one_line_error(cli("coach", str(case_id)))


# -- bad databases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["coach", "--answers", "A"], ["cases"], ["followups"], ["report"]]
)
def test_a_corrupt_database_gives_one_line_naming_it(
    cli, tmp_path: Path, db: Path, command
) -> None:
    db.write_bytes(b"\x00garbage\xff" * 500)
    args = [answers_file(tmp_path, "summary: s") if a == "A" else a for a in command]
    line = one_line_error(cli(*args))
    assert line.startswith(str(db)) and "not a readable assist case database" in line


def test_a_locked_database_gives_one_line_naming_it(cli, tmp_path: Path, db: Path) -> None:
    CaseStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        path = answers_file(tmp_path, "summary: s")
        result = cli("coach", "--answers", path, env={"ASSIST_DB_TIMEOUT": "0.1"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = one_line_error(result)
    assert line.startswith(str(db)) and "locked" in line


def test_assist_db_environment_variable_picks_the_database(cli, tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    result = cli(
        "coach", "--answers", answers_file(tmp_path), env={"ASSIST_DB": str(team)}, own_db=True
    )
    assert result.exit_code == 0, result.output
    assert "Dana Levi" in cli("cases", env={"ASSIST_DB": str(team)}, own_db=True).stdout


# -- cases, followups, report -----------------------------------------------------------------


@pytest.fixture
def two_cases(cli, tmp_path: Path, db: Path) -> None:
    assert cli("coach", "--answers", answers_file(tmp_path)).exit_code == 0
    open_case(db)


def test_cases_list_and_status_filter(cli, two_cases) -> None:
    listing = cli("cases").stdout
    assert "Dana Levi" in listing and "closed" in listing and "open" in listing
    assert max(len(line) for line in listing.splitlines()) <= 80
    assert "Dana Levi" not in cli("cases", "list", "--status", "open").stdout
    assert "no case" not in cli("cases", "list").stdout


def test_cases_show_tells_everything_recorded(cli, two_cases) -> None:
    shown = cli("cases", "show", "1").stdout
    for expected in ("Complaint: The parcel arrived broken.", "cause (at listen): the courier",
                     "Draft at apologise (1 finding)", "manager at listen", "Reply:",
                     "survey (open)"):  # fmt: skip
        assert expected in shown
    assert "assist coach --resume 2" in cli("cases", "show", "2").stdout
    assert "no case 7" in one_line_error(cli("cases", "show", "7"))


def test_db_may_be_given_before_the_subcommand(cli, two_cases, db: Path) -> None:
    result = cli("cases", "--db", str(db), "show", "1", own_db=True)
    assert "Dana Levi" in result.stdout
    result = cli("followups", "--db", str(db), "done", "1", own_db=True)
    assert result.stdout.strip() == "Follow-up 1 marked done."


def test_cases_export_json_and_csv(cli, two_cases, tmp_path: Path) -> None:
    data = json.loads(cli("cases", "export").stdout)
    assert [c["id"] for c in data] == [1, 2]
    assert data[0]["drafts"]["apologise"]["findings"] == 1
    assert data[0]["escalations"][0]["trigger"] == "manager"
    out = tmp_path / "cases.csv"
    result = cli("cases", "export", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0 and "Exported 2 cases" in result.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["note:cause"] == "the courier dropped it" and rows[0]["escalations"] == "manager"
    assert rows[0]["reply"].startswith("Hello Dana Levi,\n") and rows[1]["status"] == "open"


def test_followups_list_due_and_done(cli, two_cases) -> None:
    listing = cli("followups").stdout
    assert "satisfaction survey (optional)" in listing and "relationship check" in listing
    assert "No follow-ups due." in cli("followups", "--due").stdout  # first one is due tomorrow
    first = listing.splitlines()[1].split()[0]
    assert cli("followups", "done", first).stdout.strip() == f"Follow-up {first} marked done."
    assert "no open follow-up" in one_line_error(cli("followups", "done", first))
    assert "done" in cli("followups", "--all").stdout


def test_report_groups_cases_by_cause_group_not_free_text(cli, two_cases, db: Path) -> None:
    with CaseStore(db) as store:
        store.set_note(1, "record", "record", "Delivery")
        store.set_note(2, "record", "record", " delivery ")
    text = cli("report").stdout
    assert text.startswith("2 cases: 1 open, 1 closed, 1 escalated")
    assert "delivery" in text and "the courier dropped it" not in text
    data = json.loads(cli("report", "--format", "json").stdout)
    assert data["by_cause"] == [{"label": "delivery", "case_ids": [1, 2]}]
    assert data["total"] == 2 and data["by_type"] == [{"label": "angry", "case_ids": [1, 2]}]
    assert json.loads(cli("report", "-f", "json", "--status", "open").stdout)["total"] == 1


def test_close_and_discard_by_id(cli, two_cases) -> None:
    assert cli("cases", "close", "2").stdout.startswith("Case 2 closed")
    assert "already closed" in one_line_error(cli("cases", "close", "2"))
    assert cli("cases", "discard", "2").stdout.startswith("Case 2 discarded")
    listing = cli("cases").stdout.splitlines()
    assert [line.split()[0] for line in listing[1:]] == ["1"]  # kept out of the list
    assert [line.split()[0] for line in cli("cases", "--all").stdout.splitlines()[1:]] == ["2", "1"]
    assert cli("report").stdout.startswith("1 cases")  # and out of the report
    assert "no case 9" in one_line_error(cli("cases", "discard", "9"))
    shown = cli("cases", "show", "2").stdout
    assert "Discarded " in shown and "listed only with --all" in shown


def test_filters_on_cases_and_report(cli, two_cases) -> None:
    def ids(*args: str) -> list[str]:
        return [line.split()[0] for line in cli("cases", *args).stdout.splitlines()[1:]]

    assert ids("--status", "open") == ["2"]
    assert ids("--channel", "phone", "--type", "angry") == ["2", "1"]
    assert cli("cases", "--channel", "email").stdout.strip() == "No cases."
    assert ids("--since", date.today().isoformat()) == ["2", "1"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert cli("cases", "--since", tomorrow).stdout.strip() == "No cases."
    assert "--since must be a date" in one_line_error(cli("cases", "--since", "last week"))
    assert cli("report", "--type", "critic").stdout.strip() == "No cases yet."


@pytest.mark.parametrize("width", [80, 120])
def test_ids_stay_whole_however_long_the_fields(cli, db: Path, width: int) -> None:
    with CaseStore(db) as store:
        for _ in range(12):
            store.create_case(customer="Customer " + "x" * 60, summary="A very long complaint " * 9,
                              type="chronic-complainer", channel="social-media")  # fmt: skip
    lines = cli("cases", env={"COLUMNS": str(width)}).stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == [str(n) for n in range(12, 0, -1)]
    assert max(len(line) for line in lines) <= width


def test_reading_commands_do_not_create_a_database(cli, db: Path) -> None:
    assert cli("cases").stdout.strip() == "No cases yet."
    assert cli("followups", "--due").stdout.strip() == "No follow-ups due."
    assert cli("report").stdout.strip() == "No cases yet."
    assert not db.exists()


# -- smoke test with the built-in playbook ----------------------------------------------------


def test_answers_run_with_the_built_in_playbook(tmp_path: Path, db: Path) -> None:
    app = create_app()
    path = answers_file(
        tmp_path,
        "message: |\n  My parcel came broken.\n  Thanks,\n  Dana\n"
        "notes: {cause: 'delivery: courier', fix: new one}\n"
        "drafts: {offer-options: I will send a new parcel today.}\n",
    )
    result = CliRunner().invoke(app, ["coach", "--db", str(db), "--answers", path])
    assert result.exit_code == 0, result.output
    with CaseStore(db) as store:
        case = store.get_case(1)
    assert case is not None and case.status == "closed"
    assert (case.customer, case.summary) == ("Dana", "My parcel came broken.")
    assert case.notes["record"] == "delivery"  # the cause group, typed with the cause
    assert case.reply == "Hello Dana,\n\nI will send a new parcel today.\n"


# -- the interactive session in-process (StreamTerminal: plain lines in, text out) -------------


def interactive(db: Path, keys: str) -> tuple[Any, str]:
    """Drive the interactive session with typed lines; return the stored case and the screen."""
    import io
    from datetime import date

    from rich.console import Console

    from assist.coach.flow import CaseData, Flow, Script
    from assist.coach.prompts import StreamTerminal
    from assist.coach.recorder import Recorder
    from assist.coach.seams import LintCheck
    from assist.coach.session import Interactive, drive
    from assist.lint.engine import lint_text
    from assist.playbook.load import load_playbook

    playbook = load_playbook([PLAYBOOK_DIR], builtin=False)
    screen = io.StringIO()
    term = StreamTerminal(Console(file=screen, width=80, no_color=True), io.StringIO(keys))
    lint = LintCheck(lambda text: lint_text(text, playbook=playbook))
    script = Script(playbook, lint, date.today())
    with CaseStore(db) as store:
        recorder = Recorder(store)
        drive(Flow.start(script, CaseData()), Interactive(term, recorder), recorder, term)
        return store.get_case(1), screen.getvalue()


def test_typed_menus_commands_and_drafts(db: Path) -> None:
    keys = [
        "The box broke.", "Regards,", "Dana", ".",  # the message, pasted
        "", "2", "critic",  # Enter keeps the name read from the sign-off; a number, an id
        "",  # not leaving (no cue in the message)
        "?", "courier", "/back", "", "!", "manager", "", "a refund",  # Enter keeps 'courier'
        "I don't know why.", ".", "keep",  # the draft is checked, then kept
        "/quit",
    ]  # fmt: skip
    case, screen = interactive(db, "\n".join(keys) + "\n")
    assert "Which kind of customer?" in screen and "Customers who notice" in screen
    assert "Case card" in screen and "Escalation: Asks for a manager" in screen
    assert "Draft check: 1 phrase to avoid" in screen and "Say instead: Let me find out" in screen
    assert (case.channel, case.type, case.customer) == ("email", "critic", "Dana")
    assert case.leaving == "no"
    assert case.summary == "The box broke."
    assert case.notes == {"cause": "courier", "wants": "a refund"}
    assert case.drafts == {"apologise": "I don't know why."}
    assert [e.trigger for e in case.escalations] == ["manager"]
    assert case.status == "open" and case.position == "step:fix"


def test_end_of_input_stops_and_keeps_what_was_entered(db: Path) -> None:
    case, screen = interactive(db, "Box broke.\n.\nDana\n1\n1\nno\n?\ncourier\n")
    assert case.notes == {"cause": "courier"} and case.status == "open"
    assert "What does the customer want?" in screen


BUILTIN_TYPES = [
    "active-hater", "extreme-critic", "formerly-satisfied", "still-satisfied",
    "chronic-complainer", "not-sure",
]  # fmt: skip
BUILTIN_CHANNELS = ["letter", "face-to-face", "phone", "email", "chat", "social-media"]


@pytest.mark.parametrize(
    ("customer_type", "channel"), list(zip(BUILTIN_TYPES, BUILTIN_CHANNELS, strict=True))
)
def test_every_built_in_type_and_channel_completes_a_case(
    tmp_path: Path, db: Path, customer_type: str, channel: str
) -> None:
    app = create_app()
    path = answers_file(
        tmp_path,
        f"type: {customer_type}\nchannel: {channel}\nsummary: Broken parcel\n"
        "notes: {cause: courier dropped it, fix: new parcel Friday}\n"
        'drafts: {apologise: "Sorry, I don\'t know how that happened."}\n',
    )
    result = CliRunner().invoke(
        app, ["coach", "--db", str(db), "--answers", path], env={"NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    assert "dont-know" in result.output  # the draft was linted with the built-in rules
    with CaseStore(db) as store:
        case = store.get_case(1)
    assert case is not None and case.status == "closed"
    assert (case.type, case.channel) == (customer_type, channel)
    followups = CliRunner().invoke(app, ["followups", "--db", str(db)], env={"NO_COLOR": "1"})
    assert "satisfaction survey" in followups.output and "relationship check" in followups.output


def test_triage_reading_is_recorded_and_the_report_counts_kept_guesses(
    tmp_path: Path, db: Path
) -> None:
    from assist.caselog.report import build_report, triage_guess
    from assist.cli import create_app

    message = (
        "I am sick of this. You never get anything right, every single order is wrong "
        "and I complain every time. I will sue you.\nRegards,\nDana Levi"
    )
    path = tmp_path / "case.yaml"
    path.write_text(
        json.dumps({"message": message, "channel": "email", "notes": {"cause": "x: y"}}),
        encoding="utf-8",
    )
    result = CliRunner().invoke(create_app(), ["coach", "--db", str(db), "--answers", str(path)])
    assert result.exit_code == 0, result.output
    with CaseStore(db) as store:
        case = store.get_case(1)
    assert case is not None and case.triage is not None
    reading = json.loads(case.triage)
    assert "legal-action" in reading["escalations"]
    guess = triage_guess(case)
    report = build_report([case])
    assert report.triaged == (1 if guess else 0)
    assert report.guess_kept == (1 if guess and case.type == guess else 0)
