"""The findings of the texts `assist playbook check` lints (phrases, `say` alternatives,
pass examples, reference sentences), linted afresh or, in a check of team folders, with
the built-in rules' findings in the built-in texts taken from an earlier check over the same
built-ins (the built-in files' own, or a team's first check, which records those of the
built-in rules its layers leave unchanged).

A rule's matches depend only on its own phrases and guards, its language's settings, every
language's contractions, the Hebrew/Arabic stems and the phrase vocabulary of those scripts
(assist.lint.layered). When team layers leave all but the last two unchanged, a built-in
rule the layers do not change finds in a text what it found in the built-in check: only the
rules the layers add or change are searched in the built-in texts, and only the texts the
layers add are linted with every rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from hashlib import blake2b
from heapq import merge

from assist.authoring.batch import Hit, hits_alone, hits_in_chunks
from assist.authoring.reach import rules_in_reach
from assist.lint.engine import Linter
from assist.lint.layered import LayeredIndex, only_rules
from assist.lint.morphology import is_prefixed_script

Owned = Sequence[tuple[str, Sequence[str]]]
"""(rule id, the texts of one of its phrases' forms), as the phrase check lints them."""


class Known:
    """What a check linted: texts and their hits, by how they were linted ("each": with
    others, "alone"), and for the phrases whose forms were linted in part (`forms_each`),
    how many of their forms were (`forms`, by `forms_key`). Only the hits of `rules` are
    reused: the built-in rules a team check that recorded them left unchanged (all of them
    for the built-in files' own check)."""

    def __init__(self, rules: Iterable[str] = ()) -> None:
        self.each: dict[str, list[Hit]] = {}
        self.alone: dict[str, list[Hit]] = {}
        self.forms: dict[str, int] = {}
        self.rules = frozenset(rules)


def forms_key(rule_id: str, texts: Sequence[str]) -> str:
    """A short key for a rule's phrase forms (`Known.forms`)."""
    return blake2b(json.dumps([rule_id, *texts]).encode(), digest_size=16).hexdigest()


class TextHits:
    """The hits of the check's texts, each text linted with every rule of `linter`; with
    `record`, every text linted and its hits are kept (`known`) for a later reuse, as hits
    of the rules `covering` (default: every rule of `linter`)."""

    def __init__(
        self, linter: Linter, *, record: bool = False, covering: Iterable[str] | None = None
    ) -> None:
        self.linter = linter
        self.known: Known | None = None
        if record:
            rules = covering if covering is not None else (r.id for r in linter.playbook.rules)
            self.known = Known(rules)

    def each(self, texts: Sequence[str]) -> list[list[Hit]]:
        """The hits of each text, the texts linted together (assist.authoring.batch)."""
        found = hits_in_chunks(self.linter, texts)
        if self.known is not None:
            self.known.each.update(zip(texts, found, strict=True))
        return found

    def alone(self, text: str) -> list[Hit]:
        """The hits of one text linted on its own."""
        found = hits_alone(self.linter, text)
        if self.known is not None:
            self.known.alone[text] = found
        return found

    def forms_each(self, owned: Owned) -> list[list[Hit]]:
        """For each (rule id, texts of one of its phrases' forms): every other rule's hits in
        the texts, in order, and the rule's own in the texts up to the first it fires in (all
        of them when it fires in none). When no other rule is in reach of the texts
        (assist.authoring.reach) only those are linted, else every text."""
        found: list[list[Hit]] = [[] for _ in owned]
        whole = [n for n, (rule_id, texts) in enumerate(owned) if self._others(rule_id, texts)]
        self._linted(owned, whole, found, 0)
        # the others: the first form of each, then the rest of those whose rule did not fire
        linted = set(whole)
        rest = [n for n in range(len(owned)) if owned[n][1] and n not in linted]
        self._linted(owned, rest, found, 0, 1)
        unfired = [n for n in rest if not any(hit.rule == owned[n][0] for hit in found[n])]
        self._linted(owned, unfired, found, 1)
        if self.known is not None:
            for n in whole:  # every form linted with every rule
                rule_id, texts = owned[n]
                if texts:
                    self.known.forms[forms_key(rule_id, texts)] = len(texts)
            for n in rest:
                rule_id, texts = owned[n]
                self.known.forms[forms_key(rule_id, texts)] = len(texts) if n in unfired else 1
        return found

    def _linted(
        self, owned: Owned, numbers: list[int], found: list[list[Hit]], start: int,
        stop: int | None = None,
    ) -> None:  # fmt: skip
        """The hits of texts [start:stop] of the groups `numbers`, linted together, added to
        their groups' hits."""
        batched = iter(self.each([t for n in numbers for t in owned[n][1][start:stop]]))
        for n in numbers:
            found[n] += [hit for _ in owned[n][1][start:stop] for hit in next(batched)]

    def _others(self, rule_id: str, texts: Sequence[str]) -> bool:
        """Whether a rule other than `rule_id` may fire in the texts (True: cannot tell)."""
        reach = rules_in_reach(self.linter, texts)
        return reach is None or bool(reach - {rule_id})


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
        known = self.reused.each
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
        known = self.reused.alone.get(text)
        if known is None:
            return super().alone(text)
        return self._joined(known, hits_alone(self.changed, text))

    def forms_each(self, owned: Owned) -> list[list[Hit]]:
        """As TextHits.forms_each: a rule's phrase forms the built-in check linted (all, or in
        part when no other rule was in reach) get the hits it had of the unchanged rules in
        those forms, and the changed rules' hits in every form; the others as TextHits does
        it. (A group linted whole before and in part now differs only in its own rule's hits
        past its first form, which only tell whether it fires: the same answer.)"""
        found: list[list[Hit]] = [[] for _ in owned]
        known = self.reused.each
        parted = [(n, self.reused.forms.get(forms_key(*group))) for n, group in enumerate(owned)]
        # (a count without its texts' hits is no record: linted afresh)
        parted = [(n, k if k and all(t in known for t in owned[n][1][:k]) else None)
                  for n, k in parted]  # fmt: skip
        for n, linted in parted:
            if linted is not None:
                found[n] = self._reused_forms(owned[n][1], linted)
        fresh = [n for n, linted in parted if linted is None]
        for n, hits in zip(fresh, super().forms_each([owned[n] for n in fresh]), strict=True):
            found[n] = hits
        return found

    def _reused_forms(self, texts: Sequence[str], linted: int) -> list[Hit]:
        """The hits of a phrase's forms the built-in check linted up to `linted`: there, the
        unchanged rules' known hits with the changed rules', text by text in lint's order;
        in the other forms the changed rules' only (none linted when none is in reach)."""
        if rules_in_reach(self.changed, texts) == frozenset():
            fresh: list[list[Hit]] = [[] for _ in texts]
        else:
            fresh = hits_in_chunks(self.changed, texts)
        known = self.reused.each
        found: list[Hit] = []
        for k, (text, hits) in enumerate(zip(texts, fresh, strict=True)):
            found += self._joined(known[text], hits) if k < linted else hits
        return found

    def _joined(self, known: list[Hit], fresh: list[Hit]) -> list[Hit]:
        """The unchanged rules' known hits with the changed rules' fresh ones, in lint's
        order (by position, then rule: the two sets of rules never share a position's key)."""
        kept = [hit for hit in known if hit.rule in self.unchanged]
        if not fresh:
            return kept
        return list(merge(kept, fresh, key=lambda hit: hit.order))


def reused_hits(linter: Linter, builtin: Linter, known: Known) -> ReusedHits | None:
    """Hits of `linter` (the built-ins with team layers, in parts) reusing what an earlier
    check over the built-ins of `builtin` found (`known`) of the built-in rules the layers
    leave unchanged (the others are searched), or None when the layers change what every
    built-in rule matches (a language's settings, the stems, the vocabulary of prefixed
    scripts) or the linter is not in parts."""
    unchanged = unchanged_rules(linter, builtin)
    if unchanged is None:
        return None
    unchanged &= known.rules
    changed = only_rules(linter, {rule.id for rule in linter.playbook.rules} - unchanged)
    if changed is None:
        return None
    return ReusedHits(linter, changed, unchanged, known)


def recording_hits(linter: Linter, builtin: Linter) -> TextHits | None:
    """Hits of `linter` (the built-ins with team layers) that record the findings of the
    built-in rules the layers leave unchanged, for later checks over `builtin` to reuse;
    None when no check could reuse them (`reused_hits`)."""
    unchanged = unchanged_rules(linter, builtin)
    if unchanged is None or not isinstance(linter.index, LayeredIndex):
        return None
    return TextHits(linter, record=True, covering=unchanged)


def unchanged_rules(linter: Linter, builtin: Linter) -> frozenset[str] | None:
    """The ids of the built-in rules of `builtin` that `linter`'s team layers leave as they
    are, or None when the layers change what every built-in rule matches (a language's
    settings, the stems, the vocabulary of prefixed scripts)."""
    merged, built = linter.playbook, builtin.playbook
    if merged.languages != built.languages or not _same_words(linter, builtin):
        return None
    original = {rule.id: rule for rule in built.rules}
    return frozenset(rule.id for rule in merged.rules if original.get(rule.id) == rule)


def _same_words(linter: Linter, builtin: Linter) -> bool:
    """Whether drafts are split into the same words for both (contractions, stems, and the
    phrase words that Hebrew and Arabic prefixes are stripped toward)."""
    a, b = linter.index, builtin.index
    if a.contractions != b.contractions or a.canonical != b.canonical:
        return False
    return _prefixed(a.vocabulary) == _prefixed(b.vocabulary)


def _prefixed(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word for word in words if word and is_prefixed_script(word))
