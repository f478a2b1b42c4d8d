"""Which phrases a draft may contain, decided per draft with set operations.

Each phrase form needs its words: every one must be in the draft, or (for a word of four
letters or more) be a word some draft word may be a typo of. Forms are filed by language and
under their rarest needed word, and a form whose words are all there must also find each of
its pairs of neighbouring words (across no `...` gap, neither a filler-like word) side by
side in the draft, or with filler words between, or with a typo. Forms that pass are aligned
as before (matcher.py): the sieve drops only forms whose alignment would fail, so findings
are the same with it and without it (tests/test_sieve.py).

Why it is sure: an alignment lines up each phrase word with a draft word that is equal or
within the word's typo allowance, and neighbouring phrase words with draft words that have
only filler words between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from assist.lint.rarity import word_cost

if TYPE_CHECKING:
    from assist.lint.matcher import CompiledPhrase

NEAR_CACHE_SIZE = 50_000  # draft words remembered with the phrase words they may be typos of

# A pair of neighbouring phrase words (a, b, whether to look it up from a rather than b).
_Pair = tuple[str, str, bool]
# Forms that need the same words and pairs: (words, pairs, form numbers).
_Group = tuple[frozenset[str], tuple[_Pair, ...], list[int]]


class Sieve:
    """The phrase forms of one table, by language and rarest needed word."""

    def __init__(self, phrases: Sequence[CompiledPhrase]) -> None:
        self.fillers = frozenset().union(*(p.fillers for p in phrases))
        paired = [_pairs(phrase, self.fillers) for phrase in phrases]
        # Words a typo in a draft is looked up against: the words of pairs, and of phrases
        # without one. Words of three letters or fewer never carry a typo.
        filed = {w for pairs in paired for a, b, _ in pairs for w in (a, b)}
        filed.update(
            w for p, pairs in zip(phrases, paired, strict=True) if not pairs for w in p.words
        )
        grouped: dict[tuple[str, str, str, frozenset[str], tuple[_Pair, ...]], list[int]] = {}
        for number, (phrase, pairs) in enumerate(zip(phrases, paired, strict=True)):
            needs = frozenset(w for w in phrase.words if len(w) <= 3 or w in filed)
            rarest = sorted(needs, key=lambda w: (word_cost(w), -len(w), w))[:2]
            key, second = rarest[0], rarest[1] if len(rarest) > 1 else ""
            group = (phrase.rule.language, key, second, needs, tuple(pairs))
            grouped.setdefault(group, []).append(number)
        # language -> rarest needed word -> second rarest ("" for none) -> groups
        self.by_word: dict[str, dict[str, dict[str, list[_Group]]]] = {}
        for (language, key, second, needs, pairs_of), numbers in grouped.items():
            by_second = self.by_word.setdefault(language, {}).setdefault(key, {})
            by_second.setdefault(second, []).append((needs, pairs_of, numbers))
        self.languages = frozenset(self.by_word)
        self.tolerant = any(p.budget for p in phrases)
        self._longest = max(map(len, filed), default=0) + 2  # longer draft words are near none
        self._variants: dict[str, list[str]] = {}
        if self.tolerant:
            for word in sorted(w for w in filed if _allowance(w)):
                for variant in deletions(word, _allowance(word)):
                    self._variants.setdefault(variant, []).append(word)
        self._near: dict[str, frozenset[str]] = {}  # draft word -> filed words it may stand for
        self._neared: set[str] = set()  # the draft words in _near that stand for some

    def numbers(
        self, words: list[str], languages: AbstractSet[str] | None
    ) -> tuple[list[int], set[str]]:
        """Numbers of the phrase forms (of `languages`, or all) that may be in the words, and
        the set of the distinct words."""
        distinct = set(words)
        reached = distinct  # the words, and the filed words they may stand for
        typed: dict[str, list[str]] = {}  # filed word -> the draft words that may stand for it
        if self.tolerant:
            special = self._special(distinct)
            if special:
                near = self._near
                for word in special:
                    for filed in near[word]:
                        typed.setdefault(filed, []).append(word)
                reached = distinct.union(typed)
        check = _Pairs(words, self.fillers, typed)
        found: list[int] = []
        by_language = self.by_word
        for language in self.languages if languages is None else languages & self.languages:
            by_word = by_language[language]
            for key in by_word.keys() & reached:
                by_second = by_word[key]
                for second in by_second.keys() & reached:
                    for needs, pairs, numbers in by_second[second]:
                        if reached.issuperset(needs) and check.all(pairs):
                            found += numbers
                single = by_second.get("")
                if single:
                    for needs, pairs, numbers in single:
                        if reached.issuperset(needs) and check.all(pairs):
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
        self._near[word] = frozenset(near)
        if near:
            self._neared.add(word)


class _Pairs:
    """Tests of phrase pairs against one draft: the words that follow (or precede) a draft
    word with only filler-like words between, found per word when first asked, and the draft
    words that may be typos of filed words."""

    __slots__ = ("after", "before", "fillers", "typed", "words")

    def __init__(
        self, words: list[str], fillers: frozenset[str], typed: dict[str, list[str]]
    ) -> None:
        self.words = words
        self.fillers = fillers
        self.typed = typed
        self.after: dict[str, set[str]] = {}
        self.before: dict[str, set[str]] = {}

    def all(self, pairs: tuple[_Pair, ...]) -> bool:
        """Whether every pair stands in the draft."""
        return all(self.holds(a, b, forward) for a, b, forward in pairs)

    def holds(self, a: str, b: str, forward: bool) -> bool:
        """Some draft word that is `a` (or may be a typo of it) has one that is `b` (or may be
        a typo of it) right after it, or after filler-like words; looked up from `a` when
        `forward` (the rarer word), else from `b`."""
        typed = self.typed
        if forward:
            start, end, side = a, b, self.after
        else:
            start, end, side = b, a, self.before
        ends = typed.get(end)
        for x in (start, *typed[start]) if start in typed else (start,):
            found = side.get(x)
            if found is None:
                found = side[x] = self._reach(x, 1 if forward else -1)
            if end in found or (ends and not found.isdisjoint(ends)):
                return True
        return False

    def _reach(self, word: str, step: int) -> set[str]:
        """The words that stand after (step 1) or before (step -1) an occurrence of `word`
        with only filler-like words between: each neighbour, each filler of a run, and the
        first word past the run."""
        words, fillers = self.words, self.fillers
        end = len(words)
        found: set[str] = set()
        at = -1
        index = words.index
        try:
            while True:
                at = index(word, at + 1)
                k = at + step
                while 0 <= k < end:
                    found.add(words[k])
                    if words[k] not in fillers:
                        break
                    k += step
        except ValueError:
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
    # Looked up from the rarer word of each pair (it has fewer occurrences to follow).
    return [(words[j], words[j + 1], costs[j] <= costs[j + 1]) for _, j in usable]


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
