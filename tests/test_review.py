"""Replies judged with the customer's message (issue 17): `assist.lint_text(text, reply_to=)`
and `assist lint --reply-to FILE`; without a customer message the context rules stay silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_lint_cli import run

import assist
from assist.lint.engine import lint_text as plain_lint_text

UPSET = "3 people gave me 3 different answers and I STILL don't have my order. Worst service!!!"
REDIRECT = "Please reach us by phone or chat here: https://example.com/help"


def rules(findings: list[assist.Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_bare_redirect_to_an_upset_customer_is_flagged_only_with_the_message() -> None:
    assert assist.lint_text(REDIRECT) == []
    assert rules(assist.lint_text(REDIRECT, reply_to=UPSET)) == ["no-apology-to-upset"]


@pytest.mark.parametrize(
    "reply",
    [
        "I'm sorry about this. Please reach us by chat here: https://example.com/help",
        "Which order is it? Please reach us by chat here: https://example.com/help",
        "I've issued a full refund and we will email you the receipt today.",
    ],
)
def test_an_apology_a_question_or_a_fix_answers_the_upset_customer(reply: str) -> None:
    assert "no-apology-to-upset" not in rules(assist.lint_text(reply, reply_to=UPSET))


def test_calm_customer_may_be_redirected() -> None:
    calm = "Hi, can I change the email address on my account?"
    assert assist.lint_text(REDIRECT, reply_to=calm) == []


def test_contradiction_counts_only_when_the_customer_asserted_something() -> None:
    reply = "Hm, we haven't had any reported errors lately."
    asserted = "Your account page is down, I checked it three times."
    question = "Is the account page down for everyone?"
    found = assist.lint_text(reply, reply_to=asserted)
    assert rules(found) == ["contradicts-customer"]
    assert reply[found[0].offset : found[0].offset + found[0].length].startswith("we haven't")
    assert assist.lint_text(reply, reply_to=question) == []
    assert assist.lint_text(reply) == []


def test_threat_to_go_public_needs_acknowledgement_and_a_private_way() -> None:
    threat = "If this isn't fixed today I'll write a bad review on Facebook."
    bare = "Your ticket number is 4471."
    good = (
        "I understand how frustrating this is. Please send us a direct message with your "
        "order number and I'll call you today."
    )
    assert "public-threat-unanswered" in rules(assist.lint_text(bare, reply_to=threat))
    assert "public-threat-unanswered" not in rules(assist.lint_text(good, reply_to=threat))


def test_without_reply_to_the_public_api_is_plain_lint() -> None:
    for draft in ("It's company policy.", REDIRECT, "We're sorry for your frustration."):
        assert assist.lint_text(draft) == plain_lint_text(draft)


def test_ignore_drops_a_context_rule() -> None:
    found = assist.lint_text(REDIRECT, reply_to=UPSET, ignore=["no-apology-to-upset"])
    assert found == []


def test_cli_reply_to(tmp_path: Path) -> None:
    reply, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    reply.write_text(REDIRECT, encoding="utf-8")
    message.write_text(UPSET, encoding="utf-8")
    alone = run("--format", "json", str(reply))
    assert alone.returncode == 0
    header = json.loads(alone.stdout)["config"]["context"]
    assert header["reply_to"] is None and "silent" in header["context_rules"]
    judged = run("--format", "json", "--reply-to", str(message), str(reply))
    assert judged.returncode == 1
    document = json.loads(judged.stdout)
    assert [f["rule"] for f in document["findings"]] == ["no-apology-to-upset"]
    assert document["config"]["context"]["reply_to"] == str(message)


def test_cli_missing_reply_to_file_is_one_line_exit_2(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REDIRECT, encoding="utf-8")
    done = run("--reply-to", str(tmp_path / "nope.txt"), str(reply))
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert len(done.stderr.decode().strip().splitlines()) == 1
