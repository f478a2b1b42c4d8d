"""Which rules could flag some texts at all, from the phrase index's sieve (assist.lint.sieve):
the check lints a phrase's forms with every rule only when a rule other than its own is in
reach (rarely: 51 of the 1,435 built-in phrases), instead of aligning every phrase near every
form.

The sieve keeps every phrase form that may be in a draft's words (a match needs its words, so
texts joined keep every form that may be in one of them); guards and `say` alternatives only
take findings away. A rule out of reach therefore has no finding in any of the texts.
"""

from __future__ import annotations

from collections.abc import Sequence

from assist.authoring.batch import SEPARATOR
from assist.lint.engine import Linter
from assist.lint.layered import LayeredIndex
from assist.lint.matcher import PhraseIndex, StoredPartError


def rules_in_reach(linter: Linter, texts: Sequence[str]) -> frozenset[str] | None:
    """The ids of the rules with a phrase form the sieve keeps for the texts joined; None when
    the index cannot tell (no sieve: every phrase is tried)."""
    index = linter.index
    words = index.words_of(SEPARATOR.join(texts))
    ascii_texts = words.source.text.isascii()
    if isinstance(index, LayeredIndex):
        parts = [
            (part.index, part.hidden)
            for part in index.parts
            if part.ascii or not ascii_texts  # a part that cannot match an ASCII text
        ]
    else:
        parts = [(index, frozenset[str]())]
    found: set[str] = set()
    for part_index, hidden in parts:
        owners = _owners(part_index, words.words)
        if owners is None:
            return None
        found.update(owners - hidden)
    return frozenset(found)


def _owners(index: PhraseIndex, words: list[str]) -> set[str] | None:
    """The rule ids of the forms the index's sieve keeps for the words; None: no sieve, or a
    stored piece did not fit (the caller lints instead, which compiles the part again)."""
    table = index.table
    if not table.prefilter:
        return None
    try:
        return {table._owner(number) for number in table._numbers(words, None)}
    except StoredPartError:
        return None
