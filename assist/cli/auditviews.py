"""Terminal views of an audit: the progress bar and the summary as rich tables with bars."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from assist.audit.records import ChunkResult
from assist.cli.output import make_console
from assist.display import visible

BAR = 30
"""Characters of the longest bar."""
ROWS = 15
"""Rows per table (the JSON summary has them all)."""


@contextmanager
def progress_bar() -> Iterator[Callable[[ChunkResult], None] | None]:
    """A live count of messages on stderr when it is a terminal; None (quiet) in a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed:,} messages"),
        TextColumn("{task.fields[findings]:,} findings"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as progress:
        task = progress.add_task("audit", total=None, findings=0)
        findings = 0

        def advance(chunk: ChunkResult) -> None:
            nonlocal findings
            findings += sum(len(r.hits) for r in chunk.results)
            done = chunk.agent_messages + chunk.customer_messages
            progress.update(task, advance=done, findings=findings)

        yield advance


def print_summary(data: dict[str, Any]) -> None:
    """The summary as text: headline, then tables per rule, agent and week (and --against)."""
    console = make_console()
    rate = 100 * data["findings"] / data["messages"] if data["messages"] else 0.0
    console.print(
        f"{data['messages']:,} agent messages checked in {data['conversations']:,} "
        f"conversations ({data['customer_messages']:,} customer messages)\n"
        f"{data['findings']:,} findings, {rate:.1f} per 100 agent messages\n"
    )
    console.print(_counts("findings per rule", "rule", list(data["by_rule"].items())))
    console.print()
    console.print(_agents(data["by_agent"]))
    console.print()
    weeks = [(week, item["findings"]) for week, item in data["by_week"].items()]
    console.print(_counts("findings per week", "week", weeks, rank=False))
    if "scorecard" in data:
        console.print()
        card = data["scorecard"]
        console.print(
            f"{card['complete']:,} of {card['messages']:,} agent replies carry every element "
            f"their scorecard requires ({100 * card['complete_rate']:.1f}%)"
        )
        rows = [(e, round(100 * item["rate"])) for e, item in card["by_element"].items()]
        console.print(_counts("reply elements present, %", "element", rows, unit="% present"))
    if "escalations" in data:
        console.print()
        escalations = data["escalations"]
        console.print(
            f"{escalations['messages']:,} customer messages raise an escalation "
            f"({100 * escalations['rate']:.1f}%)"
        )
        items = list(escalations["by_id"].items())
        title = "escalations (customer messages)"
        console.print(_counts(title, "escalation", items, unit="messages"))
    if "against" in data:
        console.print()
        console.print(_against(data["against"]))
    not_checked = data.get("not_checked", {"count": 0})
    if not_checked["count"]:
        languages = ", ".join(f"{code} {n:,}" for code, n in not_checked["by_language"].items())
        console.print(
            f"{not_checked['count']:,} agent messages not checked: no rules in their "
            f"language ({languages})"
        )
    if data["malformed"]["count"]:
        console.print(f"{data['malformed']['count']:,} malformed rows (listed on stderr)")


def _bar(count: int, top: int, width: int = BAR) -> Text:
    width = round(width * count / top) if top else 0
    return Text("█" * max(width, 1 if count else 0), style="red")


def _counts(
    title: str,
    kind: str,
    items: list[tuple[str, int]],
    *,
    rank: bool = True,
    unit: str = "findings",
) -> Table:
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    table.add_column(kind)
    table.add_column(unit, justify="right")
    table.add_column("")
    shown = items[:ROWS] if rank else items[-ROWS:]
    top = max((count for _, count in shown), default=0)
    for label, count in shown:
        table.add_row(Text(visible(label)), f"{count:,}", _bar(count, top))
    if len(items) > ROWS:
        table.add_row(Text(f"… {len(items) - ROWS} more"), "", "")
    return table


def _agents(by_agent: dict[str, Any]) -> Table:
    table = Table(title="findings per agent", title_justify="left", box=None, pad_edge=False)
    for name, justify in (("agent", "left"), ("messages", "right"), ("findings", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("per 100", justify="right")
    table.add_column("")
    table.add_column("most frequent rule")
    items = list(by_agent.items())
    top = max((item["findings"] for _, item in items[:ROWS]), default=0)
    for agent, item in items[:ROWS]:
        rate = 100 * item["findings"] / item["messages"] if item["messages"] else 0.0
        rules = next(iter(item["by_rule"]), "")
        table.add_row(
            Text(visible(agent or "(no agent)")),
            f"{item['messages']:,}",
            f"{item['findings']:,}",
            f"{rate:.1f}",
            _bar(item["findings"], top, width=12),
            Text(visible(rules)),
        )
    if len(items) > ROWS:
        table.add_row(Text(f"… {len(items) - ROWS} more"), "", "", "", "", "")
    return table


def _against(against: dict[str, Any]) -> Group:
    title = f"with {visible(str(against['playbook']))}"
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    for name, justify in (("rule", "left"), ("now", "right"), ("then", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("change", justify="right")
    for rule, counts in against["by_rule"].items():
        change = counts["change"]
        style = "red" if change > 0 else "green" if change < 0 else ""
        table.add_row(
            Text(visible(rule)),
            f"{counts['current']:,}",
            f"{counts['against']:,}",
            Text(f"{change:+,}", style=style),
        )
    lines = [Text("examples (+ gained, - lost): rule, agent, message id, the words")]
    for label, kind in (("gained", "+"), ("lost", "-")):
        for rule, examples in against[label].items():
            for example in examples[:1]:
                hit = example["hits"][0]
                line = f"{kind} {rule}, {example['agent']}, {example['message']}: {hit['matched']}"
                lines.append(Text(visible(line)))
    return Group(table, *lines)
