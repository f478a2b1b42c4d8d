"""The coach walkthrough as a pure state machine: every step and branch, no terminal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
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
    NoteSet,
    Quit,
    ReplySet,
    ReplyWrite,
    Script,
    Skip,
    check_note,
    check_preset,
)
from assist.coach.reply import assemble_reply
from assist.lint.findings import Finding
from assist.playbook.load import load_playbook

PLAYBOOK_DIR = Path(__file__).parent / "data" / "coach" / "playbook"
TODAY = date(2025, 3, 10)
PLAYBOOK = load_playbook([PLAYBOOK_DIR], builtin=False)


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
    values: dict = {"playbook": PLAYBOOK, "lint": fake_lint, "today": TODAY, **changes}
    return Script(**values)


def run(flow: Flow, *events: object) -> tuple[Flow, list]:
    """Apply events in order; return the last flow and every effect."""
    effects: list = []
    for event in events:
        flow, new = flow.handle(event)  # type: ignore[arg-type]
        effects.extend(new)
    return flow, effects


def at_first_step(**case: object) -> Flow:
    values: dict = {"channel": "phone", "type": "angry", "customer": "Dana", "summary": "Box broke"}
    return Flow.start(script(fixed=frozenset(values)), CaseData(**{**values, **case}))


INTAKE_ANSWERS = (Answer("phone"), Answer("angry"), Answer("Dana"), Answer("Box broke"))


# -- intake -----------------------------------------------------------------------------------


def test_intake_asks_channel_type_customer_summary_in_order() -> None:
    flow = Flow.start(script(), CaseData())
    keys = []
    for event in INTAKE_ANSWERS:
        keys.append(flow.prompt.key)
        flow, _ = flow.handle(event)
    assert keys == ["channel", "type", "customer", "summary"]
    assert flow.prompt.key == "step"
    assert flow.case == CaseData("phone", "angry", "Dana", "Box broke")


def test_intake_records_each_answer_as_it_is_given() -> None:
    _, effects = run(Flow.start(script(), CaseData()), *INTAKE_ANSWERS)
    assert effects == [
        IntakeSet("channel", "phone"),
        IntakeSet("type", "angry"),
        IntakeSet("customer", "Dana"),
        IntakeSet("summary", "Box broke"),
    ]


def test_type_menu_offers_cues_and_not_sure() -> None:
    flow, _ = run(Flow.start(script(), CaseData()), Answer("phone"))
    options = {o.id: o for o in flow.prompt.options}
    assert list(options) == ["angry", "critic", "not-sure"]
    assert "Raised voice" in options["angry"].detail
    flow, _ = run(flow, Answer("not-sure"))
    assert flow.case.type == "not-sure"


def test_unknown_choice_is_refused_and_asked_again() -> None:
    flow, effects = run(Flow.start(script(), CaseData()), Answer("carrier pigeon"))
    assert flow.prompt.key == "channel" and flow.error and not effects


def test_summary_is_required_customer_is_not() -> None:
    flow, _ = run(Flow.start(script(), CaseData()), *INTAKE_ANSWERS[:2], Answer(""))
    assert flow.prompt.key == "summary" and flow.case.customer == ""
    flow, _ = run(flow, Answer("   "))
    assert flow.prompt.key == "summary" and flow.error


def test_back_in_intake_returns_to_the_previous_question_with_its_answer() -> None:
    flow, _ = run(Flow.start(script(), CaseData()), Answer("email"), Back())
    assert flow.prompt.key == "channel" and flow.prompt.default == "email"
    flow, _ = run(flow, Back())
    assert flow.prompt.key == "channel" and flow.error  # nothing before the first question


def test_skip_in_intake_means_other_or_not_sure() -> None:
    flow, _ = run(Flow.start(script(), CaseData()), Skip(), Skip())
    assert (flow.case.channel, flow.case.type) == ("other", "not-sure")


def test_options_given_up_front_are_not_asked() -> None:
    flow = Flow.start(script(fixed=frozenset({"channel", "type"})), CaseData("email", "critic"))
    assert flow.prompt.key == "customer"
    flow, _ = run(flow, Back())
    assert flow.prompt.key == "customer" and flow.error


def test_unknown_preset_ids_are_reported() -> None:
    problems = check_preset(PLAYBOOK, CaseData(channel="fax", type="grumpy"))
    assert len(problems) == 2
    assert "fax" in problems[1] and "phone" in problems[1] and "other" in problems[1]
    assert check_preset(PLAYBOOK, CaseData(channel="other", type="not-sure")) == []


# -- steps ------------------------------------------------------------------------------------


def test_step_shows_goal_and_tips_tailored_to_type_and_channel() -> None:
    guide = at_first_step().prompt.guide
    assert guide is not None and (guide.number, guide.total) == (1, 3)
    texts = [t.text for t in guide.all_tips]
    assert texts == [
        "Listen closely.",
        "Do not interrupt.",
        "Let the first wave of anger pass.",
        "Close your other windows.",
    ]


def test_not_sure_type_and_other_channel_get_only_general_tips() -> None:
    guide = at_first_step(type="not-sure", channel="other").prompt.guide
    assert guide is not None
    assert [t.text for t in guide.all_tips] == ["Listen closely.", "Do not interrupt."]


def test_long_tip_lists_are_cut_until_the_agent_asks_for_all() -> None:
    flow, _ = run(at_first_step(), Skip(), Skip())
    guide = flow.prompt.guide
    assert guide is not None and len(guide.tips) == 5 and guide.hidden == 2
    flow, _ = run(flow, Answer("more"))
    assert flow.prompt.guide is not None and len(flow.prompt.guide.tips) == 7
    assert "more" not in {o.id for o in flow.prompt.options}


def test_notes_are_asked_in_order_and_recorded_one_by_one() -> None:
    flow, effects = run(at_first_step(), Answer("continue"), Answer(" courier "), Answer("refund"))
    assert effects == [NoteSet("listen", "cause", "courier"), NoteSet("listen", "wants", "refund")]
    assert flow.prompt.key == "step" and flow.step is not None and flow.step.id == "apologise"


def test_back_from_a_note_goes_to_the_previous_note_with_its_text() -> None:
    flow, _ = run(at_first_step(), Answer("continue"), Answer("courier"), Back())
    assert flow.prompt.key == "note:cause" and flow.prompt.default == "courier"
    flow, _ = run(flow, Back())
    assert flow.prompt.key == "step" and flow.step is not None and flow.step.id == "listen"


def test_back_from_a_step_goes_to_the_previous_step_then_intake() -> None:
    flow, _ = run(Flow.start(script(), CaseData()), *INTAKE_ANSWERS, Skip(), Answer("back"))
    assert flow.step is not None and flow.step.id == "listen"
    flow, _ = run(flow, Back())
    assert flow.prompt.key == "summary" and flow.prompt.default == "Box broke"


def test_skip_leaves_the_rest_of_the_step() -> None:
    flow, effects = run(at_first_step(), Answer("continue"), Answer("courier"), Skip())
    assert flow.step is not None and flow.step.id == "apologise"
    assert effects == [NoteSet("listen", "cause", "courier")]
    flow, _ = run(flow, Answer("skip"))
    assert flow.step is not None and flow.step.id == "fix"


def test_quit_finishes_without_losing_anything() -> None:
    flow, _ = run(at_first_step(), Answer("continue"), Answer("courier"), Quit())
    assert flow.finished and flow.position_key == ""
    assert flow.case.notes == {"cause": "courier"}
    assert flow.handle(Answer("x")) == (flow, ())


def test_step_menu_quit_option_quits() -> None:
    flow, _ = run(at_first_step(), Answer("quit"))
    assert flow.finished


def test_continue_on_a_revisited_step_starts_at_the_first_unanswered_note() -> None:
    flow = at_first_step(notes={"cause": "courier"})
    flow, _ = run(flow, Answer("continue"))
    assert flow.prompt.key == "note:wants"


def test_continue_on_a_fully_answered_step_starts_at_its_first_note() -> None:
    flow, _ = run(at_first_step(notes={"cause": "a", "wants": "b"}), Answer("continue"))
    assert flow.prompt.key == "note:cause" and flow.prompt.default == "a"


# -- drafts -----------------------------------------------------------------------------------


def at_draft() -> Flow:
    flow, _ = run(at_first_step(), Skip(), Answer("continue"))
    assert flow.prompt.key == "draft:apologise" and flow.prompt.kind == "lines"
    return flow


def test_draft_with_findings_is_reviewed_with_suggestions() -> None:
    flow, effects = run(at_draft(), Answer("Sorry, I don't know why."))
    assert flow.prompt.key == "review:apologise"
    assert [f.rule for f in flow.prompt.findings] == ["dont-know"]
    assert flow.prompt.findings[0].suggestions == ("Let me find out.",)
    assert isinstance(effects[0], DraftSet) and len(effects[0].findings) == 1


def test_revise_reopens_the_draft_with_its_text_and_keep_moves_on() -> None:
    flow, _ = run(at_draft(), Answer("I don't know."), Answer("revise"))
    assert flow.prompt.key == "draft:apologise" and flow.prompt.default == "I don't know."
    flow, effects = run(flow, Answer("Let me find out for you."))
    assert flow.step is not None and flow.step.id == "fix" and "no phrases" in flow.notice
    assert effects == [DraftSet("apologise", "Let me find out for you.")]


def test_keep_accepts_a_draft_with_findings() -> None:
    flow, _ = run(at_draft(), Answer("I don't know."), Answer("keep"))
    assert flow.step is not None and flow.step.id == "fix"
    assert flow.case.drafts == {"apologise": "I don't know."}


def test_empty_draft_is_recorded_as_skipped() -> None:
    flow, effects = run(at_draft(), Answer(""))
    assert effects == [DraftSet("apologise", "")] and flow.step is not None
    assert flow.step.id == "fix" and not flow.notice


def test_back_from_review_returns_to_the_draft() -> None:
    flow, _ = run(at_draft(), Answer("I don't know."), Back())
    assert flow.prompt.key == "draft:apologise"


# -- escalation -------------------------------------------------------------------------------


def test_escalation_from_a_note_shows_guidance_and_returns_to_the_note() -> None:
    flow, _ = run(at_first_step(), Answer("continue"), Escalate())
    assert flow.prompt.key == "escalate"
    assert [o.id for o in flow.prompt.options] == ["abuse", "manager", "none"]
    assert flow.position_key == "step:listen"  # a crash here resumes at the step
    flow, effects = run(flow, Answer("abuse"))
    assert effects == [EscalationRaised("abuse", "listen")]
    assert flow.prompt.trigger is not None and flow.prompt.trigger.guidance[0].text.startswith(
        "Safety first"
    )
    flow, _ = run(flow, Answer("back"))
    assert flow.prompt.key == "note:cause"
    assert flow.case.escalations == (("abuse", "listen"),)


def test_escalation_from_the_step_menu_and_none_returns_without_recording() -> None:
    flow, effects = run(at_first_step(), Answer("escalate"), Answer("none"))
    assert flow.prompt.key == "step" and not effects


def test_another_escalation_records_both() -> None:
    flow, effects = run(
        at_first_step(), Escalate(), Answer("abuse"), Answer("another"), Answer("manager")
    )
    assert [e.trigger_id for e in effects] == ["abuse", "manager"]
    flow, _ = run(flow, Answer("back"))
    assert flow.prompt.key == "step"


def test_escalation_during_intake_is_recorded_at_intake() -> None:
    flow, effects = run(Flow.start(script(), CaseData()), Escalate(), Answer("manager"))
    assert effects == [EscalationRaised("manager", "intake")]
    flow, _ = run(flow, Answer("quit"))
    assert flow.finished


# -- notes that are dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [("", True), ("2025-03-10", True), ("2025-04-01", True), ("1/4/2025", False),
     ("2025-02-30", False), ("2025-03-09", False)],
)  # fmt: skip
def test_followup_date_must_be_a_date_from_today_or_empty(value: str, ok: bool) -> None:
    assert (check_note("followup-date", value, TODAY) == "") is ok


def test_bad_date_is_refused_in_the_flow() -> None:
    flow, _ = run(at_first_step(), Skip(), Skip(), Answer("continue"), Answer("x"), Answer("y"))
    flow, effects = run(flow, Answer("next week"))
    assert flow.prompt.key == "note:followup-date" and "YYYY-MM-DD" in flow.error and not effects


# -- finishing --------------------------------------------------------------------------------


def at_finish(output: str | None = None) -> Flow:
    values: dict = {"channel": "phone", "type": "angry", "customer": "Dana", "summary": "Box"}
    notes = {"cause": "courier dropped it", "fix": "new box", "followup-date": "2025-03-20"}
    case = CaseData(**values, notes=notes)
    return Flow.resume(script(output=output, fixed=frozenset(values)), case, "finish")


def test_finish_proposes_a_reply_from_the_notes_and_closes() -> None:
    flow = at_finish()
    assert flow.prompt.key == "finish"
    assert "Hello Dana," in flow.prompt.text and "New box." in flow.prompt.text
    assert "Thursday 20 March 2025" in flow.prompt.text
    flow, effects = run(flow, Answer("done"))
    assert flow.finished and flow.position_key == "done"
    assert effects == [Closed(flow.reply, "2025-03-20")]


def test_reply_is_linted() -> None:
    flow = at_finish()
    flow, _ = run(flow, Answer("edit"), Answer("I don't know what happened."))
    assert flow.prompt.key == "finish" and [f.rule for f in flow.prompt.findings] == ["dont-know"]


def test_rewritten_reply_is_recorded_and_used() -> None:
    _flow, effects = run(at_finish(), Answer("edit"), Answer("Hi Dana,\nSorted.\n"), Answer("done"))
    assert effects[0] == ReplySet("Hi Dana,\nSorted.")
    assert effects[-1] == Closed("Hi Dana,\nSorted.", "2025-03-20")


def test_save_asks_for_a_file_and_writes_the_reply() -> None:
    flow, effects = run(at_finish(), Answer("save"), Answer("out.txt"))
    assert effects == [ReplyWrite("out.txt", flow.reply)] and flow.prompt.key == "finish"


def test_output_option_writes_the_reply_when_closing() -> None:
    _flow, effects = run(at_finish(output="reply.txt"), Answer("done"))
    assert [type(e) for e in effects] == [ReplyWrite, Closed]
    assert effects[0].path == "reply.txt"


def test_back_from_finish_returns_to_the_last_step() -> None:
    flow, _ = run(at_finish(), Back())
    assert flow.step is not None and flow.step.id == "fix"


def test_walking_every_step_reaches_finish() -> None:
    flow, _ = run(
        Flow.start(script(), CaseData()),
        *INTAKE_ANSWERS,
        Answer("continue"), Answer("courier"), Answer("refund"),
        Answer("continue"), Answer("I am sorry."),
        Answer("continue"), Answer("new box"), Answer("none"), Answer(""),
    )  # fmt: skip
    assert flow.prompt.key == "finish"
    assert flow.case.notes == {
        "cause": "courier", "wants": "refund", "fix": "new box", "compensation": "none",
        "followup-date": "",
    }  # fmt: skip


# -- resume -----------------------------------------------------------------------------------


def test_resume_at_a_step_with_what_was_entered() -> None:
    case = CaseData("phone", "angry", "Dana", "Box", notes={"cause": "courier"})
    flow = Flow.resume(script(), case, "step:listen")
    assert flow.prompt.key == "step" and flow.position_key == "step:listen"
    flow, _ = run(flow, Answer("continue"))
    assert flow.prompt.key == "note:wants"


def test_resume_at_an_intake_question() -> None:
    flow = Flow.resume(script(), CaseData("phone"), "intake:type")
    assert flow.prompt.key == "type"


def test_resume_at_an_unknown_position_starts_over_keeping_answers() -> None:
    flow = Flow.resume(script(), CaseData("phone", "angry", "", "Box"), "step:gone")
    assert flow.prompt.key == "step" and flow.step is not None and flow.step.id == "listen"


# -- the reply template -----------------------------------------------------------------------


def test_reply_template_leaves_out_empty_notes() -> None:
    reply = assemble_reply("", {"compensation": "none"})
    assert reply.startswith("Hello,\n") and "apology" not in reply and "What we" not in reply
    assert "in a day or two" in reply


def test_reply_template_offers_options_when_no_fix_was_agreed() -> None:
    reply = assemble_reply("Ann", {"options": "refund, exchange or repair"})
    assert "What we can offer: Refund, exchange or repair." in reply


# -- robustness -------------------------------------------------------------------------------

EVENTS = st.one_of(
    st.sampled_from([Back(), Skip(), Escalate(), Quit(), Answer(""), Answer("continue")]),
    st.sampled_from(["phone", "angry", "abuse", "back", "keep", "revise", "more", "done"]).map(
        Answer
    ),
    st.text(max_size=12).map(Answer),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(EVENTS, max_size=40))
def test_any_sequence_of_events_keeps_the_flow_consistent(events: list) -> None:
    flow = Flow.start(script(), CaseData())
    for event in events:
        flow, effects = flow.handle(event)
        assert flow.finished or flow.prompt.question
        assert flow.position_key == "" or ":" in flow.position_key or flow.position_key in (
            "finish", "done"
        )  # fmt: skip
        if not flow.finished and flow.prompt.kind == "choose":
            assert flow.prompt.options
        for effect in effects:
            if isinstance(effect, NoteSet):
                assert flow.case.notes.get(effect.note_id) == effect.value
