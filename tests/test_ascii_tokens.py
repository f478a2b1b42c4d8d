"""ASCII drafts are split into words without the tokenising regular expression (a faster
path): the words, sentence marks and their positions must be exactly what it finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint.normalize import (
    ASCII_TOKEN_RE,
    TOKEN_RE,
    _tokens_and_spaced,
    _with_apostrophe,
    ascii_token_span,
    token_spans,
    tokens_of,
)

# Letters, digits, apostrophes and every other ASCII character, apostrophes and marks often.
ascii_text = st.text(
    alphabet=st.sampled_from([*"abzAZ09", *"''''..!?;:", *' \t\n\r,-_()"`/@#&*\x00\x1c\x7f']),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(ascii_text)
def test_ascii_text_gives_the_words_and_marks_the_regular_expression_finds(text: str) -> None:
    assert tokens_of(text) == ASCII_TOKEN_RE.findall(text)


@settings(max_examples=200, deadline=None)
@given(ascii_text)
def test_each_ascii_token_has_its_span(text: str) -> None:
    spans = token_spans(text, tokens_of(text))
    assert spans == [m.span() for m in ASCII_TOKEN_RE.finditer(text)]


# Other scripts, marks, digits of other kinds, underscores and lone apostrophes between words.
unicode_text = st.text(
    alphabet=st.sampled_from([*"ab9²ä_", *"שלוםسلام", "\u05b8", "\u0301", *"'. ?!؟،…-"]),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(unicode_text, st.integers(min_value=0, max_value=20))
def test_each_token_has_the_span_the_regular_expression_gives_it(text: str, skip: int) -> None:
    tokens = tokens_of(text)
    expected = [m.span() for m in TOKEN_RE.finditer(text)]
    assert token_spans(text, tokens) == expected
    # found on from a known token's end, as a draft's findings ask for them
    skip = min(skip, len(tokens))
    after = expected[skip - 1][1] if skip else 0
    assert token_spans(text, tokens[skip:], after) == expected[skip:]


def test_contractions_quotes_and_marks_are_split_as_in_a_draft() -> None:
    text = "'Hello' -- I didn't say rock'n'roll... a''b, ok?! (x_y) don't'"
    assert tokens_of(text) == [
        "Hello", "I", "didn't", "say", "rock'n'roll", ".", ".", ".", "a", "b", "ok", "?",
        "!", "x", "y", "don't",
    ]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(ascii_text, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_a_span_of_ascii_tokens_is_found_as_the_spans_of_every_token_give_it(
    text: str, first: int, length: int
) -> None:
    tokens = tokens_of(text)
    if not tokens:
        return
    first = min(first, len(tokens) - 1)
    last = min(first + length, len(tokens) - 1)
    spans = [m.span() for m in ASCII_TOKEN_RE.finditer(text)]
    assert ascii_token_span(text, tokens, first, last) == (spans[first][0], spans[last][1])
    # the spaced text a draft's words were split from, kept for the span: the same span
    spaced = _tokens_and_spaced(text)[1]
    assert ascii_token_span(text, tokens, first, last, spaced) == (spans[first][0], spans[last][1])


@settings(max_examples=400, deadline=None)
@given(ascii_text)
def test_the_words_with_an_apostrophe_are_found_around_each_apostrophe(text: str) -> None:
    # (the words a contraction may be: found with a few str.find, not by testing each word)
    tokens, spaced = _tokens_and_spaced(text)
    assert set(_with_apostrophe(tokens, spaced)) == {t for t in tokens if "'" in t}


def test_every_span_of_a_long_draft_is_found_from_either_end() -> None:
    # (a span is split out from the end of the text nearer to it: both ends, long text)
    text = " ".join(
        f"Sorry... we didn't ship order {n}; it's 'delayed' -- ok?! Thanks:" for n in range(12)
    )
    tokens = tokens_of(text)
    spans = [m.span() for m in ASCII_TOKEN_RE.finditer(text)]
    spaced = _tokens_and_spaced(text)[1]
    for first in range(len(tokens)):
        for last in range(first, min(first + 6, len(tokens))):
            expected = (spans[first][0], spans[last][1])
            assert ascii_token_span(text, tokens, first, last, spaced) == expected
