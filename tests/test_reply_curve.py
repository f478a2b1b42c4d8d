"""benchmarks/reply_curve.py: the learning curve trains on subsets of the other sets only, the
held-out ranking's recall keeps its false-alarm budget, and the extrapolation reads a rising
line right."""

from __future__ import annotations

import importlib
import math
import random
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))  # the benchmark scripts import each other by name
reply_curve = importlib.import_module("reply_curve")
test_reply_gate = importlib.import_module("test_reply_gate")


def test_the_ranking_recall_spends_exactly_the_false_alarm_budget() -> None:
    # 2,000 ok replies: 1 per 1,000 allows 2 false alarms (0.9 and 0.8), so 0.75 is caught too
    ok = [(0.9, False, False), (0.8, False, False), (0.7, False, False)]
    ok += [(0.1, False, False)] * 1997
    flags = [(0.95, True, False), (0.85, True, False), (0.75, True, False), (0.65, True, False)]
    recall = reply_curve.oracle([*ok, *flags], 1.0)
    assert recall["model"] == 0.75  # 0.65 would cost a third alarm (0.7)
    assert reply_curve.oracle([*ok, *flags], 0.0)["model"] == 0.25


def test_keep_or_add_keeps_a_rule_finding_the_model_ranks_low() -> None:
    ok = [(0.1, False, False)] * 1000
    flags = [(0.05, True, True), (0.2, True, False)]  # the rule fired on the first only
    assert reply_curve.oracle([*ok, *flags], 1.0)["keep"] == 1.0
    assert reply_curve.oracle([*ok, *flags], 1.0)["model"] == 0.5


def test_a_reply_the_model_does_not_judge_keeps_its_rule_finding() -> None:
    ok = [(0.1, False, False)] * 1000
    flags = [(None, True, True), (0.05, True, False)]
    assert reply_curve.oracle([*ok, *flags], 0.0)["keep"] == 0.5
    assert reply_curve.oracle([*ok, *flags], 0.0)["model"] == 0.0


def test_a_line_in_log_flags_is_extrapolated_to_where_it_reaches_the_target() -> None:
    xs = [100.0, 200.0, 400.0, 800.0]
    ys = [0.2, 0.25, 0.3, 0.35]  # +0.05 per doubling: 0.7 seven doublings after 800
    fits = reply_curve.reach(xs, ys, 0.7)
    assert math.isclose(fits["per_doubling"], 0.05)
    assert math.isclose(fits["log_flags_at_target"], 800 * 2**7, rel_tol=1e-6)
    assert reply_curve.reach(xs, list(reversed(ys)), 0.7)["log_flags_at_target"] == math.inf


def test_the_curve_trains_each_held_set_on_that_many_of_the_others() -> None:
    names = ["a", "b", "c", "d"]
    records = [
        test_reply_gate._record(name, i < 6, random.Random(i), fired=i < 5)
        for name in names
        for i in range(40)
    ]
    (result,) = reply_curve.curve(records, [2], [1], 1.0, inner=False)
    assert set(result["held_out"]) == set(names)
    assert result["train_flag_mean"] == 12  # two sets of six flags each
    held = result["held_out"]["a"]
    assert len(held) == 40 and sum(flag for _, flag, _ in held) == 6


def test_character_grams_are_cut_within_words() -> None:
    assert reply_curve.char_grams("No way") == {"ch:<no>", "ch:<way", "ch:way>"}
