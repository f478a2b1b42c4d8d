"""`lint_text` searches every language's rules first and settles the draft's language only
when it has a match (or when `.language` is asked for): the findings, the language and
whether the draft was checked must be what detecting the language first gives."""

from __future__ import annotations

import sys
from pathlib import Path

from assist.lint.engine import WINDOW, default_linter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from corpus import drafts

OTHER_LANGUAGES = [
    "Lo siento mucho, no sé dónde está su pedido y no es mi culpa.",  # Spanish: not checked
    "Je suis désolé, ce n'est pas de ma faute, calmez-vous s'il vous plaît.",
    "You are mistaken. אתה טועה לגמרי. Honestly I dont knwo where it is.",  # mixed
    "Calm down",  # short: every rule
    "",
    "אתה טועה, זו לא אשמתי",
    "أنت مخطئ وهذا ليس خطئي",
    "Olet väärässä, se ei ole minun vikani. Rauhoitu nyt vain.",
]


def settled_first(text: str) -> tuple[list[tuple], str | None, bool]:
    checked = default_linter().check(text, detect=True)
    language = checked.language
    assert language is not None
    return (
        [(f.offset, f.rule, f.matched) for f in checked.findings],
        language.code,
        language.checked,
    )


def linted(text: str) -> tuple[list[tuple], str | None, bool]:
    findings = default_linter().lint(text)
    return [(f.offset, f.rule, f.matched) for f in findings], findings.language, findings.checked


def test_drafts_in_every_language_give_what_detecting_first_gives() -> None:
    texts = OTHER_LANGUAGES + drafts(300, flagged_share=0.5)
    for text in texts:
        assert linted(text) == settled_first(text), text
    assert sum(bool(linted(t)[0]) for t in texts) > 100  # many drafts do have findings


def test_the_language_of_a_draft_without_findings_is_settled_when_asked() -> None:
    findings = default_linter().lint("Lo siento mucho, no sé dónde está su pedido hoy.")
    assert list(findings) == []
    assert (findings.language, findings.checked) == ("es", False)
    assert findings.draft is not None and findings.draft.reason == "no rules for Spanish"


def test_a_long_draft_is_still_judged_first() -> None:
    text = "Honestly I dont knwo where it is. " * (WINDOW // 30)
    assert linted(text) == settled_first(text)
