"""The outcome of triaging one customer message, and its versioned JSON shape."""

from __future__ import annotations

from assist.model import Tip
from assist.record import record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

JSON_SCHEMA_VERSION = 1
NOT_SURE = "not-sure"


@record
class Evidence:
    """One cue found in the message: `text[offset:offset + length]` is exactly `text`."""

    offset: int
    length: int
    text: str
    """The customer's own words, as written."""
    cue: str
    """The playbook phrase that matched (or `CAPITALS`, `!!!` for the upset heuristics)."""
    signal: str
    """The signal id (`shouting`, `exclamation` for the built-in upset heuristics)."""
    weight: float


@record
class TypeGuess:
    """A customer type the message points to, with the summed weight of its evidence."""

    id: str
    name: str
    score: float
    evidence: tuple[Evidence, ...]


@record
class Escalation:
    """An escalation trigger the message raised, with the playbook's guidance for it."""

    id: str
    name: str
    score: float
    evidence: tuple[Evidence, ...]
    guidance: tuple[Tip, ...]


@record
class ChannelHint:
    """A channel the message points to (e.g. a public review), with that channel's advice."""

    id: str
    name: str
    evidence: tuple[Evidence, ...]
    tips: tuple[Tip, ...]
    avoid: tuple[Tip, ...]


@record
class Upset:
    """Whether the customer reads as upset (anger words, capitals, `!!!`), and why."""

    detected: bool
    score: float
    evidence: tuple[Evidence, ...]


@record
class Triage:
    """What the customer's message suggests. A guess for the agent to confirm, never a fact."""

    text: str
    type: TypeGuess
    """The best-supported type, or id `not-sure` (its evidence: all weak type cues found)."""
    candidates: tuple[TypeGuess, ...]
    """Every type with evidence, best first."""
    escalations: tuple[Escalation, ...]
    """Raised triggers, safety first, then in playbook order."""
    channel_hints: tuple[ChannelHint, ...]
    upset: Upset
    negated: tuple[Evidence, ...]
    """Cues cancelled by a negation before them ("I'm not going to sue"), for transparency."""

    @property
    def sure(self) -> bool:
        """True when the evidence is strong enough to suggest a type (still to confirm)."""
        return self.type.id != NOT_SURE

    def evidence(self) -> tuple[Evidence, ...]:
        """Every cue that counted, in message order (for highlighting)."""
        found = [e for c in self.candidates for e in c.evidence]
        found += [e for x in self.escalations for e in x.evidence]
        found += [e for h in self.channel_hints for e in h.evidence]
        found += self.upset.evidence
        unique = {(e.offset, e.length, e.signal): e for e in found}
        return tuple(sorted(unique.values(), key=lambda e: (e.offset, -e.length)))


def _evidence(items: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [
        {
            "offset": e.offset,
            "length": e.length,
            "text": e.text,
            "cue": e.cue,
            "signal": e.signal,
            "weight": e.weight,
        }
        for e in items
    ]


def _tips(tips: tuple[Tip, ...]) -> list[dict[str, str]]:
    return [{"text": tip.text, "source": tip.source} for tip in tips]


def _guess(guess: TypeGuess) -> dict[str, Any]:
    return {
        "id": guess.id,
        "name": guess.name,
        "score": guess.score,
        "evidence": _evidence(guess.evidence),
    }


def triage_json(triage: Triage) -> dict[str, Any]:
    """The triage as plain JSON data; the shape is versioned by `schema_version`."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "type": _guess(triage.type),
        "candidates": [_guess(c) for c in triage.candidates],
        "escalations": [
            {
                "id": x.id,
                "name": x.name,
                "score": x.score,
                "evidence": _evidence(x.evidence),
                "guidance": _tips(x.guidance),
            }
            for x in triage.escalations
        ],
        "channel_hints": [
            {
                "id": h.id,
                "name": h.name,
                "evidence": _evidence(h.evidence),
                "tips": _tips(h.tips),
                "avoid": _tips(h.avoid),
            }
            for h in triage.channel_hints
        ],
        "upset": {
            "detected": triage.upset.detected,
            "score": triage.upset.score,
            "evidence": _evidence(triage.upset.evidence),
        },
        "negated": _evidence(triage.negated),
    }
