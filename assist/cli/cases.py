"""Case-log commands: `cases` (list, show, export), `followups` (list, done) and `report`.

Heavy modules (rich, the store) are imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assist.cli.coach import DbOption

if TYPE_CHECKING:
    from assist.caselog.store import CaseFilter

CaseId = Annotated[int, typer.Argument(help="The case id.", metavar="ID")]
"""The case a command acts on (`close`, `discard`, `show`)."""


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


class Status(StrEnum):
    open = "open"
    closed = "closed"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


cases_app = typer.Typer(
    name="cases",
    help="Browse and export the case log.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", help="Only cases created on or after this day (YYYY-MM-DD).", metavar="DATE"
    ),
]
TypeOption = Annotated[str | None, typer.Option("--type", help="Only this customer type id.")]
ChannelOption = Annotated[str | None, typer.Option("--channel", help="Only this channel id.")]
StatusOption = Annotated[
    Status | None, typer.Option("--status", help="Only open or only closed cases.")
]
AllOption = Annotated[bool, typer.Option("--all", help="Include discarded cases.")]


def case_filter(
    since: str | None, customer_type: str | None, channel: str | None,
    status: Status | None, show_all: bool,
) -> CaseFilter:  # fmt: skip
    """The filter the options ask for; a bad date exits 2 with one line."""
    from datetime import date

    from assist.caselog.store import CaseFilter
    from assist.cli.output import fail

    day = None
    if since is not None:
        try:
            day = date.fromisoformat(since)
        except ValueError:
            fail([f"assist: --since must be a date as YYYY-MM-DD, not '{since}'"])
    value = status.value if status else None
    return CaseFilter(day, customer_type, channel, value, show_all)


@cases_app.callback()
def cases_root(
    ctx: typer.Context,
    since: SinceOption = None,
    customer_type: TypeOption = None,
    channel: ChannelOption = None,
    status: StatusOption = None,
    show_all: AllOption = False,
    db: DbOption = None,
) -> None:
    """Browse, close, discard and export cases (no subcommand: list them, ids first)."""
    ctx.obj = db  # `assist cases --db X show 3` works as well as `... show 3 --db X`
    if ctx.invoked_subcommand is None:
        from assist.cli.caseviews import list_cases

        list_cases(db, case_filter(since, customer_type, channel, status, show_all))


@cases_app.command("list")
def cases_list(
    ctx: typer.Context,
    since: SinceOption = None,
    customer_type: TypeOption = None,
    channel: ChannelOption = None,
    status: StatusOption = None,
    show_all: AllOption = False,
    db: DbOption = None,
) -> None:
    """List cases, newest first (discarded ones only with --all)."""
    from assist.cli.caseviews import list_cases

    list_cases(db or ctx.obj, case_filter(since, customer_type, channel, status, show_all))


@cases_app.command("close")
def cases_close(
    ctx: typer.Context,
    case_id: CaseId,
    db: DbOption = None,
) -> None:
    """Close an open case (handled outside the coach); its follow-ups are scheduled."""
    from assist.cli.caseviews import close_case

    close_case(db or ctx.obj, case_id)


@cases_app.command("discard")
def cases_discard(
    ctx: typer.Context,
    case_id: CaseId,
    db: DbOption = None,
) -> None:
    """Discard a case (a test run, a duplicate): left out of lists and reports unless --all."""
    from assist.cli.caseviews import discard_case

    discard_case(db or ctx.obj, case_id)


@cases_app.command("show")
def cases_show(
    ctx: typer.Context,
    case_id: CaseId,
    db: DbOption = None,
) -> None:
    """Show one case in full: intake, notes, drafts, escalations, reply, follow-ups."""
    from assist.cli.caseviews import show_case

    show_case(db or ctx.obj, case_id)


@cases_app.command("export")
def cases_export(
    ctx: typer.Context,
    export_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json or csv.")
    ] = ExportFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export every case as JSON (full detail) or CSV (one row per case)."""
    from assist.cli.caseviews import export_cases

    export_cases(db or ctx.obj, export_format.value, output)


followups_app = typer.Typer(
    name="followups",
    help="Follow-ups due for closed cases.",
    invoke_without_command=True,
    rich_markup_mode=None,
)


@followups_app.callback()
def followups_root(
    ctx: typer.Context,
    due: Annotated[bool, typer.Option("--due", help="Only those due today or earlier.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Include those already done.")] = False,
    db: DbOption = None,
) -> None:
    """List open follow-ups, earliest first (no subcommand), or mark one done."""
    ctx.obj = db
    if ctx.invoked_subcommand is None:
        from assist.cli.caseviews import list_followups

        list_followups(db, due=due, include_done=show_all)


@followups_app.command("done")
def followups_done(
    ctx: typer.Context,
    followup_id: Annotated[
        int, typer.Argument(help="The follow-up id (first column).", metavar="ID")
    ],
    db: DbOption = None,
) -> None:
    """Mark a follow-up done."""
    from assist.cli.caseviews import mark_done

    mark_done(db or ctx.obj, followup_id)


def report(
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ReportFormat.text,
    since: SinceOption = None,
    customer_type: TypeOption = None,
    channel: ChannelOption = None,
    status: StatusOption = None,
    show_all: AllOption = False,
    db: DbOption = None,
) -> None:
    """Group the cases by cause group, customer type and channel: what keeps going wrong."""
    from assist.cli.caseviews import show_report

    where = case_filter(since, customer_type, channel, status, show_all)
    show_report(db, report_format.value, where)


def register(app: typer.Typer) -> None:
    """Add `cases`, `followups` and `report` to the app."""
    app.add_typer(cases_app, name="cases")
    app.add_typer(followups_app, name="followups")
    app.command("report")(report)
