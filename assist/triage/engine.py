"""Triage a customer's message: cues -> evidence -> type guess, escalations, channel hints,
upset. A `Triager` is a playbook compiled for this; build it once, triage many messages."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from assist.lint.engine import BuiltOnce, Linter, default_linter
from assist.model import UPSET, Playbook
from assist.triage.result import (
    NOT_SURE,
    ChannelHint,
    Escalation,
    Evidence,
    Triage,
    TypeGuess,
    Upset,
)
from assist.triage.signals import CueMatch, SignalIndex
from assist.triage.upset import exclamations, shouting

TYPE_AT = 1.0
"""A type is suggested when its evidence weighs at least this much and beats every other type."""
ESCALATE_AT = 1.0
"""An escalation (or a channel hint) is raised when its evidence weighs at least this much."""
UPSET_AT = 1.0
"""The customer reads as upset when the upset evidence weighs at least this much."""
SAFETY_FIRST = ("safety-threat",)
"""Triggers listed before all others, whatever their order in the playbook."""


class Triager:
    """A playbook's signals compiled for triage."""

    def __init__(self, playbook: Playbook, index: SignalIndex | None = None) -> None:
        """Compile the playbook's signals (`index`: compiled already, e.g. from the cache)."""
        self.playbook = playbook
        self.index = index if index is not None else SignalIndex(playbook)

    def triage(self, text: str) -> Triage:
        """What the message suggests: a type guess, escalations, channel hints, upset."""
        found, negated = self.index.find(text)
        by_target: dict[str, list[Evidence]] = {}
        upset: list[Evidence] = []
        for cue in found:
            evidence = _evidence(text, cue)
            by_target.setdefault(cue.signal.target, []).append(evidence)
            if cue.signal.upset and cue.signal.target != UPSET:
                upset.append(evidence)
        groups = {target: _distinct(items) for target, items in by_target.items()}
        upset = _distinct([*groups.get(UPSET, []), *upset])
        upset += shouting(text) + exclamations(text)
        candidates = self._candidates(groups)
        return Triage(
            text=text,
            type=_best(candidates),
            candidates=candidates,
            escalations=self._escalations(groups),
            channel_hints=self._channel_hints(groups),
            upset=Upset(_total(upset) >= UPSET_AT, _total(upset), tuple(upset)),
            negated=tuple(_evidence(text, cue) for cue in negated),
        )

    def _candidates(self, groups: dict[str, list[Evidence]]) -> tuple[TypeGuess, ...]:
        guesses = [
            TypeGuess(t.id, t.name, _total(groups[t.id]), tuple(groups[t.id]))
            for t in self.playbook.customer_types
            if t.id in groups
        ]
        guesses.sort(key=lambda g: -g.score)  # stable: ties keep playbook order
        return tuple(guesses)

    def _escalations(self, groups: dict[str, list[Evidence]]) -> tuple[Escalation, ...]:
        raised = [
            Escalation(e.id, e.name, _total(groups[e.id]), tuple(groups[e.id]), e.guidance)
            for e in self.playbook.escalation
            if e.id in groups and _total(groups[e.id]) >= ESCALATE_AT
        ]
        raised.sort(key=lambda e: e.id not in SAFETY_FIRST)
        return tuple(raised)

    def _channel_hints(self, groups: dict[str, list[Evidence]]) -> tuple[ChannelHint, ...]:
        return tuple(
            ChannelHint(c.id, c.name, tuple(groups[c.id]), c.tips, c.avoid)
            for c in self.playbook.channels
            if c.id in groups and _total(groups[c.id]) >= ESCALATE_AT
        )


def _evidence(text: str, cue: CueMatch) -> Evidence:
    return Evidence(
        cue.start, cue.end - cue.start, text[cue.start : cue.end], cue.cue, cue.signal.id,
        cue.signal.weight,
    )  # fmt: skip


def _distinct(items: list[Evidence]) -> list[Evidence]:
    """Evidence for one target without double counting: of overlapping spans, the heaviest
    (then longest) is kept."""
    kept: list[Evidence] = []
    for item in sorted(items, key=lambda e: (-e.weight, -e.length, e.offset)):
        if not any(_overlap(item, other) for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda e: e.offset)


def _overlap(a: Evidence, b: Evidence) -> bool:
    return a.offset < b.offset + b.length and b.offset < a.offset + a.length


def _total(items: Iterable[Evidence]) -> float:
    return round(sum(e.weight for e in items), 2)


def _best(candidates: tuple[TypeGuess, ...]) -> TypeGuess:
    """The leading type when its evidence is strong and unrivalled, else `not-sure`."""
    if candidates:
        best = candidates[0]
        rival = candidates[1].score if len(candidates) > 1 else 0.0
        if best.score >= TYPE_AT and best.score > rival:
            return best
    evidence = tuple(sorted((e for c in candidates for e in c.evidence), key=lambda e: e.offset))
    score = candidates[0].score if candidates else 0.0
    return TypeGuess(NOT_SURE, "Not sure", score, evidence)


@cache
def default_triager() -> Triager:
    """The built-in playbook's signals, compiled once per process."""
    return Triager(default_linter().playbook)


_compiled: BuiltOnce[Playbook, Triager] = BuiltOnce(Triager, lambda triager: triager.playbook)


def triager_for(playbook: Playbook | Linter | Triager | None) -> Triager:
    """A Triager for what a caller passed: as is, compiled (once per process), or built-in."""
    if playbook is None:
        return default_triager()
    if isinstance(playbook, Triager):
        return playbook
    if isinstance(playbook, Linter):
        playbook = playbook.playbook
    return _compiled(playbook)


def triage_text(text: str, *, playbook: Playbook | Linter | Triager | None = None) -> Triage:
    """Read a customer's message: the likely customer type (or `not-sure`), the escalations it
    raises (safety first) with the playbook's guidance, channel hints and whether the customer
    reads as upset, each with the evidence (`text[offset:offset + length]`).

    `playbook` is a Playbook, a Linter, a Triager, or None for the built-in playbook. The
    result is a guess for the agent to confirm; `triage_json` makes it JSON-ready.
    """
    return triager_for(playbook).triage(text)
