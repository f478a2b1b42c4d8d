"""Reply elements found by their cue phrases, with lint's own matcher.

Each element's cues (one element id, one language) are compiled as a phrase rule into a
PhraseIndex of their own, so cues get everything lint's phrases get: case, typos,
apostrophes, look-alike letters, contractions, filler words, exceptions and exact offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assist.lint.matcher import Match, PhraseIndex, inside_alternative
from assist.lint.normalize import Words, is_break
from assist.model import PhraseRule, Playbook, ReplyElement, Severity

START_SENTENCES = 0  # a `start` cue stands in the first sentence
END_SENTENCES = 2  # an `end` cue may stand before at most this many sentence marks


@dataclass(frozen=True)
class Cue:
    """A cue phrase found in a reply: which element, in which language, where."""

    element: str
    language: str
    start: int
    end: int


class ElementIndex:
    """Every element's cue phrases compiled once; `find` lists the cues in a reply's words."""

    def __init__(self, playbook: Playbook) -> None:
        self.elements = {_key(e): e for e in playbook.elements if e.phrases}
        rules = tuple(_as_rule(key, e) for key, e in self.elements.items())
        self.index = PhraseIndex(Playbook(rules=rules, languages=playbook.languages))

    def find(self, words: Words) -> list[Cue]:
        """The cues in the words (lint's words of the same text), in order of position."""
        matches = self.index.search(words)
        if not matches:
            return []
        breaks = _break_positions(words)
        cues = []
        for match in matches:
            element = self.elements[match.phrase.rule.id]
            if inside_alternative(match, words, self.index.alternatives[match.phrase.rule.id]):
                continue
            if not _placed(element, match, breaks):
                continue
            start, end = words.span(match.first, match.last)
            cues.append(Cue(element.id, element.language, start, end))
        return sorted(cues, key=lambda c: (c.start, c.element))


def _key(element: ReplyElement) -> str:
    return f"{element.language}:{element.id}"


def _as_rule(key: str, element: ReplyElement) -> PhraseRule:
    """The element's cues as a phrase rule (the matcher's unit)."""
    return PhraseRule(
        id=key,
        severity=Severity.SUGGESTION,
        phrases=element.phrases,
        why=element.why,
        say=(),
        source=element.source,
        fuzzy=element.fuzzy,
        threshold=element.threshold,
        exceptions=element.exceptions,
        language=element.language,
        origin=element.origin,
    )


def _break_positions(words: Words) -> list[int]:
    return [i for i, word in enumerate(words.words) if is_break(word)]


def _placed(element: ReplyElement, match: Match, breaks: Iterable[int]) -> bool:
    """Whether the cue stands where its element counts (start, end or anywhere)."""
    if element.position == "start":
        return sum(1 for i in breaks if i < match.first) <= START_SENTENCES
    if element.position == "end":
        return sum(1 for i in breaks if i > match.last) <= END_SENTENCES
    return True
