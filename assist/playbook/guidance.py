"""Guidance picked from the playbook for one case: which compensation fits this customer on
this channel, where to move the conversation, and which safety trigger comes first at a step.

Pure functions over the merged Playbook (no I/O): `assist compensation --type/--channel`
shows their answers, and the coach can call them for its screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from assist.model import (
    LEAVING,
    ChannelSwitch,
    CompensationOption,
    EscalationTrigger,
    Playbook,
    Step,
    Tip,
)


@dataclass(frozen=True)
class Withheld:
    """A compensation option not to offer this customer, and why (with the seed section)."""

    option: CompensationOption
    reasons: tuple[Tip, ...]


@dataclass(frozen=True)
class CompensationAdvice:
    """Compensation for one customer: what to offer, and what not to, with reasons."""

    offer: tuple[CompensationOption, ...]
    """Options that fit: those meant for this customer type first, then general ones."""
    withhold: tuple[Withheld, ...]
    """Options the playbook says never to offer this customer."""


def compensation_for(
    playbook: Playbook,
    type_id: str | None = None,
    channel_id: str | None = None,
    *,
    leaving: bool = False,
) -> CompensationAdvice:
    """The compensation options for a customer of `type_id` reached on `channel_id`.

    An unknown or missing type or channel (e.g. 'not-sure', 'other') filters nothing.
    `leaving`: the customer has said they are leaving, so options marked `not-for: leaving`
    are withheld (seed 002: special terms or gifts only add to your costs).
    """
    known_type = type_id if playbook.customer_type(type_id or "") else None
    known_channel = channel_id if playbook.channel(channel_id or "") else None
    meant: list[CompensationOption] = []
    general: list[CompensationOption] = []
    withhold: list[Withheld] = []
    for option in playbook.compensation:
        reasons = option.not_for.get(known_type or "", ())
        if leaving:
            reasons = (*reasons, *option.not_for.get(LEAVING, ()))
        if reasons:
            withhold.append(Withheld(option, reasons))
        elif known_channel and option.channels and known_channel not in option.channels:
            continue
        elif known_type and known_type in option.suits:
            meant.append(option)
        elif not option.suits or known_type is None:
            general.append(option)
    return CompensationAdvice(tuple(meant + general), tuple(withhold))


def switches_for(playbook: Playbook, channel_id: str | None) -> tuple[ChannelSwitch, ...]:
    """Where the playbook says to move a complaint that came in on this channel (may be none)."""
    channel = playbook.channel(channel_id or "")
    return channel.switch_to if channel else ()


def safety_for(playbook: Playbook, step: Step) -> EscalationTrigger | None:
    """The escalation trigger to show first at this step (safety first), if it names one."""
    return playbook.trigger(step.safety) if step.safety else None
