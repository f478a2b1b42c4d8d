"""benchmarks/why_eval.py: the why judgments are well formed and the report counts them right."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
# fresh_i and fresh_j are development sets since 12:10 (judged in the third round), fresh_k
# and fresh_l since 18:00 (learn17, judged in the fourth round)
BLIND_SETS = {"fresh_m", "fresh_n", "second_judge"}


if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))  # the benchmark scripts import each other by name
why_eval = importlib.import_module("why_eval")


def _replies(name: str) -> dict[str, dict[str, Any]]:
    path = {**why_eval.DEVELOPMENT_SETS, **why_eval.BLIND_SETS}[name]
    lines = path.read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, filter(str.strip, lines))}


def test_every_judgment_names_a_flag_reply_of_a_development_set() -> None:
    judgments = why_eval.load_judgments(why_eval.JUDGMENTS)
    assert judgments
    replies = {name: _replies(name) for name in why_eval.DEVELOPMENT_SETS}
    for j in judgments:
        assert j["set"] not in BLIND_SETS
        assert j["set"] in replies, f"{j['set']} is not a development set"
        reply = replies[j["set"]].get(j["id"])
        assert reply is not None, f"{j['set']} {j['id']} is not in its set"
        assert reply["judgment"] == "flag", f"{j['set']} {j['id']} is not a flag reply"
        assert j["verdict"] in ("agree", "partly", "disagree")
        assert j["rule"].strip() and j["reason"].strip() and "\n" not in j["reason"]


def test_a_bad_verdict_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    good = {"set": "dev2", "id": "1", "rule": "r", "verdict": "agree", "reason": "x"}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "verdict": "yes"}) + "\n")
    with pytest.raises(why_eval.BadJudgments, match=r"j\.jsonl:2: verdict 'yes'"):
        why_eval.load_judgments(path)


def test_a_reply_judged_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    line = json.dumps({"set": "dev2", "id": "1", "rule": "r", "verdict": "agree", "reason": "x"})
    path.write_text(f"{line}\n{line}\n")
    with pytest.raises(why_eval.BadJudgments, match="judged twice"):
        why_eval.load_judgments(path)


def _record(set_name: str, reply_id: str, *rules: str) -> dict[str, Any]:
    findings = [{"rule": r, "matched": "", "why": f"why {r}"} for r in rules]
    return {"set": set_name, "id": reply_id, "findings": findings}


def _judgment(set_name: str, reply_id: str, rule: str, verdict: str) -> dict[str, str]:
    return {"set": set_name, "id": reply_id, "rule": rule, "verdict": verdict, "reason": "x"}


def test_tally_counts_verdicts_stale_judgments_and_unjudged_replies() -> None:
    records = [
        _record("a", "1", "door-closing"),
        _record("a", "2", "non-apology", "door-closing"),
        _record("a", "3", "non-apology"),
        _record("b", "1", "deflecting"),
        _record("b", "2", "deflecting"),
    ]
    judgments = [
        _judgment("a", "1", "door-closing", "agree"),
        _judgment("a", "2", "non-apology", "partly"),
        _judgment("a", "3", "non-apology", "agree"),
        _judgment("b", "1", "deflecting", "disagree"),
        _judgment("b", "2", "soothing-order", "agree"),  # that finding is gone
        _judgment("b", "9", "deflecting", "agree"),  # the reply is no longer caught
    ]
    figures = why_eval.tally(records, judgments)
    assert (figures["caught"], figures["judged"]) == (5, 4)
    assert (figures["agree"], figures["partly"], figures["disagree"]) == (2, 1, 1)
    assert figures["agree_share"] == 0.5
    assert figures["rules"]["non-apology"] == {"agree": 1, "partly": 1, "disagree": 0}
    assert figures["rules"]["deflecting"] == {"agree": 0, "partly": 0, "disagree": 1}
    assert "door-closing" in figures["rules"] and "soothing-order" not in figures["rules"]
    assert len(figures["stale"]) == 2
    assert figures["unjudged"] == ["b 2"]
    text = why_eval.report(figures)
    assert "judged: 4" in text and "agree 2 (50%)" in text
    assert "no longer exists: 2" in text and "not yet judged: 1" in text


def test_the_target_share_counts_agreed_whys_over_all_flag_replies() -> None:
    records = [_record("a", "1", "door-closing"), _record("a", "2", "non-apology")]
    judgments = [
        _judgment("a", "1", "door-closing", "agree"),
        _judgment("a", "2", "non-apology", "partly"),
    ]
    figures = why_eval.tally(records, judgments, flagged=4)
    assert figures["caught_share_of_flagged"] == 0.5
    assert figures["agree_share_of_flagged"] == 0.25
    assert "agree 1/4 (25.0%)" in why_eval.report(figures)


def test_the_dump_has_caught_flag_replies_only_and_never_the_earlier_reason(
    tmp_path: Path,
) -> None:
    rows = [
        {
            "id": "1",
            "customer": "c",
            "reply": "bad",
            "judgment": "flag",
            "reason": "R",
            "idea": "I",
        },
        {"id": "2", "customer": "c", "reply": "fine", "judgment": "flag", "reason": "R"},
        {"id": "3", "customer": "c", "reply": "bad", "judgment": "ok", "reason": "R"},
    ]
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    finding = SimpleNamespace(rule="door-closing", matched="bad", why="It shuts the door.")

    def lint(text: str, customer: str | None) -> list[Any]:
        return [finding] if text == "bad" else []

    records = why_eval.caught_records(lint, {"s": path})
    assert [(r["set"], r["id"]) for r in records] == [("s", "1")]
    assert records[0]["findings"] == [
        {"rule": "door-closing", "matched": "bad", "why": "It shuts the door."}
    ]
    assert "reason" not in records[0] and "idea" not in records[0]


def test_the_blind_sets_are_never_development_sets() -> None:
    assert set(why_eval.BLIND_SETS) == {"fresh_m", "fresh_n"}
    assert not set(why_eval.BLIND_SETS) & set(why_eval.DEVELOPMENT_SETS)
    assert all(path.is_file() for path in why_eval.BLIND_SETS.values())


def test_every_blind_judgment_names_a_flag_reply_of_a_blind_set() -> None:
    judgments = why_eval.load_judgments(why_eval.BLIND_JUDGMENTS, why_eval.BLIND_SETS)
    assert judgments
    replies = {name: _replies(name) for name in why_eval.BLIND_SETS}
    for j in judgments:
        reply = replies[j["set"]].get(j["id"])
        assert reply is not None, f"{j['set']} {j['id']} is not in its set"
        assert reply["judgment"] == "flag", f"{j['set']} {j['id']} is not a flag reply"
        assert j["rule"].strip() and j["reason"].strip() and "\n" not in j["reason"]


def test_a_judgment_of_a_set_outside_the_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blind.jsonl"
    path.write_text(json.dumps(_judgment("fresh_k", "1", "door-closing", "agree")) + "\n")
    with pytest.raises(why_eval.BadJudgments, match=r"blind\.jsonl:1: set 'fresh_k'"):
        why_eval.load_judgments(path, why_eval.BLIND_SETS)


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_blind_figures_are_reported_apart_from_the_development_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def flagged(reply_id: str, reply: str) -> dict[str, str]:
        return {"id": reply_id, "customer": "c", "reply": reply, "judgment": "flag"}

    dev = _write(tmp_path / "dev.jsonl", [flagged("1", "bad"), flagged("2", "fine")])
    blind = _write(tmp_path / "blind.jsonl", [flagged("7", "bad"), flagged("8", "bad")])
    dev_judgments = _write(tmp_path / "j.jsonl", [_judgment("dev", "1", "door-closing", "agree")])
    blind_judgments = _write(
        tmp_path / "jb.jsonl",
        [
            _judgment("blind", "7", "door-closing", "partly"),
            _judgment("blind", "8", "door-closing", "agree"),
        ],
    )
    finding = SimpleNamespace(rule="door-closing", matched="bad", why="It shuts the door.")
    monkeypatch.setattr(why_eval, "make_lint", lambda: lambda text, c: [finding][: text == "bad"])
    monkeypatch.setattr(why_eval, "DEVELOPMENT_SETS", {"dev": dev})
    monkeypatch.setattr(why_eval, "BLIND_SETS", {"blind": blind})
    monkeypatch.setattr(why_eval, "JUDGMENTS", dev_judgments)
    monkeypatch.setattr(why_eval, "BLIND_JUDGMENTS", blind_judgments)

    assert why_eval.main([]) == 0
    text = capsys.readouterr().out
    assert text.startswith("development sets: dev") and "agree 1/2 (50.0%)" in text

    assert why_eval.main(["--blind", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["sets"] == "blind"
    assert (figures["flagged"], figures["caught"]) == (2, 2)
    assert (figures["agree"], figures["partly"]) == (1, 1)

    # a blind judgment in the development file is refused, naming the file and line
    _write(dev_judgments, [_judgment("blind", "7", "door-closing", "agree")])
    assert why_eval.main([]) == 2
    assert "j.jsonl:1: set 'blind'" in capsys.readouterr().err
