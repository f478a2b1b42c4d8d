"""ASCII drafts are split into words without the tokenising regular expression (a faster
path): the words, sentence marks and their positions must be exactly what it finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assist.lint.normalize import ASCII_TOKEN_RE, _token_spans, tokens_of

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
    spans = _token_spans(text)
    assert [text[a:b] for a, b in spans] == tokens_of(text)


def test_contractions_quotes_and_marks_are_split_as_in_a_draft() -> None:
    text = "'Hello' -- I didn't say rock'n'roll... a''b, ok?! (x_y) don't'"
    assert tokens_of(text) == [
        "Hello", "I", "didn't", "say", "rock'n'roll", ".", ".", ".", "a", "b", "ok", "?",
        "!", "x", "y", "don't",
    ]  # fmt: skip
