"""A draft's words after contraction expansion, and its folding outside ASCII, come from
faster paths (the expanded tokens found by a scan for each, the characters to fold found in
the text's UTF-8 bytes): the words, their written tokens and offsets must be what a plain
walk over every token and character gives. A Finding is built by position: each field
holds its own value."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from assist import lint_text
from assist.lint import normalize as normalize_module
from assist.lint.engine import default_playbook
from assist.lint.findings import Finding
from assist.lint.normalize import expand, normalize, split_words

CONTRACTIONS = {"don't": "do not", "dont": "do not", "i'm": "i am", "won't": "will not"}

token = st.sampled_from(
    ["don't", "dont", "I'm", "won't", "donn't", "company's", "know", "it", ".", "?", "x"]
)


def walked(tokens: list[str]) -> tuple[list[str], list[int], dict[int, int]]:
    """Each token expanded in turn: the words, the token each came from, mistyped costs."""
    words: list[str] = []
    origin: list[int] = []
    costs: dict[int, int] = {}
    for i, written in enumerate(tokens):
        expansion, cost = expand(written, CONTRACTIONS)
        if cost:
            costs[len(words)] = cost
        words += expansion
        origin += [i] * len(expansion)
    return words, origin, costs


@settings(max_examples=300, deadline=None)
@given(st.lists(token, max_size=25), st.sampled_from([" ", "  ", " \u2019 "]))
def test_expanded_words_and_their_tokens_are_a_walk_over_every_token(
    tokens: list[str], space: str
) -> None:
    words = split_words(normalize(space.join(tokens)), CONTRACTIONS)
    expected, origin, costs = walked(words.written_tokens)
    assert words.words == expected
    assert (words.origin or list(range(len(expected)))) == origin
    assert words.costs == costs


# Latin, a curly apostrophe, Finnish, Hebrew with a mark, full-width and mathematical
# letters, an invisible space, a lone surrogate.
unicode_char = st.sampled_from(
    [*"aZ '.", "\u2019", "ä", "Ö", "ש", "\u05b8", "Ａ", "\u200b", "é", "\U0001d400", "\ud800"]
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=unicode_char, max_size=40))
def test_text_outside_ascii_folds_as_with_every_character_looked_at(text: str) -> None:
    folded = normalize(text)
    with patch.object(normalize_module, "non_ascii_chars", every_non_ascii_character):
        expected = normalize(text)
    assert (folded.text, folded.starts) == (expected.text, expected.starts)


def every_non_ascii_character(text: str) -> str:
    return "".join(c for c in text if not c.isascii())


def test_a_curly_apostrophe_contraction_is_flagged_where_it_stands() -> None:
    text = "Thanks for waiting. Honestly I don\u2019t know, and I don\u2019t know why."
    found = lint_text(text, languages=["en"])
    assert [(f.rule, f.offset, f.matched) for f in found] == [
        ("dont-know", 29, "I don\u2019t know"),
        ("dont-know", 47, "I don\u2019t know"),
    ]


def test_a_finding_s_fields_each_hold_their_own_value() -> None:
    # (a Finding is built by position: each field must still get its own value)
    text = "Hi.\nAs I said, I don't know."
    (found,) = lint_text(text, path="mail.txt")
    rule = default_playbook().rule("dont-know")
    assert found == Finding(
        path="mail.txt", line=2, column=12, end_line=2, end_column=24, offset=15, length=12,
        rule="dont-know", severity=rule.severity, phrase=found.phrase, matched="I don't know",
        score=100, why=rule.why, suggestions=rule.say,
    )  # fmt: skip
    assert found.phrase in rule.phrases
