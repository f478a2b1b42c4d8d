"""The coach's seams and small parts: reading the customer's name, assembling the reply,
wording that fits the channel, the signature setting and `--message FILE`."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assist.coach.reply import assemble_reply, summary_of
from assist.coach.seams import CheckContext, LintCheck, find_name
from assist.coach.wording import channel_check
from assist.config import ConfigError, load_config
from assist.lint.engine import Linter, default_linter, lint_text
from assist.model import Wording
from assist.playbook.load import load_playbook


@pytest.mark.parametrize(
    ("message", "name"),
    [
        ("Hi,\nThe kettle never came.\n\nRegards,\nDana Levi\n", "Dana Levi"),
        ("The kettle never came.\nThanks, Dana", "Dana"),
        ("The kettle never came.\n-- Dana Levi", "Dana Levi"),
        ("Good morning, my name is Dana Levi and my kettle never came.", "Dana Levi"),
        ("הקומקום לא הגיע.\nבברכה,\nדנה לוי", "דנה לוי"),
        ("Vedenkeitin ei tullut.\nYstävällisin terveisin\nDana Levi", "Dana Levi"),
        ("لم تصل الغلاية.\nمع تحياتي\nدانة", "دانة"),
    ],
)
def test_the_name_is_read_from_the_sign_off_with_its_offsets(message: str, name: str) -> None:
    found = find_name(message)
    assert found is not None and found.text == name
    assert message[found.offset : found.offset + found.length] == name


@pytest.mark.parametrize(
    "message",
    [
        "The kettle never came. I want a refund now.",
        "Regards,\nthe kettle never came and I am furious about it",
        "I want a refund.\nThanks",
    ],
)
def test_no_name_is_made_up(message: str) -> None:
    assert find_name(message) is None


def test_the_reply_is_drafts_greeting_and_signature_in_order() -> None:
    assert assemble_reply("Dana", ["Sorry.", "", "Refunded."], "Sam") == (
        "Hello Dana,\n\nSorry.\n\nRefunded.\n\nSam\n"
    )
    assert assemble_reply("Dana", ["Hi Dana, sorry."], "") == "Hi Dana, sorry.\n"
    assert assemble_reply("", ["Sorry."]) == "Hello,\n\nSorry.\n"
    assert assemble_reply("Dana", ["", " "]) == ""  # no drafts: nothing to send


def test_the_summary_is_the_first_sentence_after_the_greeting() -> None:
    assert summary_of("Hello,\n\nMy kettle never came. I want a refund.") == "My kettle never came."
    assert len(summary_of("x" * 500)) == 120


LINTER = default_linter()  # the compiled built-ins: passing PLAYBOOK would compile them again
PLAYBOOK = LINTER.playbook  # the process-wide built-ins, compiled once


def test_spoken_wording_is_offered_on_the_phone_only() -> None:
    check = channel_check(PLAYBOOK, lambda text: lint_text(text, playbook=LINTER))
    draft = "Sorry, I don't know where it is."
    phone = check(draft, CheckContext(channel="phone")).findings[0]
    email = check(draft, CheckContext(channel="email")).findings[0]
    assert phone.rule == email.rule == "dont-know"
    assert any("wait one minute" in s for s in phone.suggestions)
    assert not any("wait one minute" in s for s in email.suggestions)


def test_marked_wording_survives_the_playbook_cache() -> None:
    wording = Wording("Would you wait a minute?", "spoken")
    copy = pickle.loads(pickle.dumps(wording))
    assert (copy, copy.mode) == ("Would you wait a minute?", "spoken")


def _playbook_with(tmp_path: Path, say: str) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "rules.yaml").write_text(
        "rules:\n  - id: no-clue\n    severity: warning\n    phrases: [no clue]\n"
        f"    why: It closes the door.\n    say:\n{say}    source: team addition\n",
        encoding="utf-8",
    )
    return folder


def test_say_items_may_be_plain_or_carry_a_mode(tmp_path: Path) -> None:
    say = "      - Let me find out.\n      - {text: Please hold on., mode: spoken}\n"
    playbook = load_playbook([_playbook_with(tmp_path, say)], builtin=False)
    said = playbook.rules[0].say
    assert list(said) == ["Let me find out.", "Please hold on."]
    assert [getattr(s, "mode", "") for s in said] == ["", "spoken"]


def test_an_unknown_mode_is_an_error_at_its_line(tmp_path: Path) -> None:
    from assist.errors import PlaybookErrors

    say = "      - {text: Please hold on., mode: shouted}\n"
    with pytest.raises(PlaybookErrors) as raised:
        load_playbook([_playbook_with(tmp_path, say)], builtin=False)
    problem = str(raised.value.errors[0])
    assert "rules.yaml:7:" in problem and "spoken or written" in problem


def test_the_signature_setting(tmp_path: Path) -> None:
    config = tmp_path / "assist.toml"
    config.write_text('signature = """\nSam\nAcme"""\n', encoding="utf-8")
    assert load_config(config).signature == "Sam\nAcme"
    config.write_text("signature = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="signature"):
        load_config(config)


def test_lint_check_reports_nothing_for_an_empty_draft() -> None:
    assert LintCheck(lambda text: [object()])("  ", CheckContext()).ok  # type: ignore[list-item]


def test_message_file_gives_the_name_and_summary(tmp_path: Path) -> None:
    from assist.caselog.store import CaseStore
    from assist.cli import create_app

    message = tmp_path / "message.txt"
    message.write_text("Hello,\nMy kettle never came.\nRegards,\nDana Levi\n", encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("channel: email\n", encoding="utf-8")
    db = tmp_path / "cases.db"
    args = ["coach", "--db", str(db), "--message", str(message), "--answers", str(answers)]
    result = CliRunner().invoke(create_app(), args)
    assert result.exit_code == 0, result.output
    with CaseStore(db) as store:
        case = store.get_case(1)
    assert case is not None
    assert (case.customer, case.summary) == ("Dana Levi", "My kettle never came.")
    missing = CliRunner().invoke(create_app(), ["coach", "--message", str(tmp_path / "no.txt")])
    assert missing.exit_code == 2 and "no.txt: cannot read the message" in missing.output


def _render(renderable: object) -> list[str]:
    import io

    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=80, no_color=True).print(renderable)
    return out.getvalue().splitlines()


def _flow_at(step_id: str, channel: str, customer_type: str) -> object:
    from datetime import date

    from assist.coach.flow import CaseData, Flow, Script

    values = {"channel": channel, "type": customer_type, "customer": "Dana", "message": "Hi."}
    script = Script(PLAYBOOK, LintCheck(lambda text: []), date.today(), frozenset(values))
    return Flow.resume(script, CaseData(**values, summary="Hi."), f"step:{step_id}")


def test_the_case_card_fits_10_lines_and_says_to_switch_channel() -> None:
    from assist.coach import view

    for channel in ("email", "letter", "phone", "chat", "social-media", "face-to-face"):
        for kind in ("active-hater", "formerly-satisfied", "not-sure"):
            lines = _render(view.case_card(_flow_at("apologise", channel, kind)))  # type: ignore[arg-type]
            assert len(lines) <= 10, (channel, kind, lines)
    email = "\n".join(_render(view.case_card(_flow_at("apologise", "email", "not-sure"))))  # type: ignore[arg-type]
    assert "switch to Phone" in email and "written wording" in email


def test_steps_show_safety_first_and_compensation_for_this_customer() -> None:
    from assist.coach import view

    flow = _flow_at("compensate", "phone", "formerly-satisfied")
    guide = flow.prompt.guide  # type: ignore[attr-defined]
    text = "\n".join(_render(view.step(guide, PLAYBOOK, flow)))  # type: ignore[arg-type]
    assert "Step 9 of 11 · Compensate" in text and "Safety first:" in text
    assert "Offer: " in text


def test_triage_reads_the_message_for_the_card_with_evidence() -> None:
    from assist.coach import view
    from assist.coach.reading import triage_reader

    message = "My order is late again. I want to speak to your manager.\n\nRegards,\nDana Levi"
    card = triage_reader(message, PLAYBOOK)
    assert card.name == "Dana Levi"
    raised = dict(card.escalations)
    assert "asks-for-manager" in raised
    cue = raised["asks-for-manager"][0]
    assert message[cue.offset : cue.offset + cue.length] == cue.text
    from dataclasses import replace

    flow = _flow_at("apologise", "email", "not-sure")
    flow = replace(
        flow,
        case=replace(flow.case, message=message),
        script=replace(flow.script, reader=triage_reader),
    )  # type: ignore[type-var, attr-defined]
    shown = "\n".join(_render(view.guess(flow)))  # type: ignore[arg-type]
    assert "Watch out: The customer asks for a manager" in shown
    assert triage_reader("", PLAYBOOK).escalations == ()


def test_the_coach_check_adds_the_score_checklist_to_lint(builtin_linter: Linter) -> None:
    from assist.coach.scoring import score_check
    from assist.score.engine import Scorer

    check = score_check(Scorer(builtin_linter))
    draft = "I don't know why it broke. I am so sorry."
    step = check(draft, CheckContext(step="apologise", channel="email"))
    assert [f.rule for f in step.findings] == ["dont-know"]
    missing = {m.id for m in step.missing}
    assert "thanks" in missing and "apology" not in missing
    assert not {"greeting", "closing"} & missing  # the coach adds these to the final reply
    reply = check(draft, CheckContext(channel="email"))
    assert {"greeting", "closing", "solution"} <= {m.id for m in reply.missing}
    unknown = check(draft, CheckContext(channel="other", type="not-sure"))  # not playbook ids
    assert unknown.findings == step.findings
