"""Which phrases a draft may contain, decided per draft with a few set operations.

Every phrase form is filed under one pair of neighbouring words (the rarest pair, across no
`...` gap) and looked up through the rarer word of that pair. A draft wakes a phrase only when
the pair stands in it side by side, or with filler words between, or when one of the pair's
words may be a typo of a draft word (then the phrase is tried whatever its neighbours). Single
words and forms whose every pair crosses a gap or holds a filler word are filed under their
rarest word alone. Phrases that wake are aligned as before (matcher.py): the sieve only drops
phrases whose alignment would fail, so findings are the same with or without it.

Why the pair is a sure test: an alignment lines up neighbouring phrase words with draft words
that are equal or within the word's typo allowance, with only filler words between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from itertools import pairwise
from typing import TYPE_CHECKING

from assist.lint.rarity import word_cost

if TYPE_CHECKING:
    from assist.lint.matcher import CompiledPhrase

NEAR_CACHE_SIZE = 50_000  # draft words remembered with the phrase words they may be typos of

# A pair of neighbouring phrase words, and the forms filed under one first pair, each with
# the other pairs it needs: [(other pairs, form numbers)].
_Pair = tuple[str, str]
_Members = list[tuple[tuple[_Pair, ...], list[int]]]


class Sieve:
    """The phrases of one table filed by language, then by their rarest pair of neighbouring
    words (or their rarest word, when they have no usable pair); each form also names every
    other pair it needs."""

    def __init__(self, phrases: Sequence[CompiledPhrase]) -> None:
        self.fillers = frozenset().union(*(p.fillers for p in phrases))
        self.by_pair: dict[str, dict[_Pair, _Members]] = {}
        self.by_word: dict[str, dict[str, list[int]]] = {}
        grouped: dict[tuple[str, _Pair], dict[tuple[_Pair, ...], list[int]]] = {}
        filed: set[str] = set()
        for number, phrase in enumerate(phrases):
            language = phrase.rule.language
            pairs = _pairs(phrase, self.fillers)
            if not pairs:
                word = min(phrase.words, key=lambda w: (word_cost(w), -len(w), w))
                self.by_word.setdefault(language, {}).setdefault(word, []).append(number)
                filed.add(word)
                continue
            filed.update(w for pair in pairs for w in pair)
            members = grouped.setdefault((language, pairs[0]), {})
            members.setdefault(tuple(pairs[1:]), []).append(number)
        for (language, first), members in grouped.items():
            self.by_pair.setdefault(language, {})[first] = list(members.items())
        self.languages = frozenset(self.by_pair) | frozenset(self.by_word)
        # Words a typo in a draft may stand for: the longer filed words.
        self.tolerant = any(p.budget for p in phrases)
        self._longest = max(map(len, filed), default=0) + 2  # longer draft words are near none
        self._variants: dict[str, list[str]] = {}
        if self.tolerant:
            for word in sorted(w for w in filed if _allowance(w)):
                for variant in deletions(word, _allowance(word)):
                    self._variants.setdefault(variant, []).append(word)
        self._near: dict[str, frozenset[str]] = {}  # draft word -> filed words it may stand for
        self._neared: set[str] = set()  # the draft words in _near that stand for some

    def numbers(self, words: list[str], languages: AbstractSet[str] | None) -> list[int]:
        """Numbers of the phrases (of `languages`, or all) that may be in the words."""
        distinct = set(words)
        fillers = self.fillers
        pairs = set(pairwise(words))  # neighbours, and neighbours across fillers
        if not fillers.isdisjoint(distinct):
            kept = [w for w in words if w not in fillers]
            pairs.update(pairwise(kept))
        loose: AbstractSet[str] = frozenset()  # filed words a filler in the draft may stand for
        if self.tolerant:
            special = self._special(distinct)
            if special:
                near = self._near
                typed = [
                    (x2, y2)
                    for x, y in pairs
                    if x in special or y in special
                    for x2 in (near[x] | {x} if x in special else (x,))
                    for y2 in (near[y] | {y} if y in special else (y,))
                ]
                pairs.update(typed)
                distinct |= set().union(*(near[w] for w in special))
                if not fillers.isdisjoint(special):
                    loose = set().union(*(near[w] for w in special & fillers))
        found: list[int] = []
        for language in self.languages if languages is None else languages & self.languages:
            by_word = self.by_word.get(language)
            if by_word:
                for word in by_word.keys() & distinct:
                    found += by_word[word]
            by_pair = self.by_pair.get(language)
            if not by_pair:
                continue
            hits = by_pair.keys() & pairs
            if loose:  # a typo that is also a filler word: its pairs are not worth the detail
                hits |= {p for p in by_pair if p[0] in loose or p[1] in loose}
            for first in hits:
                for others, numbers in by_pair[first]:
                    if not others or pairs.issuperset(others) or loose:
                        found += numbers
        return found

    def _special(self, distinct: set[str]) -> set[str]:
        """The draft words that may be a typo of some filed word (remembered per word)."""
        if len(self._near) > NEAR_CACHE_SIZE:
            self._near.clear()
            self._neared.clear()
        for word in distinct.difference(self._near):
            self._remember(word)
        return distinct & self._neared

    def _remember(self, word: str) -> None:
        """The filed words this draft word may be a typo of (within their allowance)."""
        from rapidfuzz.distance import OSA

        near: set[str] = set()
        if 2 <= len(word) <= self._longest:
            variants = self._variants
            for variant in deletions(word, 2):
                for filed in variants.get(variant, ()):
                    allowance = _allowance(filed)
                    if (
                        filed != word
                        and abs(len(filed) - len(word)) <= allowance
                        and OSA.distance(filed, word, score_cutoff=allowance) <= allowance
                    ):
                        near.add(filed)
        self._near[word] = frozenset(near)
        if near:
            self._neared.add(word)


def _pairs(phrase: CompiledPhrase, fillers: AbstractSet[str]) -> list[_Pair]:
    """The phrase's pairs of neighbouring words (across no gap, neither a filler-like word),
    rarest first."""
    words = phrase.words
    costs = [word_cost(w) for w in words]
    usable = sorted(
        (costs[j] * costs[j + 1], j)
        for j in range(len(words) - 1)
        if j + 1 not in phrase.gaps and words[j] not in fillers and words[j + 1] not in fillers
    )
    return [(words[j], words[j + 1]) for _, j in usable]


def _allowance(word: str) -> int:
    """The most typos a phrase word may ever carry (matcher._allowance with the largest
    budget): none up to three letters, one up to seven, else two."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2


def deletions(word: str, depth: int) -> set[str]:
    """The word and every string made from it by deleting up to `depth` letters."""
    result = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        result |= frontier
    return result
