"""benchmarks/reply_gate.py: the learned-gate experiment learns, is reproducible, and chooses
its thresholds without looking at the set it measures."""

from __future__ import annotations

import importlib
import random
import sys
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))  # the benchmark scripts import each other by name
reply_gate = importlib.import_module("reply_gate")
learned_tokens = importlib.import_module("assist.review.learned").tokens

UPSET = ["Third time my parcel is lost, unbelievable", "Charged twice again, useless service"]
CALM = ["Do you ship to Canada?", "Loving the new app, thanks"]
REDIRECT = ["Please fill in the form here: https://example.com/help", "DM us your order number."]
ENGAGED = ["I'm sorry, I've refunded the second charge today.", "We sure do, in 3-5 days!"]


def _record(set_name: str, flag: bool, rng: random.Random, fired: bool = False) -> dict[str, Any]:
    """A reply as the experiment reads it: a flag is a redirect to an upset customer."""
    return {
        "set": set_name,
        "id": str(rng.random()),
        "judgment": "flag" if flag else "ok",
        "lang": "en",
        "detected": "en",
        "customer": rng.choice(UPSET if flag else CALM),
        "reply": rng.choice(REDIRECT if flag else ENGAGED),
        "findings": ["no-apology-to-upset"] if fired else [],
        "cust": {"upset": flag},
        "signals": [],
        "present": [] if flag else ["apology"],
        "hits": [],
        "only_redirects": flag,
        "asks": False,
    }


def _sets(rng: random.Random, names: list[str]) -> list[dict[str, Any]]:
    return [_record(name, i < 6, rng, fired=i < 5) for name in names for i in range(40)]


def test_links_and_handles_are_read_as_words_of_no_one() -> None:
    assert learned_tokens("@AmazonHelp see https://t.co/x1 ^AB, 2 days!") == [
        "see",
        "zlink",
        "0",
        "days",
        "!",
    ]


def test_the_model_tells_a_bare_redirect_to_an_upset_customer_from_an_answer() -> None:
    records = _sets(random.Random(1), ["a", "b", "c"])
    result = reply_gate.run(records, ["text", "signals"], [(["a", "b"], ["c"])], 0.05, 0.5)
    model = result["sets"]["c"]["model"]
    assert model["recall"] == 1.0
    assert model["false_alarms"] == 0


def test_the_same_records_give_the_same_figures() -> None:
    records = _sets(random.Random(2), ["a", "b", "c"])
    folds = [(["a", "b"], ["c"])]
    first = reply_gate.run(records, ["text"], folds, 0.05, 0.5)
    assert reply_gate.run(records, ["text"], folds, 0.05, 0.5) == first


def test_thresholds_do_not_depend_on_the_measured_set() -> None:
    rng = random.Random(3)
    records = _sets(rng, ["a", "b", "c"])
    flipped = [
        {**r, "judgment": "ok" if r["judgment"] == "flag" else "flag"} if r["set"] == "c" else r
        for r in records
    ]
    folds = [(["a", "b"], ["c"])]
    before = reply_gate.run(records, ["text", "signals"], folds, 0.05, 0.5)["sets"]["c"]
    after = reply_gate.run(flipped, ["text", "signals"], folds, 0.05, 0.5)["sets"]["c"]
    assert (before["t_gate"], before["t_add"]) == (after["t_gate"], after["t_add"])
    assert before["model"]["caught"] != after["model"]["caught"]


def test_the_blind_sets_are_not_among_the_sets_it_reads() -> None:
    read = {path.stem for path in reply_gate.REPLY_SETS.values()}
    assert not read & {"fresh_m", "fresh_n", "second_judge"}


def test_keep_or_add_stays_within_its_false_alarm_budget_on_the_training_sets() -> None:
    rng = random.Random(4)
    records = _sets(rng, ["a", "b", "c", "d"])
    experiment = reply_gate.Experiment(records, ["text", "signals"])
    p = {i: rng.random() for i in range(len(experiment.records))}
    rows = experiment.indexes(["a", "b", "c"])
    t_keep, t_add = experiment.keep_or_add(p, rows, 2, None)
    alarms = [
        i for i in rows if not experiment.flag[i] and experiment.keeps(i, p[i], t_keep, t_add, None)
    ]
    assert len(alarms) <= 2


def test_a_trusted_rule_stands_where_the_model_clears_the_reply() -> None:
    records = _sets(random.Random(5), ["a", "b"])
    experiment = reply_gate.Experiment(records, ["text"])
    fired = next(i for i, r in enumerate(experiment.records) if r["findings"])
    assert experiment.noisy_rules(range(len(experiment.records))) == set()  # flags only
    assert experiment.keeps(fired, 0.0, 0.5, 0.9, frozenset())
    assert not experiment.keeps(fired, 0.0, 0.5, 0.9, frozenset({"no-apology-to-upset"}))
    assert not experiment.keeps(fired, 0.0, 0.5, 0.9, None)
