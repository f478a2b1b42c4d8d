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


def rules_in_reach(linter: Linter, texts: Sequence[str]) -> frozenset[str] | None:
    """The ids of the rules with a phrase form the sieve keeps for the texts joined; None
    when the index cannot tell (no sieve: every phrase is tried)."""
    index = linter.index
    found = index.rules_in_reach(index.words_of(SEPARATOR.join(texts)))
    return None if found is None else frozenset(found)
