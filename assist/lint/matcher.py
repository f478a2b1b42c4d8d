"""Compiled phrase index and fuzzy, word-aligned matching of drafts against it.

A phrase matches a run of draft words when, word by word, each is equal or (for words of four
letters or more, when the rule is fuzzy) within a typo or two, with only filler words of the
phrase's language allowed in between. Words of three letters or fewer must be equal, so a
changed subject ("you" for "I") or an added negation never matches.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from assist.lint.normalize import Words, is_break, normalize, phrase_words, split_words
from assist.model import PhraseRule, Playbook

MAX_EDITS = 2  # typos tolerated in one phrase, at most
MAX_FILLERS = 3  # filler words tolerated in one gap between two phrase words
SHORT = 3  # words this long or shorter must match exactly


@dataclass(frozen=True)
class CompiledPhrase:
    """One forbidden phrase ready for matching."""

    rule: PhraseRule
    phrase: str
    words: tuple[str, ...]
    budget: int
    fillers: frozenset[str]
    required: frozenset[str]
    anchors: tuple[int, ...]  # words that must be exact (any one anchors a match), or all words
    fuzzy_anchor: bool
    allowances: tuple[int, ...]  # typos each word may carry
    non_ascii: int  # letters outside ASCII: more than `budget` cannot match an ASCII draft
    order: int  # position in the playbook, to break ties the same way every time

    @property
    def size(self) -> int:
        """Characters of the phrase's words, the base of its score."""
        return len(" ".join(self.words))


@dataclass(frozen=True)
class Match:
    """A phrase found in the draft words `first..last` (inclusive)."""

    phrase: CompiledPhrase
    first: int
    last: int
    edits: int
    score: int
    tolerated: tuple[str, ...]


@dataclass(frozen=True)
class Miss:
    """A phrase that lined up with the draft at word `anchor` but was rejected, and why."""

    phrase: CompiledPhrase
    anchor: int
    reason: str
    progress: int  # phrase words that did line up before the rejection


class PhraseIndex:
    """All phrases of a playbook compiled once; `search` finds them in a text."""

    def __init__(self, playbook: Playbook) -> None:
        self.contractions = _merged_contractions(playbook)
        self.phrases: list[CompiledPhrase] = []
        self._folded_fillers: dict[frozenset[str], frozenset[str]] = {}
        self.alternatives: dict[str, list[tuple[str, ...]]] = {}
        for rule in playbook.rules:
            language = playbook.languages.get(rule.language)
            fillers = self._fillers(language.fillers if language else frozenset())
            for phrase in rule.phrases:
                compiled = self._compile(rule, phrase, fillers)
                if compiled is not None:
                    self.phrases.append(compiled)
            allowed = (*rule.say, *rule.exceptions)  # the rule never fires inside these
            self.alternatives[rule.id] = [
                w for w in (phrase_words(s, self.contractions) for s in allowed) if w
            ]
        self.vocabulary = frozenset(w for p in self.phrases for w in p.words)
        self.fuzzy_anchored = any(p.fuzzy_anchor for p in self.phrases)
        # A phrase with exact words is only tried when its key word (its longest exact word,
        # likely the rarest) is in the draft; the others are always tried.
        self.by_key: dict[str, list[CompiledPhrase]] = {}
        self.unkeyed: list[CompiledPhrase] = []
        for compiled in self.phrases:
            if compiled.required:
                key = max(compiled.required, key=lambda w: (len(w), w))
                self.by_key.setdefault(key, []).append(compiled)
            else:
                self.unkeyed.append(compiled)

    def _fillers(self, fillers: frozenset[str]) -> frozenset[str]:
        """Filler words folded the way drafts are (so 'täysin' matches 'taysin' in a draft)."""
        folded = self._folded_fillers.get(fillers)
        if folded is None:
            folded = frozenset(normalize(w).text for w in fillers)
            self._folded_fillers[fillers] = folded
        return folded

    def _compile(
        self, rule: PhraseRule, phrase: str, fillers: frozenset[str]
    ) -> CompiledPhrase | None:
        words = phrase_words(phrase, self.contractions)
        if not words:
            return None
        size = len(" ".join(words))
        budget = min(MAX_EDITS, size * (100 - rule.threshold) // 100) if rule.fuzzy else 0
        short = [i for i, w in enumerate(words) if len(w) <= SHORT or budget == 0]
        anchors = tuple(short) if short else tuple(range(len(words)))
        return CompiledPhrase(
            rule=rule,
            phrase=phrase,
            words=words,
            budget=budget,
            fillers=fillers,
            required=frozenset(words[i] for i in short),
            anchors=anchors,
            fuzzy_anchor=not short and len(words) <= budget,
            allowances=tuple(_allowance(w, budget) for w in words),
            non_ascii=sum(not c.isascii() for w in words for c in w),
            order=len(self.phrases),
        )

    def words_of(self, text: str) -> Words:
        """The draft's words, folded and with contractions expanded."""
        return split_words(normalize(text), self.contractions)

    def search(self, words: Words) -> list[Match]:
        """Every phrase occurrence in the words (overlaps within one rule resolved)."""
        positions: dict[str, list[int]] = {}
        vocabulary = self.vocabulary
        for i, word in enumerate(words.words):
            if word in vocabulary:
                positions.setdefault(word, []).append(i)
        present = positions.keys()
        distinct = list(set(words.words)) if self.fuzzy_anchored else []
        ascii_draft = words.source.text.isascii()
        matches: dict[tuple[int, int], Match] = {}
        candidates = [p for word in present for p in self.by_key.get(word, ())]
        for phrase in candidates + self.unkeyed:
            if not phrase.required <= present or (ascii_draft and phrase.non_ascii > phrase.budget):
                continue
            for anchor, k in _anchor_positions(phrase, words, positions, distinct):
                if not _neighbour_fits(phrase, words.words, anchor, k):
                    continue
                match = _align(phrase, words, anchor, k, explain=False)
                if isinstance(match, Match):
                    key = (phrase.order, match.first)
                    if key not in matches or matches[key].score < match.score:
                        matches[key] = match
        return _best_per_rule(list(matches.values()))

    def near_misses(self, words: Words) -> list[Miss]:
        """Phrases that lined up somewhere in the words but were rejected, closest first."""
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(words.words):
            positions.setdefault(word, []).append(i)
        misses = []
        distinct = list(positions)
        for phrase in self.phrases:
            for anchor, k in _anchor_positions(phrase, words, positions, distinct, every=True):
                result = _align(phrase, words, anchor, k, explain=True)
                if isinstance(result, Miss):
                    misses.append(result)
        misses = [m for m in misses if 2 * m.progress >= len(m.phrase.words)]
        misses.sort(key=lambda m: (-m.progress / len(m.phrase.words), m.anchor))
        return misses


def _merged_contractions(playbook: Playbook) -> dict[str, str]:
    merged: dict[str, str] = {}
    for language in playbook.languages.values():
        merged.update(language.contractions)
    return merged


def _anchor_positions(
    phrase: CompiledPhrase,
    words: Words,
    positions: Mapping[str, list[int]],
    distinct: list[str],
    *,
    every: bool = False,
):
    """(phrase word index, draft word index) pairs where a match may be anchored.

    A match needs only one anchor (the rarest); `every` yields them all, for explanations.
    """
    if phrase.fuzzy_anchor:
        near = _near_words(phrase.words[0], phrase.budget, distinct)
        if near:
            yield from ((0, k) for k, word in enumerate(words.words) if word in near)
        return
    if phrase.required and not every:  # short words must be exact: anchor on the rarest
        anchor = phrase.anchors[0]
        if len(phrase.anchors) > 1:
            counts = [len(positions.get(phrase.words[j], ())) for j in phrase.anchors]
            anchor = phrase.anchors[counts.index(min(counts))]
        for k in positions.get(phrase.words[anchor], ()):
            yield anchor, k
        return
    exact = sum(w in positions for w in phrase.words)
    if not every and exact < len(phrase.words) - phrase.budget:
        return  # each word not found exactly costs at least one typo: over budget
    for anchor in phrase.anchors:
        for k in positions.get(phrase.words[anchor], ()):
            yield anchor, k


def _near_words(target: str, budget: int, candidates: list[str]) -> set[str]:
    """The distinct draft words within the allowed typos of `target` (one C call)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    allowance = _allowance(target, budget)
    hits = process.extract(
        target, candidates, scorer=OSA.distance, score_cutoff=allowance, limit=None
    )
    return {word for word, _, _ in hits}


def _neighbour_fits(phrase: CompiledPhrase, draft: list[str], anchor: int, k: int) -> bool:
    """Cheap pre-check: the draft words on either side of the anchor can continue the phrase."""
    words = phrase.words
    for j, kk in ((anchor + 1, k + 1), (anchor - 1, k - 1)):
        if not 0 <= j < len(words):
            continue
        if not 0 <= kk < len(draft):
            return False
        got, expected = draft[kk], words[j]
        if got == expected or got in phrase.fillers:
            continue
        allowance = phrase.allowances[j]
        if not allowance or _osa()(expected, got, score_cutoff=allowance) > allowance:
            return False
    return True


def word_distance(expected: str, written: str, budget: int) -> int | None:
    """Edits between a phrase word and a draft word, or None if over the word's allowance."""
    if expected == written:
        return 0
    allowance = _allowance(expected, budget)
    if allowance == 0 or abs(len(expected) - len(written)) > allowance:
        return None
    edits = _osa()(expected, written, score_cutoff=allowance)
    return edits if edits <= allowance else None


def _allowance(expected: str, budget: int) -> int:
    """Typos a phrase word may carry: none for short words, one up to 7 letters, else two."""
    return min(budget, 0 if len(expected) <= SHORT else 1 if len(expected) <= 7 else 2)


@cache
def _osa():
    """rapidfuzz's optimal-string-alignment distance, imported on first use."""
    from rapidfuzz.distance import OSA

    return OSA.distance


def _align(
    phrase: CompiledPhrase, words: Words, anchor: int, k: int, *, explain: bool
) -> Match | Miss | None:
    """Match the phrase around draft word k (which lines up with phrase word `anchor`).

    A rejection is a Miss with its reason when `explain` is set, else None (the fast path).
    """
    tolerated: list[str] = []
    if words.words[k] == phrase.words[anchor] and k not in words.costs:
        edits: int | None = 0  # the usual case: anchors are exact words
    else:
        edits = _word_edits(phrase, words, anchor, k, phrase.budget, tolerated)
    if edits is None:
        return Miss(phrase, k, _mismatch(phrase, words, anchor, k), 0) if explain else None
    right = _extend(phrase, words, anchor, k, +1, phrase.budget - edits, tolerated, explain)
    if not isinstance(right, tuple):
        return right
    left = _extend(
        phrase, words, anchor, k, -1, phrase.budget - edits - right[1], tolerated, explain
    )
    if not isinstance(left, tuple):
        if left is None:
            return None
        return Miss(phrase, k, left.reason, len(phrase.words) - anchor + left.progress)
    total = edits + right[1] + left[1]
    score = round(100 * (1 - total / phrase.size))
    if score < phrase.rule.threshold and total:
        reason = f"score {score} is below the rule's threshold {phrase.rule.threshold}"
        return Miss(phrase, k, reason, len(phrase.words)) if explain else None
    return Match(phrase, left[0], right[0], total, score, tuple(dict.fromkeys(tolerated)))


def _extend(
    phrase: CompiledPhrase, words: Words, anchor: int, k: int, step: int, budget: int,
    tolerated: list[str], explain: bool,
) -> tuple[int, int] | Miss | None:  # fmt: skip
    """Walk from the anchor in one direction; (last draft index, edits), else the Miss or None."""
    start = k
    end = len(phrase.words) if step > 0 else -1
    edits = 0
    draft, costs, count = words.words, words.costs, len(words.words)
    for j in range(anchor + step, end, step):
        k += step
        fillers = 0
        while True:
            if 0 <= k < count and draft[k] == phrase.words[j] and k not in costs:
                break  # exact word: the common case, no edits
            if not 0 <= k < count or is_break(draft[k]):
                if not explain:
                    return None
                where = "the text ends" if not 0 <= k < count else "a sentence ends"
                return Miss(phrase, start, f"{where} before '{phrase.words[j]}'", abs(j - anchor))
            found = _word_edits(phrase, words, j, k, budget - edits, tolerated)
            if found is not None:
                edits += found
                break
            if words.words[k] in phrase.fillers and fillers < MAX_FILLERS:
                fillers += 1
                tolerated.append(f"filler '{words.written(k)}'")
                k += step
                continue
            if not explain:
                return None
            reason = _mismatch(phrase, words, j, k, budget - edits)
            return Miss(phrase, start, reason, abs(j - anchor))
    return k, edits


def _mismatch(phrase: CompiledPhrase, words: Words, j: int, k: int, budget: int = -1) -> str:
    """Why draft word k does not stand for phrase word j."""
    expected, written = phrase.words[j], words.words[k]
    if len(expected) <= SHORT:
        return f"'{written}' where the phrase has '{expected}' (short words must be exact)"
    if not phrase.rule.fuzzy:
        return f"'{written}' is not '{expected}' and the rule allows no typos"
    if budget == 0:
        return f"'{written}' is not '{expected}' and the phrase's typo budget is spent"
    return f"'{written}' where the phrase has '{expected}' (too different, not a filler word)"


def _word_edits(
    phrase, words: Words, j: int, k: int, budget: int, tolerated: list[str]
) -> int | None:
    """Edits for phrase word j against draft word k, counting a mistyped contraction."""
    if budget < 0:
        return None
    expected, written = phrase.words[j], words.words[k]
    edits = word_distance(expected, written, budget)
    if edits is None:
        return None
    cost = words.costs.get(k, 0)
    if edits + cost > budget:
        return None
    if edits:
        tolerated.append(f"typo '{written}' for '{expected}'")
    if cost:
        tolerated.append(f"mistyped contraction '{words.written(k)}'")
    elif words.written(k) != written:
        tolerated.append(f"contraction '{words.written(k)}'")
    return edits + cost


def _best_per_rule(matches: list[Match]) -> list[Match]:
    """Drop a rule's match when the same rule has a longer or better one overlapping it."""
    matches.sort(key=lambda m: (m.first, -(m.last - m.first), -m.score, m.phrase.order))
    kept: list[Match] = []
    reach: dict[str, int] = {}  # rule id -> last word covered by its kept matches
    for match in matches:
        rule = match.phrase.rule.id
        if match.first <= reach.get(rule, -1):
            continue
        kept.append(match)
        reach[rule] = match.last
    return kept


def inside_alternative(match: Match, words: Words, alternatives: list[tuple[str, ...]]) -> bool:
    """True when the match lies inside one of its rule's alternatives or exceptions.

    Sentence marks are ignored on both sides, so an alternative typed without its full stop
    (or with different punctuation) still counts.
    """
    kept, plain = words.plain()
    at = bisect_left(kept, match.first)
    for alt in alternatives:
        n = len(alt)
        for start in range(max(0, at - n + 1), at + 1):
            if tuple(plain[start : start + n]) == alt and kept[start + n - 1] >= match.last:
                return True
    return False
