"""Positions of rule fields for authoring messages: exact with a Provenance, else the rule's."""

from __future__ import annotations

from assist.errors import Location
from assist.model import PhraseRule, Signal
from assist.playbook.merge import Provenance


class Places:
    """Where a rule's field (or an item in it) is written, and the load-order sort key."""

    def __init__(self, provenance: Provenance | None) -> None:
        self.provenance = provenance

    def locate(self, rule: PhraseRule | Signal, key: str, *rest: object) -> Location:
        """Position of the field in the layer that set it last (the rule's, without provenance)."""
        if self.provenance is None:
            return rule.origin
        return self.provenance.locate(rule, key, *rest)

    def rank(self, location: Location) -> tuple[int, int, int]:
        """Sort key: file in load order, then line and column."""
        if self.provenance is None:
            return 0, location.line, location.column
        return self.provenance.rank(location)


def count(number: int, noun: str) -> str:
    """`1 rule`, `2 rules`, `3 entries`."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
