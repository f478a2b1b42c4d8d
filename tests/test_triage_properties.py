"""Properties of triage: it never raises, and every piece of evidence points at its text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assist import triage_json, triage_text

PIECES = [
    "I",
    "I'm",
    "not",
    "never",
    "if",
    "don't",
    "sue",
    "going",
    "to",
    "speak",
    "a",
    "manager",
    "manger",
    "f***",
    "f*ck",
    "sh#t",
    "***",
    "WHERE",
    "IS",
    "PARCEL",
    "!!!",
    "?!",
    "\u200f",
    "\u200b",
    "\n",
    ",",
    ".",
    "לדבר",
    "עם",
    "מנהל",
    "לא",
    "أريد",
    "التحدث",
    "مع",
    "المدير",
    "لا",
    "ـ",
    "haluan",
    "puhua",
    "esimiehen",
    "kanssa",
    "en",
    "İ",
    "ﬁ",
]
messages = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_string(text: str) -> None:
    result = triage_text(text)
    triage_json(result)
    for evidence in (*result.evidence(), *result.negated):
        assert text[evidence.offset : evidence.offset + evidence.length] == evidence.text


@settings(max_examples=400, deadline=None)
@given(messages)
def test_offsets_map_back_to_the_original_text(text: str) -> None:
    result = triage_text(text)
    for evidence in (*result.evidence(), *result.negated):
        assert 0 <= evidence.offset < evidence.offset + evidence.length <= len(text)
        assert text[evidence.offset : evidence.offset + evidence.length] == evidence.text
    assert result.upset.detected == (result.upset.score >= 1.0)
