"""The coach judges the final reply with the customer's message (context rules), and only
the final reply: a step's draft is one part of the answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assist.coach.flow import Answer, CaseData, Flow, Script
from assist.coach.scoring import score_check
from assist.coach.seams import CheckContext
from assist.lint.engine import linter_for
from assist.playbook.load import load_playbook
from assist.score.engine import Scorer

PLAYBOOK_DIR = Path(__file__).parent / "data" / "coach" / "playbook"
PLAYBOOK = load_playbook([PLAYBOOK_DIR], builtin=False)
UPSET = "Hello,\nThird parcel lost this month. Your delivery service is useless!!!\n\nDana Levi\n"
CALM = "Hello,\nCould you tell me where my parcel is?\n\nDana Levi\n"
REDIRECT = "Please fill in the form at https://example.com/help and we'll see."


def check() -> object:
    return score_check(Scorer(linter_for(None)))


def final_report(message: str, draft: str) -> list[str]:
    values = {"channel": "email", "type": "angry", "customer": "Dana", "message": message,
              "leaving": "no"}  # fmt: skip
    script = Script(PLAYBOOK, check(), date(2025, 3, 10), fixed=frozenset(values))
    flow = Flow.start(script, CaseData(**values))
    for answer in ("courier lost it", draft, "refund"):
        flow, _ = flow.handle(Answer(answer))
        while flow.prompt.key == "review":  # keep a draft the checklist comments on
            flow, _ = flow.handle(Answer("keep"))
    assert flow.prompt.key == "finish"
    return [f.rule for f in flow.reply_report.findings]


def test_the_final_reply_is_judged_with_the_customers_message() -> None:
    assert "no-apology-to-upset" in final_report(UPSET, REDIRECT)
    assert "no-apology-to-upset" not in final_report(CALM, REDIRECT)
    sorry = "I'm so sorry, that should not have happened. " + REDIRECT
    assert "no-apology-to-upset" not in final_report(UPSET, sorry)


def test_a_step_draft_is_not_judged_as_the_whole_answer() -> None:
    score = check()
    step = score(REDIRECT, CheckContext(step="apologise", channel="email", message=UPSET))
    final = score(REDIRECT, CheckContext(channel="email", message=UPSET))
    assert "no-apology-to-upset" not in [f.rule for f in step.findings]
    assert "no-apology-to-upset" in [f.rule for f in final.findings]
    assert "no-apology-to-upset" not in [f.rule for f in score(REDIRECT, CheckContext()).findings]


def test_ignored_context_rules_stay_quiet_in_the_coach() -> None:
    score = score_check(Scorer(linter_for(None)), ignore=["no-apology-to-upset"])
    final = score(REDIRECT, CheckContext(channel="email", message=UPSET))
    assert "no-apology-to-upset" not in [f.rule for f in final.findings]


SPANISH = (
    "Lamentamos mucho el retraso de su pedido. Hemos enviado un paquete nuevo hoy y le "
    "llamaremos el lunes para confirmar que ha llegado bien."
)


def test_a_draft_in_a_language_without_rules_is_said_not_checked() -> None:
    report = check()(SPANISH, CheckContext(channel="email", message=UPSET))
    assert report.unchecked == "no rules for Spanish"
    assert not report.ok and report.findings == ()


def test_a_step_draft_without_rules_says_so_instead_of_nothing_to_fix() -> None:
    values = {"channel": "email", "type": "angry", "customer": "Dana", "message": UPSET,
              "leaving": "no"}  # fmt: skip
    script = Script(PLAYBOOK, check(), date(2025, 3, 10), fixed=frozenset(values))
    flow, _ = Flow.start(script, CaseData(**values)).handle(Answer("courier lost it"))
    flow, _ = flow.handle(Answer(SPANISH))
    assert "not checked: no rules for Spanish" in flow.notice
    assert "nothing to fix" not in flow.notice
