"""The coach walkthrough as a pure state machine: no input, no output, no clock, no database.

A Flow is immutable. `flow.prompt` says what to ask the agent now; `flow.handle(event)`
returns the next Flow and the Effects to record (notes, drafts, escalations, the reply...).
The terminal, an answers file and the tests all drive it the same way:

    flow = Flow.start(script, CaseData())
    while not flow.finished:
        flow, effects = flow.handle(respond(flow))

Phases: intake (the customer's message, then their name, the channel, the customer type and
whether they have said they are leaving, each pre-filled from what the script's CaseReader
read in the message) -> one screen per step, asking its main item (the reply draft, else its
first note; `More` asks them all) -> a review when a draft has findings -> `finish` (the
reply assembled from the drafts by the channel's reply template) ->
`done`. Steps with nothing left to ask (the name and the complaint are known already) are
passed over. An escalation check (`escalate`, then `guidance`) can be raised anywhere and
returns where it was raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from assist.coach.reply import ComposedReply, compose_reply, summary_of
from assist.coach.seams import CaseCard, CheckContext, DraftReport
from assist.coach.state import (
    INTAKE,
    NO,
    NOT_SURE,
    OTHER,
    TIPS_SHOWN,
    YES,
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
    More,
    NoteSet,
    Option,
    Position,
    Prompt,
    Quit,
    ReplyCopy,
    ReplySet,
    ReplyWrite,
    Script,
    Skip,
    StepGuide,
)

if TYPE_CHECKING:
    from assist.lint.findings import Finding
    from assist.model import Playbook, Step, Tip

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
    "More",
    "NoteSet",
    "Option",
    "Position",
    "Prompt",
    "Quit",
    "ReplyCopy",
    "ReplySet",
    "ReplyWrite",
    "Script",
    "Skip",
    "StepGuide",
    "check_note",
    "check_preset",
    "is_date_note",
    "split_cause",
    "step_guide",
]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CAUSE, GROUP = "cause", "record"
"""The cause note is typed as 'group: what happened'; its group fills the cause-group note."""
SPOKEN = "spoken"


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
    """The agent asked to see everything for the current step (`?`)."""

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
                return flow._at_step(ids.index(ref), open_only=True)
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
        if pos is None or pos.phase not in ("intake", "step", "review"):
            return "finish"
        if pos.phase == "intake":
            return f"intake:{INTAKE[pos.index]}"
        return f"step:{self.script.steps[pos.index].id}"

    @property
    def step(self) -> Step | None:
        """The step being worked on, if any."""
        if self.pos.phase in ("step", "review"):
            return self.script.steps[self.pos.index]
        return None

    @cached_property
    def card(self) -> CaseCard:
        """What the script's reader found in the customer's message."""
        return self.script.reader(self.case.message or "", self.script.playbook)

    @property
    def leaving(self) -> bool:
        """The agent confirmed that the customer has said they are leaving."""
        return self.case.leaving == YES

    @property
    def spoken(self) -> bool:
        """True when the case's channel is spoken (phone, face to face)."""
        channel = self.script.playbook.channel(self.case.channel or "")
        return channel is not None and getattr(channel, "mode", "") == SPOKEN

    def context(self, step_id: str | None = None) -> CheckContext:
        """The check context for a draft at a step (the final reply: no step)."""
        return CheckContext(step_id, self.case.channel, self.case.type, self.case.message)

    def check(self, text: str, step_id: str | None = None) -> DraftReport:
        """Check a text in this case's context."""
        return self.script.check(text, self.context(step_id))

    @cached_property
    def composed(self) -> ComposedReply:
        """The drafts assembled in step order by the channel's reply template (a letter, a
        short message, a call script, a public reply plus a private message)."""
        channel = self.script.playbook.channel(self.case.channel or "")
        drafts = [(s.id, self.case.drafts.get(s.id, "")) for s in self.script.steps if s.draft]
        template = channel.reply if channel is not None else None
        return compose_reply(template, self.case.customer or "", drafts, self.script.signature)

    @cached_property
    def reply(self) -> str:
        """The final reply: the agent's rewrite, or the drafts assembled for the channel."""
        if self.case.reply is not None:
            return self.case.reply
        return self.composed.text

    @property
    def rewritten(self) -> bool:
        """The agent rewrote the assembled reply."""
        return self.case.reply is not None

    @cached_property
    def reply_report(self) -> DraftReport:
        """What the check finds in the final reply: in an assembled one, only the words the
        customer reads or hears (a call script's guidance is not checked)."""
        if self.rewritten:
            return self.check(self.reply)
        report = self.check(self.composed.words)
        return replace(report, findings=self.composed.shown(report.findings))

    @property
    def reply_over(self) -> int:
        """Characters the written reply runs over the channel's limit (chat, public replies)."""
        if not self.rewritten:
            return self.composed.over
        limit = self.composed.template.limit
        measured = len(self.reply.strip())
        return max(measured - limit, 0) if limit and self.composed.template.form == "message" else 0

    @property
    def reply_findings(self) -> tuple[Finding, ...]:
        """What the linter finds in the final reply."""
        return self.reply_report.findings

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
        if isinstance(event, More):
            if self.pos.phase == "step" and not self.expanded:
                return replace(flow, expanded=True), ()
            return flow._refuse("Everything for this step is shown.")
        return _HANDLERS[self.pos.phase](flow, event)

    # -- moving around ---------------------------------------------------------------------

    def _refuse(self, message: str) -> tuple[Flow, tuple[Effect, ...]]:
        return replace(self, error=message), ()

    def _asked(self, name: str) -> bool:
        """Whether an intake question is asked at all in this case."""
        if name in self.script.fixed:
            return False
        return not (name == "summary" and self.case.message)

    def _after_intake(self, index: int) -> Flow:
        """The next intake question after `index` still to ask, else the first step."""
        for i in range(index + 1, len(INTAKE)):
            name = INTAKE[i]
            if self._asked(name) and self.case.intake(name) is None:
                return replace(self, pos=Position("intake", i))
        return self._at_step(0)

    def _before_step(self, index: int) -> Flow:
        """Going back from step `index`: the previous step asked, else the last intake field."""
        for earlier in range(index - 1, -1, -1):
            if self.items(earlier):
                return replace(self, pos=Position("step", earlier), expanded=False)
        asked = [i for i, name in enumerate(INTAKE) if self._asked(name)]
        if asked:
            return replace(self, pos=Position("intake", asked[-1]))
        return replace(self, error="This is the first step.")

    def _at_step(self, index: int, *, open_only: bool = False) -> Flow:
        """Step `index`, or the next one with something to ask; past the last, the finish."""
        flow = replace(self, expanded=False)
        for i in range(index, len(self.script.steps)):
            items = flow.items(i)
            if not items:
                continue
            item = 0
            if open_only:
                unanswered = [n for n, key in enumerate(items) if not flow._answered(key)]
                item = unanswered[0] if unanswered else 0
            return replace(flow, pos=Position("step", i, item))
        return flow._at_finish()

    def _at_finish(self) -> Flow:
        return replace(self, pos=Position("finish"), back_to=None, expanded=False)

    def _answered(self, key: str) -> bool:
        kind, _, ref = key.partition(":")
        return ref in (self.case.drafts if kind == "draft" else self.case.notes)

    def derived(self, note_id: str) -> str:
        """A note's value known without asking: the name, the complaint, the cause group."""
        if note_id == "contact":
            return self.case.customer or ""
        if note_id == "summary-check":
            return self.case.summary or ""
        if note_id == GROUP and CAUSE in self.case.notes:
            return split_cause(self.case.notes[CAUSE])[0]
        return ""

    def items(self, index: int) -> tuple[str, ...]:
        """What step `index` asks, as 'note:<id>' / 'draft:<step id>' keys: its main item (the
        draft, else its first note unless that is known already), or every item when
        expanded."""
        step = self.script.steps[index]
        notes = [f"note:{n.id}" for n in step.notes]
        draft = [f"draft:{step.id}"] if step.draft else []
        expanded = self.script.ask_all or (self.expanded and self.pos.index == index)
        if expanded:
            return (*notes, *draft)
        if draft:
            return tuple(draft)
        if notes and not self.derived(notes[0].partition(":")[2]):
            return (notes[0],)
        return ()  # its main note is known already; `?` opens the others

    def _next_item(self) -> Flow:
        """The next item of this step, else the next step."""
        index, item = self.pos.index, self.pos.item
        if item + 1 < len(self.items(index)):
            return replace(self, pos=Position("step", index, item + 1))
        return self._at_step(index + 1)

    def _escalate(self) -> Flow:
        if self.pos.phase in ("escalate", "guidance"):
            return replace(self, pos=Position("escalate"))
        return replace(self, pos=Position("escalate"), back_to=self.pos)

    def _escalation_step(self) -> str:
        pos = self.back_to or self.pos
        if pos.phase == "intake":
            return "intake"
        if pos.phase in ("step", "review"):
            return self.script.steps[pos.index].id
        return "finish"


# -- prompts for each phase -----------------------------------------------------------------


def _intake_prompt(flow: Flow) -> Prompt:
    name = INTAKE[flow.pos.index]
    current = flow.case.intake(name)
    playbook, card = flow.script.playbook, flow.card
    if name == "message":
        question = "Paste the customer's message (an empty line skips it)"
        return Prompt("lines", name, question, default=current or "")
    if name == "customer":
        default = current if current is not None else card.name
        found = " (from their message; Enter keeps it)" if default and current is None else ""
        return Prompt("text", name, f"Customer's name{found}", default=default, card=card)
    if name == "channel":
        options = tuple(Option(c.id, c.name, c.response_time) for c in playbook.channels)
        options += (Option(OTHER, "Other / not listed"),)
        default = current or card.channel or ""
        return Prompt("choose", name, "How did the message arrive?", options, default, card=card)
    if name == "type":
        options = tuple(Option(t.id, t.name, "; ".join(t.cues)) for t in playbook.customer_types)
        options += (Option(NOT_SURE, "Not sure yet"),)
        default = current or card.type or NOT_SURE
        return Prompt("choose", name, "Which kind of customer is this?", options, default)
    if name == "leaving":
        options = (
            Option(NO, "No"),
            Option(YES, "Yes: they have decided to leave (no special terms or gifts)"),
        )
        default = current or (YES if card.leaving else NO)
        question = "Has the customer said they are leaving?"
        return Prompt("choose", name, question, options, default, card=card)
    return Prompt("text", name, "The complaint in one sentence", default=current or "")


def _step_prompt(flow: Flow) -> Prompt:
    index, item = flow.pos.index, flow.pos.item
    guide = step_guide(flow.script, flow.case, index, expanded=flow.expanded)
    guide = replace(guide, passed=_passed(flow, index))
    key = flow.items(index)[item]
    kind, _, ref = key.partition(":")
    shown = guide if item == 0 else replace(guide, tips=(), hidden=0)
    if kind == "draft":
        current = flow.case.drafts.get(ref, "")
        return Prompt(
            "draft", "draft", "Your reply", default=current, guide=shown, ref=ref,
            check=lambda text: flow.check(text, ref), spoken=flow.spoken,
        )  # fmt: skip
    note = next(n for n in guide.step.notes if n.id == ref)
    question = note.prompt
    if ref == CAUSE:
        question += "; start with its group, e.g. 'delivery: the courier dropped it'"
    current = flow.case.notes.get(ref, flow.derived(ref))
    return Prompt("text", "note", question, default=current, guide=shown, ref=ref)


def _passed(flow: Flow, index: int) -> tuple[Step, ...]:
    """Steps just before `index` that had nothing to ask."""
    passed: list[Step] = []
    for i in range(index - 1, -1, -1):
        if flow.items(i):
            break
        passed.insert(0, flow.script.steps[i])
    return tuple(passed)


def _review_prompt(flow: Flow) -> Prompt:
    step = flow.script.steps[flow.pos.index]
    text = flow.case.drafts.get(step.id, "")
    options = (Option("revise", "Revise the draft"), Option("keep", "Keep it as it is"))
    report = flow.check(text, step.id)
    return Prompt(
        "choose", "review", "Revise the draft or keep it?", options, "revise",
        findings=report.findings, report=report, text=text, ref=step.id,
    )  # fmt: skip


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
    done = "Close the case and save the reply" if flow.script.output else "Close the case"
    options = (
        Option("done", done),
        Option("edit", "Edit the reply"),
        Option("save", "Save the reply to a file"),
        Option("back", "Go back to the last step"),
        Option("quit", "Quit for now (the case stays open)"),
    )
    report = flow.reply_report
    return Prompt(
        "choose", "finish", "Finish?", options, "edit" if report.findings else "done",
        findings=report.findings, report=report, text=flow.reply,
    )  # fmt: skip


def _reply_prompt(flow: Flow) -> Prompt:
    return Prompt(
        "draft", "reply", "The reply to send", default=flow.reply, text=flow.reply,
        check=flow.check, spoken=flow.spoken,
    )  # fmt: skip


def _output_prompt(flow: Flow) -> Prompt:
    return Prompt("text", "output", "File to write the reply to", default="reply.txt")


_PROMPTS: dict[str, Callable[[Flow], Prompt]] = {
    "intake": _intake_prompt,
    "step": _step_prompt,
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
        earlier = [i for i in range(index) if flow._asked(INTAKE[i])]
        if not earlier:
            return flow._refuse("This is the first question.")
        return replace(flow, pos=Position("intake", earlier[-1])), ()
    if isinstance(event, Skip):
        event = Answer({"channel": OTHER, "type": NOT_SURE, "leaving": NO}.get(name, ""))
    assert isinstance(event, Answer)
    if name == "message":
        return _set_message(flow, event.value.strip("\n"))
    value = " ".join(event.value.split())
    if flow.prompt.kind == "choose" and _chosen(flow, Answer(value)) is None:
        return flow._refuse("Choose one of the options.")
    if name == "summary" and not value:
        return flow._refuse("Describe the complaint in one sentence.")
    case = replace(flow.case, **{name: value})  # type: ignore[arg-type]  # an INTAKE field
    return replace(flow, case=case)._after_intake(index), (IntakeSet(name, value),)


def _set_message(flow: Flow, message: str) -> Result:
    """The message is kept as pasted; the complaint's summary is its first sentence."""
    case = replace(flow.case, message=message)
    effects: tuple[Effect, ...] = (IntakeSet("message", message),)
    if message.strip() and "summary" not in flow.script.fixed:
        case = replace(case, summary=summary_of(message))
        effects += (IntakeSet("summary", case.summary or ""),)
    flow = replace(flow, case=case)
    return flow._after_intake(INTAKE.index("message")), effects


def _handle_step(flow: Flow, event: Event) -> Result:
    index, item = flow.pos.index, flow.pos.item
    if isinstance(event, Back):
        if item > 0:
            return replace(flow, pos=Position("step", index, item - 1)), ()
        return flow._before_step(index), ()
    if isinstance(event, Skip):
        return flow._at_step(index + 1), ()
    assert isinstance(event, Answer)
    kind, _, ref = flow.items(index)[item].partition(":")
    if kind == "draft":
        return _handle_draft(flow, event, ref)
    step = flow.script.steps[index]
    value = event.value.strip()
    problem = check_note(ref, value, flow.script.today)
    if problem:
        return flow._refuse(problem)
    effects: tuple[Effect, ...] = (NoteSet(step.id, ref, value),)
    notes = {**flow.case.notes, ref: value}
    if ref == CAUSE and split_cause(value)[0]:
        group_step = next((s.id for s in flow.script.steps for n in s.notes if n.id == GROUP), "")
        if group_step:
            notes[GROUP] = split_cause(value)[0]
            effects += (NoteSet(group_step, GROUP, notes[GROUP]),)
    flow = replace(flow, case=replace(flow.case, notes=notes))
    return flow._next_item(), effects


def _handle_draft(flow: Flow, event: Answer, step_id: str) -> Result:
    text = event.value.strip("\n")
    if not text.strip():
        text = flow.case.drafts.get(step_id, "")
    report = flow.check(text, step_id)
    case = replace(flow.case, drafts={**flow.case.drafts, step_id: text})
    flow = replace(flow, case=case)
    effects = (DraftSet(step_id, text, report.findings),)
    if report.findings:  # phrases to avoid: offer to revise; missing elements only inform
        return replace(flow, pos=Position("review", flow.pos.index, flow.pos.item)), effects
    return replace(flow._next_item(), notice=_checked(text, report)), effects


def _checked(text: str, report: DraftReport) -> str:
    """The line shown after a draft without phrases to avoid: what it could still add."""
    if not text.strip():
        return ""
    if report.unchecked:
        return f"Draft not checked: {report.unchecked}."
    if not report.missing:
        return "Draft checked: nothing to fix."
    labels = ", ".join(m.label for m in report.missing)
    return f"Draft checked: no phrases to avoid; for this step it could still add: {labels}."


def _handle_review(flow: Flow, event: Event) -> Result:
    index, item = flow.pos.index, flow.pos.item
    if isinstance(event, Back):
        return replace(flow, pos=Position("step", index, item)), ()
    if isinstance(event, Skip):
        return replace(flow, pos=Position("step", index, item))._next_item(), ()
    choice = _chosen(flow, event)
    if choice is None:
        return flow._refuse("Choose one of the options.")
    back = replace(flow, pos=Position("step", index, item))
    return (back if choice == "revise" else back._next_item()), ()


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
        last = len(flow.script.steps)
        return flow._before_step(last) if last else flow, ()
    if choice in ("save", "edit", "quit"):
        phase = {"save": "output", "edit": "reply", "quit": "quit"}[choice]
        return replace(flow, pos=Position(phase)), ()
    reply = flow.reply
    output = flow.script.output
    effects: tuple[Effect, ...] = (ReplyWrite(output, reply),) if output else (ReplyCopy(reply),)
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
    "review": _handle_review,
    "escalate": _handle_escalate,
    "guidance": _handle_guidance,
    "finish": _handle_finish,
    "reply": _handle_reply,
    "output": _handle_output,
}


# -- helpers ---------------------------------------------------------------------------------


def fits_channel(tip: Tip, spoken: bool) -> bool:
    """A tip marked for spoken (or written) channels only shows on such channels."""
    mode = getattr(tip, "mode", "")
    return not mode or (mode == SPOKEN) == spoken


def step_guide(script: Script, case: CaseData, index: int, *, expanded: bool = False) -> StepGuide:
    """Step `index` with the tips that fit this customer type and channel, tailored ones first."""
    step = script.steps[index]
    channel = script.playbook.channel(case.channel or "")
    spoken = channel is not None and getattr(channel, "mode", "") == SPOKEN
    tailored = (
        *step.for_types.get(case.type or "", ()),
        *step.for_channels.get(case.channel or "", ()),
    )
    fitting = [t for t in (*tailored, *step.tips) if fits_channel(t, spoken)]
    shown = fitting if expanded else fitting[:TIPS_SHOWN]
    return StepGuide(
        step=step,
        number=index + 1,
        total=len(script.steps),
        tips=tuple(shown),
        hidden=len(fitting) - len(shown),
        expanded=expanded,
    )


def split_cause(text: str) -> tuple[str, str]:
    """'delivery: the courier dropped it' -> ('delivery', 'the courier dropped it');
    ('', text) when the text does not start with a short group and a colon."""
    head, colon, tail = text.partition(":")
    group = " ".join(head.split()).casefold()
    if not colon or not group or len(group.split()) > 3:
        return "", text.strip()
    return group, tail.strip()


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
