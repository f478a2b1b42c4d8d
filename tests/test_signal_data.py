"""The built-in triage signals themselves: sourced, pointing at real targets, covering the
escalation families in every language, and every example holding."""

from __future__ import annotations

import re

import pytest

from assist.authoring.signals import run_signal_examples
from assist.model import UPSET, Playbook
from assist.playbook.load import load_layers
from assist.triage.engine import Triager

SOURCE = re.compile(r"^(?P<seed>\d{3}_[0-9a-f]{16}\.txt) § \S")
FAMILIES = [
    "safety-threat",
    "abuse",
    "legal-action",
    "asks-for-manager",
    "language-barrier",
    "complains-about-everything",
    "social-media",
    UPSET,
]
TYPES = ["active-hater", "extreme-critic", "formerly-satisfied", "still-satisfied"]


@pytest.fixture(scope="module")
def builtin() -> Playbook:
    result = load_layers()
    assert result.playbook is not None
    return result.playbook


def test_every_signal_is_sourced(builtin: Playbook) -> None:
    bad = [
        s.id for s in builtin.signals if s.source != "team addition" and not SOURCE.match(s.source)
    ]
    assert bad == []


@pytest.mark.parametrize("language", ["en", "he", "ar", "fi"])
def test_every_family_and_type_has_cues_in_every_language(builtin: Playbook, language: str) -> None:
    targets = {s.target for s in builtin.signals if s.language == language}
    assert set(FAMILIES + TYPES) <= targets


def test_every_signal_has_examples_that_hold(builtin: Playbook) -> None:
    report = run_signal_examples(Triager(builtin))
    assert report.untested == ()
    assert [f"{f.signal} {f.expected}: {f.text}" for f in report.failures] == []


def test_no_phrase_is_listed_twice(builtin: Playbook) -> None:
    seen: dict[tuple[str, str], str] = {}
    twice = []
    for signal in builtin.signals:
        for phrase in signal.phrases:
            key = (signal.language, phrase.casefold())
            if key in seen:
                twice.append(f"{phrase!r} in {seen[key]} and {signal.id}")
            seen[key] = signal.id
    assert twice == []


@pytest.mark.parametrize("language", ["en", "he", "ar", "fi"])
def test_each_language_has_negations(builtin: Playbook, language: str) -> None:
    assert builtin.languages[language].negations
    assert builtin.languages[language].conditionals
