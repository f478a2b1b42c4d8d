"""Phrase patterns, guards, free word order and Hebrew/Arabic prefixes, as a team writes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assist import lint_text
from assist.errors import PlaybookErrors
from assist.lint.engine import Linter
from assist.playbook.load import load_playbook
from assist.playbook.patterns import MAX_FORMS, Form, PatternError, forms, reordering_limit

TEAM = """\
language: en
guards:
  - "I'm not saying"
rules:
  - id: team-transfer
    severity: warning
    phrases:
      - "I {will|'ll|am going to} {transfer|put} you [through] to {the|my|a} {manager|supervisor}"
      - "hand you ... {manager|boss}"
    guards:
      - "{manager|supervisor} {will|has} call"
    why: Passing the customer on.
    say: ["I'll handle it myself."]
    source: team addition
  - id: team-wrong
    severity: error
    phrases: ["you're wrong"]
    why: Arguing.
    say: ["I understand."]
    source: team addition
"""


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    folder = tmp_path_factory.mktemp("team")
    (folder / "team.yaml").write_text(TEAM, encoding="utf-8")
    return Linter(load_playbook([folder], builtin=False))


def spans(linter: Linter, text: str) -> list[tuple[str, str]]:
    return [(f.rule, text[f.offset : f.offset + f.length]) for f in linter.lint(text)]


def test_forms_expand_alternatives_optional_words_and_attached_contractions() -> None:
    texts = [f.text for f in forms("I {will|'ll} put you [through] to {the|my} manager")]
    assert len(texts) == 8
    assert "I'll put you through to my manager" in texts
    assert "I will put you to the manager" in texts
    assert [f.chunks for f in forms("hand you ... boss")] == [("hand you", "boss")]


@pytest.mark.parametrize(
    "pattern", ["{a|b", "a]", "[a|b]", "... a", "a ... ... b", "{|}", "a {b|c} " + "{d|e} " * 10]
)
def test_malformed_or_too_broad_patterns_are_rejected(pattern: str) -> None:
    with pytest.raises(PatternError):
        forms(pattern)
    assert MAX_FORMS < 2**11


def test_a_pattern_matches_each_of_its_forms_with_exact_offsets(team: Linter) -> None:
    text = "Hi. I'll put you through to my manager now. I am going to transfer you to a supervisor."
    assert spans(team, text) == [
        ("team-transfer", "I'll put you through to my manager"),
        ("team-transfer", "I am going to transfer you to a supervisor"),
    ]


def test_patterns_stay_fuzzy(team: Linter) -> None:
    assert spans(team, "I will trasnfer you to the manager.") == [
        ("team-transfer", "I will trasnfer you to the manager")
    ]


def test_a_gap_takes_up_to_three_words_within_one_sentence(team: Linter) -> None:
    assert spans(team, "I'll hand you over to my boss.") == [
        ("team-transfer", "hand you over to my boss")
    ]
    assert spans(team, "I'll hand you the form my own boss signed.") == []
    assert spans(team, "I'll hand you over. My boss is out.") == []


def test_a_rule_guard_cancels_the_match_it_overlaps(team: Linter) -> None:
    assert spans(team, "I'll transfer you to the manager, who will call you.") != []
    assert spans(team, "I'll transfer you to the manager. The manager will call you.") != []
    assert spans(team, "I'll transfer you to the manager; the manager will call you.") != []
    assert spans(team, "I'll transfer you to the manager, the manager will call you.") == []


def test_a_language_guard_cancels_a_match_it_stands_right_before(team: Linter) -> None:
    assert spans(team, "I'm not saying you're wrong.") == []
    assert spans(team, "I'm not saying that you're wrong.") == []
    assert spans(team, "You're wrong, and I'm not saying it lightly.") == [
        ("team-wrong", "You're wrong")
    ]
    assert spans(team, "I'm not saying this. You're wrong.") == [("team-wrong", "You're wrong")]


def test_a_malformed_pattern_is_one_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(TEAM.replace("[through]", "[through"), encoding="utf-8")
    with pytest.raises(PlaybookErrors) as caught:
        load_playbook([tmp_path], builtin=False)
    (error,) = caught.value.errors
    assert (error.location.line, error.location.column) == (8, 9)
    assert "team-transfer" in str(error)


def test_free_word_order_matches_any_order_of_a_short_phrase() -> None:
    text = "En ole vastuussa siitä. Siitä en ole vastuussa."
    found = [(f.rule, text[f.offset : f.offset + f.length]) for f in lint_text(text)]
    assert found == [
        ("fi-not-my-job", "En ole vastuussa siitä"),
        ("fi-not-my-job", "Siitä en ole vastuussa"),
    ]


BROAD_FREE = "{a|b|c|d|e|f} {g|h|i|j|k|l} x{m|n|o|p|q|r}"  # 216 forms, 1,296 in any order


def test_free_order_within_the_limit_is_every_order_of_every_form() -> None:
    assert reordering_limit("en ole siitä vastuussa") is None
    reordered = {f.text for f in forms("{en|emme} ole siitä vastuussa", free_order=True)}
    assert len(reordered) == 48 and "siitä vastuussa en ole" in reordered


def test_free_order_past_the_limit_keeps_every_written_form_and_says_so() -> None:
    written = forms(BROAD_FREE)
    kept = forms(BROAD_FREE, free_order=True)
    cut = reordering_limit(BROAD_FREE)
    assert cut is not None and (cut.wanted, cut.written) == (1296, 216)
    assert len(kept) == cut.kept <= MAX_FORMS
    assert set(written) <= set(kept)  # nothing dropped: the rest keep their written order
    assert 0 < cut.reordered < cut.written
    assert Form(("xm g a",)) in kept and Form(("xr l f",)) not in kept


def test_free_order_past_the_limit_is_a_positioned_warning_and_still_matches(
    tmp_path: Path, invoke: Any, base_builtins: Path
) -> None:
    (tmp_path / "team.yaml").write_text(
        "language: fi\nrules:\n  - id: team-free\n    severity: warning\n"
        f'    word-order: free\n    phrases:\n      - "{BROAD_FREE}"\n'
        '    why: x\n    say: ["Hoidan sen."]\n    source: team addition\n',
        encoding="utf-8",
    )
    done = invoke("playbook", "check", str(tmp_path))
    assert done.exit_code == 0
    (warning,) = [line for line in done.stderr.splitlines() if "team-free" in line]
    assert "team.yaml:7:9: warning: " in warning  # at the pattern
    assert "1296" in warning and "216" in warning
    linter = Linter(load_playbook([tmp_path], builtin=False))
    assert [f.rule for f in linter.lint("f l xr. xm g a.")] == ["team-free", "team-free"]


@pytest.mark.parametrize(
    ("text", "rule", "flagged"),
    [
        ("ואתה טועה בזה.", "he-im-right-youre-wrong", "ואתה טועה"),
        ("שאני לא יודע", "he-dont-know", "שאני לא יודע"),
        ("وأنت مخطئ في هذا.", "ar-youre-wrong", "وأنت مخطئ"),
        ("بحسب سياسة الشركة لا يمكن.", "ar-company-policy", "بحسب سياسة الشركة"),
        ("سيتم تحويلك الى المشرف", "ar-transfer-to-manager", "سيتم تحويلك الى المشرف"),
    ],
)
def test_prefixes_and_clitics_are_stripped_with_offsets_kept(
    text: str, rule: str, flagged: str
) -> None:
    found = [(f.rule, text[f.offset : f.offset + f.length]) for f in lint_text(text)]
    assert found == [(rule, flagged)]


@pytest.mark.parametrize(
    "text",
    [
        "אל תחזור לדף הקודם.",  # a page, not the shop
        "לא אכפת לי לחכות איתך.",  # "I don't mind waiting"
        "olet väärässä jonossa",  # the wrong queue
        "حسب سياسة الشركة، يحق لك استرداد المبلغ.",  # policy in the customer's favour
        "אני יודעת שהכול לוקח זמן.",  # "that everything": the prefix matters to the guard
        "המנהל שלנו כבר אישר את ההחלפה.",  # "שלנו" (our) is not ש + ל + "נו" (come on)
        "מגיע לך החזר מלא.",  # "מלא" (full) is not מ + "לא" (not)
    ],
)
def test_guards_keep_look_alikes_quiet(text: str) -> None:
    assert lint_text(text) == []
