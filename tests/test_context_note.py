"""`assist lint` without `--reply-to`: the text report says once, before the first draft the
context rules would have judged, that they stayed silent; only when some context rule is in
force and selected (JSON says it in its `config`; the line format has no header)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assist.cli import contextnote, lintrun
from assist.review import engine, rules
from assist.review.rules import context_rules

NOTE = lintrun.SILENT_NOTE
DRAFT = "Honestly, I dont knwo why the technician did not come."
UPSET = "Third missed visit this month. Useless!!!"
SPANISH = "Lo siento, no sé nada de su pedido, no puedo ayudarle hoy ni mañana."


@pytest.fixture
def lint(invoke: Callable[..., Any]) -> Callable[..., Any]:
    """`assist lint ARGS` in process, without colour, wide enough that a temp path is one line."""

    def run(*args: str) -> Any:
        return invoke("lint", *args, env={"COLUMNS": "400", "NO_COLOR": "1"})

    return run


def drafts(tmp_path: Path, *texts: str, name: str = "drafts") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    return folder


def test_the_text_report_says_it_once_before_the_drafts(lint, tmp_path: Path) -> None:
    done = lint(str(drafts(tmp_path, DRAFT, DRAFT, "Thanks, the refund went out today.")))
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines[:3] == [NOTE, "", f"{tmp_path / 'drafts' / '0.txt'}"]
    assert done.stdout.count(NOTE) == 1
    clean = lint("--text", "Thanks, the refund went out today.")
    assert clean.stdout == f"{NOTE}\n\nno forbidden phrases found in 1 file\n"


def test_not_with_a_customer_message_nor_in_the_line_format(lint, tmp_path: Path) -> None:
    message = tmp_path / "customer.txt"
    message.write_text(UPSET, encoding="utf-8")
    assert NOTE not in lint("--reply-to", str(message), "--text", DRAFT).stdout
    assert NOTE not in lint("--format", "line", "--text", DRAFT).stdout


def test_not_for_drafts_the_context_rules_would_not_judge(lint, tmp_path: Path) -> None:
    spanish = lint(str(drafts(tmp_path, SPANISH)))
    assert "not checked: no rules for Spanish" in spanish.stdout and NOTE not in spanish.stdout
    # said before the first English draft, after the Spanish one's "not checked"
    mixed = lint(str(drafts(tmp_path, SPANISH, DRAFT, DRAFT, name="mixed")))
    out = mixed.stdout
    assert out.index("0.txt") < out.index("Spanish") < out.index(NOTE) < out.index("1.txt")
    assert out.count(NOTE) == 1


def test_not_when_the_selection_leaves_no_context_rule(lint) -> None:
    assert NOTE not in lint("--rule", "dont-know", "--text", DRAFT).stdout
    chosen = lint("--rule", "dont-know", "--rule", "no-apology-to-upset", "--text", DRAFT)
    assert NOTE in chosen.stdout
    every = [rule.id for rule in context_rules().rules]
    ignored = [arg for rule_id in every for arg in ("--ignore", rule_id)]
    assert NOTE not in lint(*ignored, "--text", DRAFT).stdout
    assert NOTE in lint(*ignored[2:], "--text", DRAFT).stdout


def test_a_team_layer_that_disables_every_context_rule_silences_it(lint, tmp_path: Path) -> None:
    layer = tmp_path / "team" / "context"
    layer.mkdir(parents=True)
    every = [rule.id for rule in context_rules().rules]
    (layer / "off.yaml").write_text(f"disable: [{', '.join(every[1:])}]\n", encoding="utf-8")
    team = str(tmp_path / "team")
    assert NOTE in lint("-p", team, "--text", DRAFT).stdout  # one rule left
    (layer / "off.yaml").write_text(f"disable: [{', '.join(every)}]\n", encoding="utf-8")
    assert NOTE not in lint("-p", team, "--text", DRAFT).stdout


def test_the_cli_mirrors_the_review_packages_constants() -> None:
    # mirrored so that a lint without --reply-to does not import assist.review
    assert contextnote.CONTEXT_LANGUAGE == engine.CONTEXT_LANGUAGE
    assert contextnote.TEAM_FOLDER == rules.TEAM_FOLDER
    assert lintrun.SILENT_NOTE == engine.SILENT_NOTE
