"""The typed, immutable playbook model: rules, customer types, channels, steps, guidance.

What `assist lint` reads (rules, languages, the Playbook) is defined here; the classes of the
other sections (customer types, channels, steps, guidance, reply elements, signals) live in
assist.model_sections and are imported from here as well, on first use: creating a frozen
dataclass costs about half a millisecond, and a cold lint never needs those.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from assist.errors import Location
from assist.record import field, record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # the sections' classes, for type checkers (__getattr__ gives them)
    from typing import Any

    from assist.model_sections import (  # noqa: F401
        Channel,
        ChannelSwitch,
        CompensationOption,
        CustomerType,
        ElementRequirement,
        EscalationTrigger,
        GuideEntry,
        NoteField,
        Principle,
        ReplyElement,
        ReplyPart,
        ReplyTemplate,
        Signal,
        Step,
        Tip,
    )


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


@record
class Examples:
    """Sample drafts a rule must flag and must pass; `assist playbook test` runs them."""

    flag: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()


@record
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


REPLY_FORMS = ("letter", "message", "script", "public")
"""How the coach assembles the reply on a channel: a letter (greeting, paragraphs, signature),
a short message (chat, SMS), a call script (talking points to say, not send), or a short
public reply plus a private message (social media, review sites)."""
PLACES = ("public", "private")
"""Where a point of a `public` reply goes: the public answer or the private follow-up."""


@record
class Language:
    """Per-language matching data: filler words, contraction expansions, guards, time words."""

    code: str
    fillers: frozenset[str] = frozenset()
    contractions: dict[str, str] = field(default_factory=dict)
    time_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Word lists of the time-expression recogniser, by category (see fields.TIME_WORDS)."""
    guards: tuple[str, ...] = ()
    """Patterns (negations, hedges) that cancel any match of this language they precede."""
    classes: dict[str, str] = field(default_factory=dict)
    """Word classes (`@name` in patterns) by name, as pattern text: for explaining patterns
    (the rules' phrases and guards hold them expanded)."""
    negations: frozenset[str] = frozenset()
    """Words that cancel a customer cue standing a few words after them (`assist triage`)."""
    conditionals: frozenset[str] = frozenset()
    """Words opening a condition: a negation just after one cancels no cue ("if you don't")."""
    intensifiers: frozenset[str] = frozenset()
    """Words that, between a negation and a cue, make it emphasis ("never been so angry")."""


@record
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

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (worker processes, copies) with every section read: nothing deferred."""
        for name in tuple(self.__dict__.get(_DEFERRED, ())):
            getattr(self, name)
        return {k: v for k, v in self.__dict__.items() if k != _DEFERRED}


DEFERRABLE = (
    "customer_types", "channels", "steps", "escalation", "compensation", "principles",
    "elements", "scorecards", "signals",
)  # fmt: skip
"""Playbook sections `assist lint` never reads: a playbook read from the cache may leave them
to be decoded on first use (`deferred_playbook`)."""
_DEFERRED = "_deferred"  # instance attribute: section name -> function that makes it


class _Deferred:
    """A Playbook section, made on first access when the playbook was built with it deferred.

    A non-data descriptor: a section given to __init__ (or already made) sits in the instance
    and is found first, so every other Playbook behaves as a plain frozen dataclass."""

    def __init__(self, name: str, default: Any) -> None:
        self.name = name
        self.default = default

    def __get__(self, playbook: Playbook | None, owner: type | None = None) -> Any:
        if playbook is None:
            return self.default
        pending = playbook.__dict__.get(_DEFERRED, {})
        make = pending.get(self.name)
        if make is None:
            raise AttributeError(self.name)
        value = playbook.__dict__[self.name] = make()
        del pending[self.name]  # made: from now on the instance holds it
        return value


for _name in DEFERRABLE:
    setattr(Playbook, _name, _Deferred(_name, getattr(Playbook, _name)))


class SectionOf:
    """A deferred section that is the same section of another playbook (read from it when
    first needed): a playbook merged from a cached one whose section no layer touched."""

    def __init__(self, playbook: Playbook, name: str) -> None:
        self.playbook = playbook
        self.name = name

    def __call__(self) -> tuple[Any, ...]:
        section: tuple[Any, ...] = getattr(self.playbook, self.name)
        return section


def pending_section(playbook: Playbook, name: str) -> Callable[[], tuple[Any, ...]] | None:
    """The function that will make a deferred section not made yet, else None."""
    pending: dict[str, Callable[[], tuple[Any, ...]]] = playbook.__dict__.get(_DEFERRED, {})
    return pending.get(name)


def deferred_playbook(
    sections: dict[str, Any], deferred: dict[str, Callable[[], tuple[Any, ...]]]
) -> Playbook:
    """A Playbook with `sections` given and the `deferred` ones (of DEFERRABLE) made by their
    functions on first access. Every field must be in one or the other; nothing is checked
    here (assist.playbook.codec decodes the sections and checks them)."""
    playbook = object.__new__(Playbook)
    playbook.__dict__.update(sections)
    playbook.__dict__[_DEFERRED] = dict(deferred)
    return playbook


SECTION_CLASSES = frozenset(
    {
        "Channel",
        "ChannelSwitch",
        "CompensationOption",
        "CustomerType",
        "ElementRequirement",
        "EscalationTrigger",
        "GuideEntry",
        "NoteField",
        "Principle",
        "ReplyElement",
        "ReplyPart",
        "ReplyTemplate",
        "Signal",
        "Step",
        "Tip",
    }
)
"""The classes assist.model_sections defines (this module gives them on first use)."""


def __getattr__(name: str) -> Any:
    """A class of assist.model_sections, imported on first use (start-up speed of lint)."""
    if name in SECTION_CLASSES:
        from assist import model_sections

        return getattr(model_sections, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
