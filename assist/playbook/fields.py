"""The declarative field specs every playbook entry is validated against (each kind once)."""

from __future__ import annotations

from assist.model import (
    Channel,
    CompensationOption,
    CustomerType,
    ElementRequirement,
    EscalationTrigger,
    PhraseRule,
    Principle,
    ReplyElement,
    Signal,
    Step,
)
from assist.record import record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

RENAMED = {"pass": "passes", "for": "target"}
"""YAML keys that are not usable as Python attribute names."""


@record
class Spec:
    """One YAML key of an entry: its kind (see KIND_SCHEMAS), whether required, its default."""

    key: str
    kind: str
    required: bool = True
    default: Any = None
    doc: str = ""

    @property
    def attr(self) -> str:
        return RENAMED.get(self.key, self.key.replace("-", "_"))


ID = Spec("id", "id", doc="unique identifier: lower-case letters, digits and dashes")
SOURCE = Spec("source", "text", doc="seed file and section: '<file> § <section>'")

RULE_FIELDS = (
    ID,
    Spec("severity", "severity", doc="error, warning or suggestion"),
    Spec("phrases", "pattern-list", doc="forbidden forms (patterns: docs/patterns.md)"),
    Spec("why", "text", doc="why the phrase hurts"),
    Spec("say", "say-list", doc="recommended alternatives (text, or text and mode)"),
    SOURCE,
    Spec("fuzzy", "bool", False, True, "tolerate typos (false: exact words only)"),
    Spec("threshold", "percent", False, 80, "minimum similarity score, 0-100"),
    Spec("examples", "examples", False, None, "drafts the rule must flag and must pass"),
    Spec("exceptions", "text-list", False, (), "harmless wordings the rule never fires inside"),
    Spec(
        "guards",
        "pattern-list",
        False,
        (),
        "patterns that cancel a match they overlap or stand right before or after",
    ),
    Spec("word-order", "word-order", False, "fixed", "fixed, or free: words match in any order"),
)
OVERRIDE_FIELDS = (ID, *(Spec(s.key, s.kind, False, None, s.doc) for s in RULE_FIELDS[1:]))
SIGNAL_FIELDS = (
    ID,
    Spec(
        "for",
        "id",
        doc="what the cue points to: a customer type, escalation trigger, channel or 'upset'",
    ),
    Spec("weight", "weight", False, 1.0, "evidence the cue adds (0.1-3); weak cues below 1"),
    Spec(
        "phrases", "text-list", doc="what a customer writes; '*' stands for masked letters (f*ck)"
    ),
    Spec("exceptions", "text-list", False, (), "harmless wordings the cue never fires inside"),
    Spec("upset", "bool", False, False, "the cue also shows the customer is upset"),
    Spec("leaving", "bool", False, False, "the cue says the customer is leaving"),
    Spec("examples", "examples", False, None, "messages the cue must flag and must pass"),
    SOURCE,
)
SIGNAL_OVERRIDE_FIELDS = (
    ID,
    *(Spec(s.key, s.kind, False, None, s.doc) for s in SIGNAL_FIELDS[1:]),
)
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
            Spec("mode", "mode", False, "", "spoken or written: how the reply is given"),
            Spec(
                "switch-to",
                "switch-list",
                False,
                (),
                "where to answer instead: {to: [channel ids], text, source}",
            ),
            Spec(
                "reply",
                "reply-template",
                False,
                None,
                "how the coach assembles the reply: {form, title, note, parts, source, limit}",
            ),
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
            Spec("safety", "id", False, None, "escalation trigger id shown first at this step"),
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
    "compensation": ("compensation entry", CompensationOption, ()),
    "principles": ("principle", Principle, ()),
    "overrides": ("override", dict, OVERRIDE_FIELDS),
    "signals": ("signal", Signal, SIGNAL_FIELDS),
    "signal-overrides": ("signal override", dict, SIGNAL_OVERRIDE_FIELDS),
}
GUIDE_FIELDS = (
    ID,
    Spec("title", "text"),
    Spec("text", "text"),
    Spec("tips", "tip-list", False, ()),
    SOURCE,
)
COMPENSATION_FIELDS = (
    *GUIDE_FIELDS,
    Spec("suits", "id-list", False, (), "customer type ids it is meant for (omitted: any)"),
    Spec(
        "not-for",
        "tip-map",
        False,
        {},
        "customer type id, or 'leaving', -> why never to offer it to them",
    ),
    Spec("channels", "id-list", False, (), "channel ids where it can be offered (omitted: any)"),
)
PRINCIPLE_FIELDS = (
    *GUIDE_FIELDS,
    Spec("team-leads", "bool", False, False, "meant for team leads (shown by assist report)"),
)
SECTIONS["compensation"] = ("compensation entry", CompensationOption, COMPENSATION_FIELDS)
SECTIONS["principles"] = ("principle", Principle, PRINCIPLE_FIELDS)
ELEMENT_FIELDS = (
    ID,
    Spec("name", "text"),
    Spec("why", "text", doc="why a reply needs it"),
    Spec("example", "text", doc="good wording that carries it"),
    SOURCE,
    Spec("phrases", "text-list", False, (), "cue phrases: any one found means it is there"),
    Spec("exceptions", "text-list", False, (), "wordings a cue never counts inside"),
    Spec("recognise", "recogniser", False, None, "built-in recogniser: time"),
    Spec("position", "position", False, "anywhere", "where a cue counts: anywhere, start, end"),
    Spec("fuzzy", "bool", False, False, "tolerate typos in cues (slower; default: exact words)"),
    Spec("threshold", "percent", False, 80, "minimum similarity score of a cue, 0-100"),
    Spec("examples", "examples", False, None, "flag: replies that have it; pass: that do not"),
)
SCORECARD_FIELDS = (
    ID,
    SOURCE,
    Spec("step", "id", False, None, "applies only at this step id"),
    Spec("channel", "id", False, None, "applies only on this channel id"),
    Spec("customer-type", "id", False, None, "applies only to this customer type id"),
    Spec("requires", "id-list", False, (), "element ids a reply needs here"),
    Spec("waives", "id-list", False, (), "element ids a reply does not need here"),
)
SECTIONS["elements"] = ("reply element", ReplyElement, ELEMENT_FIELDS)
SECTIONS["scorecards"] = ("scorecard", ElementRequirement, SCORECARD_FIELDS)
RECOGNISERS = ("time",)
POSITIONS = ("anywhere", "start", "end")
TIME_WORDS = {
    "weekdays": "day names (a trailing * matches any ending: perjantai*)",
    "months": "month names, counted with a day number",
    "relative": "a when on its own: today, tomorrow, next week",
    "parts-of-day": "after a day: morning, evening",
    "units": "time units after a number: hours, working days",
    "dual": "one word for a number and a unit (he, ar: two days)",
    "numbers": "number words (digits are always numbers)",
    "within": "before an amount of time: within, in",
    "within-after": "after an amount of time (fi: kuluessa)",
    "by": "before a day, date or time: by, until, next",
    "by-after": "after a day, date or time (fi: mennessä)",
    "clock-before": "before a clock time: at, klo",
    "clock-after": "after a clock time: am, pm",
    "past-before": "before a day or date, makes it the past: last, since",
    "past-after": "after a day or date, makes it the past: ago",
    "prefixes": "letters joined to the front of a word (he, ar)",
}
TOP_LEVEL = {
    "language": "language code of this file's phrases (en, he, ar, fi...)",
    "fillers": "words tolerated between a phrase's words",
    "guards": "patterns (negations, hedges) that cancel any match of this language they precede",
    "classes": "named word classes: name -> alternatives, used as @name in this file's patterns",
    "contractions": 'contracted form -> expanded form, e.g. "don\'t": do not',
    "negations": "words that cancel a customer cue a few words after them (assist triage)",
    "conditionals": "words opening a condition: a negation after one cancels no cue",
    "intensifiers": "words that, between a negation and a cue, make it emphasis (never so angry)",
    "disable": "rule or signal ids to switch off (team folders)",
    "time-words": "word lists of the time-expression recogniser, by category",
    **{key: f"list of {label} entries" for key, (label, _, _) in SECTIONS.items()},
}
