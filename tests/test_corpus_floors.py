"""The natural-wording and real-replies figures never fall below benchmarks/corpus/floors.yaml."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
import yaml

EVAL_PATH = Path(__file__).parent.parent / "benchmarks" / "wording_eval.py"
IDEAS = {
    "dont-know",
    "dont-care",
    "cant-be-bothered",
    "dont-like-you",
    "know-everything",
    "dont-come-back",
    "im-right-youre-wrong",
    "hurry-up",
    "company-policy",
    "transfer-to-manager",
    "not-my-job",
    "blame-customer",
}


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wording_eval", EVAL_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


wording_eval = _load()


FLOOR_REPLY_SETS = ("replies", "replies_dev2")
"""The real-reply sets whose floors the suite checks, beside every wording language: the
merge gate (`wording_eval.py --check floors.yaml`) checks all of them; here two keep the
kind covered at a fifth of the cost (the fourteen sets took ~10 s of CPU a run)."""


@pytest.fixture(scope="module")
def wording() -> dict[str, list[Any]]:
    """The wording corpora, read once per module (~0.8 s of YAML each time)."""
    return wording_eval.load_wording()


@pytest.fixture
def wording_read_once(monkeypatch: pytest.MonkeyPatch, wording: dict[str, list[Any]]) -> None:
    """`evaluate` scores the corpora read once (`wording`) instead of reading them again."""
    monkeypatch.setattr(wording_eval, "load_wording", lambda folder=None: wording)


@pytest.mark.usefixtures("wording_read_once")
def test_nothing_fell_below_the_floors(monkeypatch: pytest.MonkeyPatch) -> None:
    floors = yaml.safe_load(wording_eval.FLOORS.read_text(encoding="utf-8"))
    # evaluate and floor_checks measure the sets of REPLY_SETS: here FLOOR_REPLY_SETS
    sets = {key: wording_eval.REPLY_SETS[key] for key in FLOOR_REPLY_SETS}
    monkeypatch.setattr(wording_eval, "REPLY_SETS", sets)
    figures = wording_eval.public(wording_eval.evaluate())
    assert set(figures["wording"]) == {"en", "he", "ar", "fi"}
    assert wording_eval.floor_checks(figures, floors) == []


def test_floors_cover_every_language_and_the_replies(wording: dict[str, list[Any]]) -> None:
    floors = yaml.safe_load(wording_eval.FLOORS.read_text(encoding="utf-8"))
    assert set(floors["wording"]) == set(wording)
    for limits in floors["wording"].values():
        assert {"recall_min", "false_alarms_per_100_max"} <= set(limits)
    for key in wording_eval.REPLY_SETS:
        assert {"recall_min", "false_alarms_per_1000_max"} <= set(floors[key])


@pytest.mark.parametrize("language", ["en", "he", "ar", "fi"])
def test_wording_corpus_is_well_formed(wording: dict[str, list[Any]], language: str) -> None:
    items = wording[language]
    rules = Counter(item.rule for item in items)
    assert set(rules) - {None} == IDEAS
    least = 15 if language == "en" else 6
    assert min(n for rule, n in rules.items() if rule) >= least
    assert rules[None] >= sum(n for rule, n in rules.items() if rule), "harmless >= positives"
    texts = [item.text for item in items]
    assert len(texts) == len(set(texts)), "duplicate sentences"


@pytest.mark.parametrize(
    "path", list(wording_eval.REPLY_SETS.values()), ids=list(wording_eval.REPLY_SETS)
)
def test_replies_set_is_well_formed(path: Path) -> None:
    replies = wording_eval.load_replies(path)
    assert len(replies) >= 300
    assert len({r["id"] for r in replies}) == len(replies)
    for reply in replies:
        assert reply["judgment"] in {"flag", "borderline", "ok"}
        assert reply["customer"] and reply["reply"] and reply["reason"]
        assert (reply["idea"] is None) == (reply["judgment"] == "ok")


@pytest.mark.usefixtures("wording_read_once")
def test_check_fails_when_a_figure_drops() -> None:
    silent = wording_eval.evaluate(lambda text, reply_to: [])
    noisy = wording_eval.evaluate(lambda text, reply_to: [SimpleNamespace(rule="dont-know")])
    floors = {
        "wording": {"en": {"recall_min": 0.01, "false_alarms_per_100_max": 50}},
        "replies": {"false_alarms_per_1000_max": 10},
    }
    assert any("below the floor" in f for f in wording_eval.floor_checks(silent, floors))
    noisy_failures = wording_eval.floor_checks(noisy, floors)
    assert any("wording.en.false_alarms_per_100" in f for f in noisy_failures)
    assert any("replies.false_alarms_per_1000" in f for f in noisy_failures)


def test_rule_ids_map_to_ideas() -> None:
    assert wording_eval.idea_of("he-dont-know") == "dont-know"
    assert wording_eval.idea_of("ar-youre-wrong") == "im-right-youre-wrong"
    assert wording_eval.idea_of("im-right-youre-wrong") == "im-right-youre-wrong"
    assert wording_eval.idea_of("fi-not-my-job") == "not-my-job"


def test_written_floors_only_go_up() -> None:
    figures = {
        "wording": {"en": {"recall": 0.456, "false_alarms_per_100": 2.001, "rules": {}}},
        "replies": {"recall": 0.2, "false_alarms_per_1000": 0.0},
        "replies_dev2": {"recall": 0.1, "false_alarms_per_1000": 2.4},
        "replies_fresh_a": {"recall": 0.3, "false_alarms_per_1000": 1.8},
        "replies_fresh_c": {"recall": 0.6, "false_alarms_per_1000": 3.5},
        "replies_fresh_d": {"recall": 0.7, "false_alarms_per_1000": 6.2},
        "replies_fresh_b": {"recall": 0.4, "false_alarms_per_1000": 11.5},
        "replies_fresh_e": {"recall": 0.4, "false_alarms_per_1000": 8.0},
        "replies_fresh_f": {"recall": 0.3, "false_alarms_per_1000": 13.4},
        "replies_fresh_g": {"recall": 0.5, "false_alarms_per_1000": 15.2},
        "replies_fresh_h": {"recall": 0.3, "false_alarms_per_1000": 16.4},
        "replies_fresh_i": {"recall": 0.5, "false_alarms_per_1000": 4.3},
        "replies_fresh_j": {"recall": 0.8, "false_alarms_per_1000": 5.2},
        "replies_fresh_k": {"recall": 0.4, "false_alarms_per_1000": 9.9},
        "replies_fresh_l": {"recall": 0.39, "false_alarms_per_1000": 9.0},
    }
    old = {"wording": {"en": {"recall_min": 0.5, "false_alarms_per_100_max": 1.0}}}
    floors = wording_eval.new_floors(figures, old)
    assert floors["wording"]["en"] == {
        "recall_min": 0.5,
        "false_alarms_per_100_max": 1.0,
        "rules": {},
    }
    fresh = wording_eval.new_floors(figures)
    assert fresh["wording"]["en"]["recall_min"] == 0.45
    assert fresh["wording"]["en"]["false_alarms_per_100_max"] == 2.01
    assert fresh["replies"] == {"recall_min": 0.2, "false_alarms_per_1000_max": 0.0}
    assert fresh["replies_dev2"] == {"recall_min": 0.1, "false_alarms_per_1000_max": 2.4}


def test_reply_to_is_passed_once_lint_text_accepts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import assist

    seen: list[str | None] = []

    def lint_text(text: str, *, reply_to: str | None = None) -> list[Any]:
        seen.append(reply_to)
        return []

    monkeypatch.setattr(assist, "lint_text", lint_text, raising=False)
    lint = wording_eval.make_lint()
    lint("We can't do that.", "Where is my refund?")
    lint("We can't do that.", None)
    assert seen == ["Where is my refund?", None]
