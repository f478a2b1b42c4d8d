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
from itertools import pairwise, product
from typing import TYPE_CHECKING

from assist.lint.rarity import word_cost

if TYPE_CHECKING:
    from assist.lint.matcher import CompiledPhrase

NEAR_CACHE_SIZE = 50_000  # draft words remembered with the phrase words they may be typos of

# A pair of neighbouring phrase words. Forms are grouped by the words they need (each must be
# in the draft, or be a filed word a draft word may be a typo of) and their other pairs.
_Pair = tuple[str, str]
_Group = tuple[frozenset[str], tuple[_Pair, ...], list[int]]
_Near = tuple[frozenset[str], tuple[str, ...] | None, tuple[str, ...] | None]


class Sieve:
    """The phrases of one table filed by language, then by their rarest pair of neighbouring
    words (or their rarest word, when they have no usable pair); each form also names the
    words it needs and every other pair."""

    def __init__(self, phrases: Sequence[CompiledPhrase]) -> None:
        self.fillers = frozenset().union(*(p.fillers for p in phrases))
        filings: list[tuple[str, list[_Pair]]] = []
        filed: set[str] = set()  # words a typo in a draft is looked up against
        for phrase in phrases:
            pairs = _pairs(phrase, self.fillers)
            word = min(phrase.words, key=lambda w: (word_cost(w), -len(w), w))
            filings.append((word, pairs))
            filed.update((word,) if not pairs else (w for pair in pairs for w in pair))
        grouped: dict[tuple[str, object], dict[tuple[frozenset[str], tuple[_Pair, ...]], list[int]]]
        grouped = {}
        for number, (phrase, (word, pairs)) in enumerate(zip(phrases, filings, strict=True)):
            needs = frozenset(w for w in phrase.words if len(w) <= 3 or w in filed)
            key = (phrase.rule.language, pairs[0] if pairs else word)
            grouped.setdefault(key, {}).setdefault((needs, tuple(pairs[1:])), []).append(number)
        self.by_pair: dict[str, dict[_Pair, list[_Group]]] = {}
        self.by_word: dict[str, dict[str, list[_Group]]] = {}
        for (language, first), groups in grouped.items():
            listed = [(needs, others, numbers) for (needs, others), numbers in groups.items()]
            if isinstance(first, tuple):
                self.by_pair.setdefault(language, {})[first] = listed
            else:
                self.by_word.setdefault(language, {})[str(first)] = listed
        self.languages = frozenset(self.by_pair) | frozenset(self.by_word)
        self._lefts = frozenset(a for _, pairs in filings for a, _ in pairs)
        self._rights = frozenset(b for _, pairs in filings for _, b in pairs)
        # Words a typo in a draft may stand for: the longer filed words.
        self.tolerant = any(p.budget for p in phrases)
        self._longest = max(map(len, filed), default=0) + 2  # longer draft words are near none
        self._variants: dict[str, list[str]] = {}
        if self.tolerant:
            for word in sorted(w for w in filed if _allowance(w)):
                for variant in deletions(word, _allowance(word)):
                    self._variants.setdefault(variant, []).append(word)
        # draft word -> (filed words it may be a typo of; the word and those that begin a
        # filed pair, or None; the same for those that end one)
        self._near: dict[str, _Near] = {}
        self._neared: set[str] = set()  # the draft words in _near that stand for some

    def numbers(
        self, words: list[str], languages: AbstractSet[str] | None
    ) -> tuple[list[int], set[str]]:
        """Numbers of the phrases (of `languages`, or all) that may be in the words, and the
        set of the distinct words."""
        distinct = set(words)
        fillers = self.fillers
        pairs = set(pairwise(words))  # neighbours, and neighbours across fillers
        if not fillers.isdisjoint(distinct):
            pairs.update(_across_fillers(words, distinct & fillers, fillers))
        loose: AbstractSet[str] = frozenset()  # filed words a filler in the draft may stand for
        reached: set[str] = distinct  # the words, and the filed words they may stand for
        if self.tolerant:
            special = self._special(distinct)
            if special:
                near = self._near
                as_left = {w: near[w][1] for w in special if near[w][1]}
                as_right = {w: near[w][2] for w in special if near[w][2]}
                if as_left or as_right:
                    left, right = as_left.get, as_right.get
                    pairs.update(
                        [
                            typed
                            for x, y in pairs
                            if x in as_left or y in as_right
                            for typed in product(left(x) or (x,), right(y) or (y,))
                        ]
                    )
                reached = distinct.union(*(near[w][0] for w in special))
                if not fillers.isdisjoint(special):
                    loose = set().union(*(near[w][0] for w in special & fillers))
        found: list[int] = []
        for language in self.languages if languages is None else languages & self.languages:
            by_word = self.by_word.get(language)
            if by_word:
                for word in by_word.keys() & reached:
                    for needs, _, numbers in by_word[word]:
                        if reached.issuperset(needs):
                            found += numbers
            by_pair = self.by_pair.get(language)
            if not by_pair:
                continue
            hits = by_pair.keys() & pairs
            if loose:  # a typo that is also a filler word: its pairs are not worth the detail
                hits |= {p for p in by_pair if p[0] in loose or p[1] in loose}
            for first in hits:
                for needs, others, numbers in by_pair[first]:
                    if reached.issuperset(needs) and (loose or pairs.issuperset(others)):
                        found += numbers
        return found, distinct

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
        lefts = tuple(sorted(near & self._lefts))
        rights = tuple(sorted(near & self._rights))
        self._near[word] = (
            frozenset(near),
            (word, *lefts) if lefts else None,
            (word, *rights) if rights else None,
        )
        if near:
            self._neared.add(word)


def _across_fillers(
    words: list[str], present: AbstractSet[str], fillers: AbstractSet[str]
) -> list[tuple[str, str]]:
    """The words on either side of each run of filler-like words (the pairs the draft has
    once its fillers are left out, besides those it has anyway)."""
    found = []
    last = len(words) - 1
    for filler in present:
        at = -1
        try:
            while True:
                at = words.index(filler, at + 1)
                start, end = at, at
                while start > 0 and words[start - 1] in fillers:
                    start -= 1
                while end < last and words[end + 1] in fillers:
                    end += 1
                if start > 0 and end < last:
                    found.append((words[start - 1], words[end + 1]))
        except ValueError:
            pass
    return found


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
