"""What `assist lint` must flag and must not flag, with the built-in English rules.

Each case is one line: the draft and the rule id expected (or None for "no finding").
"""

from __future__ import annotations

import pytest

from assist import lint_text


def rules_in(text: str) -> list[str]:
    return [f.rule for f in lint_text(text, languages=["en"])]


MUST_FLAG = {
    "case": [
        ("I DON'T KNOW where it is.", "dont-know"),
        ("i don't care about that", "dont-care"),
        ("Well, Hurry Up then.", "hurry-up"),
    ],
    "apostrophes": [
        ("I don’t know yet.", "dont-know"),
        ("I don‘t care", "dont-care"),
        ("I don`t know", "dont-know"),
        ("I donʼt know", "dont-know"),
        ("I dont know", "dont-know"),
        ("Youre wrong about that.", "im-right-youre-wrong"),
    ],
    "contractions": [
        ("I do not know what happened.", "dont-know"),
        ("I cannot be bothered with this.", "cant-be-bothered"),
        ("I can not be bothered.", "cant-be-bothered"),
        ("I am right and you are wrong.", "im-right-youre-wrong"),
        ("You're mistaken.", "im-right-youre-wrong"),
        ("It is company policy.", "company-policy"),
        ("I will pass you to my manager.", "transfer-to-manager"),
        ("You did not tell us.", "blame-customer"),
        ("That is not my department.", "not-my-job"),
    ],
    "typos": [
        ("I don't knwo.", "dont-know"),  # swapped neighbours
        ("I don't knoow.", "dont-know"),  # doubled letter
        ("I have no ideа.", "dont-know"),  # look-alike, see below too
        ("I have no iddea", "dont-know"),
        ("I don't kow", "dont-know"),  # dropped letter
        ("I don't knuw", "dont-know"),  # replaced letter
        ("According to company polciy, no.", "company-policy"),
        ("I donn't know", "dont-know"),  # typo inside a contraction
        ("You didn't wran us.", "blame-customer"),
    ],
    "fillers": [
        ("I really don't care.", "dont-care"),
        ("I honestly just don't know.", "dont-know"),
        ("You're simply wrong.", "im-right-youre-wrong"),
        ("I frankly can't be bothered.", "cant-be-bothered"),
        ("Don't ever come back.", "dont-come-back"),
    ],
    "white space": [
        ("I don't\nknow.", "dont-know"),
        ("I   don't    care", "dont-care"),
        ("it's not my\r\nresponsibility", "not-my-job"),
        ("hurry\tup", "hurry-up"),
    ],
    "invisible characters": [
        ("I don\u200bt know", "dont-know"),
        ("I do\u00adn't know", "dont-know"),
        ("I don't kn\u200dow", "dont-know"),
        ("hur\ufeffry up", "hurry-up"),
    ],
    "look-alike letters": [
        ("I dоn't knоw", "dont-know"),  # Cyrillic o
        ("Hurry uр", "hurry-up"),  # Cyrillic er
        ("I don't cаrе", "dont-care"),  # Cyrillic a, ie
        ("Yоu'rе wrоng", "im-right-youre-wrong"),
    ],
}

MUST_NOT_FLAG = {
    "changed subject": [
        "When you don't know the exact date, check the receipt.",
        "They don't know we fixed it yet.",
        "If the courier doesn't care to call, tell us.",
        "We don't like to keep anyone waiting.",
    ],
    "negation": [
        "That part is my responsibility.",
        "You're not wrong about the delay.",
        "You are not mistaken.",
        "Please do come back any time.",
        "I know what went wrong.",
    ],
    "inserted words": [
        "I don't like keeping you on hold.",
        "Don't forget to come back for the free check.",
        "I don't really like keeping you waiting.",
        "Please don't hurry, take your time.",
    ],
    "sentence break": [
        "Honestly, I don't. Know that it will work, we will.",
        "You're here! Wrong door though.",
    ],
    "polite replies": [
        "Thank you for your patience; I will check and get back to you today.",
        "I understand, and I am sorry for the trouble.",
    ],
}


def _cases(table: dict[str, list]) -> list:
    return [
        pytest.param(*(case if isinstance(case, tuple) else (case,)), id=f"{kind}: {case}")
        for kind, cases in table.items()
        for case in cases
    ]


@pytest.mark.parametrize(("text", "rule"), _cases(MUST_FLAG))
def test_must_flag(text: str, rule: str) -> None:
    assert rule in rules_in(text)


@pytest.mark.parametrize("text", _cases(MUST_NOT_FLAG))
def test_must_not_flag(text: str) -> None:
    assert rules_in(text) == []


@pytest.mark.parametrize("text", ["You ate wrong.", "Your wrong.", "We dont know yet."])
def test_short_words_must_match_exactly(text: str) -> None:
    assert rules_in(text) == []


def test_offsets_point_into_original_text() -> None:
    text = "Hello!\nSadly I d\u200bоn’t\n  knwo where it went."
    (finding,) = lint_text(text)
    assert text[finding.offset : finding.offset + finding.length] == finding.matched
    assert finding.matched == "I d\u200bоn’t\n  knwo"
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 7, 3, 7)


def test_never_fires_inside_its_own_alternative() -> None:
    rule = next(r for r in _playbook().rules if r.id == "dont-know")
    for alternative in rule.say:
        assert "dont-know" not in rules_in(alternative), alternative


def test_finding_carries_why_and_suggestions() -> None:
    (finding,) = lint_text("I don't care.")
    assert finding.rule == "dont-care"
    assert finding.why and finding.suggestions
    assert finding.score == 100 and finding.phrase == "I don't care"


def test_typo_lowers_the_score() -> None:
    (exact,) = lint_text("I don't know.")
    (typo,) = lint_text("I don't knwo.")
    assert typo.score < exact.score == 100


def test_rule_and_ignore_select_rules() -> None:
    text = "I don't care. Hurry up."
    assert [f.rule for f in lint_text(text, rules=["hurry-up"])] == ["hurry-up"]
    assert [f.rule for f in lint_text(text, ignore=["hurry-up"])] == ["dont-care"]


def test_suppression_comment_in_templates() -> None:
    text = (
        "<!-- assist-disable dont-care -->I don't care.<!-- assist-enable dont-care -->"
        " I don't care."
    )
    findings = lint_text(text)
    assert len(findings) == 1 and findings[0].offset > text.index("enable")


def _playbook():
    from assist.lint.engine import default_playbook

    return default_playbook()


def test_rule_is_silent_inside_its_own_alternative_even_with_other_punctuation(
    tmp_path,
) -> None:
    from assist.playbook.load import load_playbook

    (tmp_path / "team.yaml").write_text(
        'contractions: {"don\'t": do not}\n'
        "rules:\n"
        "  - id: not-yet\n"
        "    severity: warning\n"
        '    phrases: ["I don\'t know"]\n'
        "    why: It sounds like a shrug.\n"
        '    say: ["I don\'t know yet, but I will find out today."]\n'
        "    source: team addition\n",
        encoding="utf-8",
    )
    playbook = load_playbook([tmp_path], builtin=False)

    def rules(text: str) -> list[str]:
        return [f.rule for f in lint_text(text, playbook=playbook)]

    assert rules("I don't know yet, but I will find out today.") == []
    assert rules("I do not know yet but I will find out today!") == []
    assert rules("I don't know. I will find out today.") == ["not-yet"]
    assert rules("I don't know yet.") == ["not-yet"]
