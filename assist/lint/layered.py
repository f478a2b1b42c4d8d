"""The built-in playbook's compiled index with team layers on top, for the playbook cache.

After an edit of a team folder only the rules the team layers add or change are compiled
(the built-in ones, about 5,400 phrase forms, take a second); the two indexes are searched
together and the built-in matches of rules the team layers override or disable are dropped.
The result is the one a whole compile of the merged playbook gives: every rule's matches
depend only on its own phrases and guards, its language's guards, fillers and contractions,
the Hebrew/Arabic stems and the phrase vocabulary (prefix stripping of drafts), and the
layering is used only when those are the same for both (`layered_linter`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assist.lint.engine import Linter
from assist.lint.matcher import CompiledPhrase, Match, Miss, PhraseIndex, _canonical_stems
from assist.lint.normalize import Words, phrase_words
from assist.model import PhraseRule, Playbook
from assist.playbook.patterns import forms


class LayeredIndex(PhraseIndex):
    """A PhraseIndex made of the built-in one (minus `hidden` rules) and a team one.

    It offers what callers use of a PhraseIndex (`words_of`, `search`, `near_misses`,
    `phrases`, `alternatives`, `vocabulary`, `canonical`, `contractions`), with the merged
    playbook's vocabulary and stems, and results in the order a whole compile gives.
    """

    def __init__(
        self, base: PhraseIndex, team: PhraseIndex, layers: _Layers, rank: Mapping[str, int],
        vocabulary: frozenset[str], canonical: dict[str, str],
    ) -> None:  # fmt: skip
        # No PhraseIndex.__init__: the two compiled indexes do the matching.
        self.base = base
        self.team = team
        self.layers = layers
        self.hidden = hidden = layers.hidden
        self.rank = rank  # rule id -> its place in the merged playbook (ties break by it)
        self.contractions = base.contractions
        self.prefilter = True
        self.vocabulary = vocabulary
        self.canonical = canonical
        kept = {k: v for k, v in base.alternatives.items() if k not in hidden}
        self.alternatives = {**kept, **team.alternatives}

    @property
    def phrases(self) -> list[CompiledPhrase]:
        """Every compiled phrase form, in the merged playbook's rule order."""
        found = [p for p in self.base.phrases if p.rule.id not in self.hidden]
        found.extend(self.team.phrases)
        found.sort(key=lambda p: (self.rank[p.rule.id], p.order))
        return found

    def to_data(self) -> dict[str, Any]:
        """Not stored whole: the cache keeps the team part (`layer_data`)."""
        raise TypeError("a layered index is cached as its layers")

    def search(self, words: Words) -> list[Match]:
        """Both indexes' matches (the built-in ones of hidden rules dropped), in the order one
        index over the merged playbook gives."""
        words = self._stemmed(words)
        found = [m for m in self.base.search(words) if m.phrase.rule.id not in self.hidden]
        found.extend(self.team.search(words))
        rank = self.rank
        found.sort(
            key=lambda m: (
                m.first, -(m.last - m.first), -m.score, rank[m.phrase.rule.id], m.phrase.order,
            )
        )  # fmt: skip
        return found

    def near_misses(self, words: Words) -> list[Miss]:
        """Both indexes' near misses, closest first (ties in the merged playbook's order)."""
        words = self._stemmed(words)
        misses = [m for m in self.base.near_misses(words) if m.phrase.rule.id not in self.hidden]
        misses.extend(self.team.near_misses(words))
        rank = self.rank
        misses.sort(
            key=lambda m: (
                -m.progress / len(m.phrase.words), m.anchor, rank[m.phrase.rule.id],
                m.phrase.order,
            )
        )  # fmt: skip
        return misses

    def _stemmed(self, words: Words) -> Words:
        """The words with prefixes stripped toward the merged vocabulary and marked as done (on
        a copy), so that neither index strips them again toward its own vocabulary."""
        if words.unstemmed is not None or words.source.text.isascii():
            return words
        from assist.lint.matcher import _strip_prefixes

        copy = Words(words.words, words.written_tokens, words.origin, words.costs, words.source)
        _strip_prefixes(copy, self.vocabulary, self.canonical)
        if copy.unstemmed is None:
            copy.unstemmed = copy.words
        return copy


def layered_linter(base: Linter, playbook: Playbook) -> Linter | None:
    """A Linter for `playbook` (the built-in one with team layers merged) that reuses `base`
    (the built-in playbook compiled) and compiles only the rules the layers added or changed.

    None when the layers change what the built-in phrases were compiled with (a language's
    fillers, contractions or guards, or the Hebrew/Arabic stems): compile it whole then.
    """
    built = base.playbook
    if playbook.languages != built.languages:
        return None
    merged = {rule.id: rule for rule in playbook.rules}
    hidden = frozenset(r.id for r in built.rules if merged.get(r.id) != r)
    known = {r.id for r in built.rules}
    team_rules = tuple(r for r in playbook.rules if r.id not in known or r.id in hidden)
    team = PhraseIndex(Playbook(rules=team_rules, languages=playbook.languages))
    canonical = _merged_stems(base.index, team, playbook, team_rules, bool(hidden))
    if canonical is None:
        return None
    if hidden:
        kept = (p for p in base.index.phrases if p.rule.id not in hidden)
        vocabulary = frozenset(w for p in kept for w in p.words) | team.vocabulary
    else:
        vocabulary = base.index.vocabulary | team.vocabulary
    layers = _Layers(built.rules, team_rules, hidden)
    return _linter(playbook, base.index, team, layers, vocabulary, canonical)


def layer_data(linter: Linter) -> dict[str, Any] | None:
    """The team part of a layered Linter as JSON-ready data (None for a whole one)."""
    from assist.playbook.codec import encode

    index = linter.index
    if not isinstance(index, LayeredIndex):
        return None
    layers = index.layers
    return {
        "base_rules": [
            [rule.id, encode(rule) if rule.id in layers.hidden else None]
            for rule in layers.base_rules
        ],
        "team_rules": [rule.id for rule in layers.team_rules],
        "vocabulary": " ".join(sorted(index.vocabulary)),
        "canonical": index.canonical,
        "team": index.team.to_data(),
    }


def from_layer_data(playbook: Playbook, base_data: Any, data: Any) -> Linter:
    """The layered Linter `layer_data` described, for this merged playbook, with the built-in
    index read back from its own cache entry's data; ValueError (or TypeError, KeyError,
    IndexError) when they do not fit."""
    from assist.playbook.codec import decode

    merged = {rule.id: rule for rule in playbook.rules}
    base_rules: list[PhraseRule] = []
    hidden: set[str] = set()
    for rule_id, stored in data["base_rules"]:
        rule = merged[rule_id] if stored is None else decode(stored)
        if not isinstance(rule, PhraseRule) or rule.id != rule_id:
            raise ValueError(f"not the built-in rule {rule_id!r}")
        if stored is not None:
            hidden.add(rule_id)
        base_rules.append(rule)
    team_rules = tuple(merged[rule_id] for rule_id in data["team_rules"])
    languages = playbook.languages
    base = PhraseIndex.from_data(Playbook(rules=tuple(base_rules), languages=languages), base_data)
    team = PhraseIndex.from_data(Playbook(rules=team_rules, languages=languages), data["team"])
    vocabulary = frozenset(str(data["vocabulary"]).split(" ")) - {""}
    canonical = {str(k): str(v) for k, v in data["canonical"].items()}
    layers = _Layers(tuple(base_rules), team_rules, frozenset(hidden))
    return _linter(playbook, base, team, layers, vocabulary, canonical)


class _Layers:
    """Which rules each index holds: the built-in rules (as built in), the team ones, and the
    built-in rules the team layers override or disable (their built-in matches are dropped)."""

    def __init__(
        self, base_rules: Iterable[PhraseRule], team_rules: Iterable[PhraseRule],
        hidden: frozenset[str],
    ) -> None:  # fmt: skip
        self.base_rules = tuple(base_rules)
        self.team_rules = tuple(team_rules)
        self.hidden = hidden


def _linter(
    playbook: Playbook, base: PhraseIndex, team: PhraseIndex, layers: _Layers,
    vocabulary: frozenset[str], canonical: dict[str, str],
) -> Linter:  # fmt: skip
    rank = {rule.id: n for n, rule in enumerate(playbook.rules)}
    index = LayeredIndex(base, team, layers, rank, vocabulary, canonical)
    return Linter(playbook, index)


def _merged_stems(
    base: PhraseIndex, team: PhraseIndex, playbook: Playbook, team_rules: tuple[PhraseRule, ...],
    hidden: bool,
) -> dict[str, str] | None:  # fmt: skip
    """The merged playbook's Hebrew/Arabic stems when both indexes were compiled with the same
    ones for their words, else None."""
    contractions = base.contractions
    team_words = _stem_vocabulary(team_rules, contractions)
    if not hidden and not team_words:
        return base.canonical  # the same phrases feed the stems as in the built-in playbook
    merged = _canonical_stems(
        playbook, contractions, forms, lambda chunk: phrase_words(chunk, contractions)
    )
    if merged != base.canonical:
        return None
    if any(team.canonical.get(w, w) != merged.get(w, w) for w in team_words):
        return None
    return merged


def _stem_vocabulary(rules: Iterable[PhraseRule], contractions: Mapping[str, str]) -> set[str]:
    """The words of the rules' phrases that are not ASCII text (those the stems come from)."""
    from assist.playbook.patterns import PatternError

    vocabulary: set[str] = set()
    for rule in rules:
        for text in rule.phrases:
            if text.isascii():
                continue
            try:
                shapes = forms(text)
            except PatternError:
                continue
            for shape in shapes:
                for chunk in shape.chunks:
                    vocabulary.update(phrase_words(chunk, contractions))
    return vocabulary


class LinterLayering:
    """The playbook cache's layering of Linters (assist.playbook.cache.Layering)."""

    def layered(self, base: Linter, playbook: Playbook) -> Linter | None:
        """See `layered_linter`."""
        return layered_linter(base, playbook)

    def layer_data(self, value: Linter) -> Any:
        """See `layer_data`."""
        return layer_data(value)

    def from_layer_data(self, playbook: Playbook, base_data: Any, data: Any) -> Linter:
        """See `from_layer_data`."""
        return from_layer_data(playbook, base_data, data)
