"""Hebrew, Arabic and Finnish drafts: the built-in rules of phrases.he/ar/fi.yaml flag them
without any option, offsets point exactly at the flagged text, marks and tatweel do not
hide a phrase, `--language` narrows the rules, and right-to-left text reaches the terminal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assist import lint_text
from assist.lint.engine import default_linter, position

ROOT = Path(__file__).resolve().parent.parent
LINTER = default_linter()  # the compiled built-ins: passing PLAYBOOK would compile them again
PLAYBOOK = LINTER.playbook  # the real built-ins, whatever other tests patch

# (draft, rule that must flag it, the words it must flag)
DRAFTS = [
    ("שלום,\nאני לא יודע מתי החבילה תגיע.", "he-dont-know", "אני לא יודע"),
    ("תודה על הפנייה. אתה טועה לגבי המחיר.", "he-im-right-youre-wrong", "אתה טועה"),
    ("بصراحة، وفقًا لسياسة الشركة لا يمكننا ذلك.", "ar-company-policy", "وفقًا لسياسة الشركة"),
    ("مرحبا،\nسأحولك إلى المدير الآن.", "ar-transfer-to-manager", "سأحولك إلى المدير"),
    (
        "Hei!\nEn ole siitä ollenkaan vastuussa.",
        "fi-not-my-job",
        "En ole siitä ollenkaan vastuussa",
    ),
    ("Kiitos viestistä. Olet väärässä, lasku on oikein.", "fi-youre-wrong", "Olet väärässä"),
]

# The same phrases written with vowel points (niqqud), tashkeel or tatweel.
MARKED = [
    ("אֲנִי לֹא יוֹדֵעַ מָתַי זֶה יַגִּיעַ", "he-dont-know", "אֲנִי לֹא יוֹדֵע"),
    ("לֹא אִכְפַּת לִי מָה תִּבְחַר", "he-dont-care", "לֹא אִכְפַּת לִי"),
    ("أَنْتَ مُخْطِئٌ في هذا", "ar-youre-wrong", "أَنْتَ مُخْطِئ"),
    ("أنت مخـــطئ في هذا", "ar-youre-wrong", "أنت مخـــطئ"),
    ("حسب سياســـة الشركة", "ar-company-policy", "حسب سياســـة الشركة"),
]


def flagged(text: str, **options: Any) -> list[tuple[str, str]]:
    return [(f.rule, f.matched) for f in lint_text(text, playbook=LINTER, **options)]


@pytest.mark.parametrize(("draft", "rule", "words"), DRAFTS, ids=[d[1] for d in DRAFTS])
def test_draft_is_flagged_with_no_language_option(draft: str, rule: str, words: str) -> None:
    assert flagged(draft) == [(rule, words)]


@pytest.mark.parametrize(("draft", "rule", "words"), DRAFTS + MARKED)
def test_offsets_and_positions_point_at_the_flagged_text(draft: str, rule: str, words: str) -> None:
    (finding,) = lint_text(draft, playbook=LINTER)
    assert draft[finding.offset : finding.offset + finding.length] == finding.matched
    assert position(draft, finding.offset) == (finding.line, finding.column)
    end_line, end_column = position(draft, finding.offset + finding.length)
    assert (finding.end_line, finding.end_column) == (end_line, end_column)


@pytest.mark.parametrize(("draft", "rule", "words"), MARKED)
def test_marks_and_tatweel_do_not_prevent_a_match(draft: str, rule: str, words: str) -> None:
    (finding,) = lint_text(draft, playbook=LINTER)
    assert finding.rule == rule and finding.offset == draft.index(words[:3])
    assert finding.matched.startswith(words)


@pytest.mark.parametrize(
    ("draft", "whole"),
    [("אֲנִי לֹא יוֹדֵעַ מָתַי", "אֲנִי לֹא יוֹדֵעַ"), ("أَنْتَ مُخْطِئٌ في هذا", "أَنْتَ مُخْطِئٌ")],
)
def test_match_keeps_the_marks_of_its_last_letter(draft: str, whole: str) -> None:
    assert [f.matched for f in lint_text(draft, playbook=LINTER)] == [whole]


def test_finnish_a_and_a_umlaut_are_different_letters() -> None:
    assert flagged("Olet vaarassa, soita hätänumeroon.") == []


def test_language_option_narrows_to_hebrew_rules() -> None:
    draft = "I don't know. אני לא יודע. لا أعرف، وفقًا لسياسة الشركة."
    assert {rule for rule, _ in flagged(draft)} == {
        "dont-know",
        "he-dont-know",
        "ar-dont-know",
        "ar-company-policy",
    }
    assert flagged(draft, languages=["he"]) == [("he-dont-know", "אני לא יודע")]

    from assist.cli import create_app

    env = {"NO_COLOR": "1"}  # the run's cache: a fresh compile of the built-ins costs ~6 s
    args = ["lint", "--no-config", "--format", "json", "--language", "he", "--text", draft]
    done = CliRunner().invoke(create_app(), args, env=env)
    assert done.exit_code == 1
    assert [f["rule"] for f in json.loads(done.stdout)["findings"]] == ["he-dont-know"]


def test_right_to_left_text_renders_in_the_terminal_format() -> None:
    draft = "שלום,\nאני לא יודע מתי החבילה תגיע."
    done = subprocess.run(
        [sys.executable, "-m", "assist", "lint", "--no-config", "--text", draft],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"},
        timeout=60,
    )
    out = done.stdout.decode("utf-8")
    assert done.returncode == 1, done.stderr
    assert "he-dont-know" in out and "2:1" in out
    assert "אני לא יודע" in out
    assert "\x1b[" not in out
