"""Which phrases a draft may contain, decided per draft with a few set operations in C.

Each phrase form needs its words: every one must be in the draft, or (for a word of four
letters or more, in a form that tolerates typos) be a word some draft word may be a typo of.
It also needs each of its pairs of neighbouring words (across no `...` gap, neither a
filler-like word) to stand as a *link* of the draft: two draft words side by side, or with up
to MAX_FILLERS filler words between, each equal to its phrase word or a possible typo of it.

Per draft: the set of its links that matter (neighbouring words, and words across fillers
where it has a filler word) is made once, as numbers: every link that may stand has one from 1 (a
phrase pair its place in the table's list of pairs), filed under its first word with its
second, so a neighbour is one look-up of the next word in the word's own small table (no
pair of words made or hashed per neighbour). The phrase pairs that stand through a typo come
from a table of draft links kept per draft *word*: when a draft word is first seen to be near
some phrase words (a typo they could carry), the links it may form with them are filed (with
numbers of their own), so a later draft needs only one set intersection for them. Forms
are filed under their rarest pair (a form without pairs under its rarest needed word): the
filed pairs that stand are one more set intersection. Forms that pass are aligned as before
(matcher.py): the sieve drops only forms whose alignment would fail, so findings are the
same with it and without it (tests/test_sieve.py).

The tables are made once per table from its phrase forms; a built-in table read back from the
playbook cache reads them from a text stored beside it instead (`to_text`, `from_text`), each
rarest pair's forms parsed when a draft first has the pair.

Why it is sure: an alignment lines up each phrase word with a draft word that is equal or
within the word's typo allowance, and neighbouring phrase words with draft words that have
at most MAX_FILLERS filler words between them.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from functools import partial
from operator import itemgetter

from assist.lint.normalize import token_places
from assist.lint.rarity import word_cost

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

    from assist.lint.matcher import CompiledPhrase

NEAR_CACHE_SIZE = 50_000  # draft words remembered with the phrase words they may be typos of
# Typo links are numbered this far apart (odd): consecutive numbers would fill one run of
# slots in the set of them, and a set's look-up walks along a run (7 k instructions a draft).
TYPO_LINK_STEP = 40_503

# Two neighbouring phrase words, or two draft words with only filler words between them.
_Link = tuple[str, str]
# Forms that need the same words and pairs: (language, words rarest first, other pairs, form
# numbers); the pairs as their numbers (their place from 1 in the table's list of pairs) once
# the sieve is settled, as words while it is built.
_Group = tuple[str, tuple[str, ...], frozenset[int], list[int]]
_BuiltGroup = tuple[str, tuple[str, ...], frozenset[_Link], list[int]]
# A rarest pair's forms: (its second rarest pair, or None, and the groups filed under both).
_Seconds = tuple[tuple[int | None, list[_Group]], ...]
_BuiltSeconds = tuple[tuple[_Link | None, list[_BuiltGroup]], ...]
_NO_PAIRS: frozenset[Any] = frozenset()
# The links a learnt draft word starts that may stand: none (shared by every such word, and
# never filled: a word that gets a link gets a table of its own).
_NO_LINKS: dict[str, int] = {}
# What a learnt word's table of links gives for a filler word after it: every table that
# starts a link holds each filler seen in a draft (a real link to a filler is marked too, in
# _after_filler), so a draft whose links hold none has no filler after such a word, and its
# fillers' places are not looked for (a list scan per filler: most drafts have a filler).
_AFTER_FILLER = -1


class Sieve:
    """The phrase forms of one table, filed under their rarest pair."""

    def __init__(self, phrases: Sequence[CompiledPhrase], max_fillers: int) -> None:
        with collector_paused():  # ~500k small containers: full collections would rescan
            self._build(phrases, max_fillers)  # the whole compiled playbook, over half the time

    def _build(self, phrases: Sequence[CompiledPhrase], max_fillers: int) -> None:
        """The tables made from the phrase forms (see the class)."""
        self.fillers = frozenset().union(*(p.fillers for p in phrases))
        self.max_fillers = max_fillers
        costs: dict[str, float] = {}  # word -> word_cost, each word's computed once
        paired = [_pairs(phrase, self.fillers, costs) for phrase in phrases]
        # The typos a phrase word may carry (the most any form allows it), for the words of
        # pairs and of forms without pairs: the words a draft word is checked against.
        allowances: dict[str, int] = {}
        for phrase, pairs in zip(phrases, paired, strict=True):
            budget = phrase.budget
            for word in {w for pair in pairs for w in pair} if pairs else set(phrase.words):
                allowance = _allowance(word, budget)
                if allowances.get(word, -1) < allowance:
                    allowances[word] = allowance
        rareness: dict[str, tuple[float, int, str]] = {}  # word -> its sort key
        rank = partial(_rareness_of, rareness, costs)  # rarest first, each word's key made once
        grouped: dict[tuple[str, Any, Any, frozenset[str], frozenset[_Link]], list[int]] = {}
        for number, (phrase, pairs) in enumerate(zip(phrases, paired, strict=True)):
            needs = frozenset(w for w in phrase.words if len(w) <= 3 or w in allowances)
            first: _Link | str
            second: _Link | None
            if pairs:  # filed under its rarest pair, then its second rarest (or None)
                first, second = pairs[0], pairs[1] if len(pairs) > 1 else None
                rest = frozenset(pairs[2:]) if len(pairs) > 2 else _NO_PAIRS
            else:  # filed under its rarest needed word alone
                first = min(needs, key=rank)
                second, rest = None, _NO_PAIRS
            group = (phrase.rule.language, first, second, needs, rest)
            numbers = grouped.get(group)
            if numbers is None:
                grouped[group] = [number]
            else:
                numbers.append(number)
        # The rarest pair -> the second rarest (None: the form has one) -> its forms: a form is
        # looked at only when both stand in the draft.
        by_pair: dict[_Link, dict[_Link | None, list[_BuiltGroup]]] = {}
        single: dict[str, list[_BuiltGroup]] = {}  # forms without pairs, by rarest word
        for (language, first, second, needs, rest), numbers in grouped.items():
            entry = (language, tuple(sorted(needs, key=rank)), rest, numbers)
            if isinstance(first, tuple):
                by_second = by_pair.setdefault(first, {})
                by_second.setdefault(second, []).append(entry)
            else:
                single.setdefault(first, []).append(entry)
        all_pairs = sorted({pair for pairs in paired for pair in pairs})
        self._settle(all_pairs, {w: a for w, a in allowances.items() if a})
        of = self._pair_number
        self.single = {word: _numbered(groups, of) for word, groups in single.items()}
        # (as (second, groups) items: a few per pair, tested one by one in a draft)
        self.by_pair: dict[int, _Seconds | bytes] = {
            of(*pair): tuple(
                (None if second is None else of(*second), _numbered(groups, of))
                for second, groups in seconds.items()
            )
            for pair, seconds in by_pair.items()
        }
        self._rarest = frozenset(self.by_pair)  # the pairs forms are filed under, as a set
        self._longest = max(map(len, allowances), default=0) + 2  # longer draft words: near none
        self._count = len(phrases)

    def _settle(self, all_pairs: list[_Link], allowances: dict[str, int]) -> None:
        """What drafts need besides the filed forms: every phrase pair (the links that may
        stand, numbered by their place here), the pairs by their word that may carry a typo,
        and the words that may."""
        self._all_pairs = all_pairs
        self._allowances = allowances  # phrase words that may carry typos -> how many
        # Every pair a form needs, by the word of it that may carry a typo.
        self._starting: dict[str, list[_Link]] = {}  # first word -> pairs
        self._ending: dict[str, list[_Link]] = {}  # second word -> pairs
        for pair in all_pairs:
            if pair[0] in allowances:
                self._starting.setdefault(pair[0], []).append(pair)
            if pair[1] in allowances:
                self._ending.setdefault(pair[1], []).append(pair)
        self.tolerant = bool(allowances)
        self._variants: dict[str, list[tuple[str, int]]] | None = None  # made when first asked
        self._clear()

    def to_text(self) -> bytes:
        """The sieve's tables as text for the playbook cache (`from_text`): a JSON line (the
        fillers, the words that may carry typos, the forms without pairs), a line of every
        phrase pair's words, a line of the rarest pairs' words, then one JSON line of each
        rarest pair's forms (parsed when a draft first has the pair)."""
        with collector_paused():
            return self._text()

    def _text(self) -> bytes:
        firsts = list(self.by_pair)
        pairs = dict(enumerate(self._all_pairs, 1))  # a pair's words by its number
        single = self.single
        head = {
            "fillers": sorted(self.fillers),
            "allowances": self._allowances,
            "longest": self._longest,
            "single": {word: _groups_data(single[word], pairs) for word in sorted(single)},
        }
        lines = [
            json.dumps(head, ensure_ascii=False, sort_keys=True),
            "\t".join(w for pair in self._all_pairs for w in pair),
            "\t".join(w for first in firsts for w in pairs[first]),
        ]
        for first in firsts:
            data = [
                [None if s is None else list(pairs[s]), _groups_data(groups, pairs)]
                for s, groups in self._seconds(first)
            ]
            lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        return "\n".join(lines).encode("utf-8")

    @classmethod
    def from_text(cls, text: bytes, max_fillers: int, count: int) -> Sieve:
        """The sieve `to_text` wrote, for a table of `count` forms: the rarest pairs' forms
        are parsed when a draft first has the pair (StoredPartError when they do not fit).
        ValueError (or TypeError, KeyError) when the text does not fit."""
        with collector_paused():
            return cls._read(text, max_fillers, count)

    @classmethod
    def _read(cls, text: bytes, max_fillers: int, count: int) -> Sieve:
        lines = text.split(b"\n")  # the rarest pairs' lines stay bytes until parsed
        head = json.loads(lines[0])
        sieve = cls.__new__(cls)
        sieve.fillers = frozenset(map(str, head["fillers"]))
        sieve.max_fillers = max_fillers
        sieve._count = count
        words = iter(lines[1].decode("utf-8").split("\t") if lines[1] else ())
        all_pairs = list(zip(words, words, strict=True))
        firsts = iter(lines[2].decode("utf-8").split("\t") if lines[2] else ())
        keys = list(zip(firsts, firsts, strict=True))
        if len(keys) != len(lines) - 3:
            raise ValueError("the sieve's rarest pairs do not fit their forms")
        allowances = {str(w): int(a) for w, a in head["allowances"].items()}
        sieve._settle(all_pairs, allowances)
        number = sieve._pair_number
        sieve.by_pair = {number(*key): line for key, line in zip(keys, lines[3:], strict=True)}
        sieve._rarest = frozenset(sieve.by_pair)
        sieve.single = {
            str(w): _groups_of(groups, count, number) for w, groups in head["single"].items()
        }
        sieve._longest = int(head["longest"])
        return sieve

    def _clear(self) -> None:
        """Forget what was learnt about draft words (bounded memory)."""
        self._near: dict[str, tuple[str, ...]] = {}  # draft word -> phrase words it may be
        self._typos: dict[str, list[str]] = {}  # phrase word -> the draft words that may be it
        # Draft links that matter, by first word, then second word -> the link's number (from
        # 1: never false): every phrase pair (its place in _all_pairs), and the draft links
        # filed when a word was first seen (numbered after them), with the phrase pairs they
        # may stand for through typos (_through). Learnt words only, each with an entry
        # (_NO_LINKS when it starts none): a draft's words are looked up all at once, and a
        # new one raises KeyError. A word not learnt yet keeps its table in _unlearnt.
        self._links: dict[str, dict[str, int]] = {}
        self._unlearnt: dict[str, dict[str, int]] = {}
        for number, (first, second) in enumerate(self._all_pairs, 1):
            follows = self._unlearnt.get(first)
            if follows is None:
                follows = self._unlearnt[first] = {}
            follows[second] = number
        self._link_count = len(self._all_pairs) + 1  # the next typo link's number
        # The fillers seen in drafts, each to _AFTER_FILLER: in every table of a learnt word
        # that starts a link (see _AFTER_FILLER), and the link numbers that may stand for them.
        self._filler_marks: dict[str, int] = {}
        self._after_filler = {_AFTER_FILLER}
        self._through: dict[int, set[int]] = {}
        self._through_links: set[int] = set()  # the keys of _through, as a set
        # Learnt words that are, or may be a typo of, the rarest word of a form without pairs.
        self._single: set[str] = set()

    def _pair_number(self, first: str, second: str) -> int:
        """A phrase pair's number (KeyError when the words are no phrase pair)."""
        follows = self._links.get(first)
        number = (self._unlearnt[first] if follows is None else follows)[second]
        if not 0 < number <= len(self._all_pairs):
            raise KeyError((first, second))
        return number

    def numbers(self, words: list[str], languages: AbstractSet[str] | None) -> list[int]:
        """Numbers of the phrase forms (of `languages`, or all) that may be in the words."""
        starts = self._starts(words)  # each word's table of the links it starts
        links = self._draft_links(words, starts)
        # The phrase pairs that stand: the links themselves (a draft link that is no phrase
        # pair is never asked about), and those they stand for through typos.
        # Set with set: the links' hashes are read from their entries, not made again.
        typo_links = links.intersection(self._through_links)
        pairs = links.union(*map(self._through.__getitem__, typo_links)) if typo_links else links
        hits = pairs.intersection(self._rarest)
        # (no draft word looked up when no learnt word may be a form's only word, the fillers
        # only in _draft_links after a filler mark: about -13 k a clean draft)
        singles = bool(self._single) and not self._single.isdisjoint(words)
        found: list[int] = []
        if not hits and not singles:
            return found
        # Forms whose two rarest pairs stand (their words are checked next).
        groups: list[_Group] = []
        by_pair = self.by_pair
        for hit in hits:
            seconds = by_pair[hit]
            if isinstance(seconds, bytes):  # read back: parsed when a draft first has the pair
                seconds = self._seconds(hit)
            for second, entries in seconds:
                if second is None or second in pairs:
                    groups += entries
        if groups:
            found = self._with_words(groups, words, pairs, languages)
        if singles:
            found += self._singles(words, languages)
        return found

    def _seconds(self, first: int) -> _Seconds:
        """The forms filed under a rarest pair (by its number), parsed from the stored text
        the first time (StoredPartError when it does not fit the table)."""
        seconds = self.by_pair[first]
        if isinstance(seconds, bytes):
            from assist.lint.matcher import StoredPartError

            number = self._pair_number
            try:
                seconds = tuple(
                    (
                        None if second is None else number(*map(str, second)),
                        _groups_of(groups, self._count, number),
                    )
                    for second, groups in json.loads(seconds)
                )
            except (ValueError, TypeError, KeyError) as problem:
                pair = self._all_pairs[first - 1]
                raise StoredPartError(f"the sieve's forms of {pair!r}: {problem}") from None
            self.by_pair[first] = seconds
        return seconds

    def _starts(self, words: list[str]) -> tuple[dict[str, int], ...]:
        """Each draft word's table of the links it starts; new words learnt first."""
        try:  # in C: every word learnt before (most drafts)
            return self._learnt_starts(words)
        except KeyError:
            pass
        near = self._near
        unseen = set(words).difference(near)
        if len(near) + len(unseen) > NEAR_CACHE_SIZE:
            self._clear()
            unseen = set(words)
        self._learn(unseen)
        return self._learnt_starts(words)

    def _learnt_starts(self, words: list[str]) -> tuple[dict[str, int], ...]:
        """`_starts` of learnt words (KeyError for a word not learnt)."""
        if len(words) > 1:
            return itemgetter(*words)(self._links)
        return tuple(map(self._links.__getitem__, words))

    def _draft_links(self, words: list[str], starts: tuple[dict[str, int], ...]) -> set[int]:
        """The numbers of the draft's links that may stand: each word with the next, and
        the word before a filler with each word after it up to the first that is no filler
        (at most max_fillers)."""
        if len(words) < 2:
            return set()
        # In C: the next word looked up in each word's table (dict.get as a function of the
        # table and the word), its None (no link) dropped: no link is numbered 0.
        links = set(filter(None, map(dict.get, starts, words[1:])))
        if links.isdisjoint(self._after_filler):  # no filler after a word that starts a link
            return links
        fillers = self.fillers.intersection(words)
        for at in token_places(words, fillers):
            follows = starts[at - 1] if at else _NO_LINKS
            if follows:
                for k in range(at + 1, min(len(words), at + self.max_fillers + 1)):
                    link = follows.get(words[k])
                    if link:
                        links.add(link)
                    if words[k] not in fillers:
                        break
        links.discard(_AFTER_FILLER)
        return links

    def _with_words(
        self,
        groups: list[_Group],
        words: list[str],
        pairs: set[int],
        languages: AbstractSet[str] | None,
    ) -> list[int]:
        """The forms of `groups` whose other pairs stand and whose needed words are reached:
        a draft word, or one a draft word may be a typo of. Most drafts have no such typo of
        the word a form fails on, so the draft's words are looked up (rarest needed word
        first: most forms fail at once) and a typo looked for only for a word not there."""
        found: list[int] = []
        standing = [
            (needs, numbers)
            for language, needs, rest, numbers in groups
            if (languages is None or language in languages) and pairs.issuperset(rest)
        ]
        if not standing:  # (no set of the draft's words made: 17% of clean benchmark drafts)
            return found
        typos = self._typos
        # A set of the draft's words: a scan of the list compares every word it passes (about
        # three scans a draft cost 3-4x what making the set costs, in instructions).
        has = set(words).__contains__
        for needs, numbers in standing:
            for need in needs:
                if not has(need) and not (need in typos and any(map(has, typos[need]))):
                    break
            else:
                found += numbers
        return found

    def _singles(self, words: list[str], languages: AbstractSet[str] | None) -> list[int]:
        """The forms without pairs whose needed words are all reached (see _with_words)."""
        reached = set(words)
        reached = reached.union(*map(self._near.__getitem__, reached))
        found: list[int] = []
        single = self.single
        for word in single.keys() & reached:
            for language, needs, _, numbers in single[word]:
                if (languages is None or language in languages) and reached.issuperset(needs):
                    found += numbers
        return found

    def _learn(self, unseen: set[str]) -> None:
        """Remember, for draft words not seen before, the phrase words each may be a typo
        of, and file the draft links through which they complete a phrase pair."""
        links, unlearnt = self._links, self._unlearnt
        for word in sorted(unseen):
            near = self._near_words(word) if self.tolerant else ()
            self._near[word] = near
            table = unlearnt.pop(word, _NO_LINKS)
            links[word] = self._filler_marks | table if table else _NO_LINKS
            if word in self.fillers:
                self._mark_filler(word)
            if word in self.single:
                self._single.add(word)
            if not near:
                continue
            for filed in near:
                self._typos.setdefault(filed, []).append(word)
            self._file_links(word, near)

    def _mark_filler(self, filler: str) -> None:
        """A filler seen for the first time: marked in the tables of learnt words that start
        a link (a real link it stands in is kept: `_file_link` marked it)."""
        self._filler_marks[filler] = _AFTER_FILLER
        for table in self._links.values():
            if table:  # (never _NO_LINKS, shared and empty)
                table.setdefault(filler, _AFTER_FILLER)

    def _file_links(self, word: str, near: tuple[str, ...]) -> None:
        """File the draft links `word` may form that stand for a phrase pair through a typo:
        with the pair's other word as written, or with a known typo of it."""
        for filed in near:
            if filed in self.single:
                self._single.add(word)
            for pair in self._starting.get(filed, ()):
                number = self._pair_number(*pair)
                for after in (pair[1], *self._typos.get(pair[1], ())):
                    self._file_link(word, after, number)
            for pair in self._ending.get(filed, ()):
                number = self._pair_number(*pair)
                for before in (pair[0], *self._typos.get(pair[0], ())):
                    self._file_link(before, word, number)

    def _file_link(self, first: str, second: str, pair: int) -> None:
        """A draft link (`first`, `second`) that may stand for phrase pair number `pair`
        through a typo (a link that is no phrase pair gets a number after the pairs')."""
        learnt = first in self._links
        tables = self._links if learnt else self._unlearnt
        follows = tables.get(first)
        if follows is None or follows is _NO_LINKS:  # a learnt word's: with the fillers' marks
            follows = tables[first] = dict(self._filler_marks) if learnt else {}
        link = follows.get(second)
        if link is None or link == _AFTER_FILLER:
            link = follows[second] = self._link_count
            self._link_count += TYPO_LINK_STEP
        if second in self.fillers:  # found as the mark of a filler after `first` would be
            self._after_filler.add(link)
        self._through_links.add(link)
        self._through.setdefault(link, set()).add(pair)

    def _near_words(self, word: str) -> tuple[str, ...]:
        """The phrase words this draft word may be a typo of (within their allowance)."""
        from rapidfuzz.distance import OSA

        near: set[str] = set()
        if 2 <= len(word) <= self._longest:
            variants = self._variants
            if variants is None:
                with collector_paused():
                    variants = self._variants = _variants(self._allowances)
            for variant in deletions(word, 2):
                for filed, allowance in variants.get(variant, ()):
                    if (
                        filed != word
                        and abs(len(filed) - len(word)) <= allowance
                        and OSA.distance(filed, word, score_cutoff=allowance) <= allowance
                    ):
                        near.add(filed)
        return tuple(sorted(near))


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off for a build that makes many containers and no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rareness_of(
    known: dict[str, tuple[float, int, str]], costs: dict[str, float], word: str
) -> tuple[float, int, str]:
    """A word's sort key, rarest first (made once per word in `known`)."""
    key = known.get(word)
    if key is None:
        key = known[word] = (_cost(costs, word), -len(word), word)
    return key


def _cost(costs: dict[str, float], word: str) -> float:
    """`word_cost`, computed once per word in `costs`."""
    cost = costs.get(word)
    if cost is None:
        cost = costs[word] = word_cost(word)
    return cost


def _pairs(
    phrase: CompiledPhrase, fillers: AbstractSet[str], costs: dict[str, float]
) -> list[_Link]:
    """The phrase's pairs of neighbouring words (across no gap, neither a filler-like word),
    rarest first (`costs`: word costs known so far)."""
    words = phrase.words
    gaps = phrase.gaps
    usable = [
        (_cost(costs, words[j]) * _cost(costs, words[j + 1]), j)
        for j in range(len(words) - 1)
        if words[j] not in fillers and words[j + 1] not in fillers and j + 1 not in gaps
    ]
    if len(usable) > 1:
        usable.sort()
    return [(words[j], words[j + 1]) for _, j in usable]


def _variants(allowances: dict[str, int]) -> dict[str, list[tuple[str, int]]]:
    """Each deletion variant of the words that may carry typos -> (word, its allowance)."""
    variants: dict[str, list[tuple[str, int]]] = {}
    for word, allowance in sorted(allowances.items()):
        for variant in deletions(word, allowance):
            variants.setdefault(variant, []).append((word, allowance))
    return variants


def _numbered(groups: list[_BuiltGroup], number: Callable[[str, str], int]) -> list[_Group]:
    """Groups as built, their pairs as numbers (`number`: a phrase pair's)."""
    return [
        (language, needs, frozenset(number(*pair) for pair in rest) if rest else _NO_PAIRS, forms)
        for language, needs, rest, forms in groups
    ]


def _groups_data(groups: list[_Group], pairs: dict[int, _Link]) -> list[list[Any]]:
    """Groups of forms as JSON-ready lists, their pairs as words (`pairs`: the table's, by
    number; `_groups_of` reads them back)."""
    return [
        [language, list(needs), sorted(list(pairs[n]) for n in rest), numbers]
        for language, needs, rest, numbers in groups
    ]


def _groups_of(data: Any, count: int, number: Callable[[str, str], int]) -> list[_Group]:
    """The groups `_groups_data` wrote, for a table of `count` forms, their pairs numbered
    with `number` (ValueError, TypeError or KeyError when they do not fit)."""
    groups: list[_Group] = []
    for language, needs, rest, numbers in data:
        if not all(n.__class__ is int and 0 <= n < count for n in numbers) or not numbers:
            raise ValueError("form numbers out of the table")
        links = frozenset(number(str(a), str(b)) for a, b in rest) if rest else _NO_PAIRS
        groups.append((str(language), tuple(map(str, needs)), links, numbers))
    return groups


def _allowance(word: str, budget: int) -> int:
    """The typos a phrase word may carry in a form with this typo budget (as
    matcher._allowance): none up to three letters, one up to seven, else two."""
    return min(budget, 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2)


def deletion_levels(word: str, depth: int) -> list[set[str]]:
    """`deletions` by the letters deleted: [{word}, those with one deleted, ...]. A variant
    deletes letters left to right (only at or after its previous deletion), so each set of
    positions is deleted once: half the strings of deleting anywhere at depth 2."""
    levels = [{word}]
    if depth < 1:
        return levels
    size = len(word)
    ones = [word[:i] + word[i + 1 :] for i in range(size)]
    levels.append(set(ones))
    frontier = list(enumerate(ones))  # (position of the last deletion, variant)
    for level in range(2, depth + 1):
        if level == depth:  # the last level: its strings only
            levels.append({w[:i] + w[i + 1 :] for s, w in frontier for i in range(s, len(w))})
            break
        frontier = [(i, w[:i] + w[i + 1 :]) for s, w in frontier for i in range(s, len(w))]
        levels.append({w for _, w in frontier})
    return levels


def deletions(word: str, depth: int) -> set[str]:
    """The word and every string made from it by deleting up to `depth` letters (the sets of
    `deletion_levels` in one, made the same way)."""
    if depth > 2:
        return set().union(*deletion_levels(word, depth))
    if depth < 1:
        return {word}
    ones = [word[:i] + word[i + 1 :] for i in range(len(word))]
    if depth == 1:
        result = set(ones)
    else:
        result = {w[:i] + w[i + 1 :] for s, w in enumerate(ones) for i in range(s, len(w))}
        result.update(ones)
    result.add(word)
    return result
