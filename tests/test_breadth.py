"""`assist playbook explain` and the too-broad warnings of `assist playbook check`, through the
CLI on a small fixture team layer (tests/data/breadth) over the small base built-ins, so the
built-in playbooks' own warnings never reach these tests. Assertions are on counts, columns,
`file:line:col` positions, warning kinds and exit codes, not on wording."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assist.authoring.breadth import reference
from assist.playbook.patterns import forms, outline

TEAM = Path(__file__).parent / "data" / "breadth"
LEAD = "I {will|'ll|am going to} {transfer|put} you [through] to {the|my|a} {manager|supervisor}"
POSITION = re.compile(r"^(\S+?):(\d+):(\d+): warning: ")


@pytest.fixture
def team(tmp_path: Path, base_builtins: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture team folder, copied, with the current folder free of any assist.toml."""
    folder = tmp_path / "team"
    shutil.copytree(TEAM, folder)
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def assist(invoke: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: str) -> Any:
        return invoke(*args, env={"COLUMNS": "80", "NO_COLOR": "1", "ASSIST_NO_CACHE": "1"})

    return run


def explained(assist: Callable[..., Any], *args: str) -> list[dict[str, Any]]:
    done = assist("playbook", "explain", "--format", "json", *args)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["patterns"]


def line_of(folder: Path, fragment: str) -> int:
    lines = (folder / "team.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


def kinds(item: dict[str, Any]) -> set[str]:
    return {warning["kind"] for warning in item["warnings"]}


# explain -------------------------------------------------------------------------------------


def test_explain_counts_samples_and_places_every_group(assist, team: Path) -> None:
    (item,) = explained(assist, "-p", str(team), "--sample", "5", LEAD)
    assert (item["count"], item["written"], item["more"]) == (48, 72, 43)  # I'll = I will
    assert item["forms"][0] == "I will transfer you to the manager"
    assert len(item["forms"]) == 5
    assert [(c["column"], len(c["options"])) for c in item["choices"]] == [
        (3, 3), (26, 2), (58, 3), (69, 2),
    ]  # fmt: skip
    assert [(o["column"], o["words"]) for o in item["optional"]] == [(45, "through")]
    assert item["gaps"] == [] and item["warnings"] == []
    (sample_all,) = explained(assist, "-p", str(team), "--sample", "0", LEAD)
    assert len(sample_all["forms"]) == 48 and sample_all["more"] == 0


def test_explain_text_lists_a_sample_and_how_many_more(assist, team: Path) -> None:
    done = assist("playbook", "explain", "-p", str(team), "--sample", "3", LEAD)
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert "48" in lines[1] and "72" in lines[1]
    assert lines[2:5] == [
        "    I will transfer you to the manager",
        "    I will transfer you to the supervisor",
        "    I will transfer you to my manager",
    ]
    assert "45" in lines[5]


def test_explain_shows_where_a_gap_stands(assist, team: Path) -> None:
    (item,) = explained(assist, "-p", str(team), "hand you ... {manager|boss}")
    assert item["gaps"] == [
        {"column": 10, "before": "you", "after": "{manager|boss}", "max_words": 3}
    ]
    assert item["forms"] == ["hand you ... manager", "hand you ... boss"]


def test_explain_a_rule_gives_each_phrase_at_its_place(assist, team: Path) -> None:
    items = explained(assist, "-p", str(team), "--rule", "team-transfer")
    assert [i["pattern"] for i in items] == [LEAD, "hand you ... {manager|boss}"]
    lines = [i["location"]["line"] for i in items]
    assert lines == [line_of(team, "{transfer|put}"), line_of(team, "hand you")]
    assert {Path(i["location"]["file"]).name for i in items} == {"team.yaml"}
    assert all(i["rule"] == "team-transfer" for i in items)


def test_explain_shows_what_a_rules_guard_cancels(assist, team: Path) -> None:
    (item,) = explained(assist, "-p", str(team), "--rule", "team-rush")
    (own,) = [g for g in item["guards"] if g["scope"] == "rule"]
    assert own["forms"] == 4
    assert "rush your answer to the refund" in own["inside"]
    (language,) = [g for g in item["guards"] if g["scope"] == "language"]
    assert language["inside"] == [] and language["next_to"] == ["I'm not saying rush your answer"]
    # The demonstrations are real: the wording passes lint, the pattern alone is flagged.
    for text, expected in [
        (own["inside"][0], 0),
        (language["next_to"][0], 0),
        ("rush your answer", 1),
    ]:
        done = assist("lint", "--playbooks", str(team), "--format", "json", "--text", text)
        assert len(json.loads(done.stdout)["findings"]) == expected


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("so what", "common-words"),
        ("let me do that", "common-words"),
        ("whatever", "short"),
        ("call you", "short"),
        ("sorry ... we", "gap"),
        ("{the|your} order", "harmless"),
    ],
)
def test_explain_warns_about_each_way_a_pattern_is_too_broad(
    assist, team: Path, pattern: str, kind: str
) -> None:
    (item,) = explained(assist, "-p", str(team), pattern)
    assert kind in kinds(item)


@pytest.mark.parametrize("pattern", [LEAD, "hand you ... {manager|boss}", "rush your answer"])
def test_explain_finds_nothing_broad_in_a_specific_pattern(
    assist, team: Path, pattern: str
) -> None:
    (item,) = explained(assist, "-p", str(team), pattern)
    assert item["warnings"] == []


def test_explain_under_a_rule_checks_its_pass_examples(assist, team: Path) -> None:
    (item,) = explained(assist, "-p", str(team), "--rule", "team-broad", "call you back later")
    assert "own-pass" in kinds(item)
    (alone,) = explained(assist, "-p", str(team), "call you back later")
    assert "own-pass" not in kinds(alone)


def test_explain_in_another_language_uses_its_word_list(assist, team: Path) -> None:
    # The base built-ins define only English; a team file adds Finnish (fillers included).
    (team / "fi.yaml").write_text("language: fi\nfillers: [todella]\n", encoding="utf-8")
    (item,) = explained(assist, "-p", str(team), "--language", "fi", "en todella ole")
    assert "common-words" in kinds(item)
    (item,) = explained(assist, "-p", str(team), "--language", "fi", "olet väärässä nyt heti")
    assert item["warnings"] == []


@pytest.mark.parametrize(
    ("language", "pattern", "short"),
    [
        ("fi", "en tiedä", False),  # the negation verb carries the person: "I don't know"
        ("fi", "olet väärässä", False),
        ("fi", "tiedä nyt", True),  # an adverb makes no clause
        ("he", "אתה טועה", False),  # pronoun + predicate, no copula
        ("he", "לא יודע", False),
        ("he", "ואתה טועה", False),  # a prefixed clause word is still one
        ("he", "טועה כבר", True),
        ("ar", "لا أهتم", False),
        ("ar", "أنت مخطئ", False),
        ("en", "no clue", True),  # English needs its subject and auxiliary
        ("en", "go away", True),
    ],
)
def test_short_knows_which_common_words_make_a_clause_in_the_language(
    assist, team: Path, language: str, pattern: str, short: bool
) -> None:
    if language != "en":  # the base built-ins define only English
        (team / f"{language}.yaml").write_text(f"language: {language}\n", encoding="utf-8")
    (item,) = explained(assist, "-p", str(team), "--language", language, pattern)
    assert ("short" in kinds(item)) is short


def test_a_short_form_whose_words_a_guard_deals_with_is_not_reported(assist, team: Path) -> None:
    # team-rush guards "rush your answer {to|for} the {refund|claim}": the harmless uses of
    # "rush" are dealt with, so "rush it" under that rule is no longer short; alone it is.
    (alone,) = explained(assist, "-p", str(team), "rush it")
    assert "short" in kinds(alone)
    (guarded,) = explained(assist, "-p", str(team), "--rule", "team-rush", "rush it")
    assert "short" not in kinds(guarded)
    (other,) = explained(assist, "-p", str(team), "--rule", "team-rush", "hurry it")
    assert "short" in kinds(other)


@pytest.mark.parametrize(
    "args",
    [
        ("{a|b",),
        ("a ... ... b",),
        ("—",),
        ("",),
        ("a " + "{b|c} " * 10,),
        ("--rule", "no-such-rule"),
        ("--language", "xx", "hello there"),
        ("--rule", "team-rush", "--language", "en"),
        (),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(assist, team: Path, args: tuple[str, ...]) -> None:
    done = assist("playbook", "explain", "-p", str(team), *args)
    assert done.exit_code == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


PATTERNISH = st.text(alphabet="ab {}[]|.'\n\x1b—", max_size=30)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pattern=st.one_of(PATTERNISH, st.text(max_size=30)))
def test_explain_never_crashes(assist, team: Path, pattern: str) -> None:
    done = assist("playbook", "explain", "-p", str(team), "--", pattern)
    assert done.exit_code in (0, 2), done.output
    if done.exit_code == 2:
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    else:
        assert done.stdout.startswith("pattern ") and "\x1b" not in done.stdout


@given(pattern=PATTERNISH)
def test_outline_places_each_group_where_it_is_written(pattern: str) -> None:
    try:
        forms(pattern)
    except ValueError:
        return
    for group in outline(pattern):
        assert pattern[group.column - 1 :].startswith(group.text)


# check ---------------------------------------------------------------------------------------


def test_check_warns_at_each_too_broad_pattern_and_only_there(assist, team: Path) -> None:
    done = assist("playbook", "check", str(team))
    assert done.exit_code == 0, done.output
    warned = {
        (Path(m[1]).name, int(m[2]), int(m[3]))
        for m in map(POSITION.match, done.stderr.splitlines())
        if m
    }
    broad = ['- "so what"', '- "whatever"', '- "sorry ... we"', '- "{the|your} order"']
    broad.append('- "call you back later"')
    assert warned == {("team.yaml", line_of(team, b), 9) for b in broad}
    assert assist("playbook", "check", "--strict", str(team)).exit_code == 2


def test_check_names_the_pass_example_a_pattern_fires_on(assist, team: Path) -> None:
    done = assist("playbook", "check", str(team))
    line = line_of(team, '- "call you back later"')
    (warning,) = [w for w in done.stderr.splitlines() if w.startswith(f"team/team.yaml:{line}:")]
    assert "team-broad" in warning and "call you back later today" in warning


# data ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "he", "ar", "fi"])
def test_every_built_in_language_has_reference_data(language: str) -> None:
    data = reference(language)
    assert data is not None and data.language == language
    assert len(data.common) >= 40 and len(data.harmless) >= 50
    assert len(set(data.common)) == len(data.common)


def test_unknown_or_odd_language_codes_have_no_reference_data() -> None:
    assert reference("xx") is None and reference("../en") is None


def test_texts_linted_in_chunks_give_what_each_text_linted_alone_gives(team: Path) -> None:
    # the breadth and phrase checks lint reference sentences and pattern forms joined in
    # chunks (assist.authoring.batch): the same findings as one lint per text, every language
    from assist.authoring.batch import every_language, lint_in_chunks
    from assist.lint.engine import Linter
    from assist.playbook.load import load_playbook

    linter = Linter(load_playbook([team]))  # the small base layer and the broad team rules
    texts = [s for code in ("en", "he", "ar", "fi") for s in reference(code).harmless]  # type: ignore[union-attr]
    texts += [p for rule in linter.playbook.rules for p in rule.phrases]
    codes = every_language(linter)

    def seen(findings: list[Any]) -> list[tuple[str, str, str, int]]:
        return [(f.rule, f.phrase, f.matched, f.score) for f in findings]

    chunked = [seen(found) for found in lint_in_chunks(linter, texts)]
    alone = [seen(linter.lint(text, languages=codes)) for text in texts]
    assert chunked == alone
    assert sum(map(bool, alone)) > 20  # the broad team patterns flag harmless sentences
