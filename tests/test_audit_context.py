"""`assist audit` judges each agent message with the customer message it answers (the
conversation's last customer message before it): context rules such as no-apology-to-upset."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assist.audit.records import Message, Role
from assist.audit.work import Stages, audit_message
from assist.lint.engine import linter_for
from assist.review import reviewer_for

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
WHEN = "Tue Oct 31 22:10:47 +0000 2017"


def test_a_bare_redirect_to_an_upset_customer_is_an_audit_finding(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    rows = [
        f"1,c1,True,{WHEN},@acme third parcel lost this month. Useless service!!!,,",
        f"2,acme,False,{WHEN},@c1 Please fill in the form here: https://example.com/help,,1",
        f"3,c2,True,{WHEN},@acme hi where can I change my address?,,",
        f"4,acme,False,{WHEN},@c2 Please fill in the form here: https://example.com/help,,3",
        f"5,c3,True,{WHEN},@acme useless!!! still no parcel,,",
        f"6,acme,False,{WHEN},\"@c3 I'm so sorry. Please fill in the form here: https://example.com/help\",,5",
    ]  # fmt: skip
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "hits.jsonl"
    result = invoke("audit", "--preset", "twcs", str(path), "--format", "json", "--no-config",
                    "--jobs", "1", "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["by_rule"].get("no-apology-to-upset") == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    flagged = {
        str(line.get("message")) for line in lines if line.get("rule") == "no-apology-to-upset"
    }
    assert flagged == {"2"}  # the calm customer (4) and the apology (6) are not flagged


def test_without_a_customer_message_the_context_rules_stay_silent() -> None:
    linter = linter_for(None)
    stages = Stages(linter, reviewer=reviewer_for(linter))
    reply = "Please fill in the form here: https://example.com/help"
    alone = Message("c", "2", Role.agent, "acme", "", reply)
    answered = Message("c", "2", Role.agent, "acme", "", reply, "Useless service!!! lost again")
    assert audit_message(stages, alone) is None
    result = audit_message(stages, answered)
    assert result is not None and [h.rule for h in result.hits] == ["no-apology-to-upset"]
