"""Hebrew and Finnish words one letter from a forbidden phrase's word: the fuzzy match would
read "meidän" (ours) as "teidän" (yours) or "בגלל" (because of) as "בגללך" (because of you),
so exact-word guards keep the agent's own fault, an infinitive and a past tense quiet, while
the forbidden wording one letter away is still flagged at its exact words (issue 13, round 3).
"""

from __future__ import annotations

import pytest

from assist import lint_text
from assist.lint.engine import default_linter

LINTER = default_linter()  # the compiled built-ins: passing PLAYBOOK would compile them again
PLAYBOOK = LINTER.playbook  # the real built-ins, whatever other tests patch

# (flagged draft, rule, the words it must flag, its harmless twin one letter away)
PAIRS = [
    (
        "Virhe on teidän, ette täyttäneet lomaketta.",
        "fi-blame-customer",
        "Virhe on teidän",
        "Virhe on meidän, ette tehneet mitään väärin.",
    ),
    (
        "Jos olisit lukenut ehdot, tietäisit tämän.",
        "fi-blame-customer",
        "Jos olisit lukenut",
        "Jos olisin lukenut viestisi, tietäisin tämän.",
    ),
    (
        "Soittakaa huomenna, meillä on ruuhkaa.",
        "fi-cant-be-bothered",
        "Soittakaa huomenna",
        "Lupaan soittaa huomenna, kun tulokset ovat tulleet.",
    ),
    (
        "Vaihda operaattoria, jos hinta ei kelpaa.",
        "fi-dont-come-back",
        "Vaihda operaattoria",
        "Voit vaihtaa operaattoria sovelluksessa, autan mielelläni.",
    ),
    (
        "Ehtojemme mukaan teille ei kuulu mitään hyvitystä.",
        "fi-company-policy",
        "Ehtojemme mukaan teille ei kuulu mitään",
        "Ehtojemme mukaan teille ei kuulu lisämaksua.",
    ),
    ("זה בגללך.", "he-blame-customer", "זה בגללך", "זה בגלל תקלה אצלנו, ואני מתקן."),
    (
        "לא באחריותי, סליחה.",
        "he-not-my-job",
        "לא באחריותי",
        "המכשיר כבר לא באחריות, אבל נתקן אותו בחינם.",
    ),
    (
        "לא יודע, תבדוק באתר.",
        "he-dont-know",
        "לא יודע",
        "אף אחד לא ידע שהחבילה חזרה, וזו טעות שלנו.",
    ),
    (
        "לפי התקנון לא מגיע לך כלום.",
        "he-company-policy",
        "לא מגיע לך כלום",
        "לפי התקנון מגיע לך החזר מלא.",
    ),
]


def findings(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.matched) for f in lint_text(text, playbook=LINTER)]


@pytest.mark.parametrize(("draft", "rule", "words", "twin"), PAIRS, ids=[p[1] for p in PAIRS])
def test_forbidden_wording_is_flagged_at_its_words(
    draft: str, rule: str, words: str, twin: str
) -> None:
    found = [f for f in lint_text(draft, playbook=LINTER) if f.rule == rule]
    at = draft.index(words)
    assert [(f.offset, f.length) for f in found if f.offset + f.length > at] == [(at, len(words))]


@pytest.mark.parametrize(("draft", "rule", "words", "twin"), PAIRS, ids=[p[1] for p in PAIRS])
def test_harmless_twin_one_letter_away_passes(draft: str, rule: str, words: str, twin: str) -> None:
    assert findings(twin) == []
