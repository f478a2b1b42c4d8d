"""The coach walkthrough as a pure state machine: every step and branch, no terminal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assist.coach.flow import (
    Answer,
    Back,
    CaseData,
    Closed,
    DraftSet,
    Escalate,
    EscalationRaised,
    Flow,
    IntakeSet,
    More,
    NoteSet,
    Quit,
    ReplyCopy,
    ReplySet,
    ReplyWrite,
    Script,
    Skip,
    check_note,
    check_preset,
    split_cause,
)
from assist.coach.seams import CaseCard, LintCheck
from assist.lint.findings import Finding
from assist.playbook.load import load_playbook

PLAYBOOK_DIR = Path(__file__).parent / "data" / "coach" / "playbook"
TODAY = date(2025, 3, 10)
PLAYBOOK = load_playbook([PLAYBOOK_DIR], builtin=False)
MESSAGE = "Hello,\nMy parcel arrived broken. Second time!\n\nRegards,\nDana Levi\n"


def fake_lint(text: str) -> list[Finding]:
    """Flags 'I don't know', like the real dont-know rule, without the matching engine."""
    start = text.find("I don't know")
    if start < 0:
        return []
    return [
        Finding("<text>", 1, start + 1, 1, start + 13, start, 12, "dont-know", "warning",
                "I don't know", "I don't know", 100, "It slams the door.", ("Let me find out.",))
    ]  # fmt: skip


def script(**changes: object) -> Script:
    values: dict = {"playbook": PLAYBOOK, "check": LintCheck(fake_lint), "today": TODAY}
    return Script(**{**values, **changes})


def run(flow: Flow, *events: object) -> tuple[Flow, list]:
    """Apply events in order; return the last flow and every effect."""
    effects: list = []
    for event in events:
        flow, new = flow.handle(event)  # type: ignore[arg-type]
        effects.extend(new)
    return flow, effects


def at_first_step(**changes: object) -> Flow:
    values: dict = {
        "channel": "phone", "type": "angry", "customer": "Dana", "message": MESSAGE, "leaving": "no"
    }  # fmt: skip
    return Flow.start(script(fixed=frozenset(values), **changes), CaseData(**values))


# -- intake -----------------------------------------------------------------------------------


def test_intake_starts_from_the_message_and_reads_the_name_from_the_sign_off() -> None:
    flow = Flow.start(script(), CaseData())
    assert flow.prompt.key == "message"
    flow, effects = run(flow, Answer(MESSAGE))
    assert flow.prompt.key == "customer"
    assert flow.prompt.default == "Dana Levi"  # the agent confirms with Enter
    assert IntakeSet("summary", "My parcel arrived broken.") in effects
    flow, effects = run(flow, Answer("Dana Levi"), Answer("email"), Answer("critic"))
    assert (flow.prompt.key, flow.prompt.default) == ("leaving", "no")  # no leaving cue
    flow, more = run(flow, Answer("no"))
    assert flow.prompt.key == "note:cause"  # the summary is not asked: it came from the message
    assert [e.field for e in [*effects, *more]] == ["customer", "channel", "type", "leaving"]


def test_without_a_message_the_summary_is_asked() -> None:
    flow, _ = run(Flow.start(script(), CaseData()), Answer(""), Answer("Dana"))
    flow, _ = run(flow, Answer("phone"), Answer("angry"), Answer("no"))
    assert flow.prompt.key == "summary"


def test_a_reader_pre_selects_channel_and_type_for_the_agent_to_confirm() -> None:
    def reader(message: str, playbook: object) -> CaseCard:
        return CaseCard(name="Dana", channel="email", type="critic")

    flow, _ = run(Flow.start(script(reader=reader), CaseData()), Answer(MESSAGE), Answer("Dana"))
    assert (flow.prompt.key, flow.prompt.default) == ("channel", "email")
    flow, _ = run(flow, Answer("email"))
    assert (flow.prompt.key, flow.prompt.default) == ("type", "critic")


def test_intake_refuses_unknown_menu_answers_and_goes_back() -> None:
    flow, _ = run(Flow.start(script(), CaseData()), Answer(MESSAGE), Answer("Dana"))
    refused, _ = flow.handle(Answer("fax"))
    assert refused.error and refused.prompt.key == "channel"
    back, _ = flow.handle(Back())
    assert back.prompt.key == "customer"


# -- steps --------------------------------------------------------------------------------------


def test_each_step_asks_only_its_main_item_and_a_case_takes_few_prompts() -> None:
    flow = at_first_step()
    asked = []
    while not flow.finished:
        asked.append(flow.prompt.key)
        answer = {"draft": "I am sorry.", "finish": "done"}.get(flow.prompt.asks, "x")
        flow, _ = flow.handle(Answer(answer))
    assert asked == ["note:cause", "draft:apologise", "note:fix", "finish"]


def test_more_shows_every_tip_and_asks_every_note_of_the_step() -> None:
    flow = at_first_step()
    assert len(flow.prompt.guide.tips) == 2 and flow.prompt.guide.hidden  # type: ignore[union-attr]
    flow, _ = flow.handle(More())
    assert flow.prompt.guide.hidden == 0  # type: ignore[union-attr]
    flow, effects = run(flow, Answer("courier"), Answer("refund"))
    assert [e.note_id for e in effects] == ["cause", "wants"]
    assert flow.prompt.key == "draft:apologise"


def test_tips_for_the_type_and_channel_come_first() -> None:
    texts = [t.text for t in at_first_step().prompt.guide.tips]  # type: ignore[union-attr]
    assert texts == ["Let the first wave of anger pass.", "Close your other windows."]


def test_tips_marked_spoken_are_not_shown_on_a_written_channel() -> None:
    from dataclasses import replace

    from assist.model import Tip

    step = PLAYBOOK.steps[0]
    spoken = Tip("Look at the customer.", "test", "spoken")
    playbook = replace(
        PLAYBOOK, steps=(replace(step, tips=(spoken, *step.tips)), *PLAYBOOK.steps[1:])
    )
    values: dict = {
        "channel": "email", "type": "critic", "customer": "D", "message": MESSAGE, "leaving": "no"
    }  # fmt: skip
    flow = Flow.start(script(playbook=playbook, fixed=frozenset(values)), CaseData(**values))
    assert "Look at the customer." not in [t.text for t in flow.prompt.guide.tips]  # type: ignore[union-attr]


def test_the_cause_group_typed_with_the_cause_fills_the_group_note() -> None:
    assert split_cause("Delivery: the courier dropped it") == ("delivery", "the courier dropped it")
    assert split_cause("the courier dropped it, again: twice") == (
        "",
        "the courier dropped it, again: twice",
    )


def test_draft_with_findings_is_reviewed_then_revised_or_kept() -> None:
    flow, _ = run(at_first_step(), Answer("courier"))
    flow, effects = flow.handle(Answer("I don't know why."))
    assert isinstance(effects[0], DraftSet) and effects[0].findings[0].rule == "dont-know"
    assert flow.prompt.key == "review:apologise"
    revised, _ = flow.handle(Answer("revise"))
    assert (revised.prompt.key, revised.prompt.default) == ("draft:apologise", "I don't know why.")
    kept, _ = flow.handle(Answer("keep"))
    assert kept.prompt.key == "note:fix"


def test_back_and_skip_move_between_steps() -> None:
    flow, _ = run(at_first_step(), Answer("courier"))
    back, _ = flow.handle(Back())
    assert (back.prompt.key, back.prompt.default) == ("note:cause", "courier")
    skipped, _ = flow.handle(Skip())
    assert skipped.prompt.key == "note:fix"


def test_bad_dates_are_refused() -> None:
    flow = at_first_step()
    flow, _ = run(flow, More(), Answer("c"), Answer("w"), Answer("Sorry."), More())
    flow, _ = run(flow, Answer("fix"), Answer("none"))
    refused, _ = flow.handle(Answer("2025-03-01"))
    assert refused.error and refused.prompt.key == "note:followup-date"
    assert check_note("followup-date", "2025-02-30", TODAY)
    assert check_note("followup-date", "", TODAY) == ""


def test_escalation_anywhere_records_it_and_returns() -> None:
    flow, _ = run(at_first_step(), Escalate())
    assert flow.prompt.key == "escalate"
    flow, effects = run(flow, Answer("abuse"))
    assert effects == [EscalationRaised("abuse", "listen")]
    flow, _ = flow.handle(Answer("back"))
    assert flow.prompt.key == "note:cause"


def test_quit_keeps_the_position_for_resume() -> None:
    flow, _ = run(at_first_step(), Answer("courier"))
    key = flow.position_key
    quit_flow, _ = flow.handle(Quit())
    assert quit_flow.finished and key == "step:apologise"
    resumed = Flow.resume(script(), flow.case, key)
    assert resumed.prompt.key == "draft:apologise"


# -- the reply -----------------------------------------------------------------------------------


def test_the_reply_is_the_agents_drafts_with_a_greeting_and_signature_never_notes() -> None:
    flow, _ = run(at_first_step(signature="Sam\nAcme support"), Answer("courier lost it"))
    flow, _ = run(flow, Answer("I am so sorry about the parcel."), Answer("refund"))
    assert flow.prompt.key == "finish"
    assert flow.reply == "Hello Dana,\n\nI am so sorry about the parcel.\n\nSam\nAcme support\n"
    assert "courier" not in flow.reply and "refund" not in flow.reply
    done, effects = flow.handle(Answer("done"))
    assert done.finished
    assert isinstance(effects[0], ReplyCopy) and isinstance(effects[-1], Closed)


def test_a_reply_with_findings_defaults_to_edit_and_the_rewrite_is_used() -> None:
    flow, _ = run(at_first_step(output="reply.txt"), Answer("c"), Answer("I don't know."))
    flow, _ = run(flow, Answer("keep"), Answer("fix"))
    assert flow.prompt.key == "finish" and flow.prompt.default == "edit"
    flow, effects = run(flow, Answer("edit"), Answer("Hello Dana,\n\nSorry."))
    assert ReplySet("Hello Dana,\n\nSorry.") in effects
    assert flow.prompt.default == "done"
    _, effects = flow.handle(Answer("done"))
    assert effects[0] == ReplyWrite("reply.txt", "Hello Dana,\n\nSorry.")


def test_preset_problems_name_the_known_ids() -> None:
    problems = check_preset(PLAYBOOK, CaseData(type="furious", channel="fax"))
    assert len(problems) == 2 and "angry" in problems[0] and "phone" in problems[1]


EVENTS = st.one_of(
    st.sampled_from([Back(), Skip(), Escalate(), More(), Answer(""), Answer("done")]),
    st.sampled_from(["phone", "angry", "abuse", "back", "keep", "revise", "2025-04-01"]).map(
        Answer
    ),
    st.text(max_size=20).map(Answer),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(EVENTS, max_size=40))
def test_any_sequence_of_events_keeps_the_flow_consistent(events: list) -> None:
    flow = Flow.start(script(), CaseData())
    for event in events:
        flow, effects = flow.handle(event)
        if not flow.finished:
            assert flow.prompt.question  # always something to ask
        assert all(isinstance(e, IntakeSet | NoteSet | DraftSet | EscalationRaised | ReplySet
                              | ReplyWrite | ReplyCopy | Closed) for e in effects)  # fmt: skip
