"""Render the playbook for reading in a terminal: a table of entries, or one entry in detail.

Each function takes the Playbook and a rich Console and only prints to that console, so
tests render into `Console(file=StringIO(), width=80)`. All text goes in as `Text`, never
as markup, so brackets in playbook content print as written. Colour is the console's
business (console.make_console is plain when NO_COLOR is set or not on a terminal).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.padding import Padding
from rich.table import Table
from rich.text import Text as RichText

from assist.display import visible

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from assist.model import (
        Channel,
        ChannelSwitch,
        CompensationOption,
        CustomerType,
        PhraseRule,
        Playbook,
        Principle,
        ReplyTemplate,
        Step,
        Tip,
    )
    from assist.playbook.guidance import CompensationAdvice


class Text(RichText):
    """rich Text whose content goes through display.visible: playbook strings from team
    folders and case text are untrusted, so an escape sequence in them is shown, not run."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text: Any, style: Any = None) -> Text:
        """Append like rich's Text; plain strings are made visible first."""
        super().append(visible(text) if isinstance(text, str) else text, style)
        return self


SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
BULLET = "•"
SAFETY_SHOWN = 2  # the safety trigger's first pieces of advice, shown at every step


class UnknownIdError(LookupError):
    """An id that the playbook does not have; the message lists the ids it does have."""

    def __init__(self, kind: str, item_id: str, known: Sequence[str]) -> None:
        self.kind, self.item_id, self.known = kind, item_id, list(known)
        listed = ", ".join(self.known) if self.known else "none"
        super().__init__(f"unknown {kind} '{item_id}' (known: {listed})")

    def __str__(self) -> str:
        return str(self.args[0])


def _find(items: Sequence[Any], item_id: str, kind: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise UnknownIdError(kind, item_id, [item.id for item in items])


# Building blocks ------------------------------------------------------------------------


def _table(*columns: str, leading: int = 0) -> Table:
    """A borderless table with a ruled header; the first column holds ids and never wraps."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, leading=leading)
    for i, title in enumerate(columns):
        if i == 0:
            table.add_column(title, style="bold", no_wrap=True)
        else:
            table.add_column(title, overflow="fold")
    return table


def _bullets(items: Iterable[str]) -> Table:
    """A list with hanging indents: wrapped lines stay under their own item."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row(BULLET, Text(item))
    return grid


def _fields(rows: Iterable[tuple[str, RenderableType | None]]) -> Padding:
    """Label / value rows, indented under a heading; rows without a value are left out."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value is not None:
            grid.add_row(label, value)
    return Padding(grid, (0, 0, 0, 2), expand=False)


def _heading(title: str, item_id: str, prefix: str = "") -> RichText:
    return Text.assemble(
        (f"{prefix}{visible(title)}", "bold"), "  ", (f"({visible(item_id)})", "dim")
    )


def _plain(text: str) -> Text:
    """Playbook text (team folders are untrusted) with control characters made visible."""
    return Text(visible(text))


def _safe_bullets(items: Iterable[str]) -> Table | None:
    shown = [visible(item) for item in items]
    return _bullets(shown) if shown else None


def _maybe_bullets(items: Sequence[str]) -> Table | None:
    return _bullets(items) if items else None


def _tip_texts(tips: Iterable[Tip]) -> list[str]:
    return [tip.text for tip in tips]


def _sources(source: str, *tip_groups: Iterable[Tip | ChannelSwitch]) -> RenderableType:
    """The entry's source, then any other sections its tips come from, each once."""
    seen = [visible(source)]
    for tips in tip_groups:
        seen.extend(shown for tip in tips if (shown := visible(tip.source)) not in seen)
    return Text(seen[0]) if len(seen) == 1 else _bullets(seen)


def _quoted(phrases: Iterable[str]) -> Text:
    return Text("\n".join(f'"{phrase}"' for phrase in phrases))


def _severity(severity: str) -> Text:
    return Text(severity, style=SEVERITY_STYLES.get(severity, ""))


def _empty(console: Console, what: str) -> bool:
    """Say so when the playbook has none of something; True if it had none."""
    console.print(Text(f"The playbook has no {what}.", style="dim"))
    return True


# Customer types ---------------------------------------------------------------------------


def render_customer_types(playbook: Playbook, console: Console) -> None:
    """Table of customer types: id, name, who they are."""
    if not playbook.customer_types and _empty(console, "customer types"):
        return
    table = _table("ID", "Name", "Who")
    for ctype in playbook.customer_types:
        table.add_row(Text(ctype.id), Text(ctype.name), Text(ctype.who))
    console.print(table)


def render_customer_type(playbook: Playbook, console: Console, type_id: str) -> None:
    """One customer type in detail; raises UnknownIdError for an unknown id."""
    ctype: CustomerType = _find(playbook.customer_types, type_id, "customer type")
    console.print(_heading(ctype.name, ctype.id))
    rows = [
        ("Who", Text(ctype.who)),
        ("Cues", _maybe_bullets(ctype.cues)),
        ("Approach", _maybe_bullets(_tip_texts(ctype.approach))),
        ("Avoid", _maybe_bullets(_tip_texts(ctype.avoid))),
        ("Sources", _sources(ctype.source, ctype.approach, ctype.avoid)),
        ("Defined at", Text(str(ctype.origin), style="dim")),
    ]
    console.print(_fields(rows))


# Channels ---------------------------------------------------------------------------------


def render_channels(playbook: Playbook, console: Console) -> None:
    """Table of channels: id, name, how fast to respond, the reply the coach assembles."""
    if not playbook.channels and _empty(console, "channels"):
        return
    table = _table("ID", "Name", "Response time", "Reply")
    for channel in playbook.channels:
        form = channel.reply.form if channel.reply else "letter"
        reply = Text(SHORT_FORMS.get(form, form), style="" if channel.reply else "dim")
        table.add_row(Text(channel.id), Text(channel.name), Text(channel.response_time), reply)
    console.print(table)


def render_channel(playbook: Playbook, console: Console, channel_id: str) -> None:
    """One channel in detail: response time, tips, what to avoid, sources."""
    channel: Channel = _find(playbook.channels, channel_id, "channel")
    console.print(_heading(channel.name, channel.id))
    switches = [_switch_text(playbook, s.to, s.text) for s in channel.switch_to]
    rows = [
        ("Response time", Text(channel.response_time)),
        ("Switch to", _safe_bullets(switches)),
        ("Tips", _maybe_bullets(_tip_texts(channel.tips))),
        ("Avoid", _maybe_bullets(_tip_texts(channel.avoid))),
        ("Reply", _reply_template(channel.reply)),
        ("Sources", _sources(channel.source, channel.tips, channel.avoid, channel.switch_to)),
        ("Defined at", Text(str(channel.origin), style="dim")),
    ]
    console.print(_fields(rows))


SHORT_FORMS = {
    "letter": "letter",
    "message": "short message",
    "script": "script to say",
    "public": "public + private",
}
FORMS = {
    "letter": "a letter of your drafts",
    "message": "one short message",
    "script": "talking points: to be said, not sent",
    "public": "a short public reply, then a private message",
}


def _reply_template(template: ReplyTemplate | None) -> RenderableType | None:
    """The channel's reply template: its form and note, then its points in order, each with
    what fills it and its source."""
    if template is None:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    limit = f", at most {template.limit} characters" if template.limit else ""
    head = f"{template.title} ({FORMS.get(template.form, template.form)}{limit})"
    grid.add_row("", Text(head, style="bold"))
    grid.add_row("", Text(f"{template.note} [{template.source}]"))
    for number, part in enumerate(template.parts, 1):
        fill = [f"your draft at step '{part.draft}'"] if part.draft else []
        fill += [f'"{part.say}"'] if part.say else []
        where = f"{part.place}: " if part.place else ""
        filled = f" → {' or '.join(fill)}" if fill else ""
        line = f"{where}{part.label}: {part.text}{filled} [{part.source}]"
        grid.add_row(f"{number}.", Text(line))
    return grid


# Phrase rules -----------------------------------------------------------------------------


def render_rules(playbook: Playbook, console: Console) -> None:
    """Table of say / don't-say rules: id, severity, forbidden phrases, what to say instead."""
    if not playbook.rules and _empty(console, "phrase rules"):
        return
    table = _table("ID / severity", "Don't say", "Say instead", leading=1)
    for rule in playbook.rules:
        rule_cell = Text.assemble(rule.id, "\n", _severity(rule.severity))
        table.add_row(rule_cell, _quoted(rule.phrases), _bullets(rule.say))
    console.print(table)


def render_rule(playbook: Playbook, console: Console, rule_id: str) -> None:
    """One rule in detail: phrases, why, what to say, source, matching, examples."""
    rule: PhraseRule = _find(playbook.rules, rule_id, "rule")
    console.print(Text.assemble((rule.id, "bold"), "  ", _severity(rule.severity)))
    matching = f"fuzzy, threshold {rule.threshold}" if rule.fuzzy else "exact words only"
    rows: list[tuple[str, RenderableType | None]] = [
        ("Don't say", _quoted(rule.phrases)),
        ("Why", Text(rule.why)),
        ("Say instead", _bullets(rule.say)),
        ("Source", Text(rule.source)),
        ("Matching", Text(f"{matching}; language {rule.language}")),
        ("Not inside", _quoted(rule.exceptions) if rule.exceptions else None),
        ("Flags", _maybe_bullets(rule.examples.flag) if rule.examples else None),
        ("Passes", _maybe_bullets(rule.examples.passes) if rule.examples else None),
        ("Defined at", Text(str(rule.origin), style="dim")),
    ]
    console.print(_fields(rows))


# Steps ------------------------------------------------------------------------------------


def render_steps(playbook: Playbook, console: Console) -> None:
    """Every step in order: title, goal, questions, tips, wording, notes, tailoring."""
    if not playbook.steps and _empty(console, "steps"):
        return
    for number, step in enumerate(playbook.steps, 1):
        if number > 1:
            console.print()
        console.print(_heading(step.title, step.id, prefix=f"{number}. "))
        console.print(_fields(_step_rows(playbook, step)))


def _step_rows(playbook: Playbook, step: Step) -> list[tuple[str, RenderableType | None]]:
    notes = [note.prompt for note in step.notes]
    if step.draft:
        notes.append("The coach asks for your reply draft here.")
    return [
        ("Safety first", _safety(playbook, step)),
        ("Goal", Text(step.goal)),
        ("Ask yourself", _maybe_bullets(step.questions)),
        ("Tips", _maybe_bullets(_tip_texts(step.tips))),
        ("Wording", _maybe_bullets([f'"{line}"' for line in step.wording])),
        ("Notes", _maybe_bullets(notes)),
        ("By type", _maybe_bullets(_tailoring(step.for_types))),
        ("By channel", _maybe_bullets(_tailoring(step.for_channels))),
        ("Source", Text(step.source)),
    ]


def _tailoring(tips_by_id: dict[str, tuple[Tip, ...]]) -> list[str]:
    return [f"{ref}: {tip.text}" for ref, tips in tips_by_id.items() for tip in tips]


def _safety(playbook: Playbook, step: Step) -> RenderableType | None:
    """The step's safety trigger, shown before everything else: its name and first advice."""
    from assist.playbook.guidance import safety_for

    trigger = safety_for(playbook, step)
    if trigger is None:
        return None
    return _safe_bullets([trigger.name, *(tip.text for tip in trigger.guidance[:SAFETY_SHOWN])])


def _switch_text(playbook: Playbook, to: Sequence[str], text: str) -> str:
    names = [channel.name if (channel := playbook.channel(ref)) else ref for ref in to]
    return f"{' or '.join(names)}: {text}"


# Principles -------------------------------------------------------------------------------


def render_principles(playbook: Playbook, console: Console) -> None:
    """Table of principles: id, title, who they are for."""
    if not playbook.principles and _empty(console, "principles"):
        return
    table = _table("ID", "Principle", "For")
    for principle in playbook.principles:
        audience = "team leads" if principle.team_leads else "everyone"
        table.add_row(_plain(principle.id), _plain(principle.title), audience)
    console.print(table)


def render_principle(playbook: Playbook, console: Console, principle_id: str) -> None:
    """One principle in detail: the idea, its points, sources; raises UnknownIdError."""
    principle: Principle = _find(playbook.principles, principle_id, "principle")
    console.print(_heading(principle.title, principle.id))
    rows = [
        ("Principle", _plain(principle.text)),
        ("Points", _safe_bullets(_tip_texts(principle.tips))),
        ("For", Text("team leads" if principle.team_leads else "everyone")),
        ("Sources", _sources(principle.source, principle.tips)),
        ("Defined at", Text(visible(str(principle.origin)), style="dim")),
    ]
    console.print(_fields(rows))


# Compensation -----------------------------------------------------------------------------


def render_compensation(playbook: Playbook, console: Console) -> None:
    """Table of compensation options: id, title, which customers it fits."""
    if not playbook.compensation and _empty(console, "compensation entries"):
        return
    table = _table("ID", "Option", "Fits")
    for option in playbook.compensation:
        table.add_row(_plain(option.id), _plain(option.title), _plain(_fit(option)))
    console.print(table)


def _fit(option: CompensationOption) -> str:
    """'any customer', 'meant for: a, b' and 'not for: c, leaving' in one short cell."""
    parts = [f"for {', '.join(option.suits)}" if option.suits else "any customer"]
    if option.not_for:
        parts.append(f"not for {', '.join(option.not_for)}")
    if option.channels:
        parts.append(f"on {', '.join(option.channels)}")
    return "; ".join(parts)


def render_compensation_entry(playbook: Playbook, console: Console, option_id: str) -> None:
    """One compensation option in detail; raises UnknownIdError for an unknown id."""
    option: CompensationOption = _find(playbook.compensation, option_id, "compensation entry")
    console.print(_heading(option.title, option.id))
    not_for = [f"{ref}: {tip.text}" for ref, tips in option.not_for.items() for tip in tips]
    reasons = [tip for tips in option.not_for.values() for tip in tips]
    rows = [
        ("Option", _plain(option.text)),
        ("Tips", _safe_bullets(_tip_texts(option.tips))),
        ("Meant for", _plain(", ".join(option.suits)) if option.suits else Text("any customer")),
        ("Not for", _safe_bullets(not_for)),
        ("Channels", _plain(", ".join(option.channels)) if option.channels else None),
        ("Sources", _sources(option.source, option.tips, reasons)),
        ("Defined at", Text(visible(str(option.origin)), style="dim")),
    ]
    console.print(_fields(rows))


def render_compensation_advice(console: Console, advice: CompensationAdvice, who: str) -> None:
    """What to offer this customer and what never to, with the reasons."""
    console.print(Text.assemble(("Compensation for ", "bold"), (visible(who), "bold")))
    table = _table("Offer", "Option")
    for option in advice.offer:
        table.add_row(_plain(option.id), _plain(option.title))
    console.print(table if advice.offer else Text("Nothing to offer.", style="dim"))
    if advice.withhold:
        console.print()
        console.print(Text("Don't offer", style="bold"))
        rows = [
            (visible(held.option.id), _safe_bullets(tip.text for tip in held.reasons))
            for held in advice.withhold
        ]
        console.print(_fields(rows))
