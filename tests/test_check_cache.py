"""`assist playbook check` answers from its cache when no file changed, and checks again
after an edit, a damaged entry or in another folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assist.authoring import checks

TEAM = """rules:
  - id: team-nope
    severity: warning
    phrases: ["nope"]
    why: Curt.
    say: ["Let me look into it."]
    source: team addition
"""


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[bool]:
    """Each check that really runs appends to the list whether it is a team's (True) or
    the built-in files' own (False: not run for one team folder, whose first check keeps
    what its later checks reuse); the test's own cache folder."""
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    runs: list[bool] = []
    original, own = checks.quality_problems, checks.lint_check_texts

    def counting(*args: Any, **kwargs: Any) -> Any:
        runs.append(bool(kwargs.get("team")))
        return original(*args, **kwargs)

    def counting_own(*args: Any) -> None:  # the built-ins' texts linted for reuse only
        runs.append(False)
        own(*args)

    monkeypatch.setattr(checks, "quality_problems", counting)
    monkeypatch.setattr(checks, "lint_check_texts", counting_own)
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "team.yaml").write_text(TEAM, encoding="utf-8")
    return runs


@pytest.mark.usefixtures("base_builtins")  # the cache is the same for any built-in layer
def test_an_unchanged_check_is_answered_from_the_cache_and_an_edit_checks_again(
    invoke: Callable[..., Any], counted: list[bool], tmp_path: Path
) -> None:
    first = invoke("playbook", "check", "team")
    assert first.exit_code == 0 and "team/team.yaml:4:15: warning:" in first.stderr
    again = invoke("playbook", "check", "team")
    strict = invoke("playbook", "check", "--strict", "team")
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    assert strict.exit_code == 2 and "team/team.yaml:4:15: warning:" in strict.stderr
    assert counted == [True]  # no built-in check of its own: the team's keeps its hits
    team = tmp_path / "team" / "team.yaml"
    team.write_text(TEAM.replace('"nope"', '"nope, not today"'), encoding="utf-8")
    os.utime(team, ns=(team.stat().st_atime_ns, team.stat().st_mtime_ns + 1_000_000))
    edited = invoke("playbook", "check", "--strict", "team")
    assert edited.exit_code == 0 and "warning" not in edited.stderr
    assert counted == [True, True]


@pytest.mark.usefixtures("base_builtins")
def test_a_damaged_entry_or_another_folder_checks_again(
    invoke: Callable[..., Any], counted: list[bool], tmp_path: Path
) -> None:
    first = invoke("playbook", "check", "team")
    (entry,) = (tmp_path / "cache").glob("check-*.json")
    entry.write_bytes(entry.read_bytes().replace(b"team-nope", b"team-yes!"))  # CRC no longer fits
    assert invoke("playbook", "check", "team").stderr == first.stderr
    assert counted == [True, True]
    (tmp_path / "sub").mkdir()
    os.chdir(tmp_path / "sub")  # locations are relative to the current folder
    moved = invoke("playbook", "check", "../team")
    assert "../team/team.yaml:4:15: warning:" in moved.stderr
    assert counted == [True, True, True]


@pytest.mark.usefixtures("base_builtins")
def test_no_cache_checks_every_time(
    invoke: Callable[..., Any], counted: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSIST_NO_CACHE", "1")
    assert invoke("playbook", "check", "team").exit_code == 0
    assert invoke("playbook", "check", "team").exit_code == 0
    assert counted == [True, True]  # and no built-in check kept for reuse
