"""Reply elements found by their cue phrases, on lint's words of the reply.

Cues read the words lint already made of the reply (case, apostrophe variants, look-alike
letters and marks folded, contractions expanded), so offsets map back exactly. Exact cues
(the default) are tried only when their longest word occurs, at each place their first word
does, with the phrase language's filler words allowed in between ("I am so sorry" for "I am
sorry"). In Hebrew and Arabic a joined prefix letter (the `prefixes` of the time words) is
stripped when the rest is a cue word. An element with `fuzzy: true` also tolerates typos:
its cues are compiled into a lint PhraseIndex, which costs several times as much.
"""

from __future__ import annotations

from assist.lint.matcher import MAX_FILLERS, PhraseIndex
from assist.lint.normalize import BREAKS, Words, normalize, phrase_words
from assist.model import PhraseRule, Playbook, ReplyElement, Severity
from assist.record import record

START_SENTENCES = 0  # a `start` cue stands in the first sentence
END_SENTENCES = 2  # an `end` cue may stand before at most this many sentence marks
BREAK_MARKS = frozenset(BREAKS)  # sentence mark tokens (lint's is_break, as a set lookup)
MEMO_LIMIT = 100_000  # words (or word sets) remembered between replies, at most


TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any, NamedTuple

    class Cue(NamedTuple):
        """A cue phrase found in a reply: which element, in which language, where."""

        element: str
        language: str
        start: int
        end: int

else:  # the same tuple class at run time, made without importing typing (assist.lint.inputs)
    from collections import namedtuple

    Cue = namedtuple("Cue", ("element", "language", "start", "end"))
    Cue.__doc__ = "A cue phrase found in a reply: which element, in which language, where."


@record
class ExactCue:
    """One cue phrase of an exact element, as the words it must match."""

    key: str
    words: tuple[str, ...]
    fillers: frozenset[str]

    @property
    def rarest(self) -> str:
        """Its longest word (likely the rarest): the cue is tried only when it occurs."""
        return max(self.words, key=lambda w: (len(w), w))


class ElementIndex:
    """Every element's cue phrases compiled once; `find` lists the cues in a reply's words."""

    def __init__(self, playbook: Playbook) -> None:
        self.elements = _with_cues(playbook)
        contractions: dict[str, str] = {}
        for language in playbook.languages.values():
            contractions.update(language.contractions)
        self.by_rarest: dict[str, list[ExactCue]] = {}
        self.exceptions: dict[str, list[tuple[str, ...]]] = {}
        folded: dict[str, frozenset[str]] = {}  # each language's fillers, folded once
        for key, element in self.elements.items():
            self.exceptions[key] = [
                w for w in (phrase_words(e, contractions) for e in element.exceptions) if w
            ]
            if element.fuzzy:
                continue
            fillers = folded.get(element.language)
            if fillers is None:
                known = playbook.languages.get(element.language)
                fillers = frozenset(normalize(w).text for w in (known.fillers if known else ()))
                folded[element.language] = fillers
            for phrase in element.phrases:
                words = phrase_words(phrase, contractions)
                if words:
                    cue = ExactCue(key, words, fillers)
                    self.by_rarest.setdefault(cue.rarest, []).append(cue)
        self.prefixes = tuple(
            sorted(
                {normalize(p).text for lang in playbook.languages.values()
                 for p in lang.time_words.get("prefixes", ())},
                key=len,
                reverse=True,
            )
        )  # fmt: skip
        self._finish(playbook)

    def _finish(self, playbook: Playbook) -> None:
        """What follows from the cues (built here or read back): their vocabulary, the fuzzy
        elements' index, the memos."""
        self.vocabulary = frozenset(
            w for cues in self.by_rarest.values() for c in cues for w in c.words
        )
        self.prefix_starts = frozenset(p[0] for p in self.prefixes)
        self._bare: dict[str, str] = {}  # written word -> cue word without its prefix letter
        self._kept: set[str] = set()  # written words that keep their prefix
        self._tables: dict[frozenset[str], dict[str, list[ExactCue]]] = {}
        fuzzy = [_as_rule(key, e) for key, e in self.elements.items() if e.fuzzy]
        # none: no index (an empty one still compiles every language's guards and stems)
        self.fuzzy = (
            PhraseIndex(Playbook(rules=tuple(fuzzy), languages=playbook.languages))
            if fuzzy
            else None
        )

    def to_data(self) -> dict[str, Any]:
        """The compiled exact cues as JSON-ready data (`from_data` reads them back): each
        language's folded fillers, the cues by their rarest word (in the order they were
        filed), the exceptions' words and the joined prefixes; fuzzy elements are compiled
        again from the playbook."""
        fillers: dict[str, list[str]] = {}
        for cues in self.by_rarest.values():
            for cue in cues:
                fillers.setdefault(self.elements[cue.key].language, sorted(cue.fillers))
        return {
            "fillers": fillers,
            "cues": [
                [rarest, [[cue.key, list(cue.words)] for cue in cues]]
                for rarest, cues in self.by_rarest.items()
            ],
            "exceptions": {key: [list(w) for w in words] for key, words in self.exceptions.items()},
            "prefixes": list(self.prefixes),
        }

    @classmethod
    def from_data(cls, playbook: Playbook, data: Mapping[str, Any]) -> ElementIndex:
        """The index `to_data` described for this very playbook; TypeError, ValueError or
        KeyError when the data does not fit it."""
        index = cls.__new__(cls)
        index.elements = _with_cues(playbook)
        fillers = {code: frozenset(_strings(words)) for code, words in data["fillers"].items()}
        index.by_rarest = {}
        for rarest, cues in data["cues"]:
            filed = index.by_rarest[_string(rarest)] = []
            for key, words in cues:
                element = index.elements[key]
                if element.fuzzy or not words:
                    raise ValueError("not an exact cue")
                filed.append(ExactCue(key, _strings(words), fillers[element.language]))
        exceptions = data["exceptions"]
        if exceptions.keys() != index.elements.keys():
            raise ValueError("the exceptions are not the playbook's elements'")
        index.exceptions = {key: [_strings(w) for w in exceptions[key]] for key in exceptions}
        index.prefixes = _strings(data["prefixes"])
        index._finish(playbook)
        return index

    def find(self, words: Words) -> list[Cue]:
        """The cues in the words (lint's words of the same text), in order of position."""
        found = self._exact(words)
        if self.fuzzy is not None and self.fuzzy.phrases:
            found += [(m.phrase.rule.id, m.first, m.last) for m in self.fuzzy.search(words)]
        if not found:
            return []
        present: set[str] | None = None
        cues = []
        for key, first, last in found:
            element = self.elements[key]
            exceptions = self.exceptions[key]
            if exceptions:
                present = set(_as_written(words)) if present is None else present
                # only an exception whose words all occur can hold the cue
                exceptions = [e for e in exceptions if present.issuperset(e)]
                if exceptions and _inside(first, last, _as_written(words), exceptions):
                    continue
            if element.position != "anywhere" and not _placed(element, first, last, words.words):
                continue
            start, end = words.span(first, last)
            cues.append(Cue(element.id, element.language, start, end))
        return sorted(cues, key=lambda c: (c.start, c.element))

    def _exact(self, words: Words) -> list[tuple[str, int, int]]:
        """(element key, first word, last word) of every exact cue in the words."""
        draft = _as_written(words)
        distinct = set(draft)
        if self.prefixes and not words.source.text.isascii():
            bare = self._without_prefixes(distinct)
            if bare:
                draft = [bare.get(w, w) for w in draft]
                distinct = set(draft)
        table = self._table(distinct)
        if not table:
            return []
        found = []
        end = len(draft) - 1
        for i in [i for i, word in enumerate(draft) if word in table]:
            following = draft[i + 1] if i < end else ""
            for cue in table[draft[i]]:
                phrase = cue.words
                if len(phrase) == 1:
                    found.append((cue.key, i, i))
                    continue
                if following != phrase[1] and following not in cue.fillers:
                    continue  # the usual miss, decided without a call
                last = _extend(cue, draft, i)
                if last is not None:
                    found.append((cue.key, i, last))
        return found

    def _table(self, distinct: set[str]) -> dict[str, list[ExactCue]]:
        """The cues whose longest word is among the words, filed by their first word; the same
        few sets of cue words recur across replies, so each table is built once."""
        present = frozenset(self.by_rarest.keys() & distinct)
        table = self._tables.get(present)
        if table is None:
            table = {}
            for rarest in sorted(present):  # one order, whatever the set's iteration order
                for cue in self.by_rarest[rarest]:
                    table.setdefault(cue.words[0], []).append(cue)
            if len(self._tables) > MEMO_LIMIT // 10:
                self._tables.clear()
            self._tables[present] = table
        return table

    def _without_prefixes(self, distinct: set[str]) -> dict[str, str]:
        """Written words that are a cue word behind a joined prefix letter, each mapped to that
        cue word (decided once per distinct word)."""
        bare = self._bare
        unknown = distinct - self._kept - bare.keys()
        if unknown:
            if len(bare) + len(self._kept) > MEMO_LIMIT:
                bare.clear()
                self._kept.clear()
            vocabulary, starts = self.vocabulary, self.prefix_starts
            for word in unknown:
                stripped = (
                    word if word in vocabulary or word[:1] not in starts else self._unprefixed(word)
                )
                if stripped == word:
                    self._kept.add(word)
                else:
                    bare[word] = stripped
        return {word: bare[word] for word in distinct & bare.keys()}

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)  # what was learnt stays in this process
        state.update(_bare={}, _kept=set(), _tables={})
        return state

    def _unprefixed(self, word: str) -> str:
        """The word without a joined prefix letter (he, ar: ו, ב, ل...) when the rest is a cue
        word and the word itself is not; else the word."""
        if word in self.vocabulary:
            return word
        for prefix in self.prefixes:
            if word.startswith(prefix) and word[len(prefix) :] in self.vocabulary:
                return word[len(prefix) :]
        return word


def _extend(cue: ExactCue, draft: list[str], k: int) -> int | None:
    """The last draft word of the cue starting at word k, or None when it does not go on."""
    count = len(draft)
    for expected in cue.words[1:]:
        k += 1
        skipped = 0
        while k < count and draft[k] != expected and draft[k] in cue.fillers:
            if skipped == MAX_FILLERS:
                return None
            k += 1
            skipped += 1
        if k >= count or draft[k] != expected:
            return None
    return k


def _inside(first: int, last: int, draft: list[str], exceptions: list[tuple[str, ...]]) -> bool:
    """True when words first..last lie inside one of the exceptions, written in the draft."""
    for exception in exceptions:
        n = len(exception)
        for start in range(max(0, last - n + 1), first + 1):
            if tuple(draft[start : start + n]) == exception:
                return True
    return False


def _key(element: ReplyElement) -> str:
    return f"{element.language}:{element.id}"


def _with_cues(playbook: Playbook) -> dict[str, ReplyElement]:
    """The elements that have cue phrases, by language and id."""
    return {_key(e): e for e in playbook.elements if e.phrases}


def _string(value: object) -> str:
    if type(value) is not str:
        raise TypeError("not a string")
    return value


def _strings(values: Iterable[object]) -> tuple[str, ...]:
    """Stored words as a tuple of strings (TypeError for anything else)."""
    if type(values) is not list:
        raise TypeError("not a list of words")
    return tuple(_string(value) for value in values)


def _as_rule(key: str, element: ReplyElement) -> PhraseRule:
    """A fuzzy element's cues as a phrase rule (the matcher's unit)."""
    return PhraseRule(
        id=key,
        severity=Severity.SUGGESTION,
        phrases=element.phrases,
        why=element.why,
        say=(),
        source=element.source,
        fuzzy=True,
        threshold=element.threshold,
        language=element.language,
        origin=element.origin,
    )


def _placed(element: ReplyElement, first: int, last: int, draft: list[str]) -> bool:
    """Whether the cue stands where its element counts (start, end or anywhere): sentence
    marks before a `start` cue, after an `end` cue, counted on the words on that side only."""
    if element.position == "start":
        return sum(map(BREAK_MARKS.__contains__, draft[:first])) <= START_SENTENCES
    if element.position == "end":
        return sum(map(BREAK_MARKS.__contains__, draft[last + 1 :])) <= END_SENTENCES
    return True


def _as_written(words: Words) -> list[str]:
    """The words before lint stripped Hebrew/Arabic prefixes toward its own phrase words: cue
    words are compared with prefixes stripped toward the cues' own vocabulary instead."""
    return words.unstemmed if words.unstemmed is not None else words.words
