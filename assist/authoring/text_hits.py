"""The findings of the texts `assist playbook check` lints (phrases, `say` alternatives,
pass examples, reference sentences), linted afresh or, after an edit of a team folder, with
the built-in rules' findings in the built-in texts taken from the built-in check.

A rule's matches depend only on its own phrases and guards, its language's settings, every
language's contractions, the Hebrew/Arabic stems and the phrase vocabulary of those scripts
(assist.lint.layered). When team layers leave all but the last two unchanged, a built-in
rule the layers do not change finds in a text what it found in the built-in check: only the
rules the layers add or change are searched in the built-in texts, and only the texts the
layers add are linted with every rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from heapq import merge

from assist.authoring.batch import Hit, hits_alone, hits_in_chunks
from assist.lint.engine import Linter
from assist.lint.layered import only_rules
from assist.lint.morphology import is_prefixed_script

Known = dict[str, dict[str, list[Hit]]]
"""Texts linted and their hits, by how they were linted: "each" (with others), "alone"."""


class TextHits:
    """The hits of the check's texts, each text linted with every rule of `linter`; with
    `record`, every text linted and its hits are kept (`known`) for a later reuse."""

    def __init__(self, linter: Linter, *, record: bool = False) -> None:
        self.linter = linter
        self.known: Known | None = {"each": {}, "alone": {}} if record else None

    def each(self, texts: Sequence[str]) -> list[list[Hit]]:
        """The hits of each text, the texts linted together (assist.authoring.batch)."""
        found = hits_in_chunks(self.linter, texts)
        if self.known is not None:
            self.known["each"].update(zip(texts, found, strict=True))
        return found

    def alone(self, text: str) -> list[Hit]:
        """The hits of one text linted on its own."""
        found = hits_alone(self.linter, text)
        if self.known is not None:
            self.known["alone"][text] = found
        return found


class ReusedHits(TextHits):
    """Hits of the merged playbook's `linter`: a text the built-in check linted the same way
    gets the hits it had of the rules in `unchanged` (`known`, as TextHits recorded them) and
    is searched for the other rules only (`changed`, a Linter of those rules); any other text
    is linted with every rule."""

    def __init__(
        self,
        linter: Linter,
        changed: Linter,
        unchanged: frozenset[str],
        known: Known,
    ) -> None:
        super().__init__(linter)
        self.changed = changed
        self.unchanged = unchanged
        self.reused = known

    def each(self, texts: Sequence[str]) -> list[list[Hit]]:
        """The hits of each text, the texts linted together (assist.authoring.batch)."""
        known = self.reused["each"]
        old = [i for i, text in enumerate(texts) if text in known]
        new = [i for i, text in enumerate(texts) if text not in known]
        found: list[list[Hit]] = [[] for _ in texts]
        for i, hits in zip(new, super().each([texts[i] for i in new]), strict=True):
            found[i] = hits
        fresh = hits_in_chunks(self.changed, [texts[i] for i in old])
        for i, hits in zip(old, fresh, strict=True):
            found[i] = self._joined(known[texts[i]], hits)
        return found

    def alone(self, text: str) -> list[Hit]:
        """The hits of one text linted on its own."""
        known = self.reused["alone"].get(text)
        if known is None:
            return super().alone(text)
        return self._joined(known, hits_alone(self.changed, text))

    def _joined(self, known: list[Hit], fresh: list[Hit]) -> list[Hit]:
        """The unchanged rules' known hits with the changed rules' fresh ones, in lint's
        order (by position, then rule: the two sets of rules never share a position's key)."""
        kept = [hit for hit in known if hit.rule in self.unchanged]
        if not fresh:
            return kept
        return list(merge(kept, fresh, key=lambda hit: hit.order))


def reused_hits(linter: Linter, builtin: Linter, known: Known) -> ReusedHits | None:
    """Hits of `linter` (the built-ins with team layers, in parts) reusing what the built-in
    check of `builtin` found (`known`), or None when the layers change what every built-in
    rule matches (a language's settings, the stems, the vocabulary of prefixed scripts) or
    the linter is not in parts."""
    merged, built = linter.playbook, builtin.playbook
    if merged.languages != built.languages or not _same_words(linter, builtin):
        return None
    original = {rule.id: rule for rule in built.rules}
    unchanged = frozenset(rule.id for rule in merged.rules if original.get(rule.id) == rule)
    changed = only_rules(linter, {rule.id for rule in merged.rules} - unchanged)
    if changed is None:
        return None
    return ReusedHits(linter, changed, unchanged, known)


def _same_words(linter: Linter, builtin: Linter) -> bool:
    """Whether drafts are split into the same words for both (contractions, stems, and the
    phrase words that Hebrew and Arabic prefixes are stripped toward)."""
    a, b = linter.index, builtin.index
    if a.contractions != b.contractions or a.canonical != b.canonical:
        return False
    return _prefixed(a.vocabulary) == _prefixed(b.vocabulary)


def _prefixed(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word for word in words if word and is_prefixed_script(word))
