"""Which elements a reply needs: the scorecards (playbook data) that apply to a context."""

from __future__ import annotations

from assist.errors import UsageError
from assist.model import ElementRequirement, Playbook
from assist.record import record


@record
class Context:
    """Where the reply is sent: the coach's step, the channel, the customer type (all optional)."""

    step: str | None = None
    channel: str | None = None
    customer_type: str | None = None


def check_context(playbook: Playbook, context: Context) -> None:
    """Raise UsageError naming the first unknown step, channel or customer type id."""
    known = (
        ("step", context.step, [s.id for s in playbook.steps]),
        ("channel", context.channel, [c.id for c in playbook.channels]),
        ("customer type", context.customer_type, [t.id for t in playbook.customer_types]),
    )
    for kind, given, ids in known:
        if given is not None and given not in ids:
            raise UsageError(f"unknown {kind} '{given}' (known: {', '.join(ids)})")


def applying(playbook: Playbook, context: Context) -> tuple[ElementRequirement, ...]:
    """The scorecards whose selectors all match the context (one without selectors always)."""
    return tuple(
        card
        for card in playbook.scorecards
        if card.step in (None, context.step)
        and card.channel in (None, context.channel)
        and card.customer_type in (None, context.customer_type)
    )


def required_elements(cards: tuple[ElementRequirement, ...]) -> tuple[str, ...]:
    """What any card requires, less what one waives, in the order first required."""
    waived = {element for card in cards for element in card.waives}
    required = (element for card in cards for element in card.requires)
    return tuple(element for element in dict.fromkeys(required) if element not in waived)
