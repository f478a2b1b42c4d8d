"""The vocabulary of the coach walkthrough: events, effects, the case, prompts.

Plain immutable data. `flow.py` is the state machine that uses it; prompts.py, session.py and
the tests build events and read prompts and effects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from assist.coach.seams import CaseReader, DraftCheck, read_message

if TYPE_CHECKING:
    from assist.coach.seams import CaseCard, DraftReport
    from assist.lint.findings import Finding
    from assist.model import EscalationTrigger, Playbook, Step, Tip

NOT_SURE = "not-sure"
"""Customer type answer when the agent cannot tell yet."""
OTHER = "other"
"""Channel answer for a channel the playbook does not list."""
INTAKE = ("message", "customer", "channel", "type", "leaving", "summary")
"""Intake questions in order; `summary` is asked only when no message was given."""
YES, NO = "yes", "no"
"""Answers to `leaving`: has the customer said they are leaving?"""
TIPS_SHOWN = 2
"""Tips shown on a step's screen before the agent asks for more (`?`)."""

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


@dataclass(frozen=True)
class More:
    """Show everything for this step: all its tips and every note it can take."""


Event = Answer | Back | Skip | Quit | Escalate | More


# -- effects: what must be recorded --------------------------------------------------------


@dataclass(frozen=True)
class IntakeSet:
    """An intake answer: field is message, customer, channel, type, leaving or summary."""

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
class ReplyCopy:
    """Copy the final reply to the clipboard (when there is one)."""

    text: str


@dataclass(frozen=True)
class Closed:
    """The walkthrough is finished: close the case with this reply and follow-up dates."""

    reply: str
    followup_date: str = ""
    relationship_date: str = ""


Effect = (
    IntakeSet | NoteSet | DraftSet | EscalationRaised | ReplySet | ReplyWrite | ReplyCopy | Closed
)


# -- the case and the script ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseData:
    """What the agent has entered so far. None means 'not answered yet'."""

    message: str | None = None
    """The customer's message as pasted ('' when the agent had none)."""
    customer: str | None = None
    channel: str | None = None
    type: str | None = None
    leaving: str | None = None
    """'yes' when the customer has said they are leaving, 'no' when not."""
    summary: str | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    drafts: Mapping[str, str] = field(default_factory=dict)
    escalations: tuple[tuple[str, str], ...] = ()
    """(trigger id, step id) pairs, in the order raised."""
    reply: str | None = None
    """The final reply as the agent rewrote it; None: assembled from the drafts."""

    def intake(self, name: str) -> str | None:
        """The answer to an intake question."""
        return getattr(self, name)


@dataclass(frozen=True)
class Script:
    """What the flow runs on: the playbook, the two seams, today's date and fixed answers."""

    playbook: Playbook
    check: DraftCheck
    """Checks drafts and the final reply (today lint; later lint and the score checklist)."""
    today: date
    fixed: frozenset[str] = frozenset()
    """Intake fields given on the command line: not asked, not revisited."""
    output: str | None = None
    """Write the final reply here when the case is closed."""
    reader: CaseReader = read_message
    """Reads the customer's message (today the name; later triage)."""
    signature: str = ""
    """Signs the final reply (`signature` in assist.toml)."""
    ask_all: bool = False
    """Ask every note of every step (an answers file), not only each step's main one."""

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
    """The tips shown: for this type and channel first, then general ones that fit the
    channel (TIPS_SHOWN of them unless the agent asked for all)."""
    hidden: int
    """Tips that fit but are not shown (`?` shows them)."""
    passed: tuple[Step, ...] = ()
    """Earlier steps with nothing to ask in this case, passed over on the way here."""
    expanded: bool = False


@dataclass(frozen=True)
class Prompt:
    """What to ask now. kind: choose (a menu), text (one line), lines (a multi-line text) or
    draft (a reply draft, checked while it is typed by `check`)."""

    kind: str
    asks: str
    """What is asked: message, customer, channel, type, leaving, summary, note, draft, review,
    escalate, guidance, finish, reply or output."""
    question: str
    options: tuple[Option, ...] = ()
    default: str = ""
    guide: StepGuide | None = None
    findings: tuple[Finding, ...] = ()
    text: str = ""
    """The draft or reply the prompt is about."""
    report: DraftReport | None = None
    """The check of `text` (review and finish)."""
    card: CaseCard | None = None
    """What was read in the customer's message (intake)."""
    check: Callable[[str], DraftReport] | None = None
    """For drafts and the reply: the check to run while the agent types."""
    spoken: bool = False
    """The channel is spoken (phone, face to face): suggestions may be spoken wording."""
    trigger: EscalationTrigger | None = None
    ref: str = ""
    """Which one: the note id (note), step id (draft, review) or trigger id (guidance)."""

    @property
    def key(self) -> str:
        """`asks`, with the reference when there is one (`note:cause`), for messages."""
        return f"{self.asks}:{self.ref}" if self.ref else self.asks
