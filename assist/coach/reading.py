"""The CaseReader the coach runs: the name from the sign-off, and `assist triage`'s reading
of the message (type, escalations, channel hints, upset, leaving), each with its evidence."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from assist.coach.seams import CaseCard, Evidence, read_message

if TYPE_CHECKING:
    from collections.abc import Iterable

    from assist.model import Playbook
    from assist.triage.result import Evidence as Cue


def triage_reader(message: str, playbook: Playbook) -> CaseCard:
    """read_message, plus triage's guesses for the agent to confirm (a type only when sure)."""
    card = read_message(message, playbook)
    if not message.strip():
        return card
    from assist.triage.engine import triage_text

    found = triage_text(message, playbook=playbook)
    hint = found.channel_hints[0] if found.channel_hints else None
    return replace(
        card,
        type=found.type.id if found.sure else None,
        type_evidence=_evidence(found.type.evidence),
        channel=hint.id if hint else None,
        channel_evidence=_evidence(hint.evidence) if hint else (),
        escalations=tuple((x.id, _evidence(x.evidence)) for x in found.escalations),
        upset=found.upset.detected,
        leaving=_evidence(e for e in found.evidence() if _leaving(playbook, e.signal)),
    )


def _leaving(playbook: Playbook, signal_id: str) -> bool:
    """Whether the playbook marks this cue as the customer saying they are leaving."""
    signal = playbook.signal(signal_id)
    return signal is not None and signal.leaving


def _evidence(cues: Iterable[Cue]) -> tuple[Evidence, ...]:
    return tuple(Evidence(c.offset, c.length, c.text, c.signal) for c in cues)
