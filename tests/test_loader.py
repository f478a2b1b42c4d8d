"""The loader turns every kind of broken playbook into one precise `file:line:col` error.

Each file in tests/data/broken/ holds one mistake; its first line says where the error must
point and a stable fragment of the message: `# expect: LINE:COL fragment`. The cases are
loaded as a team folder over the small built-in layer in tests/data/overlay/base, so
mistakes that need another file (duplicate ids, overrides, references) work too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assist.errors import PlaybookError
from assist.playbook.load import load_layers
from assist.playbook.yamlsource import parse_document

DATA = Path(__file__).parent / "data"

BROKEN = DATA / "broken"
TEAM = DATA / "overlay" / "team"
CASES = sorted(BROKEN.glob("*.yaml"))
EXPECT = re.compile(rb"^# expect: (\d+):(\d+) (.+)$")
ERROR_LINE = re.compile(r"^.+:\d+:\d+: \S")


def _expectation(case: Path) -> tuple[int, int, str]:
    match = EXPECT.match(case.read_bytes().split(b"\n", 1)[0])
    assert match, f"{case.name}: first line must be '# expect: LINE:COL fragment'"
    return int(match[1]), int(match[2]), match[3].decode()


def _team_folder(tmp_path: Path, *files: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


def test_there_are_enough_broken_cases() -> None:
    assert len(CASES) >= 12


@pytest.mark.usefixtures("base_builtins")
@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_broken_playbook_gives_one_precise_error(case: Path, tmp_path: Path) -> None:
    line, column, fragment = _expectation(case)
    result = load_layers([_team_folder(tmp_path, case)])
    assert [Path(e.location.file).name for e in result.errors] == [case.name], result.errors
    error = result.errors[0]
    assert (error.location.line, error.location.column) == (line, column), str(error)
    assert fragment in error.message
    assert "\n" not in str(error)


@pytest.mark.usefixtures("base_builtins")
def test_errors_in_one_file_do_not_hide_the_others(tmp_path: Path) -> None:
    bad = [BROKEN / "tab-indentation.yaml", BROKEN / "bad-severity.yaml"]
    result = load_layers([_team_folder(tmp_path, *bad, TEAM / "team.yaml")])
    assert {Path(e.location.file).name for e in result.errors} == {p.name for p in bad}
    playbook = result.playbook
    assert playbook is not None
    assert playbook.rule("you-people") is not None  # from the good file
    assert playbook.rule("dont-know") is not None  # from the built-in layer


def test_a_bad_entry_does_not_hide_the_good_entries_of_its_file() -> None:
    from assist.playbook.validate import validate_document

    text = (
        "rules:\n"
        "  - id: bad\n    severity: fatal\n    phrases: [x]\n    why: w\n    say: [s]\n"
        "    source: team addition\n"
        "  - id: good\n    severity: error\n    phrases: [y]\n    why: w\n    say: [s]\n"
        "    source: team addition\n"
    )
    content = validate_document(parse_document(text, "team.yaml"))
    assert [e.location.line for e in content.errors] == [3]
    assert [rule.id for rule in content.entries["rules"]] == ["good"]


@pytest.mark.usefixtures("base_builtins")
def test_duplicate_id_across_files_of_one_folder(tmp_path: Path) -> None:
    folder = _team_folder(tmp_path, TEAM / "team.yaml")
    shutil.copy(TEAM / "team.yaml", folder / "zz-copy.yaml")
    result = load_layers([folder])
    assert {Path(e.location.file).name for e in result.errors} == {"zz-copy.yaml"}
    assert any("'you-people'" in e.message and "duplicate id" in e.message for e in result.errors)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = load_layers([tmp_path / "nope"], builtin=False)
    assert len(result.errors) == 1
    assert "nope" in result.errors[0].location.file


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("a: 1\n---\nb: 2\n", (2, 1), "document"),
        ("a: &x [*x]\n", (1, 4), "alias"),
        ("a: *x\n", (1, 4), "alias"),
        ("a: @user\n", (1, 4), "quotes"),
        ('a: "x" y\n', (1, 8), "quote"),
        ("a: [1, 2\nb: 3\n", (2, 2), "']'"),
        ("a:\n  why: \"abc\n  say: \"x\"\n", (2, 8), "unclosed quote"),
        ("a: \x01\n", (1, 4), "U+0001"),
    ],
    ids=["two-documents", "recursive-alias", "undefined-alias", "reserved-char", "after-quote",
         "unclosed-bracket", "quote-runs-on", "control-char"],
)  # fmt: skip
def test_yaml_syntax_errors_are_one_line_and_positioned(
    text: str, position: tuple[int, int], fragment: str
) -> None:
    with pytest.raises(PlaybookError) as caught:
        parse_document(text, "f.yaml")
    error = caught.value
    assert (error.location.line, error.location.column) == position, str(error)
    assert fragment in error.message
    assert "\n" not in str(error)


def test_pure_python_yaml_parser_gives_the_same_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    for name in ("tab-indentation", "unclosed-quote", "apostrophe-in-single-quotes"):
        case = BROKEN / f"{name}.yaml"
        line, column, fragment = _expectation(case)
        with pytest.raises(PlaybookError) as caught:
            parse_document(case.read_text(encoding="utf-8"), case.name)
        assert (caught.value.location.line, caught.value.location.column) == (line, column)
        assert fragment in caught.value.message


# The command line -------------------------------------------------------------------------


@pytest.mark.usefixtures("base_builtins")
def test_check_reports_every_broken_file_and_exits_2(run_cli, tmp_path: Path) -> None:
    result = run_cli("playbook", "check", str(_team_folder(tmp_path, *CASES)))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines and all(ERROR_LINE.match(line) for line in lines), lines
    named = {Path(line.split(":", 1)[0]).name for line in lines}
    assert named >= {case.name for case in CASES}
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("base_builtins")
def test_check_passes_with_a_summary(run_cli) -> None:
    result = run_cli("playbook", "check", str(TEAM))
    assert result.exit_code == 0, result.output
    numbers = re.fullmatch(
        r"ok: (\d+) rules?, (\d+) customer types?, (\d+) channels?, (\d+) steps? in (\d+) files?\n",
        result.stdout,
    )
    assert numbers, result.stdout
    assert [int(n) for n in numbers.groups()] == [3, 2, 2, 4, 5]


def test_check_rejects_a_folder_without_playbook_files(run_cli, tmp_path: Path) -> None:
    result = run_cli("playbook", "check", str(tmp_path))
    assert result.exit_code == 2
    assert str(tmp_path) in result.stderr


def test_check_rejects_a_file_given_as_folder(run_cli) -> None:
    result = run_cli("playbook", "check", str(TEAM / "team.yaml"))
    assert result.exit_code == 2
    assert "team.yaml" in result.stderr and "Traceback" not in result.output


def test_installed_command_reports_errors_without_traceback(tmp_path: Path) -> None:
    pytest.importorskip("assist.cli")
    folder = _team_folder(tmp_path, BROKEN / "bad-severity.yaml", BROKEN / "tab-indentation.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "assist", "playbook", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    ours = [line for line in proc.stderr.splitlines() if str(folder) in line]
    assert len(ours) == 2 and all(ERROR_LINE.match(line) for line in ours)


# Team overlays ----------------------------------------------------------------------------


@pytest.fixture
def overlaid(base_builtins: Path):
    result = load_layers([TEAM])
    assert result.errors == []
    return result.playbook


def test_team_folder_adds_a_rule(overlaid) -> None:
    rule = overlaid.rule("you-people")
    assert rule is not None and rule.source == "team addition"
    assert "team/team.yaml" in str(rule.origin)


def test_override_changes_only_the_named_fields(overlaid) -> None:
    hurry = overlaid.rule("hurry-up")
    assert hurry.severity == "suggestion"
    assert hurry.phrases == ("hurry up", "wait your turn")  # untouched
    dont_know = overlaid.rule("dont-know")
    assert dont_know.phrases == ("I don't know", "no clue")
    assert dont_know.severity == "warning"  # untouched


def test_disable_switches_a_rule_off(overlaid) -> None:
    assert overlaid.rule("company-policy") is None


def test_after_inserts_a_step_behind_the_named_one(overlaid) -> None:
    order = [step.id for step in overlaid.steps]
    assert order == ["listen", "check-order", "apologise", "follow-up"]


@pytest.mark.usefixtures("base_builtins")
def test_later_layer_cannot_redefine_a_step(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "steps.yaml").write_text(
        "steps:\n  - id: listen\n    title: T\n    goal: G\n    source: team addition\n"
    )
    result = load_layers([folder])
    assert [(e.location.line, e.location.column) for e in result.errors] == [(2, 5)]
    assert "duplicate id" in result.errors[0].message
