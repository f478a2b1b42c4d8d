"""What the coach shows around each question: step guidance, draft findings, escalation
guidance and the case summary, as rich renderables that read well at 80 columns.

User text always goes in as `Text` (never markup), so brackets in a note print as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text as RichText

from assist.coach.flow import Flow
from assist.coach.state import NOT_SURE, OTHER, StepGuide
from assist.display import visible
from assist.model import LEAVING
from assist.playbook.guidance import compensation_for, safety_for, switches_for

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from assist.coach.seams import DraftReport
    from assist.lint.findings import Finding
    from assist.model import EscalationTrigger, Playbook, Tip

INDENT = "  "
COMPENSATE = "compensate"
"""The step at which compensation options are shown."""


class Text(RichText):
    """rich Text whose content goes through display.visible: playbook strings from team
    folders and case text are untrusted, so an escape sequence in them is shown, not run."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text: Any, style: Any = None) -> Text:
        """Append like rich's Text; plain strings are made visible first."""
        super().append(visible(text) if isinstance(text, str) else text, style)
        return self


def heading(title: str) -> Rule:
    """A section rule with a left-aligned title."""
    return Rule(Text(title, style="bold"), align="left", style="dim")


class Bullet:
    """One bullet point whose wrapped lines hang under its text (no trailing spaces)."""

    def __init__(self, text: str, prefix: str = f"{INDENT}• ") -> None:
        self.text = text
        self.prefix = prefix

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Wrap the text to the width left after the bullet, then indent every line."""
        width = max(options.max_width - len(self.prefix), 20)
        for number, line in enumerate(Text(self.text).wrap(console, width)):
            line.rstrip()
            yield Text(self.prefix if number == 0 else " " * len(self.prefix)) + line


def bullets(
    label: str, items: Iterable[str], *, quote: bool = False, limit: int = 0, more: str = ""
) -> list[RenderableType]:
    """A label and its items as bullets; wrapped lines hang under the text, not the bullet.

    With `limit`, only that many items are shown, then a line '… N more' plus `more`.
    Nothing at all when there are no items.
    """
    items = list(items)
    if not items:
        return []
    shown = items[:limit] if limit else items
    lines: list[RenderableType] = [Text(label, style="bold")]
    lines += [Bullet(f"“{item}”" if quote else item) for item in shown]
    if len(items) > len(shown):
        lines.append(Text(f"{INDENT}… {len(items) - len(shown)} more{more}", style="dim"))
    return lines


def tips(label: str, items: Sequence[Tip], *, limit: int = 0, more: str = "") -> list:
    """Bullet lines for tips."""
    return bullets(label, (t.text for t in items), limit=limit, more=more)


def type_name(playbook: Playbook, type_id: str | None) -> str:
    """A customer type's display name ('not sure' for none)."""
    found = playbook.customer_type(type_id or "")
    return found.name if found else "not sure" if type_id in (None, NOT_SURE) else type_id


def channel_name(playbook: Playbook, channel_id: str | None) -> str:
    """A channel's display name ('other' for none)."""
    found = playbook.channel(channel_id or "")
    return found.name if found else "other" if channel_id in (None, OTHER) else channel_id


def customer_types(playbook: Playbook) -> RenderableType:
    """The customer types, one line each (assist types ID tells more)."""
    lines: list[RenderableType] = [heading("Which kind of customer? (assist types ID: more)")]
    for kind in playbook.customer_types:
        line = Text.assemble((kind.name, "bold"), f": {kind.who}")
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    return Group(*lines)


def guess(flow: Flow) -> RenderableType:
    """What the message suggests (type, escalations), with the customer's words as evidence."""
    playbook, card = flow.script.playbook, flow.card
    lines: list[Text] = []
    if card.type:
        words = ", ".join(f"“{visible(e.text)}”" for e in card.type_evidence[:3])
        lines.append(Text(f"Guess from the message: {type_name(playbook, card.type)} ({words})"))
    for trigger, evidence in card.escalations:
        words = ", ".join(f"“{visible(e.text)}”" for e in evidence[:2])
        names = " ".join(_trigger_name(playbook, trigger))
        lines.append(Text(f"Watch out: {names} ({words}); press ! for what to do", "bold"))
    if not lines:
        lines.append(Text("The message does not tell the type: choose, or Not sure yet.", "dim"))
    return Group(*(_one_line(line) for line in lines[:3]))


def leaving_hint(flow: Flow) -> RenderableType:
    """Before asking whether the customer is leaving: the words of theirs that say so."""
    if not flow.card.leaving:
        return Text("Their message does not say they are leaving: Enter keeps No.", "dim")
    words = ", ".join(f"“{visible(e.text)}”" for e in flow.card.leaving[:3])
    return _one_line(Text(f"From their message: {words}", "bold"))


def _one_line(line: Text) -> Text:
    line.no_wrap, line.overflow = True, "ellipsis"
    return line


def case_card(flow: Flow) -> RenderableType:
    """At most 10 lines before the first step: who this is, the channel, what to do first,
    what to avoid."""
    playbook, case, card = flow.script.playbook, flow.case, flow.card
    kind = playbook.customer_type(case.type or "")
    channel = playbook.channel(case.channel or "")
    who = visible(case.customer or "") or "(no name)"
    lines: list[RenderableType] = [
        heading("Case card"),
        Text.assemble(
            ("Customer: ", "bold"),
            f"{who} · {type_name(playbook, case.type)}",
            (" · leaving: no special terms or gifts" if flow.leaving else "", "bold"),
        ),
    ]
    if channel:
        wording = "spoken" if flow.spoken else "written"
        lines.append(
            Text.assemble(
                ("Channel: ", "bold"),
                f"{channel.name} · {wording} wording (assist channels {channel.id}: more)",
            )
        )
    first = [*(kind.approach[:1] if kind else ()), *(channel.tips[:1] if channel else ())]
    avoid = [*(kind.avoid[:1] if kind else ()), *(channel.avoid[:1] if channel else ())]
    switch = switches_for(playbook, case.channel)
    if switch:  # the seeds say where to move this channel's complaints: that comes first
        names = " or ".join(channel_name(playbook, c) for c in switch[0].to)
        lines.append(Bullet(_short(f"(switch to {names}) {switch[0].text}"), "First: "))
    lines += [Bullet(_short(t.text), "First: ") for t in first[: 0 if switch else 1]]
    lines += [Bullet(_short(t.text), "Avoid: ") for t in avoid[:1]]
    raised = [name for trigger, _ in card.escalations for name in _trigger_name(playbook, trigger)]
    if raised:
        lines.append(Text(f"Check: {', '.join(raised)} (press ! for the guidance)", style="bold"))
    else:
        lines.append(Text("Threats, abuse, a lawyer, a manager? Type ! at any question.", "dim"))
    return Group(*lines)


CARD_TEXT = 140
"""Characters of a card line's advice (two lines at 80 columns; the card stays <= 10 lines)."""


def _short(text: str) -> str:
    return text if len(text) <= CARD_TEXT else text[: CARD_TEXT - 1].rstrip() + "…"


def _trigger_name(playbook: Playbook, trigger_id: str) -> list[str]:
    return [t.name for t in playbook.escalation if t.id == trigger_id] or [trigger_id]


def message_excerpt(message: str, *, limit: int = 4) -> RenderableType:
    """The first lines of the customer's message (to confirm what was read from it)."""
    lines = [visible(line) for line in message.strip().splitlines() if line.strip()]
    shown = lines[:limit] + ([f"… ({len(lines) - limit} more lines)"] if len(lines) > limit else [])
    return Group(*(Text(f"{INDENT}│ {line}", style="dim", no_wrap=True) for line in shown))


def step(guide: StepGuide, playbook: Playbook, flow: Flow, *, tips: bool = True) -> RenderableType:
    """A step on one screen: title, goal, the tips that fit this case; `?` for the rest.

    Without `tips` (the first step, under the case card) the tips wait for `?` as well."""
    current = guide.step
    lines: list[RenderableType] = [
        heading(f"Step {guide.number} of {guide.total} · {current.title}"),
    ]
    if guide.passed:
        names = " · ".join(s.title for s in guide.passed)
        lines.append(Text(f"passed: {names}", style="dim", no_wrap=True, overflow="ellipsis"))
    lines.append(Bullet(current.goal, "Goal: "))
    shown = guide.tips if tips or guide.expanded else ()
    trigger = safety_for(playbook, current)
    if trigger is not None and (tips or guide.expanded):
        line = Text(f"Safety first: {trigger.name}? Press ! for what to do.", style="bold")
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    lines += [Bullet(t.text) for t in shown]
    if current.id == COMPENSATE:
        lines += _compensation(playbook, flow, expanded=guide.expanded)
    if guide.expanded:
        lines += bullets("Ask yourself", current.questions)
        lines += bullets("Example from the playbook", current.wording, quote=True)
    else:
        hidden = guide.hidden + len(guide.tips) - len(shown)
        more = f"{hidden} more tips, " if hidden else ""
        lines.append(Text(f"{INDENT}? {more}questions and examples from the playbook", "dim"))
    return Group(*lines)


def _compensation(playbook: Playbook, flow: Flow, *, expanded: bool) -> list[RenderableType]:
    """What to offer this customer and what never to (`assist compensation` tells more);
    for a customer who has said they are leaving, why there are no special terms."""
    advice = compensation_for(playbook, flow.case.type, flow.case.channel, leaving=flow.leaving)
    limit = None if expanded else 2
    offer = "; ".join(o.title for o in advice.offer[:limit])
    lines: list[RenderableType] = []
    for_leaving = [w.option for w in advice.withhold if LEAVING in w.option.not_for]
    if flow.leaving and for_leaving:  # the playbook's reason (seed 002), not only the list
        why = for_leaving[0].not_for[LEAVING][0].text
        lines.append(Bullet(f"They have said they are leaving: {why}", f"{INDENT}Why: "))
    if offer:
        lines.append(Text(f"{INDENT}Offer: {offer}", no_wrap=not expanded, overflow="ellipsis"))
    if advice.withhold:
        never = "; ".join(w.option.title for w in advice.withhold)
        lines.append(Text(f"{INDENT}Never: {never}", no_wrap=not expanded, overflow="ellipsis"))
    return lines


def findings(items: Sequence[Finding], *, what: str = "Draft") -> RenderableType:
    """What the linter found in a draft, each with why it hurts and what to say instead."""
    if not items:
        return Text(f"{what} checked: no phrases to avoid.")
    count = f"{len(items)} phrase{'s' if len(items) != 1 else ''} to avoid"
    lines: list[RenderableType] = [heading(f"{what} check: {count}")]
    for item in items:
        where = f"{item.line}:{item.column} {item.severity}"
        quoted = f"“{visible(item.matched)}”" if item.matched else "the whole reply"
        lines.append(Text.assemble((where, "bold"), f"  {quoted}  ({item.rule})"))
        lines += bullets("", [item.why, *(f"Say instead: {s}" for s in item.suggestions[:1])])[1:]
    return Group(*lines)


def report(result: DraftReport, *, what: str = "Draft") -> RenderableType:
    """A DraftReport: the findings, then anything missing (from the score checklist)."""
    if result.unchecked:  # nothing ran: never shown as "nothing to fix"
        return Text(f"{what} check: not checked: {result.unchecked}.")
    lines: list[RenderableType] = [findings(result.findings, what=what)]
    if result.missing:  # one line, so the screen still fits 80x24; `assist score` says why
        labels = ", ".join(m.label for m in result.missing)
        lines.append(Text(f"Score checklist: it could still add: {labels}."))
    return Group(*lines)


def escalation(trigger: EscalationTrigger) -> RenderableType:
    """The playbook's guidance for a raised escalation trigger. Safety first."""
    lines: list[RenderableType] = [
        heading(f"Escalation: {trigger.name}"),
        Text("Safety first: yours, your colleagues' and other customers'.", style="bold"),
    ]
    lines += tips("What to do", trigger.guidance)
    return Group(*lines)


def escalation_menu(playbook: Playbook) -> RenderableType:
    """The escalation check's heading (the menu below names each trigger; fits 80x24)."""
    del playbook  # the triggers are the menu's options
    return heading("Escalation check: safety first")


def resume_header(flow: Flow, case_id: int | None) -> RenderableType:
    """Opening a resumed case: which case, which customer, which step, and the notes so far."""
    case = flow.case
    where = "the finish"
    current = flow.step
    if current is not None:
        where = f"step {flow.pos.index + 1} of {len(flow.script.steps)}: {current.title}"
    elif flow.pos.phase == "intake":
        where = "the intake"
    who = visible(case.customer or "") or "(no name)"
    lines: list[RenderableType] = [
        heading(f"Resuming case {case_id} · {who} · {where}"),
        Text(f"Complaint: {visible(case.summary or '')}", no_wrap=True, overflow="ellipsis"),
    ]
    noted = [f"{k}: {visible(v)}" for k, v in case.notes.items() if v]
    noted += [f"draft at {k}: {visible(v.splitlines()[0])}" for k, v in case.drafts.items() if v]
    lines += bullets("So far", noted) or [Text("Nothing noted yet.", style="dim")]
    return Group(*lines)


def summary(flow: Flow, case_id: int | None) -> RenderableType:
    """The case in a few lines: who, which channel, the complaint, escalations raised."""
    playbook, case = flow.script.playbook, flow.case
    title = f"Case {case_id}" if case_id else "Case"
    who = visible(case.customer or "") or "(no name)"
    lines: list[RenderableType] = [
        heading(f"{title} · {who} · {channel_name(playbook, case.channel)}"),
    ]
    names = {t.id: t.name for t in playbook.escalation}
    raised = [f"{names.get(t, t)} (at {where})" for t, where in case.escalations]
    lines += bullets("Escalations raised", raised)
    return Group(*lines)


def print_summary(console: Console, flow: Flow, case_id: int | None) -> None:
    """Print the case line, then the reply as plain text (ready to copy), then its check."""
    console.print(summary(flow, case_id))
    if not flow.reply.strip():
        console.print("No reply yet: no draft was written. Choose “Edit the reply” to write it.")
    else:
        print_reply(console, flow)
        console.print(report(flow.reply_report, what="Reply"))
    if flow.reply_over:
        template = flow.composed.template
        what = "public reply" if template.form == "public" else "reply"
        console.print(
            Text(
                f"Long for {channel_name(flow.script.playbook, flow.case.channel)}: the {what} "
                f"is {flow.reply_over} characters over {template.limit}; cut it down.",
                style="bold",
            )
        )
    if not flow.script.signature and flow.reply.strip() and flow.composed.template.form != "script":
        console.print(Text('No signature set: add signature = "..." to assist.toml.', "dim"))


def print_reply(console: Console, flow: Flow) -> None:
    """The reply between rules, with no wrapping added, so it copies as typed, shaped by the
    channel: a call script says it is to be said, not sent; a public reply stands above the
    private message; a letter or a message says how to use it."""
    composed = flow.composed
    template = composed.template
    spoken = template.form == SCRIPT
    sections = composed.sections
    if flow.rewritten or not sections[0].title:  # one piece of text
        console.print(heading(f"{template.title}: {SPOKEN_NOTE if spoken else WRITTEN_NOTE}"))
        if not flow.rewritten:
            console.print(Text(template.note, style="dim"))
        _plain(console, flow.reply)
    else:
        for section in sections:
            console.print(heading(f"{section.title}: {SPOKEN_NOTE}" if spoken else section.title))
            if spoken:  # read out, not copied: wrapped at word boundaries
                console.print(Text(section.text.rstrip("\n")))
            else:
                _plain(console, section.text)
    console.print(Rule(style="dim"))


SCRIPT = "script"
SPOKEN_NOTE = "to be said, not sent"
WRITTEN_NOTE = "to send (your drafts, plain text)"


def _plain(console: Console, text: str) -> None:
    console.print(visible(text.rstrip("\n")), soft_wrap=True, markup=False, highlight=False)
