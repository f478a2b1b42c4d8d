"""A team layer over the cached built-in entry gets the words and stems a whole compile
has, without building every built-in phrase: the vocabulary without the rules the layer
hides comes from the built-in entry's word -> rules text (or, when that text does not fit,
from every phrase). And the sieve's `rules_in_reach` keeps every rule that finds something."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assist.lint.engine import Linter
from assist.lint.layered import LayeredIndex, LinterLayering
from assist.playbook.cache import load_cached
from assist.playbook.patterns import PatternError, forms

TEAM = """overrides:
  - id: company-policy
    severity: error
  - id: dont-know
    phrases: ["no clue", "I {don't|do not} know"]
disable: [hurry-up]
rules:
  - id: team-as-i-said
    severity: warning
    phrases: ["as I said earlier", "like I told you"]
    why: It tells the customer they did not listen.
    say: ["Let me put that another way."]
    source: team addition
"""
DRAFTS = (
    "As I said earlier, I don't know why the parcel is late. Hurry up and reply.",
    "No clue, that's company policy, like I told you.",
    "Honestly, I dont knwo why the order is late.",
    "אני לא יודעת מה קרה, ואתה טועה.",
)


def in_force(index: LayeredIndex) -> frozenset[str]:
    """The words of the phrase forms of the rules in force, from every compiled phrase."""
    return frozenset(
        w for part in index.parts for p in part.phrases if p.rule.id not in part.hidden
        for w in p.words
    )  # fmt: skip


@pytest.fixture()
def team_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "team.yaml").write_text(TEAM, encoding="utf-8")
    return folder


@pytest.fixture()
def cache(builtin_entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's cache folder, holding the built-in entry only (as after a first lint): a
    copy of the run's (conftest), not a Linter built in parts again (~6 s of CPU)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    for entry in builtin_entry.glob("playbook-*.json"):
        shutil.copy2(entry, folder / entry.name)
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(folder))
    return folder


def test_a_layer_hiding_rules_has_the_words_of_the_rules_in_force(
    team_folder: Path, cache: Path
) -> None:
    builtin = load_cached([], Linter, layering=LinterLayering())
    assert isinstance(builtin.index, LayeredIndex)
    users = builtin.index.word_users()  # read back from the built-in entry
    assert users is not None and set(users) == builtin.index.vocabulary
    layered = load_cached([team_folder], Linter, layering=LinterLayering())
    index = layered.index
    assert isinstance(index, LayeredIndex)
    hidden = {r for part in index.parts for r in part.hidden}
    assert hidden == {"company-policy", "dont-know", "hurry-up"}
    assert index.vocabulary == in_force(index)
    # words only the disabled and overridden rules had are gone, the team's are there
    assert "hurry" not in index.vocabulary and "hurry" in builtin.index.vocabulary
    assert {"clue", "earlier"} <= index.vocabulary
    assert index.canonical == builtin.index.canonical


def test_a_damaged_word_rules_text_falls_back_to_every_phrase(
    team_folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assist.lint.layered as layered_module

    def damaged(*_: object) -> dict[str, frozenset[str]]:
        raise ValueError("does not fit")

    monkeypatch.setattr(layered_module, "_users_read", damaged)
    builtin = load_cached([], Linter, layering=LinterLayering())
    assert isinstance(builtin.index, LayeredIndex) and builtin.index.word_users() is None
    layered = load_cached([team_folder], Linter, layering=LinterLayering())
    assert isinstance(layered.index, LayeredIndex)
    assert layered.index.vocabulary == in_force(layered.index)


def test_rules_in_reach_keep_every_rule_that_finds_something(
    team_folder: Path, cache: Path
) -> None:
    layered = load_cached([team_folder], Linter, layering=LinterLayering())
    found_any = False
    for draft in DRAFTS:
        reach = layered.index.rules_in_reach(layered.index.words_of(draft))
        assert reach is not None
        found = {f.rule for f in layered.lint(draft, languages=["en", "he", "ar", "fi"])}
        assert found <= reach, draft
        assert "hurry-up" not in reach  # disabled: never in reach
        found_any = found_any or bool(found)
    assert found_any


def test_a_patterns_forms_are_worked_out_once_and_errors_every_time() -> None:
    pattern = "I {will|'ll} {call|ring} you [back]"
    assert forms(pattern) is forms(pattern)
    assert len(forms(pattern, free_order=True)) >= len(forms(pattern))
    for _ in range(2):
        with pytest.raises(PatternError):
            forms("I {will|'ll call you")
