"""The coach walkthrough as a pure state machine: no input, no output, no clock, no database.

A Flow is immutable. `flow.prompt` says what to ask the agent now; `flow.handle(event)`
returns the next Flow and the Effects to record (notes, drafts, escalations, the reply...).
The terminal, an answers file and the tests all drive it the same way:

    flow = Flow.start(script, CaseData())
    while not flow.finished:
        flow, effects = flow.handle(respond(flow))

Phases: intake (channel, customer type, customer, summary) -> for each playbook step a menu
(`step`), its notes (`note`), a reply draft (`draft`) and, when the draft has findings, a
review (`review`) -> `finish` (summary and reply) -> `done`. An escalation check
(`escalate`, then `guidance`) can be raised anywhere and returns where it was raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from assist.coach.reply import assemble_reply
from assist.coach.state import (
    INTAKE,
    NOT_SURE,
    OTHER,
    TIPS_SHOWN,
    Answer,
    Back,
    CaseData,
    Closed,
    DraftSet,
    Effect,
    Escalate,
    EscalationRaised,
    Event,
    IntakeSet,
    Lint,
    NoteSet,
    Option,
    Position,
    Prompt,
    Quit,
    ReplySet,
    ReplyWrite,
    Script,
    Skip,
    StepGuide,
)

if TYPE_CHECKING:
    from assist.lint.findings import Finding
    from assist.model import Playbook, Step

__all__ = [
    "INTAKE",
    "NOT_SURE",
    "OTHER",
    "TIPS_SHOWN",
    "Answer",
    "Back",
    "CaseData",
    "Closed",
    "DraftSet",
    "Effect",
    "Escalate",
    "EscalationRaised",
    "Event",
    "Flow",
    "IntakeSet",
    "Lint",
    "NoteSet",
    "Option",
    "Position",
    "Prompt",
    "Quit",
    "ReplySet",
    "ReplyWrite",
    "Script",
    "Skip",
    "StepGuide",
    "check_note",
    "check_preset",
    "is_date_note",
    "step_guide",
]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


STEP_MENU = {
    "continue": "Continue",
    "more": "Show all tips",
    "back": "Go back",
    "skip": "Skip this step",
    "escalate": "Escalation check (!)",
    "quit": "Quit for now (the case is saved)",
}


# -- the state machine ---------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    """One walkthrough, at one moment. Immutable: `handle` returns a new Flow."""

    script: Script
    case: CaseData
    pos: Position
    back_to: Position | None = None
    """Where an escalation check returns to."""
    error: str = ""
    """Why the last answer was refused (shown with the repeated question)."""
    notice: str = ""
    """A remark to show before the next question."""
    expanded: bool = False
    """The agent asked to see all the tips of the current step."""

    @classmethod
    def start(cls, script: Script, case: CaseData) -> Flow:
        """A new walkthrough: the first unanswered intake question, else the first step."""
        flow = cls(script, case, Position("intake", -1))
        return flow._after_intake(-1)

    @classmethod
    def resume(cls, script: Script, case: CaseData, position: str) -> Flow:
        """Continue a saved case at a position key (see `position_key`)."""
        phase, _, ref = position.partition(":")
        flow = cls(script, case, Position("intake", -1))
        if phase == "intake" and ref in INTAKE and ref not in script.fixed:
            return replace(flow, pos=Position("intake", INTAKE.index(ref)))
        if phase == "step":
            ids = [s.id for s in script.steps]
            if ref in ids:
                return flow._at_step(ids.index(ref))
        if phase == "finish":
            return flow._at_finish()
        return flow._after_intake(-1)

    @property
    def finished(self) -> bool:
        """True once the case is closed or the agent quit."""
        return self.pos.phase in ("done", "quit")

    @property
    def position_key(self) -> str:
        """Where to resume: intake:<field>, step:<id>, finish, done ('' after quitting)."""
        if self.pos.phase in ("quit", "done"):
            return "" if self.pos.phase == "quit" else "done"
        pos = self.back_to if self.pos.phase in ("escalate", "guidance") else self.pos
        if pos is None or pos.phase not in ("intake", "step", "note", "draft", "review"):
            return "finish"
        if pos.phase == "intake":
            return f"intake:{INTAKE[pos.index]}"
        return f"step:{self.script.steps[pos.index].id}"

    @property
    def step(self) -> Step | None:
        """The step being worked on, if any."""
        if self.pos.phase in ("step", "note", "draft", "review"):
            return self.script.steps[self.pos.index]
        return None

    @cached_property
    def reply(self) -> str:
        """The final reply: the agent's rewrite, or one assembled from the notes."""
        if self.case.reply is not None:
            return self.case.reply
        return assemble_reply(self.case.customer or "", self.case.notes)

    @cached_property
    def reply_findings(self) -> tuple[Finding, ...]:
        """What the linter finds in the final reply."""
        return tuple(self.script.lint(self.reply))

    @cached_property
    def prompt(self) -> Prompt:
        """What to ask the agent now."""
        return _PROMPTS[self.pos.phase](self)

    def handle(self, event: Event) -> tuple[Flow, tuple[Effect, ...]]:
        """Apply one event: the next Flow and what to record."""
        if self.finished:
            return self, ()
        flow = replace(self, error="", notice="")
        if isinstance(event, Quit):
            return replace(flow, pos=Position("quit")), ()
        if isinstance(event, Escalate):
            return flow._escalate(), ()
        return _HANDLERS[self.pos.phase](flow, event)

    # -- moving around ---------------------------------------------------------------------

    def _refuse(self, message: str) -> tuple[Flow, tuple[Effect, ...]]:
        return replace(self, error=message), ()

    def _after_intake(self, index: int) -> Flow:
        """The next intake question after `index` still to ask, else the first step."""
        for i in range(index + 1, len(INTAKE)):
            name = INTAKE[i]
            if name not in self.script.fixed and self.case.intake(name) is None:
                return replace(self, pos=Position("intake", i))
        return self._at_step(0)

    def _before_step(self, index: int) -> Flow:
        """Going back from step `index`: the previous step, else the last asked intake field."""
        if index > 0:
            return self._at_step(index - 1)
        asked = [i for i, name in enumerate(INTAKE) if name not in self.script.fixed]
        if asked:
            return replace(self, pos=Position("intake", asked[-1]))
        return replace(self, error="This is the first step.")

    def _at_step(self, index: int) -> Flow:
        if index >= len(self.script.steps):
            return self._at_finish()
        return replace(self, pos=Position("step", index), expanded=False)

    def _at_finish(self) -> Flow:
        return replace(self, pos=Position("finish"), back_to=None)

    def _at_item(self, index: int, item: int) -> Flow:
        """Item `item` of step `index`: a note, then the draft; past the end, the next step."""
        step = self.script.steps[index]
        if item < len(step.notes):
            return replace(self, pos=Position("note", index, item))
        if item == len(step.notes) and step.draft:
            return replace(self, pos=Position("draft", index, item))
        return self._at_step(index + 1)

    def _first_open_item(self, index: int) -> Flow:
        """Continue a step at its first unanswered item (the first item if all are answered)."""
        step = self.script.steps[index]
        for item, note in enumerate(step.notes):
            if note.id not in self.case.notes:
                return self._at_item(index, item)
        if step.draft and step.id not in self.case.drafts:
            return self._at_item(index, len(step.notes))
        return self._at_item(index, 0)

    def _escalate(self) -> Flow:
        if self.pos.phase in ("escalate", "guidance"):
            return replace(self, pos=Position("escalate"))
        return replace(self, pos=Position("escalate"), back_to=self.pos)

    def _escalation_step(self) -> str:
        pos = self.back_to or self.pos
        if pos.phase == "intake":
            return "intake"
        if pos.phase in ("step", "note", "draft", "review"):
            return self.script.steps[pos.index].id
        return "finish"


# -- prompts for each phase -----------------------------------------------------------------


def _intake_prompt(flow: Flow) -> Prompt:
    name = INTAKE[flow.pos.index]
    current = flow.case.intake(name)
    playbook = flow.script.playbook
    if name == "channel":
        options = tuple(Option(c.id, c.name, c.response_time) for c in playbook.channels)
        options += (Option(OTHER, "Other / not listed"),)
        return Prompt("choose", name, "How did the complaint arrive?", options, current or "")
    if name == "type":
        options = tuple(Option(t.id, t.name, "; ".join(t.cues)) for t in playbook.customer_types)
        options += (Option(NOT_SURE, "Not sure yet"),)
        return Prompt("choose", name, "Which kind of customer is this?", options, current or "")
    if name == "customer":
        return Prompt("text", name, "Customer name or reference (optional)", default=current or "")
    return Prompt("text", name, "The complaint in one sentence", default=current or "")


def _step_prompt(flow: Flow) -> Prompt:
    guide = step_guide(flow.script, flow.case, flow.pos.index, expanded=flow.expanded)
    step = guide.step
    has_items = bool(step.notes) or step.draft
    labels = dict(STEP_MENU)
    if has_items:
        labels["continue"] = "Write notes" if step.notes else "Write a reply draft"
    if not guide.hidden:
        del labels["more"]
    options = tuple(Option(key, label) for key, label in labels.items())
    return Prompt("choose", "step", "What next?", options, "continue", guide=guide)


def _note_prompt(flow: Flow) -> Prompt:
    step = flow.script.steps[flow.pos.index]
    note = step.notes[flow.pos.item]
    current = flow.case.notes.get(note.id, "")
    return Prompt("text", "note", note.prompt, default=current, ref=note.id)


def _draft_prompt(flow: Flow) -> Prompt:
    step = flow.script.steps[flow.pos.index]
    current = flow.case.drafts.get(step.id, "")
    question = "Type your reply draft (it will be checked for phrases to avoid)"
    return Prompt("lines", "draft", question, default=current, ref=step.id)


def _review_prompt(flow: Flow) -> Prompt:
    step = flow.script.steps[flow.pos.index]
    text = flow.case.drafts.get(step.id, "")
    options = (Option("revise", "Revise the draft"), Option("keep", "Keep it as it is"))
    findings = tuple(flow.script.lint(text))
    question = "Revise the draft or keep it?"
    return Prompt(
        "choose", "review", question, options, "revise", findings=findings, text=text, ref=step.id
    )


def _escalate_prompt(flow: Flow) -> Prompt:
    triggers = flow.script.playbook.escalation
    options = tuple(Option(t.id, t.name, "; ".join(t.cues)) for t in triggers)
    options += (Option("none", "None of these: back to the case"),)
    return Prompt("choose", "escalate", "What is happening?", options, options[0].id)


def _guidance_prompt(flow: Flow) -> Prompt:
    trigger = next(t for t in flow.script.playbook.escalation if t.id == flow.pos.ref)
    options = (
        Option("back", "Back to the case"),
        Option("another", "Something else is happening too"),
        Option("quit", "Quit for now (the case is saved)"),
    )
    return Prompt("choose", "guidance", "Then?", options, "back", trigger=trigger, ref=trigger.id)


def _finish_prompt(flow: Flow) -> Prompt:
    options = (
        Option("done", "Finish and close the case"),
        Option("save", "Save the reply to a file"),
        Option("edit", "Rewrite the reply"),
        Option("back", "Go back to the last step"),
        Option("quit", "Quit for now (the case stays open)"),
    )
    return Prompt(
        "choose",
        "finish",
        "Finish?",
        options,
        "done",
        findings=flow.reply_findings,
        text=flow.reply,
    )


def _reply_prompt(flow: Flow) -> Prompt:
    return Prompt("lines", "reply", "Type the reply to send", default=flow.reply, text=flow.reply)


def _output_prompt(flow: Flow) -> Prompt:
    return Prompt("text", "output", "File to write the reply to", default="reply.txt")


_PROMPTS: dict[str, Callable[[Flow], Prompt]] = {
    "intake": _intake_prompt,
    "step": _step_prompt,
    "note": _note_prompt,
    "draft": _draft_prompt,
    "review": _review_prompt,
    "escalate": _escalate_prompt,
    "guidance": _guidance_prompt,
    "finish": _finish_prompt,
    "reply": _reply_prompt,
    "output": _output_prompt,
}


# -- handlers for each phase ----------------------------------------------------------------

Result = tuple[Flow, tuple[Effect, ...]]


def _chosen(flow: Flow, event: Event) -> str | None:
    """The id of the menu option chosen, or None (and the flow refuses) if not an option."""
    if isinstance(event, Answer) and event.value in {o.id for o in flow.prompt.options}:
        return event.value
    return None


def _handle_intake(flow: Flow, event: Event) -> Result:
    index = flow.pos.index
    name = INTAKE[index]
    if isinstance(event, Back):
        earlier = [i for i in range(index) if INTAKE[i] not in flow.script.fixed]
        if not earlier:
            return flow._refuse("This is the first question.")
        return replace(flow, pos=Position("intake", earlier[-1])), ()
    if isinstance(event, Skip):
        event = Answer({"channel": OTHER, "type": NOT_SURE}.get(name, ""))
    assert isinstance(event, Answer)
    value = " ".join(event.value.split())
    if flow.prompt.kind == "choose" and _chosen(flow, Answer(value)) is None:
        return flow._refuse("Choose one of the options.")
    if name == "summary" and not value:
        return flow._refuse("Describe the complaint in one sentence.")
    case = replace(flow.case, **{name: value})  # type: ignore[arg-type]  # an INTAKE field
    return replace(flow, case=case)._after_intake(index), (IntakeSet(name, value),)


def _handle_step(flow: Flow, event: Event) -> Result:
    index = flow.pos.index
    if isinstance(event, Back):
        return flow._before_step(index), ()
    if isinstance(event, Skip):
        return flow._at_step(index + 1), ()
    choice = _chosen(flow, event)
    if choice is None:
        return flow._refuse("Choose one of the options.")
    if choice == "more":
        return replace(flow, expanded=True), ()
    if choice == "escalate":
        return flow._escalate(), ()
    if choice == "quit":
        return replace(flow, pos=Position("quit")), ()
    if choice != "continue":
        return _handle_step(flow, Back() if choice == "back" else Skip())
    return flow._first_open_item(index), ()


def _back_or_skip(flow: Flow, event: Event) -> Result | None:
    """Back to the previous item (or the step's screen), or skip the rest of the step."""
    index, item = flow.pos.index, flow.pos.item
    if isinstance(event, Back):
        if item == 0:
            return replace(flow, pos=Position("step", index)), ()
        return flow._at_item(index, item - 1), ()
    if isinstance(event, Skip):
        return flow._at_step(index + 1), ()
    return None


def _handle_note(flow: Flow, event: Event) -> Result:
    moved = _back_or_skip(flow, event)
    if moved is not None:
        return moved
    assert isinstance(event, Answer)
    index, item = flow.pos.index, flow.pos.item
    step = flow.script.steps[index]
    note = step.notes[item]
    value = event.value.strip()
    problem = check_note(note.id, value, flow.script.today)
    if problem:
        return flow._refuse(problem)
    case = replace(flow.case, notes={**flow.case.notes, note.id: value})
    return replace(flow, case=case)._at_item(index, item + 1), (NoteSet(step.id, note.id, value),)


def _handle_draft(flow: Flow, event: Event) -> Result:
    moved = _back_or_skip(flow, event)
    if moved is not None:
        return moved
    assert isinstance(event, Answer)
    index, item = flow.pos.index, flow.pos.item
    step = flow.script.steps[index]
    text = event.value.strip("\n")
    if not text.strip():
        text = flow.case.drafts.get(step.id, "")
    findings = tuple(flow.script.lint(text)) if text.strip() else ()
    case = replace(flow.case, drafts={**flow.case.drafts, step.id: text})
    flow = replace(flow, case=case)
    effects = (DraftSet(step.id, text, findings),)
    if findings:
        return replace(flow, pos=Position("review", index, item)), effects
    notice = "Draft checked: no phrases to avoid." if text.strip() else ""
    return replace(flow._at_step(index + 1), notice=notice), effects


def _handle_review(flow: Flow, event: Event) -> Result:
    index, item = flow.pos.index, flow.pos.item
    if isinstance(event, Back):
        return replace(flow, pos=Position("draft", index, item)), ()
    if isinstance(event, Skip):
        return flow._at_step(index + 1), ()
    choice = _chosen(flow, event)
    if choice is None:
        return flow._refuse("Choose one of the options.")
    if choice == "revise":
        return replace(flow, pos=Position("draft", index, item)), ()
    return flow._at_step(index + 1), ()


def _handle_escalate(flow: Flow, event: Event) -> Result:
    if isinstance(event, Back | Skip):
        event = Answer("none")
    choice = _chosen(flow, event)
    if choice is None:
        return flow._refuse("Choose one of the options.")
    back = flow.back_to or Position("finish")
    if choice == "none":
        return replace(flow, pos=back, back_to=None), ()
    step_id = flow._escalation_step()
    case = replace(flow.case, escalations=(*flow.case.escalations, (choice, step_id)))
    flow = replace(flow, case=case, pos=Position("guidance", ref=choice))
    return flow, (EscalationRaised(choice, step_id),)


def _handle_guidance(flow: Flow, event: Event) -> Result:
    if isinstance(event, Back | Skip):
        event = Answer("back")
    choice = _chosen(flow, event)
    if choice is None:
        return flow._refuse("Choose one of the options.")
    if choice == "another":
        return replace(flow, pos=Position("escalate")), ()
    if choice == "quit":
        return replace(flow, pos=Position("quit")), ()
    return replace(flow, pos=flow.back_to or Position("finish"), back_to=None), ()


def _handle_finish(flow: Flow, event: Event) -> Result:
    if isinstance(event, Skip):
        event = Answer("done")
    choice = "back" if isinstance(event, Back) else _chosen(flow, event)
    if choice is None:
        return flow._refuse("Choose one of the options.")
    if choice == "back":
        return flow._at_step(len(flow.script.steps) - 1) if flow.script.steps else flow, ()
    if choice in ("save", "edit", "quit"):
        phase = {"save": "output", "edit": "reply", "quit": "quit"}[choice]
        return replace(flow, pos=Position(phase)), ()
    reply = flow.reply
    effects: tuple[Effect, ...] = ()
    if flow.script.output:
        effects = (ReplyWrite(flow.script.output, reply),)
    notes = flow.case.notes
    closed = Closed(reply, notes.get("followup-date", ""), notes.get("relationship-date", ""))
    return replace(flow, pos=Position("done")), (*effects, closed)


def _handle_reply(flow: Flow, event: Event) -> Result:
    text = event.value.strip("\n") if isinstance(event, Answer) else ""
    if not text.strip():
        return flow._at_finish(), ()
    case = replace(flow.case, reply=text)
    return replace(flow, case=case)._at_finish(), (ReplySet(text),)


def _handle_output(flow: Flow, event: Event) -> Result:
    path = event.value.strip() if isinstance(event, Answer) else ""
    if not path:
        return flow._at_finish(), ()
    return flow._at_finish(), (ReplyWrite(path, flow.reply),)


_HANDLERS: dict[str, Callable[[Flow, Event], Result]] = {
    "intake": _handle_intake,
    "step": _handle_step,
    "note": _handle_note,
    "draft": _handle_draft,
    "review": _handle_review,
    "escalate": _handle_escalate,
    "guidance": _handle_guidance,
    "finish": _handle_finish,
    "reply": _handle_reply,
    "output": _handle_output,
}


# -- helpers ---------------------------------------------------------------------------------


def step_guide(script: Script, case: CaseData, index: int, *, expanded: bool = False) -> StepGuide:
    """Step `index` with its tips tailored to the case's customer type and channel."""
    step = script.steps[index]
    shown = step.tips if expanded else step.tips[:TIPS_SHOWN]
    return StepGuide(
        step=step,
        number=index + 1,
        total=len(script.steps),
        tips=shown,
        hidden=len(step.tips) - len(shown),
        type_tips=step.for_types.get(case.type or "", ()),
        channel_tips=step.for_channels.get(case.channel or "", ()),
    )


def is_date_note(note_id: str) -> bool:
    """Notes whose id ends in 'date' hold a date (YYYY-MM-DD) or nothing."""
    return note_id.endswith("date")


def check_note(note_id: str, value: str, today: date) -> str:
    """Why a note's value is refused ('' if it is fine)."""
    if not value or not is_date_note(note_id):
        return ""
    if not DATE_RE.match(value):
        return "Give the date as YYYY-MM-DD, or leave it empty."
    try:
        when = date.fromisoformat(value)
    except ValueError:
        return f"{value} is not a real date; give it as YYYY-MM-DD."
    if when < today:
        return f"{value} is in the past; give a date from today on."
    return ""


def check_preset(playbook: Playbook, case: CaseData) -> list[str]:
    """Problems with intake answers given up front (unknown customer type or channel ids)."""
    problems = []
    types = [t.id for t in playbook.customer_types]
    if case.type is not None and case.type not in (*types, NOT_SURE):
        problems.append(
            f"unknown customer type '{case.type}' (known: {', '.join([*types, NOT_SURE])})"
        )
    channels = [c.id for c in playbook.channels]
    if case.channel is not None and case.channel not in (*channels, OTHER):
        problems.append(
            f"unknown channel '{case.channel}' (known: {', '.join([*channels, OTHER])})"
        )
    return problems
