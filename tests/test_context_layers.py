"""Team folders change the context rules as they change phrase rules: `<folder>/context/*.yaml`
adds rules, overrides fields, disables rules and extends the word lists; problems are one
line at file:line:col with exit 2 (`assist lint --playbooks DIR --reply-to`, `assist playbook
test` and `check`)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile import Done, assist
from test_lint_cli import run

from assist.errors import PlaybookErrors
from assist.review import reviewer_for
from assist.review.rules import context_rules, layered_rules

ROOT = Path(__file__).resolve().parent.parent
UPSET = "Third missed delivery this month. Useless!!!"
REDIRECT = "Please reach us here: https://example.com/help"
TEAM_RULE = """\
rules:
  - id: no-case-number-to-upset
    severity: error
    when:
      customer-upset: true
      reply-phrases: ["{your|a} ticket has been {logged|raised}"]
      reply-lacks: [apology]
    why: Logging a ticket is not an answer to an upset customer.
    say: ["I'm sorry. I've logged it as case 123 and I'll update you by 5pm."]
    source: team addition
    extends: "002 § Admit mistakes and apologise"
    examples:
      flag:
        - customer: "Broken again. Ridiculous."
          reply: "Your ticket has been logged."
      pass:
        - customer: "Broken again. Ridiculous."
          reply: "I'm sorry, your ticket has been logged and I'll call you today."
"""


def team(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    folder = tmp_path / "team"
    (folder / "context").mkdir(parents=True, exist_ok=True)
    (folder / "context" / name).write_text(text, encoding="utf-8")
    return folder


def files(tmp_path: Path, reply: str, customer: str) -> tuple[Path, Path]:
    draft, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    draft.write_text(reply, encoding="utf-8")
    message.write_text(customer, encoding="utf-8")
    return draft, message


def context_rules_found(done: subprocess.CompletedProcess) -> list[str]:
    return [f["rule"] for f in json.loads(done.stdout)["findings"]]


def test_team_adds_a_context_rule(tmp_path: Path) -> None:
    folder = team(tmp_path, TEAM_RULE)
    draft, message = files(tmp_path, "Your ticket has been logged.", UPSET)
    done = run("--format", "json", "--playbooks", str(folder), "--reply-to", str(message),
               str(draft))  # fmt: skip
    assert done.returncode == 1
    assert "no-case-number-to-upset" in context_rules_found(done)
    without = run("--format", "json", "--reply-to", str(message), str(draft))
    assert "no-case-number-to-upset" not in context_rules_found(without)


def test_batch_reply_to_is_judged_with_the_team_layers_as_reply_to_is(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    folder = team(tmp_path, TEAM_RULE)
    reply = "Your ticket has been logged. Details: https://example.com/help"
    draft, message = files(tmp_path, reply, UPSET)
    single = invoke("lint", "--format", "json", "-p", str(folder), "--reply-to", str(message),
                    str(draft))  # fmt: skip
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": str(draft), "text": reply, "reply_to": UPSET}) + "\n")
    done = invoke("lint", "--input", "jsonl", "-p", str(folder), str(batch))
    (line,) = [json.loads(text) for text in done.stdout.splitlines()]
    assert line["findings"] == json.loads(single.stdout)["findings"]
    assert "no-case-number-to-upset" in [f["rule"] for f in line["findings"]]
    assert done.exit_code == single.exit_code == 1


def test_a_bad_team_layer_stops_the_batch_in_one_line(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    folder = team(tmp_path, "disable: [nope]\n")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": 1, "text": REDIRECT, "reply_to": UPSET}) + "\n")
    done = invoke("lint", "--input", "jsonl", "-p", str(folder), str(batch))
    where = folder / "context" / "rules.yaml"
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == f"{where}:1:11: disable: no context rule 'nope'\n"


def test_team_disables_a_built_in_context_rule(tmp_path: Path) -> None:
    folder = team(tmp_path, "disable: [no-apology-to-upset]\n")
    draft, message = files(tmp_path, REDIRECT, UPSET)
    assert context_rules_found(run("--format", "json", "--reply-to", str(message),
                                   str(draft))) == ["no-apology-to-upset"]  # fmt: skip
    done = run("--format", "json", "--playbooks", str(folder), "--reply-to", str(message),
               str(draft))  # fmt: skip
    assert done.returncode == 0
    assert context_rules_found(done) == []
    # a disabled id is still a known id for --ignore
    ignored = run("--playbooks", str(folder), "--ignore", "no-apology-to-upset",
                  "--reply-to", str(message), str(draft))  # fmt: skip
    assert ignored.returncode == 0


def test_team_overrides_severity_and_conditions(tmp_path: Path) -> None:
    override = """\
overrides:
  - id: no-apology-to-upset
    severity: error
    why: Our team always apologises first.
"""
    rules = layered_rules([team(tmp_path, override)])
    rule = rules.rule("no-apology-to-upset")
    assert rule is not None and rule.severity == "error"
    assert rule.why == "Our team always apologises first."
    assert rule.customer_upset and rule.reply_only_redirects  # `when` untouched
    reviewer = reviewer_for(None, [tmp_path / "team"])
    found = reviewer.review(REDIRECT, UPSET)
    assert [(f.rule, str(f.severity)) for f in found] == [("no-apology-to-upset", "error")]


def test_team_extends_the_customer_cue_words(tmp_path: Path) -> None:
    customer = "Sehr enttäuscht, again no parcel."
    assert reviewer_for().review(REDIRECT, customer) == []
    folder = team(tmp_path, "customer-upset-phrases: [sehr enttäuscht]\n")
    found = reviewer_for(None, [folder]).review(REDIRECT, customer)
    assert [f.rule for f in found] == ["no-apology-to-upset"]


def test_team_extends_the_problem_question_words(tmp_path: Path) -> None:
    reply = "Please DM us the postcode so we can help."
    assert [f.rule for f in reviewer_for().review(reply, UPSET)] == ["no-apology-to-upset"]
    folder = team(tmp_path, "question-words: [postcode]\n")
    assert reviewer_for(None, [folder]).review(reply, UPSET) == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules:\n  - id: x\n    why: y\n    source: team addition\n    when:\n"
         "      customer-angry: true\n", 6, "unknown condition 'customer-angry'"),
        ("overrides:\n  - id: nope\n    severity: error\n", 2, "no context rule 'nope'"),
        ("rules:\n  - id: no-apology-to-upset\n    why: y\n    source: s\n    when:\n"
         "      customer-upset: true\n", 2, "already defined"),
        ("disable: [nope]\n", 1, "no context rule 'nope'"),
    ],
)  # fmt: skip
def test_bad_team_layer_is_one_line_at_its_place_exit_2(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    folder = team(tmp_path, text)
    with pytest.raises(PlaybookErrors) as raised:
        layered_rules([folder])
    first = raised.value.errors[0]
    assert first.location.line == line and words in str(first)
    draft, message = files(tmp_path, REDIRECT, UPSET)
    done = run("--playbooks", str(folder), "--reply-to", str(message), str(draft))
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "Traceback" not in err and f"rules.yaml:{line}:" in err


def playbook(*args: str) -> Done:
    """`assist playbook ARGS` through the entry point in a forked process (hostile.assist)."""
    # a hang guard, not a speed test: `playbook test` of the built-ins took 60+ s wall at load 17
    return assist("playbook", *args, cwd=ROOT, timeout=300)


def test_playbook_test_runs_team_context_examples(tmp_path: Path) -> None:
    folder = team(tmp_path, TEAM_RULE)
    done = playbook("test", str(folder))
    assert done.returncode == 0, done.stdout.decode()
    assert f"{len(context_rules().rules) + 1} context rules" in done.stdout.decode()
    broken = TEAM_RULE.replace("I'm sorry, your ticket", "Your ticket")
    failing = playbook("test", str(team(tmp_path, broken)), "--rule", "no-case-number-to-upset")
    assert failing.returncode == 1
    assert "no-case-number-to-upset" in failing.stdout.decode()


def test_playbook_check_reports_a_bad_context_layer(tmp_path: Path) -> None:
    folder = team(tmp_path, "disable: [nope]\n")
    done = playbook("check", str(folder))
    assert done.returncode == 2
    assert "rules.yaml:1:" in done.stderr.decode()


def test_a_phrase_the_matcher_cannot_take_is_an_error_at_its_place(tmp_path: Path) -> None:
    too_broad = "{a|b|c|d} {e|f|g|h} {i|j|k|l} {m|n|o|p} {q|r|s|t} x"  # 1,024 word sequences
    folder = team(
        tmp_path,
        "redirect-phrases:\n"
        '  - "open a ticket"\n'
        f'  - "{too_broad}"\n'
        "overrides:\n"
        "  - id: contradicts-customer\n"
        '    when: {customer-asserts: true, reply-phrases: ["[unclosed"]}\n',
    )
    with pytest.raises(PlaybookErrors) as raised:
        layered_rules([folder])
    places = sorted(str(e.location).rsplit("rules.yaml:", 1)[1] for e in raised.value.errors)
    assert [p.split(":")[0] for p in places] == ["3", "6"]
