"""Browsing the playbook: readable at 80 columns, right content, clear errors, plain output.

Rendered against the small built-in layer in tests/data/overlay/base (conftest.base_builtins);
tests/test_data.py renders the real built-in content.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from assist.cli import tables as browse
from assist.playbook.load import load_playbook
from assist.playbook.schema import playbook_schema

TEAM = Path(__file__).parent / "data" / "overlay" / "team"
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def playbook(base_builtins: Path):
    return load_playbook()


def render(function, *args: object) -> str:
    console = Console(file=io.StringIO(), width=80)
    function(*args[:1], console, *args[1:])
    return console.file.getvalue()


def assert_fits(text: str, width: int = 80) -> None:
    too_long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not too_long, too_long


def test_types_table(playbook) -> None:
    out = render(browse.render_customer_types, playbook)
    assert_fits(out)
    assert "active-hater" in out and "chronic-complainer" in out
    assert "Chronic complainer" in out


def test_one_type_in_detail(playbook) -> None:
    out = render(browse.render_customer_type, playbook, "active-hater")
    assert_fits(out)
    for expected in ("Active hater", "nothing you do", "best work", "earn their approval"):
        assert expected in out
    assert "000_54fae1396884313a.txt" in out and "002_a0060daef3b125a1.txt" in out


def test_channels_table(playbook) -> None:
    out = render(browse.render_channels, playbook)
    assert_fits(out)
    assert out.index("phone") < out.index("email")
    assert "faster than a letter" in out


def test_one_channel_in_detail_folds_long_words(playbook) -> None:
    out = render(browse.render_channel, playbook, "phone")
    assert_fits(out)
    for expected in ("Quickly", "Stop typing", "on hold", "Complaint channels", "https://"):
        assert expected in out


def test_phrases_table(playbook) -> None:
    out = render(browse.render_rules, playbook)
    assert_fits(out)
    for expected in ("dont-know", "hurry-up", "company-policy", "warning", "error"):
        assert expected in out
    assert '"I don\'t know"' in out and '"according to company' in out
    assert "I'm sorry to rush you" in out


def test_one_rule_in_detail(playbook) -> None:
    out = render(browse.render_rule, playbook, "dont-know")
    assert_fits(out)
    for expected in ("slams the door", "I'll do my best", "What to say", "when it will arrive"):
        assert expected in out
    assert "phrases.yaml:8:5" in out


def test_steps_in_order_with_their_content(playbook) -> None:
    out = render(browse.render_steps, playbook)
    assert_fits(out)
    positions = [out.index(title) for title in ("1. Listen", "2. Apologise", "3. Follow up")]
    assert positions == sorted(positions)
    for expected in ("without interruption", "Stop everything", "I'm listening", "contact details"):
        assert expected in out
    assert "chronic-complainer" in out and "phone" in out  # tailoring by type and channel


def test_markup_in_content_is_printed_as_written(playbook) -> None:
    import dataclasses

    rule = dataclasses.replace(playbook.rules[0], why="see [bold]this[/bold] [link]")
    out = render(browse.render_rule, dataclasses.replace(playbook, rules=(rule,)), rule.id)
    assert "[bold]this[/bold] [link]" in out


def test_unknown_id_lists_the_known_ones(playbook) -> None:
    with pytest.raises(browse.UnknownIdError) as caught:
        render(browse.render_channel, playbook, "fax")
    assert "'fax'" in str(caught.value) and "phone, email" in str(caught.value)


# The commands -----------------------------------------------------------------------------

COMMANDS = [
    (["types"], ["active-hater", "chronic-complainer"]),
    (["types", "chronic-complainer"], ["Chronic complainer", "sincerely want to help"]),
    (["channels"], ["phone", "email"]),
    (["channels", "email"], ["Within one working day", "Prefer a call"]),
    (["phrases"], ["dont-know", "hurry-up", "company-policy"]),
    (["phrases", "hurry-up"], ["hurry up", "Respect the customer"]),
    (["steps"], ["listen", "apologise", "follow-up"]),
]


@pytest.mark.usefixtures("base_builtins")
@pytest.mark.parametrize(("args", "expected"), COMMANDS, ids=[" ".join(a) for a, _ in COMMANDS])
def test_command_renders_at_80_columns(run_cli, args: list[str], expected: list[str]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout)
    for text in expected:
        assert text in result.stdout


@pytest.mark.usefixtures("base_builtins")
@pytest.mark.parametrize("command", ["types", "channels", "phrases"])
def test_unknown_id_exits_2_with_one_line(run_cli, command: str) -> None:
    result = run_cli(command, "no-such-id")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "'no-such-id'" in lines[0]
    assert result.stdout == ""


@pytest.mark.usefixtures("base_builtins")
def test_unknown_id_error_names_the_known_ids(run_cli) -> None:
    result = run_cli("channels", "fax")
    assert "phone" in result.stderr and "email" in result.stderr


@pytest.mark.usefixtures("base_builtins")
def test_team_folder_option_layers_over_the_builtins(run_cli) -> None:
    result = run_cli("phrases", "--playbooks", str(TEAM))
    assert result.exit_code == 0, result.output
    assert "you-people" in result.stdout and "company-policy" not in result.stdout
    steps = run_cli("steps", "-p", str(TEAM)).stdout
    assert steps.index("Listen") < steps.index("Look up the order") < steps.index("Apologise")


@pytest.mark.usefixtures("base_builtins")
def test_team_folders_from_assist_toml_are_used(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "assist.toml").write_text(f'playbooks = ["{TEAM.as_posix()}"]\n')
    monkeypatch.chdir(tmp_path)
    assert "you-people" in run_cli("phrases").stdout
    assert run_cli("playbook", "check").stdout.startswith("ok: 3 rules,")


@pytest.mark.usefixtures("base_builtins")
def test_broken_team_folder_exits_2_with_positions(run_cli, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: x\n    severity: fatal\n")
    result = run_cli("phrases", "--playbooks", str(tmp_path))
    assert result.exit_code == 2
    assert re.match(r"^.*bad\.yaml:3:15: ", result.stderr)


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.usefixtures("base_builtins")
@pytest.mark.parametrize("no_color", [True, False])
def test_no_color_means_no_escape_codes(monkeypatch: pytest.MonkeyPatch, no_color: bool) -> None:
    from assist.cli.browse import phrases

    terminal = _FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("TERM", "xterm-256color")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    phrases(None, None)
    assert "dont-know" in terminal.getvalue()
    assert bool(ANSI.search(terminal.getvalue())) is not no_color


@pytest.mark.usefixtures("base_builtins")
def test_piped_output_has_no_escape_codes(run_cli) -> None:
    result = run_cli("steps", env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)


def test_schema_command_prints_the_schema(run_cli) -> None:
    result = run_cli("playbook", "schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == playbook_schema()
