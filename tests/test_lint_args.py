"""`assist lint` runs without building the typer app when lintargs can parse the arguments:
its option table matches the typer command, it builds the request typer would, and it hands
anything else (--help, bad values) to typer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from commands import declared_options
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from assist.cli import create_app
from assist.cli import lint as lint_command
from assist.cli.fastargs import path_text
from assist.cli.lintargs import CHOICES, OPTIONS, parse
from assist.cli.lintrun import LintRequest

APP = create_app()


def test_the_option_table_is_the_typer_commands() -> None:
    declared, choices = declared_options("lint")
    assert declared == OPTIONS
    assert choices == {name: CHOICES[name] for name in choices}


def typer_request(args: list[str], monkeypatch: pytest.MonkeyPatch) -> LintRequest | None:
    """The request typer builds for `assist lint ARGS` (None if it rejects them)."""
    seen: list[LintRequest] = []

    def capture(request: LintRequest) -> int:
        seen.append(request)
        return 0

    monkeypatch.setattr(lint_command, "run_lint", capture)
    result: Any = CliRunner().invoke(APP, ["lint", *args])
    return seen[0] if seen and result.exit_code == 0 else None


TOKENS = [
    "draft.txt",
    "-",
    "--",
    "folder",
    "--text",
    "-t",
    "--text=hi there",
    "-tI don't know",
    "--format",
    "-f",
    "json",
    "line",
    "--format=line",
    "-fjson",
    "JSON",
    "--fail-on",
    "none",
    "error",
    "--fail-on=suggestion",
    "-c",
    "email",
    "--rule",
    "dont-know",
    "--ignore=company-policy",
    "-l",
    "he",
    "--language=en",
    "-p",
    "team",
    "--playbooks=other",
    "--config",
    "assist.toml",
    "--no-config",
    "--explain",
    "--explain-near",
    "--explain=yes",
    "--jobs",
    "-j",
    "2",
    "0",
    "-j3",
    "--jobs=x",
    "--unknown",
    "-x",
    "",
    "--reply-to",
    "--reply-to=msg.txt",
    "./msg//x/",
    "//msg",
    "///msg/./",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_the_fast_parser_builds_the_request_typer_builds(args: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        expected = typer_request(args, patch)
    fast = parse(args)
    if fast is not None:  # None: typer parses them, whatever they are
        assert fast == expected


@pytest.mark.parametrize(
    "args",
    [["--help"], ["a.txt", "--help"], ["--format", "JSON", "a"], ["-j", "0", "a"], ["--text"]],
)
def test_help_and_bad_values_go_to_typer(args: list[str]) -> None:
    assert parse(args) is None


def test_common_command_lines_take_the_fast_path() -> None:
    assert parse(["draft.txt"]) == LintRequest(paths=("draft.txt",))
    request = parse(["-f", "json", "--jobs=2", "-p", "team", "a", "-", "--", "--text"])
    assert request == LintRequest(
        paths=("a", "-", "--text"), output_format="json", jobs=2, playbooks=(Path("team"),)
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="/.ab\u00e9", max_size=12))
def test_the_reply_to_path_reads_as_pathlib_reads_it(name: str) -> None:
    """The fast path writes `--reply-to`'s file name (in the JSON header, in its error) as
    typer's Path gives it, without importing pathlib."""
    assert path_text(name) == str(Path(name))
