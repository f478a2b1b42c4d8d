"""The playbook model's sections `assist lint` never reads: customer types, channels, steps,
escalation, compensation, principles, reply elements, scorecards and signals.

Import them from assist.model (which imports this module on first use); see its docstring.
"""

from __future__ import annotations

from assist.errors import Location
from assist.model import NOWHERE, Examples
from assist.record import field, record


@record
class Tip:
    """One piece of advice and the seed section it comes from."""

    text: str
    source: str
    mode: str = ""
    """'spoken' or 'written' when the tip only fits such channels; '' for any channel."""


@record
class NoteField:
    """A note the coach asks the agent for during a step (stored in the case log)."""

    id: str
    prompt: str


@record
class Signal:
    """Cue phrases in a customer's message pointing to a customer type, an escalation trigger,
    a channel (e.g. a public review) or `upset`; `assist triage` matches them."""

    id: str
    target: str
    """The `for` id: a customer type, an escalation trigger, a channel, or `upset`."""
    phrases: tuple[str, ...]
    source: str
    weight: float = 1.0
    """Evidence this cue adds; weak cues weigh less than 1."""
    exceptions: tuple[str, ...] = ()
    examples: Examples | None = None
    upset: bool = False
    """The cue also shows the customer is upset (a threat to leave, an insult...)."""
    leaving: bool = False
    """The cue says the customer is leaving: the coach asks the agent to confirm it, and no
    compensation marked `not-for: leaving` is offered."""
    language: str = "en"
    origin: Location = NOWHERE


@record
class CustomerType:
    """A kind of complaining customer: who they are, how to spot them, how to treat them."""

    id: str
    name: str
    who: str
    cues: tuple[str, ...]
    approach: tuple[Tip, ...]
    avoid: tuple[Tip, ...]
    source: str
    origin: Location = NOWHERE


@record
class ChannelSwitch:
    """Where the seeds say to move a complaint that arrived on a channel, and why."""

    to: tuple[str, ...]
    """Channel ids to move to, best first."""
    text: str
    source: str


@record
class ReplyPart:
    """One point of a channel's reply template, in the order it is said or written."""

    id: str
    label: str
    text: str
    """What the agent does or says at this point (guidance: never sent)."""
    source: str
    draft: str | None = None
    """The step whose reply draft fills this point."""
    say: str = ""
    """Wording the reply carries here when no draft fills it; `{name}` is the customer's name."""
    place: str = ""
    """`public` or `private` in a public reply; '' elsewhere."""


@record
class ReplyTemplate:
    """How the coach assembles the reply for a channel (see REPLY_FORMS)."""

    form: str
    title: str
    note: str
    """Shown above the assembled reply: how to use it (e.g. to be said, not sent)."""
    parts: tuple[ReplyPart, ...]
    source: str
    limit: int = 0
    """Characters: the coach warns when the written reply (the public one) is longer; 0: none."""


@record
class Channel:
    """A way a complaint arrives (letter, phone, chat...) and how it changes the right move."""

    id: str
    name: str
    response_time: str
    tips: tuple[Tip, ...]
    avoid: tuple[Tip, ...]
    source: str
    mode: str = ""
    """'spoken' (phone, face to face) or 'written'; '' when not said (written wording)."""
    origin: Location = NOWHERE
    switch_to: tuple[ChannelSwitch, ...] = ()
    """Suggestions to answer on another channel (e.g. an upset customer's email: call)."""
    reply: ReplyTemplate | None = None
    """The reply template for this channel; None: a letter of the drafts."""


@record
class Step:
    """One step of handling a complaint, with tailoring by customer type and channel."""

    id: str
    title: str
    goal: str
    questions: tuple[str, ...]
    tips: tuple[Tip, ...]
    wording: tuple[str, ...]
    for_types: dict[str, tuple[Tip, ...]]
    for_channels: dict[str, tuple[Tip, ...]]
    notes: tuple[NoteField, ...]
    draft: bool
    source: str
    after: str | None = None
    origin: Location = NOWHERE
    safety: str | None = None
    """Escalation trigger id to show before anything else at this step (safety first)."""


@record
class EscalationTrigger:
    """A situation that calls for a manager or for safety measures, and what to do."""

    id: str
    name: str
    cues: tuple[str, ...]
    guidance: tuple[Tip, ...]
    source: str
    origin: Location = NOWHERE


@record
class GuideEntry:
    """A titled piece of guidance (compensation options, principles)."""

    id: str
    title: str
    text: str
    tips: tuple[Tip, ...]
    source: str
    origin: Location = NOWHERE


@record
class ReplyElement:
    """Something a good reply does (greets, apologises, says when...), in one language.

    The same id in several languages is one element: a reply has it when the cues of any
    language are found.
    """

    id: str
    name: str
    why: str
    example: str
    """Good wording that carries the element (shown when it is missing)."""
    source: str
    phrases: tuple[str, ...] = ()
    """Cue phrases: any one of them found in a reply means the element is there."""
    exceptions: tuple[str, ...] = ()
    """Wordings a cue never counts inside ("sorry you feel that way")."""
    recognise: str | None = None
    """A built-in recogniser that also finds the element: `time` (time expressions)."""
    position: str = "anywhere"
    """Where a cue counts: anywhere, start (the first sentence) or end (the last ones)."""
    fuzzy: bool = False
    """Tolerate typos in cue words (off by default: about 10x the cost, see docs/score.md)."""
    threshold: int = 80
    examples: Examples | None = None
    """`flag`: replies that have the element; `pass`: replies that do not."""
    language: str = "en"
    origin: Location = NOWHERE


@record
class ElementRequirement:
    """A scorecard: the elements a reply needs in a context (step, channel, customer type).

    It applies when every selector it names matches the context (none: always). The
    required elements are those any applying scorecard `requires`, less those one `waives`.
    """

    id: str
    source: str
    requires: tuple[str, ...] = ()
    waives: tuple[str, ...] = ()
    step: str | None = None
    channel: str | None = None
    customer_type: str | None = None
    origin: Location = NOWHERE


@record
class CompensationOption(GuideEntry):
    """A way to make up for the trouble, and which customers it fits."""

    suits: tuple[str, ...] = ()
    """Customer type ids this option is meant for; empty: any type."""
    not_for: dict[str, tuple[Tip, ...]] = field(default_factory=dict)
    """Customer type id (or LEAVING) -> why never to offer this option to them."""
    channels: tuple[str, ...] = ()
    """Channel ids where it can be offered; empty: any channel."""


@record
class Principle(GuideEntry):
    """An idea behind good complaint handling."""

    team_leads: bool = False
    """Meant for team leads (shown by `assist report`)."""
