"""`assist playbook check` of a team folder reuses the built-in files' own check (their rules'
findings in their texts) and searches the built-in texts for the team's rules only: the
problems must be exactly those of checking everything again, whatever the team folder adds,
changes or disables. The built-in layer is a small one with English and Hebrew rules."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from assist.authoring.check_cache import check_hits, keep_hits
from assist.authoring.checks import quality_problems
from assist.authoring.text_hits import ReusedHits, TextHits
from assist.lint.engine import Linter
from assist.lint.layered import LinterLayering
from assist.playbook import load
from assist.playbook.cache import load_cached
from assist.playbook.load import load_layers

BASE = Path(__file__).parent / "data" / "overlay" / "base"

HEBREW = """\
language: he
rules:
  - id: he-dont-know
    severity: warning
    phrases:
      - "אני לא יודע"
      - "אין לי {מושג|תשובה}"
    why: It slams the door on the customer.
    say:
      - "אבדוק ואחזור אליך."
    source: 000_54fae1396884313a.txt § What to say (and what not to say)
"""

COLLISIONS = """\
rules:
  - id: team-no-clue
    severity: warning
    phrases:
      - "don't know"
      - "wait one minute"
      - "company policy"
      - "nope"
      - "אין לי מושג"
    why: It leaves the customer with nothing.
    say:
      - "I don't know yet, let me check."
      - "Please hurry up and reply."
    source: team addition
    examples:
      flag: ["Sorry, I dont know."]
      pass: ["Let me check.", "That is company policy, sadly."]
overrides:
  - id: hurry-up
    phrases: ["hurry up", "no idea"]
    say: ["Thanks for waiting, I don't know yet."]
disable: [company-policy]
"""

NEW_HEBREW_WORD = """\
rules:
  - id: team-he-busy
    severity: warning
    phrases: ["אני עסוק מדי"]
    why: It tells the customer they are a burden.
    say: ["אני כאן בשבילך."]
    source: team addition
"""

NEW_FILLER = """\
language: en
fillers: [honestly]
rules:
  - id: team-busy
    severity: warning
    phrases: ["I am too busy"]
    why: It tells the customer they are a burden.
    say: ["I am here for you."]
    source: team addition
"""


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built-in layer of the small English rules and two Hebrew ones; a cache of the test."""
    folder = tmp_path / "builtin"
    shutil.copytree(BASE, folder)
    (folder / "playbooks" / "phrases.he.yaml").write_text(HEBREW, encoding="utf-8")
    monkeypatch.setattr(load, "builtin_root", lambda: str(folder))
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return folder


def _lines(problems: list[Any]) -> list[tuple[str, str]]:
    return [(str(p), p.level) for p in problems]


def _both(team: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]], TextHits]:
    """(everything checked again, the check as `assist playbook check` makes it, its hits);
    what the check recorded is kept for the next, as the command keeps it."""
    result = load_layers([team])
    assert not result.errors and result.playbook is not None
    whole = quality_problems(result.playbook, provenance=result.provenance, team=True)
    linter = load_cached([team], Linter, layering=LinterLayering())
    hits = check_hits(linter, team=True)
    reused = quality_problems(linter, provenance=result.provenance, team=True, hits=hits)
    keep_hits(hits)
    return _lines(whole), _lines(reused), hits


def _write(team: Path, text: str) -> None:
    """The team folder's one file, with a modification time of its own (a new cache key)."""
    team.mkdir(exist_ok=True)
    path = team / "team.yaml"
    stamp = path.stat().st_mtime_ns + 1_000_000 if path.exists() else None
    path.write_text(text, encoding="utf-8")
    if stamp is not None:
        os.utime(path, ns=(stamp, stamp))


def _builtin_ids() -> set[str]:
    return {rule.id for rule in load_layers([]).playbook.rules}  # type: ignore[union-attr]


@pytest.mark.usefixtures("builtins")
def test_a_team_check_reusing_the_builtin_check_reports_what_checking_everything_does(
    tmp_path: Path,
) -> None:
    team = tmp_path / "team"
    _write(team, COLLISIONS)
    whole, first, hits = _both(team)  # the first check records the unchanged rules' hits
    assert not isinstance(hits, ReusedHits) and first == whole
    assert hits.known is not None
    assert hits.known.rules == _builtin_ids() - {"hurry-up", "company-policy"}
    _write(team, COLLISIONS.replace("team addition", "team addition, edited"))
    whole, reused, hits = _both(team)
    assert isinstance(hits, ReusedHits)  # the built-in texts were not linted with every rule
    assert reused == whole
    found = "\n".join(line for line, _ in whole)
    # each kind of collision is among them: built-in texts found by team rules (a phrase,
    # an alternative), team texts by built-in rules, an overridden rule's both ways, Hebrew
    for expected in (
        "phrase \"don't know\" also matches phrase \"I don't know\" of rule 'dont-know'",
        "rule 'dont-know': 'say' alternative 1 is flagged by rule 'team-no-clue'",
        "rule 'team-no-clue': 'say' alternative 1 is flagged by rule 'dont-know'",
        "rule 'team-no-clue': 'say' alternative 2 is flagged by rule 'hurry-up'",
        "rule 'hurry-up': 'say' alternative 1 is flagged by rule 'team-no-clue'",
        "rule 'hurry-up': phrase \"no idea\" also matches phrase \"no idea\" of rule 'dont-know'",
        '"אין לי מושג" also matches phrase "אין לי {מושג|תשובה}" of rule \'he-dont-know\'',
        "single word of 4 letters",
        "harmless 'en' reference sentences",  # breadth, asked of the team's rules only
        "fires on the rule's own pass example 2",
    ):
        assert expected in found, expected
    assert "company-policy" not in found  # disabled


@pytest.mark.usefixtures("builtins")
def test_a_team_leaving_a_rule_another_team_changed_runs_the_builtin_check_first(
    tmp_path: Path,
) -> None:
    """The hits a team's first check kept lack the rules it changed: a folder that leaves
    them as built in gets the built-in files' own check, kept for every later check."""
    _write(tmp_path / "first", COLLISIONS)  # changes hurry-up, disables company-policy
    _both(tmp_path / "first")
    other = tmp_path / "other"
    _write(other, NEW_FILLER.replace("language: en\nfillers: [honestly]\n", ""))
    whole, reused, hits = _both(other)
    assert isinstance(hits, ReusedHits) and reused == whole
    assert hits.reused.rules == _builtin_ids()  # hurry-up and company-policy as built in
    _write(tmp_path / "first", COLLISIONS.replace("team addition", "team addition, edited"))
    whole, reused, hits = _both(tmp_path / "first")
    assert isinstance(hits, ReusedHits) and reused == whole


@pytest.mark.usefixtures("builtins")
@pytest.mark.parametrize(
    "name, text", [("he.yaml", NEW_HEBREW_WORD), ("en.yaml", NEW_FILLER)], ids=["stems", "filler"]
)
def test_a_team_folder_that_changes_how_builtin_phrases_match_is_checked_whole(
    tmp_path: Path, name: str, text: str
) -> None:
    """A new Hebrew word (drafts' prefixes are stripped toward it) or a new filler changes
    what built-in rules find: nothing of the built-in check is reused."""
    team = tmp_path / "team"
    team.mkdir()
    (team / name).write_text(text, encoding="utf-8")
    whole, reused, hits = _both(team)
    assert not isinstance(hits, ReusedHits)
    assert reused == whole
