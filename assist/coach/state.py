"""The vocabulary of the coach walkthrough: events, effects, the case, prompts.

Plain immutable data. `flow.py` is the state machine that uses it; prompts.py, session.py and
the tests build events and read prompts and effects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assist.lint.findings import Finding
    from assist.model import EscalationTrigger, Playbook, Step, Tip

NOT_SURE = "not-sure"
"""Customer type answer when the agent cannot tell yet."""
OTHER = "other"
"""Channel answer for a channel the playbook does not list."""
INTAKE = ("channel", "type", "customer", "summary")
TIPS_SHOWN = 5
"""General tips shown before the agent asks for more."""

Lint = Callable[[str], Sequence["Finding"]]


# -- events: what the agent did -----------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A typed answer, or the id of the chosen menu option."""

    value: str


@dataclass(frozen=True)
class Back:
    """Go back to the previous question."""


@dataclass(frozen=True)
class Skip:
    """Skip the rest of this step."""


@dataclass(frozen=True)
class Quit:
    """Stop here; everything entered so far is kept and the case can be resumed."""


@dataclass(frozen=True)
class Escalate:
    """Open the escalation check (threats, abuse, legal action, a manager...)."""


Event = Answer | Back | Skip | Quit | Escalate


# -- effects: what must be recorded --------------------------------------------------------


@dataclass(frozen=True)
class IntakeSet:
    """An intake answer: field is channel, type, customer or summary."""

    field: str
    value: str


@dataclass(frozen=True)
class NoteSet:
    """A note entered at a step."""

    step_id: str
    note_id: str
    value: str


@dataclass(frozen=True)
class DraftSet:
    """A reply draft typed at a step, with what the linter found in it."""

    step_id: str
    text: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class EscalationRaised:
    """An escalation trigger the agent raised, and where (step id, 'intake' or 'finish')."""

    trigger_id: str
    step_id: str


@dataclass(frozen=True)
class ReplySet:
    """The agent rewrote the final reply."""

    text: str


@dataclass(frozen=True)
class ReplyWrite:
    """Write the final reply to a file."""

    path: str
    text: str


@dataclass(frozen=True)
class Closed:
    """The walkthrough is finished: close the case with this reply and follow-up dates."""

    reply: str
    followup_date: str = ""
    relationship_date: str = ""


Effect = IntakeSet | NoteSet | DraftSet | EscalationRaised | ReplySet | ReplyWrite | Closed


# -- the case and the script ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseData:
    """What the agent has entered so far. None means 'not answered yet'."""

    channel: str | None = None
    type: str | None = None
    customer: str | None = None
    summary: str | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    drafts: Mapping[str, str] = field(default_factory=dict)
    escalations: tuple[tuple[str, str], ...] = ()
    """(trigger id, step id) pairs, in the order raised."""
    reply: str | None = None
    """The final reply as the agent rewrote it; None: assembled from the notes."""

    def intake(self, name: str) -> str | None:
        """The answer to an intake question."""
        return getattr(self, name)


@dataclass(frozen=True)
class Script:
    """What the flow runs on: the playbook, the linter, today's date and fixed answers."""

    playbook: Playbook
    lint: Lint
    today: date
    fixed: frozenset[str] = frozenset()
    """Intake fields given on the command line: not asked, not revisited."""
    output: str | None = None
    """Write the final reply here when the case is closed."""

    @property
    def steps(self) -> tuple[Step, ...]:
        """The playbook's steps, in order."""
        return self.playbook.steps


@dataclass(frozen=True)
class Position:
    """Where the walkthrough stands: a phase, plus the intake field or step and note index."""

    phase: str
    index: int = 0
    item: int = 0
    ref: str = ""


# -- what to ask ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One menu choice."""

    id: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class StepGuide:
    """A step with the tips tailored to this customer type and channel."""

    step: Step
    number: int
    total: int
    tips: tuple[Tip, ...]
    """The step's general tips (the first TIPS_SHOWN unless the agent asked for all)."""
    hidden: int
    """General tips not shown."""
    type_tips: tuple[Tip, ...]
    channel_tips: tuple[Tip, ...]

    @property
    def all_tips(self) -> tuple[Tip, ...]:
        """Every tip shown: general, then for the customer type, then for the channel."""
        return (*self.tips, *self.type_tips, *self.channel_tips)


@dataclass(frozen=True)
class Prompt:
    """What to ask now. kind: choose (a menu), text (one line) or lines (a multi-line text)."""

    kind: str
    asks: str
    """What is asked: channel, type, customer, summary, step, note, draft, review, escalate,
    guidance, finish, reply or output."""
    question: str
    options: tuple[Option, ...] = ()
    default: str = ""
    guide: StepGuide | None = None
    findings: tuple[Finding, ...] = ()
    text: str = ""
    """The draft or reply the prompt is about."""
    trigger: EscalationTrigger | None = None
    ref: str = ""
    """Which one: the note id (note), step id (draft, review) or trigger id (guidance)."""

    @property
    def key(self) -> str:
        """`asks`, with the reference when there is one (`note:cause`), for messages."""
        return f"{self.asks}:{self.ref}" if self.ref else self.asks
