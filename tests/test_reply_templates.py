"""The reply template per channel (issue 14), through the installed commands: `assist
channels` shows it, `assist playbook check` validates it, and `assist coach` assembles the
final reply by the case's channel: a letter, a short message, a call script to say, or a
public reply plus a private message. Also: whether the customer is leaving, read from their
message and stored with the case."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assist.lint.engine import default_playbook

Run = Callable[..., Any]
PLAYBOOK = default_playbook()  # the process-wide built-ins, compiled once
APOLOGY = "I am so sorry your kettle has not arrived; I am handling it myself."
FIX = "I have refunded the full amount today; it reaches your card within 3 days."
LEAVING_MESSAGE = (
    "My kettle never arrived and nobody answers. I will take my business elsewhere.\n\n"
    "Regards,\nDana Levi\n"
)


def _coach(invoke: Run, tmp_path: Path, channel: str, **extra: str) -> tuple[Any, Path]:
    """A whole case from an answers file on `channel`, the reply written to reply.txt."""
    answers = tmp_path / "answers.yaml"
    data: dict[str, Any] = {
        "customer": "Dana Levi",
        "channel": channel,
        "type": "not-sure",
        "summary": "The kettle never arrived.",
        "drafts": {"apologise": APOLOGY, "offer-options": FIX},
        **extra,
    }
    answers.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "assist.toml").write_text('signature = "Sam\\nAcme support"\n', encoding="utf-8")
    reply = tmp_path / "reply.txt"
    args = ("--db", str(tmp_path / "cases.db"), "--answers", str(answers), "-o", str(reply))
    result = invoke("coach", *args, env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result, reply


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path (its assist.toml gives the signature)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSIST_DB", raising=False)
    return tmp_path


# Browsing -----------------------------------------------------------------------------------


def test_every_channel_has_a_reply_template_from_the_seeds() -> None:
    forms = {c.id: c.reply.form for c in PLAYBOOK.channels if c.reply is not None}
    assert forms == {
        "letter": "letter",
        "email": "letter",
        "phone": "script",
        "face-to-face": "script",
        "chat": "message",
        "social-media": "public",
    }
    social = PLAYBOOK.channel("social-media")
    assert social is not None and social.reply is not None
    assert {p.place for p in social.reply.parts} == {"public", "private"}


def test_channels_lists_the_reply_form(run_cli: Run) -> None:
    result = run_cli("channels")
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "script to say" in rows["phone"] and "short message" in rows["chat"]
    assert "public + private" in rows["social-media"]


@pytest.mark.parametrize("channel", [c.id for c in PLAYBOOK.channels])
def test_a_channel_shows_its_template_points_in_order_with_sources(
    invoke: Run, channel: str
) -> None:
    result = invoke("channels", channel, env={"COLUMNS": "250"})
    assert result.exit_code == 0
    found = PLAYBOOK.channel(channel)
    assert found is not None and found.reply is not None
    out = result.stdout
    labels = [f"{n}. " for n in range(1, len(found.reply.parts) + 1)]
    assert all(label in out for label in labels)
    positions = [out.index(f"{part.label}: {part.text}") for part in found.reply.parts]
    assert positions == sorted(positions)
    assert all(part.source in out for part in found.reply.parts)


def test_playbook_check_names_a_bad_template_by_file_and_line(invoke: Run, tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "channels.yaml").write_text(
        "channels:\n"
        "  - id: fax\n    name: Fax\n    response-time: soon\n    tips: [Be quick.]\n"
        "    source: team addition\n"
        "    reply:\n      form: telegram\n      title: Fax\n      note: n\n"
        "      parts: [{id: a, label: A, text: t}]\n"
        "  - id: pager\n    name: Pager\n    response-time: soon\n    tips: [Be quick.]\n"
        "    source: team addition\n"
        "    reply:\n      form: message\n      title: Page\n      note: n\n"
        "      parts: [{id: a, label: A, text: t, draft: no-such-step}]\n",
        encoding="utf-8",
    )
    result = invoke("playbook", "check", str(team))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert any(e.startswith(f"{team / 'channels.yaml'}:8:13:") for e in errors), errors
    assert any(":12:5:" in e and "no-such-step" in e for e in errors), errors


# The coach assembles the reply by channel ---------------------------------------------------


def test_phone_reply_is_a_call_script_of_the_drafts_in_order(invoke: Run, here: Path) -> None:
    result, reply = _coach(invoke, here, "phone")
    script = reply.read_text(encoding="utf-8")
    assert "to be said, not sent" in result.stdout
    points = [line for line in script.splitlines() if line[:1].isdigit()]
    assert [p.split(":")[0] for p in points] == [
        "1. Greet", "2. Listen", "3. Apologise", "4. The fix", "5. When", "6. Close",
    ]  # fmt: skip
    assert script.index(f"“{APOLOGY}”") < script.index(f"“{FIX}”")
    assert "Acme support" not in script  # said, not signed


def test_face_to_face_gets_talking_points_too(invoke: Run, here: Path) -> None:
    result, reply = _coach(invoke, here, "face-to-face")
    assert "to be said, not sent" in result.stdout
    assert f"“{APOLOGY}”" in reply.read_text(encoding="utf-8")


def test_chat_reply_is_one_short_message(invoke: Run, here: Path) -> None:
    result, reply = _coach(invoke, here, "chat")
    text = reply.read_text(encoding="utf-8")
    assert text.splitlines() == ["Hi Dana Levi,", f"{APOLOGY} {FIX}", "Sam"]
    assert "Long for" not in result.stdout


def test_a_long_chat_reply_is_warned_about(invoke: Run, here: Path) -> None:
    long_fix = " ".join([FIX] * 5)
    result, _ = _coach(
        invoke, here, "chat", drafts={"apologise": APOLOGY, "offer-options": long_fix}
    )
    assert "Long for SMS / chat" in " ".join(result.stdout.split())


def test_social_media_reply_is_public_then_private(invoke: Run, here: Path) -> None:
    _, reply = _coach(invoke, here, "social-media")
    text = reply.read_text(encoding="utf-8")
    public, _, private = text.partition("Then in private")
    assert APOLOGY in public and "direct message" in public and FIX not in public
    assert FIX in private and private.rstrip().endswith("Acme support")
    assert len(public.split("\n\n")[1].strip()) <= 280


def test_email_reply_is_a_signed_letter(invoke: Run, here: Path) -> None:
    _, reply = _coach(invoke, here, "email")
    assert reply.read_text(encoding="utf-8") == (
        f"Hello Dana Levi,\n\n{APOLOGY}\n\n{FIX}\n\nSam\nAcme support\n"
    )


# Leaving ------------------------------------------------------------------------------------


def _exported(invoke: Run, here: Path) -> dict[str, Any]:
    out = invoke("cases", "export", "--db", str(here / "cases.db")).stdout
    return dict(json.loads(out)[0])


def test_a_leaving_cue_in_the_message_is_stored_as_leaving(invoke: Run, here: Path) -> None:
    _coach(invoke, here, "email", message=LEAVING_MESSAGE)
    assert _exported(invoke, here)["leaving"] == "yes"


def test_the_agent_can_say_the_customer_is_not_leaving(invoke: Run, here: Path) -> None:
    _coach(invoke, here, "email", message=LEAVING_MESSAGE, leaving=False)
    assert _exported(invoke, here)["leaving"] == "no"


def test_no_cue_no_leaving(invoke: Run, here: Path) -> None:
    _coach(invoke, here, "email", message="My kettle never arrived.\n")
    assert _exported(invoke, here)["leaving"] == "no"


@pytest.mark.parametrize(("option", "stored"), [("--leaving", "yes"), ("--not-leaving", "no")])
def test_the_command_line_answers_the_leaving_question(
    invoke: Run, here: Path, option: str, stored: str
) -> None:
    answers = here / "answers.yaml"
    answers.write_text("summary: kettle\nchannel: email\ntype: not-sure\n", encoding="utf-8")
    db = str(here / "cases.db")
    message = here / "message.txt"
    message.write_text(LEAVING_MESSAGE if stored == "no" else "My kettle broke.\n", "utf-8")
    args = ("coach", "--db", db, "--answers", str(answers), "-m", str(message), option)
    assert invoke(*args).exit_code == 0
    assert _exported(invoke, here)["leaving"] == stored


def test_leaving_must_be_yes_or_no(invoke: Run, here: Path) -> None:
    answers = here / "answers.yaml"
    answers.write_text("summary: x\nleaving: maybe\n", encoding="utf-8")
    result = invoke("coach", "--db", str(here / "c.db"), "--answers", str(answers))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_leaving_is_in_the_case_view_and_the_csv(invoke: Run, here: Path) -> None:
    _coach(invoke, here, "email", message=LEAVING_MESSAGE)
    db = str(here / "cases.db")
    assert "said they are leaving" in invoke("cases", "show", "1", "--db", db).stdout
    header, row = invoke("cases", "export", "--format", "csv", "--db", db).stdout.splitlines()[:2]
    assert row.split(",")[header.split(",").index("leaving")] == "yes"


@pytest.mark.parametrize("channel", ["phone", "social-media", "email", "chat"])
def test_findings_in_an_assembled_reply_point_at_the_words_shown(channel: str) -> None:
    """The check reads only what the customer hears or reads, but the agent sees the whole
    script or the titled public reply: each finding's line, column and offset are in that."""
    from assist.coach.reply import compose_reply
    from assist.lint.engine import LineIndex, linter_for

    template = PLAYBOOK.channel(channel).reply
    drafts = [("apologise", "Sorry about the wait.\n  I don't know where it is."),
              ("offer-options", "It's company policy, but I've refunded you today.")]  # fmt: skip
    composed = compose_reply(template, "Dana Levi", drafts)
    found = linter_for(None).lint(composed.words)
    assert {"dont-know", "company-policy"} <= {f.rule for f in found}
    shown, text = composed.shown(found), composed.text
    for before, after in zip(found, shown, strict=True):
        assert text[after.offset : after.offset + after.length] == before.matched
        assert LineIndex(text).position(after.offset) == (after.line, after.column)
