"""Signals compiled for matching: their phrases go through lint's PhraseIndex (typos, case,
apostrophes, look-alikes, fillers, exact offsets); masked swearing (`f*ck`) through a small
pattern, because the word splitter drops `*`; negation words cancel a cue just after them."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from assist.lint.matcher import PhraseIndex, inside_alternative
from assist.lint.normalize import Words, is_break, phrase_words
from assist.model import PhraseRule, Playbook, Severity, Signal

MASK = "*"
"""In a signal phrase, stands for one or more masked letters."""
MASK_CHARS = "*#$"
"""Characters customers use to mask letters ("f*ck", "sh#t", "a$$")."""
NEGATION_REACH = 3
"""A negation word cancels a cue when it stands at most this many words before it."""
CLAUSE_MARKS = ",;:()\u2014\u2013\u060c"
"""Between a negation and a cue, any of these ends the negation's scope ("No, I want...")."""


@dataclass(frozen=True)
class CueMatch:
    """One signal phrase found in a message, at original offsets `start..end`."""

    signal: Signal
    cue: str
    start: int
    end: int


class SignalIndex:
    """All signals of a playbook compiled once; `find` returns the cues in a text."""

    def __init__(self, playbook: Playbook) -> None:
        self.signals = {signal.id: signal for signal in playbook.signals}
        rules = tuple(_as_rule(s) for s in playbook.signals if _plain(s.phrases))
        self.index = PhraseIndex(dataclasses.replace(playbook, rules=rules))
        self.masked = [
            (signal, phrase, masked_pattern(phrase))
            for signal in playbook.signals
            for phrase in signal.phrases
            if MASK in phrase
        ]
        contractions = self.index.contractions
        self.negations = {
            code: frozenset(
                w for word in language.negations for w in phrase_words(word, contractions)[:1]
            )
            for code, language in playbook.languages.items()
        }

    def find(self, text: str) -> tuple[list[CueMatch], list[CueMatch]]:
        """(cues that count, cues cancelled by a negation), each in message order."""
        words = self.index.words_of(text)
        kept: list[CueMatch] = []
        negated: list[CueMatch] = []
        for match in self.index.search(words):
            rule = match.phrase.rule
            if inside_alternative(match, words, self.index.alternatives.get(rule.id, [])):
                continue
            start, end = words.span(match.first, match.last)
            cue = CueMatch(self.signals[rule.id], match.phrase.phrase, start, end)
            negations = self.negations.get(rule.language, frozenset())
            if negations and negation_before(words, match.first, negations) is not None:
                negated.append(cue)
            else:
                kept.append(cue)
        if self.masked and any(c in text for c in MASK_CHARS):
            kept += self._masked(text)
        kept.sort(key=lambda c: (c.start, -c.end))
        return kept, negated

    def _masked(self, text: str) -> list[CueMatch]:
        found = []
        for signal, phrase, pattern in self.masked:
            for hit in pattern.finditer(text):
                found.append(CueMatch(signal, phrase, hit.start(), hit.end()))
        return found


def _plain(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in phrases if MASK not in p)


def _as_rule(signal: Signal) -> PhraseRule:
    """The signal as a rule the PhraseIndex compiles (its exceptions kept, no alternatives)."""
    return PhraseRule(
        id=signal.id,
        severity=Severity.SUGGESTION,
        phrases=_plain(signal.phrases),
        why="",
        say=(),
        source=signal.source,
        exceptions=signal.exceptions,
        language=signal.language,
        origin=signal.origin,
    )


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


def negation_before(words: Words, first: int, negations: frozenset[str]) -> int | None:
    """Index of a negation word within NEGATION_REACH words before word `first`, in the same
    sentence and clause, else None."""
    text = words.source.original
    for k in range(first - 1, max(-1, first - NEGATION_REACH - 1), -1):
        word = words.words[k]
        if is_break(word):
            return None
        if word in negations:
            gap = text[words.span(k, k)[1] : words.span(first, first)[0]]
            return None if any(mark in gap for mark in CLAUSE_MARKS) else k
    return None
