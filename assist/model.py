"""The typed, immutable playbook model and the declarative field specs it is validated against."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .yamlsource import Location

SEVERITIES = ("error", "warning", "suggestion")
SEVERITY_RANK = {"suggestion": 1, "warning": 2, "error": 3}
NOWHERE = Location("<none>", 0, 0)


@dataclass(frozen=True)
class Tip:
    """One piece of advice and the seed section it comes from."""

    text: str
    source: str


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
    severity: str
    phrases: tuple[str, ...]
    why: str
    say: tuple[str, ...]
    source: str
    fuzzy: bool = True
    threshold: int = 80
    examples: Examples | None = None
    exceptions: tuple[str, ...] = ()
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
class Channel:
    """A way a complaint arrives (letter, phone, chat...) and how it changes the right move."""

    id: str
    name: str
    response_time: str
    tips: tuple[Tip, ...]
    avoid: tuple[Tip, ...]
    source: str
    origin: Location = NOWHERE


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
class Language:
    """Per-language matching data: filler words and contraction expansions."""

    code: str
    fillers: frozenset[str] = frozenset()
    contractions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Playbook:
    """Everything assist knows, merged from the built-in files and any team folders."""

    rules: tuple[PhraseRule, ...] = ()
    customer_types: tuple[CustomerType, ...] = ()
    channels: tuple[Channel, ...] = ()
    steps: tuple[Step, ...] = ()
    escalation: tuple[EscalationTrigger, ...] = ()
    compensation: tuple[GuideEntry, ...] = ()
    principles: tuple[GuideEntry, ...] = ()
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


@dataclass(frozen=True)
class Spec:
    """One YAML key of an entry: its kind (see KIND_SCHEMAS), whether required, its default."""

    key: str
    kind: str
    required: bool = True
    default: Any = None
    doc: str = ""

    @property
    def attr(self) -> str:
        return "passes" if self.key == "pass" else self.key.replace("-", "_")


ID = Spec("id", "id", doc="unique identifier: lower-case letters, digits and dashes")
SOURCE = Spec("source", "text", doc="seed file and section: '<file> § <section>'")

RULE_FIELDS = (
    ID,
    Spec("severity", "severity", doc="error, warning or suggestion"),
    Spec("phrases", "text-list", doc="forbidden forms of the phrase"),
    Spec("why", "text", doc="why the phrase hurts"),
    Spec("say", "text-list", doc="recommended alternatives"),
    SOURCE,
    Spec("fuzzy", "bool", False, True, "tolerate typos (false: exact words only)"),
    Spec("threshold", "percent", False, 80, "minimum similarity score, 0-100"),
    Spec("examples", "examples", False, None, "drafts the rule must flag and must pass"),
    Spec("exceptions", "text-list", False, (), "harmless wordings the rule never fires inside"),
)
OVERRIDE_FIELDS = (ID, *(Spec(s.key, s.kind, False, None, s.doc) for s in RULE_FIELDS[1:]))
SECTIONS: dict[str, tuple[str, type, tuple[Spec, ...]]] = {
    "rules": ("rule", PhraseRule, RULE_FIELDS),
    "customer-types": (
        "customer type",
        CustomerType,
        (
            ID,
            Spec("name", "text"),
            Spec("who", "text", doc="who these customers are"),
            Spec("cues", "text-list", doc="how to recognise them"),
            Spec("approach", "tip-list", doc="the recommended approach"),
            Spec("avoid", "tip-list", False, (), "what to avoid"),
            SOURCE,
        ),
    ),
    "channels": (
        "channel",
        Channel,
        (
            ID,
            Spec("name", "text"),
            Spec("response-time", "text", doc="how fast to respond"),
            Spec("tips", "tip-list"),
            Spec("avoid", "tip-list", False, ()),
            SOURCE,
        ),
    ),
    "steps": (
        "step",
        Step,
        (
            ID,
            Spec("title", "text"),
            Spec("goal", "text"),
            Spec("questions", "text-list", False, (), "questions to ask yourself"),
            Spec("tips", "tip-list", False, ()),
            Spec("wording", "text-list", False, (), "example wording"),
            Spec("for-types", "tip-map", False, {}, "extra tips by customer type id"),
            Spec("for-channels", "tip-map", False, {}, "extra tips by channel id"),
            Spec("notes", "note-list", False, (), "notes the coach asks the agent for"),
            Spec("draft", "bool", False, False, "the coach asks for a reply draft here"),
            SOURCE,
            Spec("after", "id", False, None, "in a team folder: insert after this step id"),
        ),
    ),
    "escalation": (
        "escalation trigger",
        EscalationTrigger,
        (
            ID,
            Spec("name", "text"),
            Spec("cues", "text-list"),
            Spec("guidance", "tip-list"),
            SOURCE,
        ),
    ),
    "compensation": ("compensation entry", GuideEntry, ()),
    "principles": ("principle", GuideEntry, ()),
    "overrides": ("override", dict, OVERRIDE_FIELDS),
}
GUIDE_FIELDS = (
    ID,
    Spec("title", "text"),
    Spec("text", "text"),
    Spec("tips", "tip-list", False, ()),
    SOURCE,
)
SECTIONS["compensation"] = ("compensation entry", GuideEntry, GUIDE_FIELDS)
SECTIONS["principles"] = ("principle", GuideEntry, GUIDE_FIELDS)
TOP_LEVEL = {
    "language": "language code of this file's phrases (en, he, ar, fi...)",
    "fillers": "words tolerated between a phrase's words",
    "contractions": 'contracted form -> expanded form, e.g. "don\'t": do not',
    "disable": "rule ids to switch off (team folders)",
    **{key: f"list of {label} entries" for key, (label, _, _) in SECTIONS.items()},
}
