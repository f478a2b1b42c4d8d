"""Named word classes (`classes:` in a language file, `@name` in its patterns and guards)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assist.errors import PlaybookErrors
from assist.lint.engine import Linter
from assist.playbook.load import load_playbook
from assist.playbook.patterns import (
    PatternError,
    contract_classes,
    expand_classes,
    forms,
    resolve_classes,
)

TEAM = """\
language: en
guards:
  - "{sorry|apologies}, {go|try} @other @business"
classes:
  business: [gym, shop, store, insurer]
  other: "{another|a different|some other}"
  place: ["@other @business", "@other place"]
rules:
  - id: team-elsewhere
    severity: warning
    phrases:
      - "{try|go to} @place"
    guards:
      - "@other @business {size|colour}"
    why: Sending the customer away.
    say: ["Let me sort it out here."]
    source: team addition
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "team.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    folder = write(tmp_path_factory.mktemp("team"), TEAM)
    return Linter(load_playbook([folder], builtin=False))


def spans(linter: Linter, text: str) -> list[tuple[str, str]]:
    return [(f.rule, text[f.offset : f.offset + f.length]) for f in linter.lint(text)]


def test_a_class_stands_for_each_alternative_in_phrases(team: Linter) -> None:
    text = "Maybe try a different gym then. Go to some other place."
    assert spans(team, text) == [
        ("team-elsewhere", "try a different gym"),
        ("team-elsewhere", "Go to some other place"),
    ]
    assert spans(team, "Try another insurer.") == [("team-elsewhere", "Try another insurer")]


def test_classes_work_in_rule_and_language_guards(team: Linter) -> None:
    assert spans(team, "Try a different shop size, it runs small.") == []
    assert spans(team, "Sorry, try another store.") == []


def test_expansion_and_contraction_round_trip() -> None:
    classes = resolve_classes({"a": "{x|y}", "b": "{@a z}"})
    assert classes == {"a": "{x|y}", "b": "{{x|y} z}"}
    expanded = expand_classes("go @b [now]", classes)
    assert [f.text for f in forms(expanded)] == ["go x z", "go x z now", "go y z", "go y z now"]
    assert contract_classes(expanded, classes) == "go @b [now]"
    assert expand_classes("mail help@shop.com", classes) == "mail help@shop.com"


def test_unknown_class_is_an_error_at_the_item(tmp_path: Path) -> None:
    text = TEAM.replace('"{try|go to} @place"', '"{try|go to} @placez"')
    folder = write(tmp_path / "t", text)
    with pytest.raises(PlaybookErrors) as caught:
        load_playbook([folder], builtin=False)
    (error,) = caught.value.errors
    assert (error.location.line, error.location.column) == (12, 9)
    assert "@placez" in str(error)


BROKEN = """\
language: en
classes:
  other: "{another|a different}"
{bad}
rules:
  - id: team-elsewhere
    severity: warning
    phrases: ["try @other shop"]
    why: Sending the customer away.
    say: ["Let me sort it out here."]
    source: team addition
    examples:
      flag: ["Try a different shop."]
"""


@pytest.mark.parametrize(
    ("bad", "column"),
    [('  loop: "@loop x"', 9), ('  bad: "{x|y"', 8), ("  Bad: [x]", 3), ("  empty: []", 10)],
)
def test_a_bad_class_is_an_error_at_its_line_and_the_others_still_work(
    tmp_path: Path, bad: str, column: int
) -> None:
    folder = write(tmp_path / "t", BROKEN.replace("{bad}", bad))
    with pytest.raises(PlaybookErrors) as caught:
        load_playbook([folder], builtin=False)
    (error,) = caught.value.errors
    assert (error.location.line, error.location.column) == (4, column)


def test_a_class_past_the_form_limit_is_an_error() -> None:
    wide = "{" + "|".join(f"w{i}" for i in range(30)) + "}"
    with pytest.raises(PatternError):
        forms(expand_classes("@a @a", resolve_classes({"a": wide})))


def test_explain_shows_a_phrase_with_its_classes(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    folder = write(tmp_path / "t", TEAM)
    result = invoke(
        "playbook", "explain", "--rule", "team-elsewhere", "-p", str(folder), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)["patterns"]
    assert item["pattern"] == "{try|go to} @place"
    assert item["count"] == 2 * (3 * 4 + 3)
    assert [(c["name"], c["column"], c["alternatives"]) for c in item["classes"]] == [
        ("place", 13, 15)
    ]
    unknown = invoke("playbook", "explain", "try @nothing", "-p", str(folder))
    assert unknown.exit_code == 2
