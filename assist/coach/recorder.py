"""Write the walkthrough to the case log as it happens: every answer the moment it is given."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from assist.caselog.store import Case, CaseStore
from assist.coach.flow import (
    INTAKE,
    CaseData,
    Closed,
    DraftSet,
    Effect,
    EscalationRaised,
    Flow,
    IntakeSet,
    NoteSet,
    ReplyCopy,
    ReplySet,
    ReplyWrite,
)


@dataclass
class Recorder:
    """Writes each effect to the case log as it happens, creating the case on first need."""

    store: CaseStore
    case_id: int | None = None
    position: str = ""
    problems: list[str] = field(default_factory=list)
    _flow: Flow | None = field(default=None, repr=False)
    """The flow of the effects being recorded (the customer's message is read from it)."""

    def record(self, flow: Flow, effects: tuple[Effect, ...]) -> list[str]:
        """Store the effects and the new position; return messages for the agent."""
        self._flow = flow
        key = flow.position_key
        if self.case_id is None:
            if not effects and key in (self.position, ""):
                return []
            intake = {name: flow.case.intake(name) for name in INTAKE}
            self.case_id = self.store.create_case(**intake, position=key)
            self.position = key
            self._record_reading(flow)
        messages = [m for effect in effects for m in self._apply(effect)]
        if key and key != self.position and flow.pos.phase != "done":
            self.store.update_case(self.case_id, position=key)
        self.position = key or self.position
        return messages

    def _apply(self, effect: Effect) -> list[str]:
        assert self.case_id is not None
        store, case_id = self.store, self.case_id
        if isinstance(effect, IntakeSet):
            store.update_case(case_id, **{effect.field: effect.value})
            if effect.field == "message" and self._flow is not None:
                self._record_reading(self._flow)
        elif isinstance(effect, NoteSet):
            store.set_note(case_id, effect.note_id, effect.step_id, effect.value)
        elif isinstance(effect, DraftSet):
            store.set_draft(case_id, effect.step_id, effect.text, len(effect.findings))
        elif isinstance(effect, EscalationRaised):
            store.add_escalation(case_id, effect.trigger_id, effect.step_id)
        elif isinstance(effect, ReplySet):
            store.update_case(case_id, reply=effect.text)
        elif isinstance(effect, ReplyWrite):
            return [self._write(effect)]
        elif isinstance(effect, ReplyCopy):
            return [_copy(effect.text)]
        elif isinstance(effect, Closed):
            return self._close(effect)
        return []

    def _record_reading(self, flow: Flow) -> None:
        """What triage read in the customer's message (the guess and the cues that fired), so
        `assist report` can tell how often the agent kept the guess."""
        if self.case_id is None or not flow.case.message:
            return
        card = flow.card
        reading = {
            "type": card.type,
            "channel": card.channel,
            "cues": sorted({e.label for e in card.type_evidence}),
            "escalations": [trigger for trigger, _ in card.escalations],
            "upset": card.upset,
        }
        self.store.update_case(self.case_id, triage=json.dumps(reading, ensure_ascii=False))

    def _write(self, effect: ReplyWrite) -> str:
        try:
            Path(effect.path).write_text(effect.text, encoding="utf-8")
        except OSError as exc:
            problem = f"{effect.path}: cannot write the reply ({exc.strerror})"
            self.problems.append(problem)
            return problem
        return f"Reply written to {effect.path}"

    def _close(self, effect: Closed) -> list[str]:
        from assist.caselog.followups import FOLLOWUP_KINDS

        assert self.case_id is not None
        agreed = date.fromisoformat(effect.followup_date) if effect.followup_date else None
        relationship = (
            date.fromisoformat(effect.relationship_date) if effect.relationship_date else None
        )
        followups = self.store.close_case(self.case_id, effect.reply, agreed, relationship)
        lines = [f"Case {self.case_id} closed. Follow-ups (see: assist followups):"]
        lines += [
            f"  {f.due}{f' to {f.until}' if f.until else ''}  {FOLLOWUP_KINDS.get(f.kind, f.kind)}"
            for f in followups
        ]
        return lines


def _copy(text: str) -> str:
    from assist.coach.clipboard import copy_to_clipboard

    if not text.strip():
        return "The reply is empty: nothing to copy."
    tool = copy_to_clipboard(text)
    if tool is None:
        return "No clipboard here (wl-copy, xclip, xsel, pbcopy): copy the reply above or use -o."
    return f"Reply copied to the clipboard ({tool})."


def case_data(case: Case) -> CaseData:
    """A stored case as the flow's CaseData (to resume it)."""
    return CaseData(
        message=case.message,
        channel=case.channel,
        type=case.type,
        leaving=case.leaving,
        customer=case.customer,
        summary=case.summary,
        notes=dict(case.notes),
        drafts=dict(case.drafts),
        escalations=tuple((e.trigger, e.step) for e in case.escalations),
        reply=case.reply,
    )
