"""Playbook authoring as a team lead sees it: examples as tests, conflict checks, overlays,
the starter folder and the resolved view. Assertions are on exit codes, rule ids and
`file:line:col` positions, not on wording.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builtin_check import builtin_check_problems, builtin_checked  # noqa: F401 (a fixture)

from assist.authoring.checks import fails_check, quality_problems
from assist.authoring.examples import render_examples, run_examples
from assist.lint.engine import Linter, default_linter
from assist.playbook.load import load_layers, load_playbook

LINTER = default_linter()  # the compiled built-ins: passing BUILTIN would compile them again
BUILTIN = LINTER.playbook  # the process-wide built-ins, compiled once
RULE_IDS = [rule.id for rule in BUILTIN.rules]
POSITION = re.compile(r"^(\S+?):(\d+):(\d+): ")


@pytest.fixture
def assist(invoke: Callable[..., Any]) -> Callable[..., Any]:
    """Run the real `assist` app in-process: `assist("lint", "--text", "...")`."""

    def run(*args: str) -> Any:
        return invoke(*args, env={"COLUMNS": "80", "NO_COLOR": "1"})  # the run's own cache

    return run


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder, so no assist.toml but the test's own applies."""
    monkeypatch.chdir(tmp_path)


def team_problems(folder: Path) -> list[Any]:
    """The quality problems of the built-ins with one team folder, as `playbook check` sees."""
    result = load_layers([folder])
    return quality_problems(result.playbook, provenance=result.provenance, team=True)


def team(tmp_path: Path, text: str, name: str = "team.yaml", folder: str = "team") -> Path:
    """Write one playbook file into a team folder and return the folder."""
    path = tmp_path / folder / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.parent


def line_of(folder: Path, fragment: str, name: str = "team.yaml") -> int:
    """1-based line of the first line containing `fragment`."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


def team_lines(text: str) -> list[str]:
    """The lines about files of the test's team folder (not the built-in warnings)."""
    return [line for line in text.splitlines() if line.startswith("team/")]


def positions(text: str) -> list[tuple[str, int]]:
    """(file name, line) of every `file:line:col: ` line."""
    found = (POSITION.match(line.strip()) for line in text.splitlines())
    return [(Path(m[1]).name, int(m[2])) for m in found if m]


RULE = """\
rules:
  - id: team-last-email
    severity: warning
    phrases:
      - "{phrase}"
    why: It tells the customer they should have read more carefully.
    say:
      - "{say}"
    source: team playbook
    examples:
      flag:
        - "Per my last email, the refund is on its way."
        - "Kindly check, per my last email."
        - "Per my last emails, nothing has changed."
      pass:
        - "As I wrote in my last email, the refund is on its way."
        - "My last email had the tracking number."
        - "Per our call, I have sent the label."
"""


def email_rule(phrase: str = "per my last email", say: str = "Here is a short recap.") -> str:
    """A team rule with three flag and three pass examples; all pass as written."""
    return RULE.format(phrase=phrase, say=say)


# Examples as tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_builtin_rule_ships_three_flag_and_three_pass_examples(rule_id: str) -> None:
    examples = BUILTIN.rule(rule_id).examples
    assert examples is not None
    assert len(examples.flag) >= 3 and len(examples.passes) >= 3


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_builtin_examples_pass(rule_id: str) -> None:
    report = run_examples(LINTER, rule_ids=[rule_id])
    assert not report.failed, "\n".join(render_examples(report))
    assert report.examples >= 6


def test_playbook_test_fails_naming_the_example_then_passes_after_the_fix(
    assist, tmp_path: Path
) -> None:
    folder = team(tmp_path, email_rule(phrase="per my previous email"))
    # the failing run on the team rule only (--rule: 7 s of CPU less); the fix is run whole
    done = assist("playbook", "test", str(folder), "--rule", "team-last-email")
    assert done.exit_code == 1
    assert (
        "team-last-email" in done.stdout
        and "Per my last email, the refund is on its way." in done.stdout
    )
    flag_lines = [line_of(folder, "Per my last email,"), line_of(folder, "Kindly check")]
    assert ("team.yaml", line_of(folder, "- id: team-last-email")) in positions(done.stdout)
    assert {("team.yaml", n) for n in flag_lines} <= set(positions(done.stdout))

    team(tmp_path, email_rule())
    done = assist("playbook", "test", str(folder))
    assert done.exit_code == 0, done.stdout
    rules = rf"ok: {len(RULE_IDS) + 1} rules, \d+ examples\n"
    summary = rules + r"signals ok: \d+ signals, \d+ examples\n"
    summary += r"ok: \d+ context rules, \d+ examples\n"  # customer message + reply pairs
    summary += r"ok: \d+ reply elements, \d+ examples\n"
    assert re.fullmatch(summary, done.stdout)


@pytest.mark.usefixtures("base_builtins")  # about the team rule or the option
def test_flag_example_that_does_not_match_says_where_it_was_rejected(tmp_path: Path) -> None:
    folder = team(tmp_path, email_rule(phrase="per my last email again"))
    playbook = load_playbook([folder])
    report = run_examples(playbook, rule_ids=["team-last-email"])
    (result,) = report.failed
    first = result.failures[0]
    assert (first.expected, first.text) == ("flag", "Per my last email, the refund is on its way.")
    assert '"per my last email again"' in first.hint and "again" in first.hint


@pytest.mark.usefixtures("base_builtins")
def test_why_a_flag_example_is_missed_is_the_same_from_the_cached_layers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `playbook test` explains a miss from the cached parts, searching only the rule's part
    from assist.authoring.examples import why_not
    from assist.lint.layered import LayeredIndex, LinterLayering
    from assist.playbook.cache import load_cached

    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "cache"))
    override = "overrides:\n  - id: hurry-up\n    phrases: [hurry up now]\n"
    folder = team(tmp_path, email_rule(phrase="per my last email again") + override)
    layered = load_cached([folder], Linter, layering=LinterLayering())
    assert isinstance(layered.index, LayeredIndex)
    whole = Linter(load_playbook([folder]))
    drafts = {
        "team-last-email": ["Per my last email, the refund is on its way.", "per my last emial"],
        "hurry-up": ["Hurry up, please.", "hurry up now!", "Please hurry now."],
        "dont-know": ["I dont no why.", "No idea at all.", "Would you be willing to wait"],
    }
    hints = {
        (rule_id, text): why_not(layered, whole.playbook.rule(rule_id), text)
        for rule_id, texts in drafts.items()
        for text in texts
    }
    assert hints == {key: why_not(whole, whole.playbook.rule(key[0]), key[1]) for key in hints}
    assert len(set(hints.values())) > 2  # near misses, no line-up, a match in an alternative


@pytest.mark.usefixtures("base_builtins")
def test_pass_example_flagged_by_another_rule_names_it(assist, tmp_path: Path) -> None:
    text = email_rule().replace("My last email had the tracking number.", "Honestly, I don't know.")
    folder = team(tmp_path, text)
    done = assist("playbook", "test", str(folder))
    assert done.exit_code == 1
    assert "'dont-know'" in done.stdout and "Honestly, I don't know." in done.stdout
    assert ("team.yaml", line_of(folder, "I don't know")) in positions(done.stdout)


@pytest.mark.usefixtures("base_builtins")  # about the override: the small layer's dont-know
def test_examples_set_by_an_override_are_located_in_the_team_file(assist, tmp_path: Path) -> None:
    folder = team(
        tmp_path,
        "overrides:\n  - id: dont-know\n    examples:\n"
        '      flag: ["I do know the answer."]\n      pass: ["Let me check."]\n',
    )
    done = assist("playbook", "test", "--rule", "dont-know", str(folder))
    assert done.exit_code == 1
    found = positions(done.stdout)
    assert ("team.yaml", 4) in found  # the failing flag example, in the team file
    assert ("phrases.yaml", load_playbook().rule("dont-know").origin.line) in found


def test_playbook_that_does_not_load_exits_2_with_positions(assist, tmp_path: Path) -> None:
    folder = team(tmp_path, email_rule().replace("severity: warning", "severity: fatal"))
    done = assist("playbook", "test", str(folder))
    assert done.exit_code == 2
    assert positions(done.stderr) == [("team.yaml", line_of(folder, "severity: fatal"))]


@pytest.mark.usefixtures("base_builtins")  # about the team rule or the option
def test_rule_option_runs_one_rule_and_rejects_unknown_ids(assist) -> None:
    done = assist("playbook", "test", "--rule", "dont-know")  # of the 3 base rules
    assert done.exit_code == 0
    assert done.stdout.startswith("ok: 1 rule, ")
    done = assist("playbook", "test", "--rule", "no-such-rule")
    assert done.exit_code == 2 and "no-such-rule" in done.stderr


@pytest.mark.usefixtures("base_builtins")  # about the team rule or the option
def test_failure_report_fits_80_columns(tmp_path: Path) -> None:
    long_example = "Per my last email, " + "the parcel is on its way and will arrive soon, " * 4
    text = email_rule(phrase="per my previous email").replace(
        "Kindly check, per my last email.", long_example
    )
    report = run_examples(load_playbook([team(tmp_path, text)]), rule_ids=["team-last-email"])
    lines = render_examples(report)
    assert lines[-1].startswith("failed: 3 of 6 examples")
    assert all(len(line) <= 80 or " " not in line.strip() for line in lines), lines


@pytest.mark.usefixtures("base_builtins")  # about the team rule
def test_rules_without_examples_are_named_in_the_summary(tmp_path: Path) -> None:
    text = email_rule().split("    examples:")[0]
    report = run_examples(load_playbook([team(tmp_path, text)]))
    # dont-know has examples in the small layer, its other two rules none
    assert report.untested == ("hurry-up", "company-policy", "team-last-email")
    assert "team-last-email" in render_examples(report)[-1]


# Conflict and quality checks -----------------------------------------------------------------


@pytest.mark.usefixtures("base_builtins")  # its built-in files have too-broad warnings too
def test_a_teams_check_leaves_out_warnings_in_builtin_files(tmp_path: Path) -> None:
    builtin = load_layers()
    own = quality_problems(builtin.playbook, provenance=builtin.provenance)
    assert own and all(p.level == "warning" for p in own)  # left out of the team's check
    folder = team(tmp_path, email_rule())
    problems = team_problems(folder)
    assert problems == [] and not fails_check(problems, strict=True)


@pytest.mark.xdist_group("builtin-check")  # tests/builtin_check.py: made once per run
def test_builtin_playbook_has_no_quality_errors_and_no_short_phrases() -> None:
    # the built-ins' own check without the too-broad warnings (assist's own to tune)
    problems = builtin_check_problems()
    assert [str(p) for p in problems if p.level == "error"] == []
    assert [str(p) for p in problems] == []  # nor warnings: phrases long enough


@pytest.mark.usefixtures("base_builtins")  # the small built-in layer: checks of team files
def test_alternative_that_a_rule_flags_is_an_error(assist, tmp_path: Path) -> None:
    folder = team(tmp_path, email_rule(say="Hurry up, here is a recap."))
    done = assist("playbook", "check", str(folder))
    assert done.exit_code == 2
    (line,) = team_lines(done.stderr)
    assert positions(line) == [("team.yaml", line_of(folder, "Hurry up"))]
    assert "team-last-email" in line and "hurry-up" in line


@pytest.mark.usefixtures("base_builtins")
def test_phrase_another_rule_matches_is_an_error_naming_both(assist, tmp_path: Path) -> None:
    folder = team(tmp_path, email_rule(phrase="per my last email, I don't know"))
    done = assist("playbook", "check", str(folder))
    assert done.exit_code == 2
    (line,) = team_lines(done.stderr)
    assert positions(line)[0] == ("team.yaml", line_of(folder, "per my last email, I don't know"))
    assert "'team-last-email'" in line and "'dont-know'" in line
    layers = load_layers()
    dont_know = layers.playbook.rule("dont-know")
    there = layers.provenance.locate(dont_know, "phrases", dont_know.phrases.index("I don't know"))
    assert f"{there.file}:{there.line}:" in line  # where the other rule's phrase is


@pytest.mark.usefixtures("base_builtins")
def test_a_pattern_another_rule_matches_in_a_later_form_is_an_error(tmp_path: Path) -> None:
    # its own rule fires in its first form; only the third is another rule's wording
    pattern = "{per my last email|as per my email|I don't know}"
    folder = team(tmp_path, email_rule(phrase=pattern))
    (problem,) = [p for p in team_problems(folder) if p.level == "error"]
    assert "'team-last-email'" in problem.message and "'dont-know'" in problem.message
    assert problem.location.line == line_of(folder, pattern)


@pytest.mark.usefixtures("base_builtins")
def test_two_team_rules_matching_each_other_are_reported_once(tmp_path: Path) -> None:
    second = email_rule(phrase="per my last emails").replace("team-last-email", "team-emails")
    folder = team(tmp_path, email_rule() + second.replace("rules:\n", ""))
    problems = team_problems(folder)
    (problem,) = [p for p in problems if p.level == "error"]
    assert "'team-emails'" in problem.message and "'team-last-email'" in problem.message
    assert problem.location.line == line_of(folder, '- "per my last emails"')  # the later one


@pytest.mark.usefixtures("base_builtins")
def test_phrase_that_never_matches_is_an_error(tmp_path: Path) -> None:
    folder = team(tmp_path, email_rule(phrase="—"))
    problems = team_problems(folder)
    (problem,) = [p for p in problems if p.level == "error"]
    assert "team-last-email" in problem.message
    assert problem.location.line == line_of(folder, '- "—"')


@pytest.mark.usefixtures("base_builtins")
def test_short_phrase_is_a_warning_that_fails_only_with_strict(assist, tmp_path: Path) -> None:
    text = email_rule().replace(
        '      - "per my last email"\n', '      - "per my last email"\n      - "fyi"\n'
    )
    folder = team(tmp_path, text)
    done = assist("playbook", "check", str(folder))
    assert done.exit_code == 0
    (warning,) = team_lines(done.stderr)
    assert positions(warning) == [("team.yaml", line_of(folder, '- "fyi"'))]
    assert ": warning: " in warning and "team-last-email" in warning
    assert assist("playbook", "check", "--strict", str(folder)).exit_code == 2


@pytest.mark.usefixtures("base_builtins")
def test_override_is_checked_where_it_is_written(tmp_path: Path) -> None:
    folder = team(tmp_path, 'overrides:\n  - id: dont-know\n    say: ["Hurry up, please."]\n')
    problems = team_problems(folder)
    (problem,) = [p for p in problems if p.level == "error"]
    assert Path(problem.location.file).name == "team.yaml"
    assert (problem.location.line, problem.location.column) == (3, 11)
    assert "hurry-up" in problem.message


def test_duplicate_id_across_team_files_is_an_error_with_both_places(
    assist, tmp_path: Path
) -> None:
    folder = team(tmp_path, email_rule(), name="a.yaml")
    team(tmp_path, email_rule(), name="b.yaml")
    done = assist("playbook", "check", str(folder))
    assert done.exit_code == 2
    (line,) = team_lines(done.stderr)
    assert positions(line) == [("b.yaml", 2)]
    assert "duplicate id" in line and "a.yaml:2:5" in line


# Overlays ------------------------------------------------------------------------------------


def lint_json(assist, folder: Path, text: str) -> list[dict[str, Any]]:
    done = assist("lint", "--format", "json", "--playbooks", str(folder), "--text", text)
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["findings"]


@pytest.mark.usefixtures("base_builtins")
def test_overlay_adds_a_rule(assist, tmp_path: Path) -> None:
    folder = team(tmp_path, email_rule())
    (finding,) = lint_json(assist, folder, "Sir, per my last email: no.")
    assert (finding["rule"], finding["matched"]) == ("team-last-email", "per my last email")
    assert lint_json(assist, folder, "Thank you, I am listening.") == []


@pytest.mark.usefixtures("base_builtins")  # about the overrides: the small layer's rules
def test_overlay_overrides_severity_phrases_and_say(assist, tmp_path: Path) -> None:
    folder = team(
        tmp_path,
        "overrides:\n"
        "  - id: hurry-up\n    severity: suggestion\n"
        '  - id: dont-know\n    phrases: ["no clue"]\n'
        '  - id: company-policy\n    say: ["Your problem matters to me."]\n',
    )
    (hurry,) = lint_json(assist, folder, "Hurry up, please.")
    assert (hurry["rule"], hurry["severity"]) == ("hurry-up", "suggestion")
    assert lint_json(assist, folder, "I don't know.") == []
    assert [f["rule"] for f in lint_json(assist, folder, "No clue, sorry.")] == ["dont-know"]
    (policy,) = lint_json(assist, folder, "That is according to company policy.")
    assert policy["suggestions"] == ["Your problem matters to me."]


@pytest.mark.usefixtures("base_builtins")
def test_overlay_disables_a_rule(assist, tmp_path: Path) -> None:
    folder = team(tmp_path, "disable:\n  - hurry-up\n")
    assert lint_json(assist, folder, "Hurry up, please.") == []
    done = assist("lint", "--playbooks", str(folder), "--text", "Hurry up, please.")
    assert done.exit_code == 0


# The starter folder --------------------------------------------------------------------------


@pytest.mark.xdist_group("builtin-check")  # tests/builtin_check.py: built-in check once
@pytest.mark.usefixtures("builtin_checked")
def test_init_output_passes_check_and_test(assist, tmp_path: Path) -> None:
    done = assist("playbook", "init", "team")
    assert done.exit_code == 0, done.output
    assert 'playbooks = ["team"]' in (tmp_path / "assist.toml").read_text(encoding="utf-8")
    # --strict fails on anything plain `check` fails on, and on warnings as well
    for command in (("check", "--strict"), ("test",)):
        done = assist("playbook", *command)  # the folder comes from assist.toml
        assert done.exit_code == 0, (command, done.output)
        assert done.stdout.startswith(f"ok: {len(RULE_IDS) + 1} rules")


def test_init_writes_one_entry_of_each_kind(assist, tmp_path: Path) -> None:
    from assist.playbook.schema import SCHEMA_FILE, schema_json

    assert assist("playbook", "init", "team").exit_code == 0
    text = (tmp_path / "team" / "team.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_FILE}\n")
    assert (tmp_path / "team" / SCHEMA_FILE).read_text(encoding="utf-8") == schema_json()
    assert "\n# disable:\n#   - " in text
    playbook = load_playbook([tmp_path / "team"])
    provenance = load_layers([tmp_path / "team"]).provenance
    ours = {key for key, placed in provenance.entries.items() if placed.layer != "built-in"}
    assert {kind for kind, _ in ours} == {"rules", "customer-types", "channels", "steps"}
    (rule_id,) = [entry_id for kind, entry_id in ours if kind == "rules"]
    assert playbook.rule(rule_id).examples.flag
    assert any(step.after for step in playbook.steps if ("steps", step.id) in ours)
    (override,) = [o for os in provenance.overrides.values() for o in os]
    assert override.keys == ("severity",)


def test_init_team_rule_is_linted_through_assist_toml(assist) -> None:
    assert assist("playbook", "init", "team").exit_code == 0
    done = assist("lint", "--format", "json", "--text", "Like I told you, it shipped.")
    assert [f["rule"] for f in json.loads(done.stdout)["findings"]] == ["team-as-i-said"]


def test_init_refuses_to_overwrite_unless_forced(assist, tmp_path: Path) -> None:
    (tmp_path / "assist.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    done = assist("playbook", "init", "team")
    assert done.exit_code == 2
    assert len(done.stderr.splitlines()) == 1 and "assist.toml" in done.stderr
    assert not (tmp_path / "team").exists()
    assert (tmp_path / "assist.toml").read_text(encoding="utf-8") == 'fail-on = "error"\n'
    assert assist("playbook", "init", "team", "--no-config").exit_code == 0
    assert assist("playbook", "init", "team", "--force").exit_code == 0
    assert "playbooks" in (tmp_path / "assist.toml").read_text(encoding="utf-8")


# The resolved view ---------------------------------------------------------------------------


def test_show_resolved_says_where_each_entry_comes_from(assist, tmp_path: Path) -> None:
    folder = team(
        tmp_path,
        email_rule()
        + "overrides:\n  - id: hurry-up\n    severity: suggestion\n"
        + "disable:\n  - dont-care\n",
    )
    done = assist("playbook", "show", "--resolved", str(folder))
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()

    def row(entry: str) -> list[str]:
        at = next(i for i, line in enumerate(lines) if line.split()[:1] == [entry])
        return lines[at : at + 3]

    assert "team/team.yaml:2:5" in row("team-last-email")[0]
    hurry = row("hurry-up")
    assert "phrases.yaml:" in hurry[0] and "built-in" in hurry[0]
    assert (
        "severity" in hurry[1] and f"team/team.yaml:{line_of(folder, 'id: hurry-up')}:" in hurry[1]
    )
    care = row("dont-care")
    assert "disabled" in care[1] and f"team/team.yaml:{line_of(folder, '- dont-care')}:" in care[1]
    assert all(len(line) <= 80 for line in lines)


def test_show_lists_the_layers_and_their_files(assist, tmp_path: Path) -> None:
    folder = team(tmp_path, email_rule())
    done = assist("playbook", "show", str(folder))
    assert done.exit_code == 0
    assert "1. built-in" in done.stdout and "2. team" in done.stdout
    assert "team/team.yaml: 1 rule" in done.stdout
