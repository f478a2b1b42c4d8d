"""`assist triage` and `triage_text`: cue families, must-not-fire families, four languages,
the type guess, upset, JSON shape, exit codes and team folders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builtin_check import builtin_checked  # noqa: F401 (a fixture)

from assist import triage_json, triage_text
from assist.triage import Triage
from assist.triage.result import NOT_SURE


def escalations(text: str) -> list[str]:
    return [e.id for e in triage_text(text).escalations]


def assert_offsets(result: Triage) -> None:
    for evidence in (*result.evidence(), *result.negated):
        assert result.text[evidence.offset : evidence.offset + evidence.length] == evidence.text


# Cue families -----------------------------------------------------------------------------

FAMILIES = [
    ("I know where you work.", "safety-threat"),
    ("Fix it or I'll burn the place down", "safety-threat"),
    ("You're useless, all of you", "abuse"),
    ("F*** you and your refund policy", "abuse"),
    ("What the f*ck is this sh*t", "abuse"),
    ("This is bullshit, total fucking bullshit", "abuse"),
    ("I'll sue you for this", "legal-action"),
    ("My solicitor will be in touch.", "legal-action"),
    ("I have written to the ombudsman", "legal-action"),
    ("I'm filing a police report", "legal-action"),
    ("I want to speak to a manager", "asks-for-manager"),
    ("Get me your supervisor", "asks-for-manager"),
    ("Is there someone in charge?", "asks-for-manager"),
    ("Put me through to a manger", "asks-for-manager"),
    ("Sorry for my bad English, box arrive broken", "language-barrier"),
    ("Can I have an interpreter?", "language-barrier"),
    ("This is my third complaint this month", "complains-about-everything"),
    ("Late yet again, same problem again", "complains-about-everything"),
]


@pytest.mark.parametrize(("text", "trigger"), FAMILIES)
def test_each_escalation_family_is_found(text: str, trigger: str) -> None:
    result = triage_text(text)
    assert trigger in [e.id for e in result.escalations]
    assert_offsets(result)


def test_a_weak_cue_alone_raises_nothing_two_do() -> None:
    assert escalations("Late yet again.") == []
    assert escalations("Late yet again. Same problem again.") == ["complains-about-everything"]


@pytest.mark.parametrize(
    "text",
    [
        "I'll leave a one-star review on Trustpilot",
        "I'm posting this on Twitter",
        "Time to go public",
    ],
)
def test_public_exposure_points_to_the_social_media_channel(text: str) -> None:
    result = triage_text(text)
    assert [h.id for h in result.channel_hints] == ["social-media"]
    assert result.channel_hints[0].tips


def test_safety_comes_first() -> None:
    result = triage_text("Get me a manager. I know where you live.")
    assert [e.id for e in result.escalations] == ["safety-threat", "asks-for-manager"]


# Must not fire ----------------------------------------------------------------------------

MUST_NOT_FIRE = [
    "I'm not going to sue anyone, I just want my money back.",
    "I am not asking for a manager, just a refund.",
    "I don't want to speak to a manager.",
    "I missed my court hearing because the parcel was late.",
    "The store manager was helpful.",
    "Can you manage to send it by Friday?",
    "This waiting is killing me.",
    "I'd kill for a phone that works.",
    "My dog threatened the courier, sorry.",
    "Sue from your team was lovely.",
    "I saw your ad on Facebook.",
    "Please thank your supervisor for me.",
    "I'm curious whether it ships to Finland.",
]


@pytest.mark.parametrize("text", MUST_NOT_FIRE)
def test_must_not_fire(text: str) -> None:
    result = triage_text(text)
    assert result.escalations == ()
    assert result.channel_hints == ()
    assert not result.upset.detected


def test_negated_cues_are_reported_as_cancelled() -> None:
    result = triage_text("I'm not going to sue anyone.")
    assert [e.signal for e in result.negated] == ["court-threat"]
    assert_offsets(result)


@pytest.mark.parametrize(
    "text",
    [
        "If you don't fix it I'll sue",
        "No, I want to speak to a manager",
        "I'm not happy and I want to speak to a manager",
    ],
)
def test_negation_stays_in_its_clause_and_out_of_conditions(text: str) -> None:
    assert escalations(text)


# Four languages ---------------------------------------------------------------------------

LANGUAGES = [
    ("אני רוצה לדבר עם מנהל עכשיו.", "asks-for-manager", "לדבר עם מנהל"),
    ("שלום. עורך הדין שלי ייצור איתכם קשר.", "legal-action", "עורך הדין שלי"),
    ("مرحبا، أريد التحدث مع المدير الآن.", "asks-for-manager", "التحدث مع المدير"),
    ("طلبي متأخر. سأرفع دعوى ضدكم.", "legal-action", "سأرفع دعوى"),
    ("Haluan puhua esimiehen kanssa heti.", "asks-for-manager", "puhua esimiehen kanssa"),
    ("Paketti myöhässä. Haastan teidät oikeuteen.", "legal-action", "Haastan teidät oikeuteen"),
]


@pytest.mark.parametrize(("text", "trigger", "words"), LANGUAGES)
def test_manager_and_lawyer_in_every_language(text: str, trigger: str, words: str) -> None:
    result = triage_text(text)
    raised = {e.id: e for e in result.escalations}
    assert trigger in raised
    evidence = raised[trigger].evidence[0]
    assert evidence.text == words
    assert text[evidence.offset : evidence.offset + evidence.length] == words
    assert evidence.offset == text.index(words)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I have never been so disgusted by a company.", "disgusted"),
        ("מעולם לא הייתי כל כך כועס על חברה.", "כועס"),
        ("En ole ikinä näin vihainen ollut.", "vihainen"),
    ],
)
def test_a_negation_before_an_intensifier_is_emphasis_and_the_cue_counts(
    text: str, cue: str
) -> None:
    result = triage_text(text)
    assert result.negated == ()
    assert cue in [e.text for e in result.upset.evidence]


def test_a_preposition_is_not_a_negation() -> None:
    assert escalations("פניתי אל עורך הדין שלי.") == ["legal-action"]


def test_rtl_offsets_survive_marks_and_invisible_characters() -> None:
    text = "\u200fשָׁלוֹם, אֲנִי רוֹצֶה לְדַבֵּר עִם מְנַהֵל"  # niqqud and a right-to-left mark
    result = triage_text(text)
    assert [e.id for e in result.escalations] == ["asks-for-manager"]
    evidence = result.escalations[0].evidence[0]
    assert evidence.text == "לְדַבֵּר עִם מְנַהֵל"
    assert_offsets(result)


@pytest.mark.parametrize(
    "text",
    [
        "אני לא מבקש לדבר עם מנהל, רק החזר כספי.",
        "لا أطلب التحدث مع المدير، فقط أريد استرداد المبلغ.",
        "En halua puhua esimiehen kanssa.",
        "En aio haastaa teitä oikeuteen.",
        "אני לא מתכוון לתבוע אתכם.",
    ],
)
def test_negation_in_every_language(text: str) -> None:
    result = triage_text(text)
    assert result.escalations == ()
    assert result.negated


# Type guess -------------------------------------------------------------------------------


def test_type_guess_with_evidence() -> None:
    text = "I've been a loyal customer for ten years. Why should I stay with you?"
    result = triage_text(text)
    assert result.type.id == "formerly-satisfied"
    assert result.type.score == 2.0
    quoted = [e.text for e in result.type.evidence]
    assert quoted == ["loyal customer", "Why should I stay with you"]


def test_weak_evidence_is_not_sure() -> None:
    result = triage_text("Not to mention the rude driver.")
    assert result.type.id == NOT_SURE
    assert [c.id for c in result.candidates] == ["chronic-complainer"]
    assert result.type.evidence[0].text == "Not to mention"


def test_a_tie_is_not_sure() -> None:
    result = triage_text("I hate your company. I'm a big fan of your old shop.")
    assert result.type.id == NOT_SURE
    assert {c.id for c in result.candidates} == {"active-hater", "still-satisfied"}


def test_no_cues_is_not_sure_with_no_evidence() -> None:
    result = triage_text("Where is my parcel?")
    assert (result.type.id, result.type.score, result.type.evidence) == (NOT_SURE, 0.0, ())


# Upset ------------------------------------------------------------------------------------


def test_capitals_are_shouting() -> None:
    result = triage_text("WHERE IS MY PARCEL")
    assert result.upset.detected
    assert [e.signal for e in result.upset.evidence] == ["shouting"]


def test_exclamations_alone_are_not_enough() -> None:
    assert not triage_text("Thanks so much!!!").upset.detected
    assert triage_text("I'm so frustrated!!!").upset.detected


def test_acronyms_are_not_shouting() -> None:
    assert triage_text("My DHL tracking for the USB cable is stuck").upset.evidence == ()


def test_a_threat_to_leave_shows_upset() -> None:
    result = triage_text("I will take my business elsewhere.")
    assert result.upset.detected
    assert result.upset.evidence[0].signal == "thinking-of-leaving"


# JSON -------------------------------------------------------------------------------------


def test_json_shape() -> None:
    data = triage_json(triage_text("I'm not going to sue. GET ME A MANAGER!!! You idiot."))
    assert data["schema_version"] == 1
    assert set(data) == {
        "schema_version", "type", "candidates", "escalations", "channel_hints", "upset", "negated"
    }  # fmt: skip
    assert set(data["type"]) == {"id", "name", "score", "evidence"}
    assert [e["id"] for e in data["escalations"]] == ["abuse", "asks-for-manager"]
    escalation = data["escalations"][1]
    assert set(escalation) == {"id", "name", "score", "evidence", "guidance"}
    assert set(escalation["evidence"][0]) == {"offset", "length", "text", "cue", "signal", "weight"}
    assert set(escalation["guidance"][0]) == {"text", "source"}
    assert data["upset"]["detected"] is True
    assert data["negated"][0]["text"] == "going to sue"
    json.dumps(data)


# CLI --------------------------------------------------------------------------------------


def test_cli_json_and_exit_zero(invoke: Callable[..., Any]) -> None:
    text = "مرحبا، أريد التحدث مع المدير الآن."
    done = invoke("triage", "--format", "json", "--text", text)
    assert done.exit_code == 0
    data = json.loads(done.stdout)
    evidence = data["escalations"][0]["evidence"][0]
    assert text[evidence["offset"] : evidence["offset"] + evidence["length"]] == evidence["text"]


def test_cli_text_marks_cues_and_puts_safety_first(invoke: Callable[..., Any]) -> None:
    done = invoke("triage", "--text", "Get me a manager. I know where you live.")
    assert done.exit_code == 0
    assert "\u27e6Get me a manager\u27e7" in done.stdout
    assert done.stdout.index("[safety-threat]") < done.stdout.index("[asks-for-manager]")


def test_cli_reads_a_file_and_stdin(invoke: Callable[..., Any], tmp_path: Path) -> None:
    message = tmp_path / "message.txt"
    message.write_text("I'll sue you.", encoding="utf-8")
    assert invoke("triage", str(message), "--format", "json").exit_code == 0
    from typer.testing import CliRunner

    from assist.cli import create_app

    done = CliRunner().invoke(create_app(), ["triage", "-", "-f", "json"], input="I'll sue you.")
    assert done.exit_code == 0
    assert json.loads(done.stdout)["escalations"][0]["id"] == "legal-action"


def test_cli_control_characters_are_shown_not_run(invoke: Callable[..., Any]) -> None:
    done = invoke("triage", "--text", "\x1b[2J get me a manager")
    assert done.exit_code == 0
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("triage",),
        ("triage", "missing.txt"),
        ("triage", "x.txt", "--text", "hi"),
        ("triage", "."),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(invoke: Callable[..., Any], args: tuple[str]) -> None:
    done = invoke(*args)
    assert done.exit_code == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_cli_not_utf8_names_the_file(invoke: Callable[..., Any], tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    done = invoke("triage", str(bad))
    assert done.exit_code == 2
    assert done.stderr.startswith(f"{bad}:1:4:")


# Team folders -----------------------------------------------------------------------------


def write_team(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "team"
    folder.mkdir(exist_ok=True)
    (folder / "team.yaml").write_text(text, encoding="utf-8")
    return folder


TEAM_SIGNAL = """\
signals:
  - id: team-chargeback
    for: legal-action
    phrases: ["chargeback with my bank"]
    examples:
      flag: ["I'm starting a chargeback with my bank."]
      pass: ["My bank is slow."]
    source: team addition
signal-overrides:
  - id: doubts-the-agent
    weight: 1.0
disable: [public-exposure]
"""


def test_team_folder_adds_overrides_and_disables_signals(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    folder = write_team(tmp_path, TEAM_SIGNAL)
    text = "I'm starting a chargeback with my bank. Your boss, please. On Twitter."
    done = invoke("triage", "-p", str(folder), "-f", "json", "--text", text)
    assert done.exit_code == 0
    data = json.loads(done.stdout)
    assert [e["id"] for e in data["escalations"]] == ["legal-action", "asks-for-manager"]
    assert data["channel_hints"] == []
    assert invoke("playbook", "test", str(folder)).exit_code == 0


def test_team_signal_with_unknown_target_is_a_precise_error(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    folder = write_team(
        tmp_path,
        "signals:\n  - id: x\n    for: no-such-thing\n    phrases: [abc def]\n    source: s\n",
    )
    done = invoke("triage", "-p", str(folder), "--text", "abc def")
    assert done.exit_code == 2
    assert "team.yaml:2:5:" in done.stderr
    assert "'no-such-thing'" in done.stderr


def test_playbook_test_fails_on_a_signal_example(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    folder = write_team(
        tmp_path,
        "signals:\n  - id: team-x\n    for: abuse\n    phrases: [rotten tomato]\n"
        "    examples:\n      flag: [a fresh tomato]\n      pass: [you rotten tomato]\n"
        "    source: team addition\n",
    )
    # the signal's own examples (the full run: test_team_folder_adds_overrides_and_disables_signals)
    done = invoke("playbook", "test", str(folder), "--rule", "team-x")
    assert done.exit_code == 1
    assert "team.yaml:6:14:" in done.stdout
    assert "team.yaml:7:14:" in done.stdout


@pytest.mark.xdist_group("builtin-check")  # tests/builtin_check.py: built-in check once
@pytest.mark.usefixtures("builtin_checked")
def test_playbook_check_finds_a_phrase_two_targets_match(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    folder = write_team(
        tmp_path,
        "signals:\n  - id: team-x\n    for: still-satisfied\n    phrases: [speak to a manager]\n"
        "    source: team addition\n",
    )
    done = invoke("playbook", "check", str(folder))
    assert done.exit_code == 2
    assert "team.yaml:4:15:" in done.stderr
    assert "manager-request" in done.stderr
