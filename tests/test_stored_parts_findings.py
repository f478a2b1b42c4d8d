"""What a cold `assist lint` flags when the playbook index is read back from the cache in
parts, on drafts that reach the corners of the read-back the whole-playbook comparisons miss:
a slip in the word a fuzzy phrase is filed under (the deletion index's buckets and the stored
typo budgets), and a team's Hebrew word written with a prefix (the team part's vocabulary).
Each draft here is flagged by a whole compile of the same playbook."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from entries import compile_counter

from assist.lint.engine import Linter
from assist.playbook.load import load_playbook

Invoke = Callable[..., Any]


Found = list[tuple[str, str, int]]


def flagged(invoke: Invoke, text: str, language: str, *options: str) -> Found:
    """(rule, matched text, score) of each finding of a cold `assist lint --text` (a fresh app
    reads the playbook's entries from the cache), in the draft's order."""
    result = invoke("lint", "--text", text, "--language", language, "-f", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["matched"], f["score"]) for f in json.loads(result.stdout)["findings"]]


def compiled_whole(linter: Linter, text: str, language: str) -> Found:
    """What `flagged` gives, from a whole compile of the same playbook."""
    return [(f.rule, f.matched, f.score) for f in linter.lint(text, languages=[language])]


SmallWarm = tuple[Path, Linter]


def each_flagged_cold(invoke: Invoke, whole: Linter, texts: list[str], rule: str) -> None:
    """Each text, linted cold as a draft of its own (its own candidates), is flagged by `rule`
    as a whole, with the score a whole compile gives."""
    found = [flagged(invoke, text, "en") for text in texts]
    assert [[(name, matched) for name, matched, _ in one] for one in found] == [
        [(rule, text.rstrip("."))] for text in texts
    ]
    assert found == [compiled_whole(whole, text, "en") for text in texts]


def test_a_slip_in_any_letter_of_the_word_a_phrase_is_filed_under_is_flagged(
    invoke: Invoke, small_warm: SmallWarm
) -> None:
    """The phrase "wait your turn" (two typos allowed, one in "wait") is filed under the
    variants of "wait" with a letter deleted, a line each in the stored deletion index's
    buckets: a slip in each letter meets it through one of them, a bucket's first line too."""
    texts = [f"{slip} your turn." for slip in ("Qait", "Wsit", "Waot", "Waiy")]
    each_flagged_cold(invoke, small_warm[1], texts, "hurry-up")


def test_a_typo_a_phrase_allows_in_the_word_it_is_filed_under_is_flagged(
    invoke: Invoke, small_warm: SmallWarm
) -> None:
    """The phrase "hurry up" allows one typo, and a slip in "hurry" spends it: the phrase
    stays a candidate with the typo budget stored for it, whichever letter slipped."""
    texts = [f"{slip} up." for slip in ("Jurry", "Hirry", "Hutry", "Hurey", "Hurrt")]
    each_flagged_cold(invoke, small_warm[1], texts, "hurry-up")


TEAM_HEBREW = """language: he
rules:
  - id: team-he-quiet
    severity: warning
    phrases: ["שקט עכשיו"]
    why: It silences the customer.
    say: ["אני מקשיב."]
    source: team addition
"""


@pytest.mark.usefixtures("small_warm")
def test_a_team_word_with_a_hebrew_prefix_is_flagged_when_the_team_part_is_read_back(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft's "ושקט" is "and" + "שקט", a word only the team's phrase holds (three
    letters: no typo allowed): prefixes are stripped toward every part's words, the team
    part's too, after an edit (the team part compiled) and when it is read back."""
    team = tmp_path / "team"
    team.mkdir()
    (team / "he.yaml").write_text(TEAM_HEBREW, encoding="utf-8")
    text = "ושקט עכשיו"
    expected = compiled_whole(Linter(load_playbook([team])), text, "he")
    assert expected == [("team-he-quiet", text, 100)]
    options = ("--playbooks", str(team))
    assert flagged(invoke, text, "he", *options) == expected  # compiled, then stored
    compiled = compile_counter(monkeypatch)
    assert flagged(invoke, text, "he", *options) == expected
    assert compiled == []  # both entries read back: the team part is the stored one
