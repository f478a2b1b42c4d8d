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
from assist.coach.state import NOT_SURE, OTHER, TIPS_SHOWN, StepGuide
from assist.display import visible

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from assist.lint.findings import Finding
    from assist.model import EscalationTrigger, Playbook, Tip

INDENT = "  "


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
    """The customer types with the cues that help tell them apart."""
    lines: list[RenderableType] = [heading("Which kind of customer?")]
    for number, kind in enumerate(playbook.customer_types, 1):
        lines += bullets(f"{number}. {kind.name}: {kind.who}", kind.cues)
    return Group(*lines)


def profile(playbook: Playbook, type_id: str | None, channel_id: str | None) -> RenderableType:
    """Shown before the first step: how to treat this type of customer on this channel."""
    lines: list[RenderableType] = []
    kind = playbook.customer_type(type_id or "")
    if kind:
        more = f": assist types {kind.id}"
        lines += [heading(f"Your customer: {kind.name}")]
        lines += tips("Approach", kind.approach, limit=TIPS_SHOWN, more=more)
        lines += tips("Avoid", kind.avoid, limit=TIPS_SHOWN, more=more)
    channel = playbook.channel(channel_id or "")
    if channel:
        more = f": assist channels {channel.id}"
        lines += [heading(f"Channel: {channel.name}"), Text(f"Respond: {channel.response_time}")]
        lines += tips("Tips", channel.tips, limit=TIPS_SHOWN, more=more)
        lines += tips("Avoid", channel.avoid, limit=TIPS_SHOWN, more=more)
    return Group(*lines)


def step(guide: StepGuide, playbook: Playbook, flow: Flow) -> RenderableType:
    """A step: its goal, tailored tips, questions to ask yourself and example wording."""
    current = guide.step
    lines: list[RenderableType] = [
        heading(f"Step {guide.number} of {guide.total} · {current.title}"),
        Text.assemble(("Goal: ", "bold"), current.goal),
    ]
    lines += tips("Tips", guide.tips)
    if guide.hidden:
        lines.append(Text(f"{INDENT}… {guide.hidden} more: choose “Show all tips”", style="dim"))
    lines += tips(f"For this customer ({type_name(playbook, flow.case.type)})", guide.type_tips)
    lines += tips(
        f"On this channel ({channel_name(playbook, flow.case.channel)})", guide.channel_tips
    )
    lines += bullets("Ask yourself", current.questions)
    lines += bullets("You could say", current.wording, quote=True)
    return Group(*lines)


def findings(items: Sequence[Finding], *, what: str = "Draft") -> RenderableType:
    """What the linter found in a draft, each with why it hurts and what to say instead."""
    if not items:
        return Text(f"{what} checked: no phrases to avoid.")
    count = f"{len(items)} phrase{'s' if len(items) != 1 else ''} to avoid"
    lines: list[RenderableType] = [heading(f"{what} check: {count}")]
    for item in items:
        where = f"{item.line}:{item.column} {item.severity}"
        lines.append(Text.assemble((where, "bold"), f"  “{item.matched}”  ({item.rule})"))
        lines += bullets("", [item.why, *(f"Say instead: {s}" for s in item.suggestions)])[1:]
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
    """The escalation triggers with their cues."""
    lines: list[RenderableType] = [heading("Escalation check")]
    for number, trigger in enumerate(playbook.escalation, 1):
        lines += bullets(f"{number}. {trigger.name}", trigger.cues)
    return Group(*lines)


def summary(flow: Flow, case_id: int | None) -> RenderableType:
    """The case so far: intake, notes and escalations raised."""
    playbook, case = flow.script.playbook, flow.case
    title = f"Case {case_id}" if case_id else "Case"
    who = case.customer or "(no name)"
    lines: list[RenderableType] = [
        heading(f"{title} summary"),
        Text(f"Customer: {who} ({type_name(playbook, case.type)})"),
        Text(f"Channel: {channel_name(playbook, case.channel)}"),
        Text(f"Complaint: {case.summary or ''}"),
    ]
    noted = [f"{k}: {v}" for k, v in case.notes.items() if v]
    lines += bullets("Notes", noted)
    names = {t.id: t.name for t in playbook.escalation}
    raised = [f"{names.get(t, t)} (at {where})" for t, where in case.escalations]
    lines += bullets("Escalations raised", raised)
    return Group(*lines)


def print_summary(console: Console, flow: Flow, case_id: int | None) -> None:
    """Print the case summary, then the reply as plain text (ready to copy), then its check."""
    console.print(summary(flow, case_id))
    print_reply(console, flow.reply)
    console.print(findings(flow.reply_findings, what="Reply"))


def print_reply(console: Console, reply: str) -> None:
    """The reply between two rules, with no wrapping added, so it copies as typed."""
    console.print(heading("Reply (plain text, ready to copy)"))
    console.print(visible(reply.rstrip("\n")), soft_wrap=True, markup=False, highlight=False)
    console.print(Rule(style="dim"))
