"""Signals compiled for matching: their phrases go through lint's PhraseIndex (typos, case,
apostrophes, look-alikes, fillers, exact offsets); masked swearing (`f*ck`) through a small
pattern, because the word splitter drops `*`; negation words cancel a cue just after them."""

from __future__ import annotations

import re

from assist.lint.matcher import PhraseIndex, inside_alternative
from assist.lint.normalize import Words, is_break, normalize, phrase_words, split_words
from assist.model import PhraseRule, Playbook, Severity, Signal
from assist.record import record

MASK = "*"
"""In a signal phrase, stands for one or more masked letters."""
MASK_CHARS = "*#$"
"""Characters customers use to mask letters ("f*ck", "sh#t", "a$$")."""
NEGATION_REACH = 3
"""A negation word cancels a cue when it stands at most this many words before it."""
THRESHOLD = 90
"""Minimum similarity of a cue of several words: a typo in phrases of 10 characters or more,
two from 20 (lint's rules allow more; cues are short and many, so matching stays cheap)."""
EXACT = " exact"
"""Suffix of the rule holding a signal's one-word cues (a space: never a valid signal id)."""
CLAUSE_MARKS = ",;:()\u2014\u2013\u060c"
"""Between a negation and a cue, any of these ends the negation's scope ("No, I want...")."""


@record
class CueMatch:
    """One signal phrase found in a message, at original offsets `start..end`."""

    signal: Signal
    cue: str
    start: int
    end: int


class SignalIndex:
    """All signals of a playbook compiled once; `find` returns the cues in a text."""

    def __init__(self, playbook: Playbook, index: PhraseIndex | None = None) -> None:
        """Compile the playbook's signals; `index`: their phrases compiled already (the
        PhraseIndex of `signal_playbook(playbook)`, e.g. read back from the cache)."""
        self.signals = {signal.id: signal for signal in playbook.signals}
        self.contractions = merged_contractions(playbook)
        self.index = index if index is not None else PhraseIndex(signal_playbook(playbook))
        self.masked = [
            (signal, phrase, masked_pattern(phrase))
            for signal in playbook.signals
            for phrase in signal.phrases
            if MASK in phrase
        ]
        contractions = self.contractions

        def folded(words: frozenset[str]) -> frozenset[str]:
            return frozenset(w for word in words for w in phrase_words(word, contractions)[:1])

        self.negations = {
            code: Negation(
                folded(language.negations),
                folded(language.conditionals),
                folded(language.intensifiers),
            )
            for code, language in playbook.languages.items()
        }

    def find(self, text: str) -> tuple[list[CueMatch], list[CueMatch]]:
        """(cues that count, cues cancelled by a negation), each in message order."""
        words = split_words(normalize(text), self.contractions)
        kept: list[CueMatch] = []
        negated: list[CueMatch] = []
        index = self.index
        if index.table.count:  # not `index.phrases`: that builds every stored phrase
            for match in index.search(words):
                rule = match.phrase.rule
                if inside_alternative(match, words, index.alternatives.get(rule.id, [])):
                    continue
                start, end = words.span(match.first, match.last)
                signal = self.signals[rule.id.removesuffix(EXACT)]
                cue = CueMatch(signal, match.phrase.phrase, start, end)
                negation = self.negations.get(rule.language)
                if negation and negation_before(words, match.first, negation) is not None:
                    negated.append(cue)
                else:
                    kept.append(cue)
        if self.masked and any(c in text for c in MASK_CHARS):
            kept += self._masked(text)
        return _longest_per_signal(kept), _longest_per_signal(negated)

    def _masked(self, text: str) -> list[CueMatch]:
        found = []
        for signal, phrase, pattern in self.masked:
            for hit in pattern.finditer(text):
                found.append(CueMatch(signal, phrase, hit.start(), hit.end()))
        return found


def signal_playbook(playbook: Playbook) -> Playbook:
    """The playbook's signals as phrase rules (one-word cues in a rule of their own), with
    its language data: what the signals' PhraseIndex is compiled from."""
    rules = [rule for signal in playbook.signals for rule in _as_rules(signal)]
    # only rules and languages: a copy of the whole playbook decoded every deferred section
    return Playbook(rules=tuple(rules), languages=playbook.languages)


def merged_contractions(playbook: Playbook) -> dict[str, str]:
    """Every language's contractions in one table, as the PhraseIndex merges them."""
    merged: dict[str, str] = {}
    for language in playbook.languages.values():
        merged.update(language.contractions)
    return merged


def _longest_per_signal(cues: list[CueMatch]) -> list[CueMatch]:
    """Cues in message order; of one signal's overlapping cues, the longest."""
    cues.sort(key=lambda c: (c.start, -c.end))
    kept: list[CueMatch] = []
    reach: dict[str, int] = {}
    for cue in cues:
        if cue.start < reach.get(cue.signal.id, -1):
            continue
        kept.append(cue)
        reach[cue.signal.id] = cue.end
    return kept


def _as_rules(signal: Signal) -> list[PhraseRule]:
    """The signal as rules the PhraseIndex compiles: its cues of several words with typos
    tolerated; its one-word cues exact ("curious" is not "furious"), under `<id> exact`."""
    plain = [p for p in signal.phrases if MASK not in p]
    single = tuple(p for p in plain if len(p.split()) == 1)
    several = tuple(p for p in plain if len(p.split()) > 1)
    groups = ((signal.id, several, True), (signal.id + EXACT, single, False))
    return [
        PhraseRule(
            id=rule_id,
            severity=Severity.SUGGESTION,
            phrases=phrases,
            why="",
            say=(),
            source=signal.source,
            fuzzy=fuzzy,
            threshold=THRESHOLD,
            exceptions=signal.exceptions,
            language=signal.language,
            origin=signal.origin,
        )
        for rule_id, phrases, fuzzy in groups
        if phrases
    ]


def masked_pattern(phrase: str) -> re.Pattern[str]:
    """A masked phrase ("f*ck", "f***") as a pattern: letters as written (any case), each
    `*` run as one or more mask characters, then any word ending ("f***ing")."""
    parts = []
    for piece in re.findall(r"\*+|\s+|[^*\s]+", phrase.strip()):
        if piece[0] == MASK:
            parts.append(f"[{re.escape(MASK_CHARS)}]+")
        elif piece.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(piece))
    body = "".join(parts)
    return re.compile(rf"(?<![^\W_]){body}[^\W_]*(?![^\W_])", re.IGNORECASE)


@record
class Negation:
    """One language's negation words, and the words opening a condition."""

    words: frozenset[str]
    conditionals: frozenset[str]
    intensifiers: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words)


def negation_before(words: Words, first: int, negation: Negation) -> int | None:
    """Index of a negation word within NEGATION_REACH words before word `first`, in the same
    sentence and clause, not itself inside a condition ("if you don't...") and not turned into
    emphasis by an intensifier between them ("never been so disgusted"), else None."""
    text = words.source.original
    for k in range(first - 1, max(-1, first - NEGATION_REACH - 1), -1):
        word = words.words[k]
        if is_break(word):
            return None
        if word in negation.words:
            gap = text[words.span(k, k)[1] : words.span(first, first)[0]]
            if any(mark in gap for mark in CLAUSE_MARKS) or _conditional(words, k, negation):
                return None
            if any(w in negation.intensifiers for w in words.words[k + 1 : first]):
                return None
            return k
    return None


def _conditional(words: Words, k: int, negation: Negation) -> bool:
    """True when a conditional word stands within NEGATION_REACH words before word k."""
    for j in range(k - 1, max(-1, k - NEGATION_REACH - 1), -1):
        if is_break(words.words[j]):
            return False
        if words.words[j] in negation.conditionals:
            return True
    return False
