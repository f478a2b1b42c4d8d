"""The typed, immutable playbook model: rules, customer types, channels, steps, guidance."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from assist.errors import Location


class Severity(StrEnum):
    """How much a finding matters; compares and prints as its plain name ("error")."""

    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        """1 for a suggestion up to 3 for an error, for --fail-on thresholds."""
        return SEVERITY_RANK[self.value]


SEVERITIES = tuple(s.value for s in Severity)
SEVERITY_RANK = {"suggestion": 1, "warning": 2, "error": 3}
NOWHERE = Location("<none>", 0, 0)
LEAVING = "leaving"
"""Not a customer type: a customer who has told you they are leaving. Compensation entries
may name it in `not-for` (seed 002: no special terms or gifts for them)."""


MODES = ("spoken", "written")
"""How a reply is given: spoken (phone, face to face) or written (email, chat, letter...)."""


@dataclass(frozen=True)
class Tip:
    """One piece of advice and the seed section it comes from."""

    text: str
    source: str
    mode: str = ""
    """'spoken' or 'written' when the tip only fits such channels; '' for any channel."""


class Wording(str):
    """A say-instead wording: plain text that may be marked for spoken or written replies."""

    mode: str

    def __new__(cls, text: str, mode: str = "") -> Wording:
        """The wording `text`; `mode` is 'spoken', 'written' or '' (any channel)."""
        made = super().__new__(cls, text)
        made.mode = mode
        return made

    def __reduce__(self) -> tuple[type[Wording], tuple[str, str]]:
        """Pickle as text and mode (the playbook cache)."""
        return (Wording, (str(self), self.mode))


@dataclass(frozen=True)
class Examples:
    """Sample drafts a rule must flag and must pass; `assist playbook test` runs them."""

    flag: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteField:
    """A note the coach asks the agent for during a step (stored in the case log)."""

    id: str
    prompt: str


@dataclass(frozen=True)
class PhraseRule:
    """A say / don't-say rule: forbidden phrases, why they hurt, what to say instead."""

    id: str
    severity: Severity
    phrases: tuple[str, ...]
    why: str
    say: tuple[str, ...]
    """Wordings to use instead (Wording objects where the playbook marks a mode)."""
    source: str
    fuzzy: bool = True
    threshold: int = 80
    examples: Examples | None = None
    exceptions: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    """Patterns that cancel a match they overlap or stand right before or after."""
    word_order: str = "fixed"
    """"free": a phrase's words match in any order (languages with free word order)."""
    language: str = "en"
    origin: Location = NOWHERE


UPSET = "upset"
"""The `for` of a signal that shows an upset customer rather than a type or an escalation."""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ChannelSwitch:
    """Where the seeds say to move a complaint that arrived on a channel, and why."""

    to: tuple[str, ...]
    """Channel ids to move to, best first."""
    text: str
    source: str


REPLY_FORMS = ("letter", "message", "script", "public")
"""How the coach assembles the reply on a channel: a letter (greeting, paragraphs, signature),
a short message (chat, SMS), a call script (talking points to say, not send), or a short
public reply plus a private message (social media, review sites)."""
PLACES = ("public", "private")
"""Where a point of a `public` reply goes: the public answer or the private follow-up."""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class EscalationTrigger:
    """A situation that calls for a manager or for safety measures, and what to do."""

    id: str
    name: str
    cues: tuple[str, ...]
    guidance: tuple[Tip, ...]
    source: str
    origin: Location = NOWHERE


@dataclass(frozen=True)
class GuideEntry:
    """A titled piece of guidance (compensation options, principles)."""

    id: str
    title: str
    text: str
    tips: tuple[Tip, ...]
    source: str
    origin: Location = NOWHERE


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class CompensationOption(GuideEntry):
    """A way to make up for the trouble, and which customers it fits."""

    suits: tuple[str, ...] = ()
    """Customer type ids this option is meant for; empty: any type."""
    not_for: dict[str, tuple[Tip, ...]] = field(default_factory=dict)
    """Customer type id (or LEAVING) -> why never to offer this option to them."""
    channels: tuple[str, ...] = ()
    """Channel ids where it can be offered; empty: any channel."""


@dataclass(frozen=True)
class Principle(GuideEntry):
    """An idea behind good complaint handling."""

    team_leads: bool = False
    """Meant for team leads (shown by `assist report`)."""


@dataclass(frozen=True)
class Language:
    """Per-language matching data: filler words, contraction expansions, guards, time words."""

    code: str
    fillers: frozenset[str] = frozenset()
    contractions: dict[str, str] = field(default_factory=dict)
    time_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Word lists of the time-expression recogniser, by category (see fields.TIME_WORDS)."""
    guards: tuple[str, ...] = ()
    """Patterns (negations, hedges) that cancel any match of this language they precede."""
    negations: frozenset[str] = frozenset()
    """Words that cancel a customer cue standing a few words after them (`assist triage`)."""
    conditionals: frozenset[str] = frozenset()
    """Words opening a condition: a negation just after one cancels no cue ("if you don't")."""
    intensifiers: frozenset[str] = frozenset()
    """Words that, between a negation and a cue, make it emphasis ("never been so angry")."""


@dataclass(frozen=True)
class Playbook:
    """Everything assist knows, merged from the built-in files and any team folders."""

    rules: tuple[PhraseRule, ...] = ()
    customer_types: tuple[CustomerType, ...] = ()
    channels: tuple[Channel, ...] = ()
    steps: tuple[Step, ...] = ()
    escalation: tuple[EscalationTrigger, ...] = ()
    compensation: tuple[CompensationOption, ...] = ()
    principles: tuple[Principle, ...] = ()
    elements: tuple[ReplyElement, ...] = ()
    scorecards: tuple[ElementRequirement, ...] = ()
    signals: tuple[Signal, ...] = ()
    languages: dict[str, Language] = field(default_factory=dict)

    def rule(self, rule_id: str) -> PhraseRule | None:
        """The rule with this id, if any."""
        return next((r for r in self.rules if r.id == rule_id), None)

    def customer_type(self, type_id: str) -> CustomerType | None:
        """The customer type with this id, if any."""
        return next((t for t in self.customer_types if t.id == type_id), None)

    def channel(self, channel_id: str) -> Channel | None:
        """The channel with this id, if any."""
        return next((c for c in self.channels if c.id == channel_id), None)

    def trigger(self, trigger_id: str) -> EscalationTrigger | None:
        """The escalation trigger with this id, if any."""
        return next((t for t in self.escalation if t.id == trigger_id), None)

    def signal(self, signal_id: str) -> Signal | None:
        """The signal with this id, if any."""
        return next((s for s in self.signals if s.id == signal_id), None)
