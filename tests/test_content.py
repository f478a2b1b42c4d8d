"""Playbook content reaches the agent (issue 14), checked through the installed commands:
principles and compensation browsing, compensation by customer type, safety first at every
step that can escalate, channel switches, step tips for every customer type, follow-ups as
the seeds give them, and every playbook file read by some command."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from assist.lint.engine import default_playbook
from assist.playbook.fields import SECTIONS
from assist.playbook.guidance import compensation_for, safety_for, switches_for
from assist.playbook.load import builtin_files

Run = Callable[..., Any]
PLAYBOOK = default_playbook()  # the process-wide built-ins, compiled once
SPECIAL_TERMS = {"gift-or-bonus", "gift", "bonus", "discounts", "double-compensation"}


def lines_of(result: Any) -> list[str]:
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def steps_output() -> str:
    """`assist steps` at 80 columns, rendered once for the tests that read it."""
    from typer.testing import CliRunner

    from assist.cli import create_app

    result = CliRunner().invoke(create_app(), ["steps"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    return str(result.stdout)


def test_principles_lists_every_principle_and_shows_one(run_cli: Run) -> None:
    listing = run_cli("principles")
    assert listing.exit_code == 0
    assert [p.id for p in PLAYBOOK.principles if p.id not in listing.stdout] == []
    shown = run_cli("principles", "value-of-customer")
    assert shown.exit_code == 0
    assert "conviction" in shown.stdout  # 001 § 5, restored
    assert "001_094557f43787b0ab.txt" in shown.stdout


def test_unknown_principle_is_one_line_exit_2(run_cli: Run) -> None:
    result = run_cli("principles", "nope")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "value-of-customer" in result.stderr


def test_compensation_lists_every_option_and_shows_who_it_is_not_for(run_cli: Run) -> None:
    listing = run_cli("compensation")
    assert [c.id for c in PLAYBOOK.compensation if c.id not in listing.stdout] == []
    shown = run_cli("compensation", "gift").stdout
    assert "leaving:" in shown and "active-hater:" in shown
    assert "002_a0060daef3b125a1.txt § Keep in touch with customers who left" in shown


def _offered_and_withheld(output: str) -> tuple[set[str], set[str]]:
    offer_part, _, withheld_part = output.partition("Don't offer")
    ids = re.compile(r"^\s*([a-z][a-z0-9-]+)\s", re.MULTILINE)
    return set(ids.findall(offer_part)), set(ids.findall(withheld_part))


def test_no_special_terms_for_a_customer_who_has_decided_to_leave(run_cli: Run) -> None:
    result = run_cli("compensation", "--type", "formerly-satisfied", "--leaving")
    assert result.exit_code == 0
    offered, withheld = _offered_and_withheld(result.stdout)
    assert "customer-leaving" in offered
    assert offered.isdisjoint(SPECIAL_TERMS) and withheld >= SPECIAL_TERMS


def test_double_compensation_is_offered_to_a_valuable_customer_first(run_cli: Run) -> None:
    result = run_cli("compensation", "--type", "still-satisfied", "--channel", "phone")
    offered, withheld = _offered_and_withheld(result.stdout)
    assert withheld == set() and offered >= SPECIAL_TERMS
    advice = compensation_for(PLAYBOOK, "still-satisfied", "phone")
    assert advice.offer[0].id == "double-compensation"  # meant for this type: first


def test_no_extras_to_win_over_an_active_hater(run_cli: Run) -> None:
    offered, withheld = _offered_and_withheld(
        run_cli("compensation", "--type", "active-hater").stdout
    )
    assert "gift" in withheld and "gift" not in offered
    assert "replace-not-discount" in offered


def test_unknown_type_or_channel_for_compensation_is_one_line_each(run_cli: Run) -> None:
    result = run_cli("compensation", "--type", "angry", "--channel", "fax")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2


def test_a_team_option_limited_to_a_channel(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "comp.yaml").write_text(
        "compensation:\n"
        "  - id: chat-coupon\n    title: Coupon code\n    text: Send a coupon code.\n"
        "    channels: [chat]\n    source: team addition\n",
        encoding="utf-8",
    )
    on_chat = run_cli("compensation", "--channel", "chat", "-p", str(tmp_path)).stdout
    on_phone = run_cli("compensation", "--channel", "phone", "-p", str(tmp_path)).stdout
    assert "chat-coupon" in on_chat and "chat-coupon" not in on_phone


def test_a_team_option_naming_an_unknown_type_is_a_located_error(
    run_cli: Run, tmp_path: Path
) -> None:
    (tmp_path / "comp.yaml").write_text(
        "compensation:\n"
        "  - id: x\n    title: X\n    text: X.\n    suits: [angry]\n    source: team addition\n",
        encoding="utf-8",
    )
    result = run_cli("compensation", "-p", str(tmp_path))
    assert result.exit_code == 2
    assert re.search(r"comp\.yaml:2:5: .*unknown customer type 'angry' in 'suits'", result.stderr)


def test_team_playbook_text_cannot_drive_the_terminal(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        'principles:\n  - id: evil\n    title: "Title \\e]0;pwned\\a \\e[31mred"\n'
        '    text: "Text \\e[2J"\n    source: team addition\n',
        encoding="utf-8",
    )
    for args in (("principles",), ("principles", "evil")):
        result = run_cli(*args, "-p", str(tmp_path))
        assert result.exit_code == 0 and "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "␛" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("principles",),
        ("principles", "human-touch"),
        ("compensation",),
        ("compensation", "bonus"),
        ("compensation", "--type", "formerly-satisfied", "--leaving"),
        ("steps",),
        ("channels", "email"),
    ],
    ids=" ".join,
)
def test_new_screens_fit_80_columns_and_are_plain_off_a_terminal(run_cli: Run, args) -> None:
    result = run_cli(*args, env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert [line for line in lines_of(result) if len(line) > 80] == []


# Safety first, channel switches, tips by customer type -----------------------------------


def test_every_step_that_can_escalate_puts_safety_first(steps_output: str) -> None:
    live = [step for step in PLAYBOOK.steps if step.id != "record"]
    assert [s.id for s in live if safety_for(PLAYBOOK, s) is None] == []
    assert all(safety_for(PLAYBOOK, s).id == "safety-threat" for s in live)  # type: ignore[union-attr]
    blocks = re.split(r"^\d+\. ", steps_output, flags=re.MULTILINE)[1:]
    for block in blocks:
        if "(record)" in block.splitlines()[0]:
            continue
        first_field = block.splitlines()[1].split()[0:2]
        assert first_field == ["Safety", "first"], block.splitlines()[0]


def test_the_safety_tip_is_no_longer_buried_in_stay_calm() -> None:
    stay_calm = next(s for s in PLAYBOOK.steps if s.id == "stay-calm")
    assert not any("Warnings" in tip.source for tip in stay_calm.tips)


@pytest.mark.parametrize(
    ("channel", "to"),
    [("email", "phone"), ("letter", "face-to-face"), ("chat", "phone"), ("social-media", "chat")],
)
def test_channels_say_where_to_switch(run_cli: Run, channel: str, to: str) -> None:
    switches = switches_for(PLAYBOOK, channel)
    assert switches and to in switches[0].to
    target = PLAYBOOK.channel(to)
    assert target is not None
    shown = run_cli("channels", channel).stdout
    assert "Switch to" in shown and target.name in " ".join(shown.split())


def test_every_customer_type_gets_step_tips() -> None:
    tailored = {ref for step in PLAYBOOK.steps for ref in step.for_types}
    assert [t.id for t in PLAYBOOK.customer_types if t.id not in tailored] == []


@pytest.mark.parametrize(
    ("type_id", "step_id", "words"),
    [
        ("active-hater", "listen", "Ignore their comments"),
        ("extreme-critic", "find-cause", "judge whether the criticism is true"),
        ("still-satisfied", "act-on-fix", "concrete steps they can see"),
        ("formerly-satisfied", "offer-options", "worth the investment"),
    ],
)
def test_the_seed_table_reaches_the_steps(
    steps_output: str, type_id: str, step_id: str, words: str
) -> None:
    step = next(s for s in PLAYBOOK.steps if s.id == step_id)
    tip = next(t for t in step.for_types[type_id] if words.lower() in t.text.lower())
    assert f"{type_id}: {tip.text}" in " ".join(steps_output.split())


# Follow-ups ------------------------------------------------------------------------------


def _coach(invoke: Run, tmp_path: Path, notes: str) -> Any:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        f"type: still-satisfied\nchannel: email\nsummary: Broken parcel\nnotes: {{{notes}}}\n",
        encoding="utf-8",
    )
    db = tmp_path / "cases.db"
    return invoke("coach", "--db", str(db), "--answers", str(answers), env={"NO_COLOR": "1"})


def test_a_relationship_date_that_is_not_a_date_is_refused(invoke: Run, tmp_path: Path) -> None:
    result = _coach(invoke, tmp_path, "relationship-date: not a date at all")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "relationship-date" in result.stderr


def test_followups_are_the_agreed_date_the_survey_window_and_the_relationship_check(
    invoke: Run, tmp_path: Path
) -> None:
    result = _coach(
        invoke, tmp_path, "followup-date: 2099-01-05, relationship-date: 2099-02-01, cause: x"
    )
    assert result.exit_code == 0, result.output
    db = str(tmp_path / "cases.db")
    exported = json.loads(invoke("cases", "export", "--db", db).stdout)
    followups = {f["kind"]: (f["due"], f["until"]) for f in exported[0]["followups"]}
    assert set(followups) == {"agreed", "survey", "relationship"}  # no second check
    assert followups["agreed"] == ("2099-01-05", None)
    assert followups["relationship"] == ("2099-02-01", None)
    due, until = followups["survey"]
    assert until is not None and (date.fromisoformat(until) - date.fromisoformat(due)).days == 1
    assert "survey (optional)" in invoke("followups", "--db", db, env={"COLUMNS": "80"}).stdout


# Report ----------------------------------------------------------------------------------


def test_report_points_team_leads_at_the_principles(invoke: Run, tmp_path: Path) -> None:
    assert _coach(invoke, tmp_path, "cause: courier").exit_code == 0
    result = invoke("report", "--db", str(tmp_path / "cases.db"), env={"COLUMNS": "80"})
    assert result.exit_code == 0
    leads = [p for p in PLAYBOOK.principles if p.team_leads]
    assert leads and all(p.id in result.stdout for p in leads)
    assert "assist principles" in result.stdout
    others = [p.id for p in PLAYBOOK.principles if not p.team_leads]
    assert [i for i in others if re.search(rf"\b{i}\b", result.stdout)] == []


# Every playbook file is read by some command ----------------------------------------------

ESCALATE_ALL = "escalations: [{}]\n".format(", ".join(t.id for t in PLAYBOOK.escalation))
READERS: dict[str, tuple[str, ...]] = {
    "rules": ("phrases",),
    "customer-types": ("types",),
    "channels": ("channels",),
    "steps": ("steps",),
    "compensation": ("compensation",),
    "principles": ("principles",),
    "escalation": ("coach",),  # the coach's escalation screens
    "signals": ("playbook", "show", "--resolved"),  # what `assist triage` matches
    "elements": ("score", "--list"),
    "scorecards": ("score", "--list"),
}
"""Section -> the command that shows its entries to an agent or team lead."""


def test_every_content_section_has_a_reader() -> None:
    assert set(SECTIONS) - {"overrides", "signal-overrides"} == set(READERS)


def _reader_output(invoke: Run, tmp_path: Path, section: str) -> str:
    command = READERS[section]
    if command == ("coach",):
        tmp_path.mkdir(parents=True, exist_ok=True)
        answers = tmp_path / "answers.yaml"
        answers.write_text(f"summary: Broken parcel\n{ESCALATE_ALL}", encoding="utf-8")
        command = ("coach", "--db", str(tmp_path / "c.db"), "--answers", str(answers))
    result = invoke(*command, env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def reader_output(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """A section's reader output, each command run once per module: the files it reads (the
    built-ins) do not change during the run, and 29 files share 10 readers."""
    from typer.testing import CliRunner

    from assist.cli import create_app

    runner = CliRunner()
    folder = tmp_path_factory.mktemp("readers")
    outputs: dict[str, str] = {}

    def invoke(*args: str, env: dict[str, str]) -> Any:
        return runner.invoke(create_app(), list(args), env=env)

    def output(section: str) -> str:
        if section not in outputs:
            outputs[section] = _reader_output(invoke, folder / section, section)
        return outputs[section]

    return output


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.name)
def test_every_playbook_file_is_read_by_a_command(
    reader_output: Callable[[str], str], path: Path
) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sections = [key for key in data if key in READERS]
    assert sections, f"{path.name} holds no content any command shows"
    for section in sections:
        output = reader_output(section)
        if section == "escalation":
            wanted = [str(entry["name"]) for entry in data[section]]
        else:
            wanted = [str(entry["id"]) for entry in data[section]]
        assert [w for w in wanted if w not in output] == [], f"{path.name} {section}"
