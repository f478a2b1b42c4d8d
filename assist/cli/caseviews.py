"""The case-log commands: list, show and export cases, list and close follow-ups, report.

Each function opens the store, prints, and turns any store problem into a one-line error
(exit 2). Reading commands never create a database that is not there yet.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assist.caselog.export import case_record, cases_csv
from assist.caselog.followups import FOLLOWUP_KINDS
from assist.caselog.report import Group, Report, build_report
from assist.caselog.store import (
    Case,
    CaseFilter,
    CaseStore,
    FollowUp,
    StoreError,
    default_db_path,
)
from assist.cli.output import fail, make_console
from assist.display import visible


@contextmanager
def opened(
    db: Path | None, *, create: bool = False, write: bool = False
) -> Iterator[CaseStore | None]:
    """The case store at `db` (or the default); None if it does not exist and not `create`.
    Opened read-only unless `write` or `create`, so reading works on a full disk."""
    try:
        path = db or default_db_path()
        if not create and not path.exists():
            yield None
            return
        with CaseStore(path, read_only=not (write or create)) as store:
            yield store
    except StoreError as exc:
        fail([exc])
    except OSError as exc:  # the path cannot even be looked at (name too long, loop)
        fail([f"{db or 'ASSIST_DB'}: cannot open the case database ({exc.strerror or exc})"])


SQUEEZABLE = ("customer", "summary", "cause group", "customer type", "channel", "case ids")
"""Free-text columns, cut with … when a table is wider than the terminal; the others never."""


def _table(*columns: str) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for name in columns:
        table.add_column(name, overflow="ellipsis", no_wrap=True)
    return table


def _print_table(console: Console, table: Table) -> None:
    """Print with the fixed columns kept whole (as wide as their widest cell)."""
    for column in table.columns:
        if column.header not in SQUEEZABLE:
            cells = [str(column.header), *(str(cell) for cell in column.cells)]
            column.min_width = max(len(cell) for cell in cells)
    console.print(table)


def fit_columns(
    headers: tuple[str, ...], rows: Sequence[tuple[str, ...]], squeeze: tuple[str, ...], width: int
) -> list[str]:
    """Rows as lines no wider than `width`: every column not in `squeeze` whole (ids first,
    never cut); the squeezable ones share what is left and are cut with …."""
    from rich.cells import cell_len, set_cell_size

    widths = [
        max(cell_len(cell) for cell in (h, *(r[i] for r in rows))) for i, h in enumerate(headers)
    ]
    flexible = [i for i, h in enumerate(headers) if h in squeeze]
    fixed = sum(w for i, w in enumerate(widths) if i not in flexible) + 2 * (len(headers) - 1)
    left = max(width - fixed, 8 * len(flexible))
    shares = {i: min(widths[i], left // max(len(flexible), 1)) for i in flexible}
    spare = left - sum(shares.values())
    for i in flexible:  # what one column does not need goes to the next
        extra = min(widths[i] - shares[i], spare)
        shares[i] += extra
        spare -= extra
    for i, share in shares.items():
        widths[i] = max(share, 4)

    def cut(text: str, size: int) -> str:
        return text if cell_len(text) <= size else set_cell_size(text, size - 1) + "…"

    lines = []
    for row in (headers, *rows):
        cells = [set_cell_size(cut(cell, widths[i]), widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def list_cases(db: Path | None, where: CaseFilter | None = None) -> None:
    """Print the cases that pass the filter, newest first, the id always in full."""
    where = where or CaseFilter()
    console = make_console()
    with opened(db) as store:
        cases = store.list_cases(where=where) if store else []
    if not cases:
        console.print("No cases." if store else "No cases yet.")
        return
    headers = ("id", "created", "status", "type", "channel", "customer", "summary")
    rows = [
        (
            str(case.id),
            case.created[:10],
            "discarded" if case.discarded else case.status,
            _one_line(case.type or ""),
            _one_line(case.channel or ""),
            _one_line(case.customer or ""),
            _one_line(case.summary or ""),
        )
        for case in cases
    ]
    lines = fit_columns(headers, rows, ("customer", "summary"), console.width)
    console.print(Text(lines[0], style="bold"))
    for line in lines[1:]:
        console.print(Text(line), soft_wrap=True)


def close_case(db: Path | None, case_id: int) -> None:
    """Close an open case by hand (resolved outside the coach), scheduling its follow-ups."""
    with opened(db, write=True) as store:
        case = store.get_case(case_id) if store else None
        if case is None or store is None:
            fail([f"assist cases: no case {case_id}"])
        if case.status == "closed":
            fail([f"assist cases: case {case_id} is already closed"])
        store.close_case(case_id, case.reply or "")
    print(f"Case {case_id} closed (follow-ups: assist followups).")


def discard_case(db: Path | None, case_id: int) -> None:
    """Discard a case: kept in the log, left out of lists and reports unless --all."""
    with opened(db, write=True) as store:
        done = store.discard_case(case_id) if store else False
    if not done:
        fail([f"assist cases: no case {case_id} to discard (or discarded already)"])
    print(f"Case {case_id} discarded (assist cases --all still lists it).")


def show_case(db: Path | None, case_id: int) -> None:
    """Print one case in full."""
    with opened(db) as store:
        case = store.get_case(case_id) if store else None
    if case is None:
        fail([f"assist cases: no case {case_id}"])
    console = make_console()
    for line in case_lines(case):
        console.print(visible(line), markup=False, highlight=False, soft_wrap=True)


def _one_line(text: str) -> str:
    """Untrusted text for one table cell: control characters visible, line breaks as ␤."""
    return visible(text).replace("\n", "\u2424").replace("\t", " ")


def case_lines(case: Case) -> list[str]:
    """A case as plain lines of text (untrusted: show them through display.visible)."""
    lines = [
        f"Case {case.id} · {case.status} · created {case.created} · updated {case.updated}"
        + (f" · agent {case.agent}" if case.agent else ""),
        f"Customer: {case.customer or '(no name)'} · type: {case.type or '-'}"
        f" · channel: {case.channel or '-'}"
        + (" · said they are leaving" if case.leaving == "yes" else ""),
        f"Complaint: {case.summary or ''}",
    ]
    if case.discarded:
        lines.append(f"Discarded {case.discarded} (listed only with --all)")
    if case.message:
        lines.append("Message:")
        lines += [f"  {line}" for line in case.message.splitlines()]
    if case.status == "open":
        lines.append(
            f"Unfinished at {case.position or 'the start'}: assist coach --resume {case.id}"
        )
    if case.notes:
        lines.append("Notes:")
        lines += [f"  {k} (at {case.note_steps[k]}): {v}" for k, v in case.notes.items()]
    for step_id, text in case.drafts.items():
        found = case.draft_findings.get(step_id, 0)
        lines.append(f"Draft at {step_id} ({found} finding{'s' if found != 1 else ''}):")
        lines += [f"  {line}" for line in text.splitlines()]
    if case.escalations:
        lines.append("Escalations:")
        lines += [f"  {e.trigger} at {e.step}, {e.raised}" for e in case.escalations]
    if case.reply:
        lines.append("Reply:")
        lines += [f"  {line}" for line in case.reply.splitlines()]
    if case.followups:
        lines.append("Follow-ups:")
        lines += [f"  {_followup_line(f)}" for f in case.followups]
    return lines


def _followup_line(followup: FollowUp) -> str:
    state = f"done {followup.done[:10]}" if followup.done else "open"
    due = f"{followup.due} to {followup.until}" if followup.until else followup.due
    return f"#{followup.id} {due} {followup.kind} ({state})"


def export_cases(db: Path | None, export_format: str, output: Path | None) -> None:
    """Write every case (oldest first) as JSON or CSV to standard output or a file."""
    with opened(db) as store:
        cases = (
            sorted(store.list_cases(where=CaseFilter(all=True)), key=lambda c: c.id)
            if store
            else []
        )
    if export_format == "csv":
        text = cases_csv(cases)
    else:
        text = json.dumps([case_record(c) for c in cases], ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail([f"{output}: cannot write ({exc.strerror})"])
    print(f"Exported {len(cases)} case{'s' if len(cases) != 1 else ''} to {output}")


def list_followups(db: Path | None, *, due: bool, include_done: bool) -> None:
    """Print follow-ups, earliest first: open ones, or only those due, or all."""
    today = date.today()
    with opened(db) as store:
        due_by = today if due else None
        items = store.followups(due_by=due_by, include_done=include_done) if store else []
    console = make_console()
    if not items:
        console.print("No follow-ups due." if due else "No follow-ups.")
        return
    table = _table("id", "due", "when", "case", "customer", "what")
    for item in items:
        when = "done" if item.done else _when(item.due, today, item.until)
        what = FOLLOWUP_KINDS.get(item.kind, item.kind).split(":")[0]
        table.add_row(
            str(item.id),
            Text(_one_line(item.due)),
            when,
            str(item.case_id),
            Text(_one_line(item.customer)),
            Text(_one_line(what)),
        )
    _print_table(console, table)
    console.print(Text("Mark one done: assist followups done ID", style="dim"))


def _when(due_text: str, today: date, until: str | None = None) -> str:
    """'overdue 3d', 'today', 'in 2d', a window's state, or '?' for a date that is not a
    plain date (written by another program; the raw value is shown beside it)."""
    try:
        due = date.fromisoformat(due_text)
        end = date.fromisoformat(until) if until is not None else None
    except (ValueError, TypeError):
        return "?"
    if end is not None and today >= due:  # a window (the optional survey), not a deadline
        return "window open" if today <= end else "window passed"
    days = (due - today).days
    if days < 0:
        return f"overdue {-days}d"
    return "today" if days == 0 else f"in {days}d"


def mark_done(db: Path | None, followup_id: int) -> None:
    """Mark a follow-up done (exit 2 if there is no such open follow-up)."""
    with opened(db, write=True) as store:
        done = store.mark_followup_done(followup_id) if store else False
    if not done:
        fail([f"assist followups: no open follow-up {followup_id}"])
    print(f"Follow-up {followup_id} marked done.")


def show_report(db: Path | None, report_format: str, where: CaseFilter | None = None) -> None:
    """Print cases grouped by cause group, customer type and channel."""
    with opened(db) as store:
        report = build_report(store.list_cases(where=where)) if store else None
    if report_format == "json":
        data = asdict(report or Report(0, 0, 0, 0, (), (), ()))
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = make_console()
    if report is None or not report.total:
        console.print("No cases yet.")
        return
    console.print(
        f"{report.total} cases: {report.open} open, {report.closed} closed, "
        f"{report.escalated} escalated"
    )
    if report.triaged:
        share = round(100 * report.guess_kept / report.triaged)
        console.print(
            f"Triage guessed the customer type from the message in {report.triaged} cases; "
            f"the agent kept the guess in {report.guess_kept} ({share}%)."
        )
    for title, groups in (
        ("cause group", report.by_cause),
        ("customer type", report.by_type),
        ("channel", report.by_channel),
    ):
        console.print()
        _print_table(console, _groups(title, groups))
    _print_principles(console)


def _print_principles(console: Console) -> None:
    """The principles for team leads: titles, and the command that shows each in full."""
    from assist.cli.loading import load
    from assist.display import visible

    principles = [p for p in load().playbook.principles if p.team_leads]
    if not principles:
        return
    console.print()
    console.print(Text("Principles for team leads (read one: assist principles ID)", style="bold"))
    table = _table("principle", "id")
    for principle in principles:
        table.add_row(Text(visible(principle.title)), Text(visible(principle.id)))
    _print_table(console, table)


def _groups(title: str, groups: tuple[Group, ...]) -> Table:
    table = _table("cases", title, "case ids")
    for group in groups:
        ids = ", ".join(str(i) for i in group.case_ids)
        table.add_row(str(group.count), Text(_one_line(group.label)), ids)
    return table
