"""`assist triage` and `assist score` run without building the typer app when fastargs can
parse their arguments: the option tables match the typer commands, the fast parser gives the
arguments typer gives, and a user sees the same output, streams and exit code either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from commands import declared_options
from hostile import Done, assist
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from assist.cli import app as cli_app
from assist.cli import create_app, scorerun, triagerun
from assist.cli.fastargs import (
    FORMATS,
    SCORE_OPTIONS,
    TRIAGE_OPTIONS,
    score_arguments,
    triage_arguments,
)

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "draft.txt"
APP = create_app()
MESSAGE = "This is ridiculous!!! I called THREE times. I will cancel and post it on Twitter.\n"


@pytest.mark.parametrize(
    ("command", "table"), [("triage", TRIAGE_OPTIONS), ("score", SCORE_OPTIONS)]
)
def test_the_option_tables_are_the_typer_commands(command: str, table: dict[str, Any]) -> None:
    declared, choices = declared_options(command)
    assert declared == table
    assert set(choices.values()) <= {FORMATS}  # --format, the only option with choices


def typer_arguments(command: str, args: list[str]) -> dict[str, Any] | None:
    """The keyword arguments typer hands the command's run function (None: it rejects them)."""
    seen: list[dict[str, Any]] = []

    def capture(**arguments: Any) -> int:
        seen.append(arguments)
        return 0

    module, name = (triagerun, "run_triage") if command == "triage" else (scorerun, "run_score")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, name, capture)
        result: Any = CliRunner().invoke(APP, [command, *args])
    return seen[0] if seen and result.exit_code == 0 else None


TOKENS = [
    "message.txt", "-", "--", "other.txt", "--text", "-t", "--text=hi there", "-tI am upset",
    "--format", "-f", "json", "text", "JSON", "--format=json", "-fjson", "-p", "team",
    "--playbooks=other", "--channel", "-c", "email", "--type", "active-hater", "--step",
    "apologise", "--list", "--list=yes", "--unknown", "-x", "",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["triage", "score"]), st.lists(st.sampled_from(TOKENS), max_size=7))
def test_the_fast_parser_gives_the_arguments_typer_gives(command: str, args: list[str]) -> None:
    fast = (triage_arguments if command == "triage" else score_arguments)(args)
    if fast is not None:  # None: typer parses them, whatever they are
        assert fast == typer_arguments(command, args)


@pytest.mark.parametrize(
    "args",
    [["--help"], ["a", "b"], ["-f", "JSON", "a"], ["--text"], ["--list=1"], ["--debug", "a"]],
)
def test_help_extra_arguments_and_bad_values_go_to_typer(args: list[str]) -> None:
    assert triage_arguments(args) is None
    assert score_arguments(args) is None


def test_common_command_lines_take_the_fast_path() -> None:
    assert triage_arguments(["msg.txt"]) == {
        "path": "msg.txt", "text": None, "output_format": "text", "playbooks": None,
    }  # fmt: skip
    assert score_arguments(["-f", "json", "-p", "team", "--step=apologise", "-"]) == {
        "path": "-", "text": None, "output_format": "json", "playbooks": [Path("team")],
        "channel": None, "customer_type": None, "step": "apologise", "list_elements": False,
    }  # fmt: skip


def through_typer(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: bytes) -> Done:
    """The same command line with the fast path turned off: typer parses it."""
    with monkeypatch.context() as patch:
        patch.setattr(cli_app, "_fast", lambda _args: None)
        return assist(*args, stdin=stdin)


@pytest.mark.parametrize(
    "args",
    [
        ("triage", "message.txt"),
        ("triage", "-f", "json", "message.txt"),
        ("triage", "-"),
        ("triage", "--text", "I want a refund NOW or I call my lawyer!!!"),
        ("triage",),
        ("triage", "missing.txt"),
        ("triage", "folder"),
        ("triage", "-p", "no-such-folder", "message.txt"),
        ("score", str(DRAFT)),
        ("score", "-f", "json", "--channel", "email", str(DRAFT)),
        ("score", "--step", "apologise", "-"),
        ("score", "--step", "nope", str(DRAFT)),
        ("score", "--type", "x", str(DRAFT)),
        ("score", "--list"),
        ("score", "folder"),
    ],
)
def test_a_fast_run_prints_and_exits_as_the_typer_run(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "message.txt").write_text(MESSAGE, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    stdin = MESSAGE.encode()
    fast = assist(*args, stdin=stdin)
    slow = through_typer(monkeypatch, *args, stdin=stdin)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.returncode, slow.stdout, slow.stderr,
    )  # fmt: skip
    assert fast.stdout or fast.stderr


@pytest.mark.parametrize(
    ("args", "terminal"),
    [
        (["triage", "-f", "json"], set()),
        (["score", "-f", "json"], set()),
        (["triage"], set()),
        (["score"], set()),
        (["lint", "--no-config", "-f", "json", "--reply-to", "MESSAGE"], set()),
    ],
)
def test_a_cold_triage_score_or_reply_check_imports_no_typer_click_or_pathlib(
    args: list[str], terminal: set[str], tmp_path: Path
) -> None:
    """In a new interpreter with the run's shared cache (the built-in entry made already):
    the second run is the cold one. pathlib (with fnmatch, urllib.parse, ipaddress) is left
    out too: the cache is read with strings (written with Paths, in the first run)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.argv = ['assist', *sys.argv[1:]]\n"
        "from assist.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    message = tmp_path / "message.txt"
    message.write_text(MESSAGE, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    args = [str(message) if arg == "MESSAGE" else arg for arg in args]
    command = [sys.executable, "-c", code, *args, str(message)]
    runs = [subprocess.run(command, capture_output=True, text=True, env=env) for _ in range(2)]
    assert runs[1].stdout == runs[0].stdout != ""
    loaded = {name.split(".")[0] for name in runs[1].stderr.strip().splitlines()[-1].split()}
    assert "assist" in loaded
    assert loaded & {"typer", "click", "rich", "pathlib"} == terminal
