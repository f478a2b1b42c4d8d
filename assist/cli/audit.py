"""`assist audit`: check a whole helpdesk archive and report where the team stands."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assist.cli.options import ConfigOption, NoConfigOption, PlaybooksOption
from assist.cli.output import EXIT_OK, EXIT_USAGE, fail, print_errors

if TYPE_CHECKING:
    from assist.audit.generic import GenericLayout
    from assist.audit.run import Engine
    from assist.audit.summary import Summary
    from assist.audit.work import Stages
    from assist.lint.engine import Linter

MALFORMED_SHOWN = 10
"""Malformed rows printed on stderr (all are counted; --format json lists more)."""


class Preset(StrEnum):
    twcs = "twcs"
    generic = "generic"
    zendesk = "zendesk"


class EngineKind(StrEnum):
    local = "local"
    dask = "dask"


class AuditFormat(StrEnum):
    text = "text"
    json = "json"


@dataclass(frozen=True)
class AuditRequest:
    """What the command line asked for."""

    paths: tuple[Path, ...]
    preset: str = "generic"
    columns: dict[str, str | None] | None = None
    agent_roles: tuple[str, ...] = ("agent",)
    customer_roles: tuple[str, ...] = ("customer",)
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    out: Path | None = None
    output_format: str = "text"
    html: Path | None = None
    against: Path | None = None
    playbooks: tuple[Path, ...] = ()
    config: Path | None = None
    use_config: bool = True


def _column(name: str, default: str) -> object:
    return typer.Option(f"--{name}-column", help=f"generic: the {name} column [{default}].")


def audit(
    paths: Annotated[list[Path], typer.Argument(help="Export files: .csv, .jsonl, .parquet.")],
    preset: Annotated[
        Preset, typer.Option("--preset", help="twcs, zendesk, or generic (columns below).")
    ] = Preset.generic,
    text_column: Annotated[str | None, _column("text", "text")] = None,
    conversation_column: Annotated[str | None, _column("conversation", "conversation_id")] = None,
    role_column: Annotated[str | None, _column("role", "role")] = None,
    agent_column: Annotated[str | None, _column("agent", "agent")] = None,
    time_column: Annotated[str | None, _column("time", "created_at")] = None,
    id_column: Annotated[str | None, _column("id", "message_id")] = None,
    agent_role: Annotated[
        list[str] | None, typer.Option("--agent-role", help="generic: role value of agents.")
    ] = None,
    customer_role: Annotated[
        list[str] | None, typer.Option("--customer-role", help="generic: role of customers.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes [all cores].")
    ] = None,
    engine: Annotated[
        EngineKind, typer.Option("--engine", help="local processes or a dask cluster.")
    ] = EngineKind.local,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="dask: scheduler address [a local one].")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Every finding: .parquet, .csv, .jsonl.")
    ] = None,
    output_format: Annotated[
        AuditFormat, typer.Option("--format", "-f", help="text or json (the summary).")
    ] = AuditFormat.text,
    html: Annotated[Path | None, typer.Option("--html", help="Write a report page.")] = None,
    against: Annotated[
        Path | None, typer.Option("--against", help="Playbook folder: what would change.")
    ] = None,
    playbooks: PlaybooksOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Check every agent message of a helpdesk archive; summarise by rule, agent and week.

    Exit codes: 0 done, 2 usage or input errors (malformed rows are reported, the rest is
    still audited).
    """
    columns = {
        "text": text_column,
        "conversation": conversation_column,
        "role": role_column,
        "agent": agent_column,
        "time": time_column,
        "message": id_column,
    }
    request = AuditRequest(
        paths=tuple(paths),
        preset=preset.value,
        columns=columns,
        agent_roles=tuple(agent_role or ("agent",)),
        customer_roles=tuple(customer_role or ("customer",)),
        jobs=jobs,
        engine=engine.value,
        scheduler=scheduler,
        out=out,
        output_format=output_format.value,
        html=html,
        against=against,
        playbooks=tuple(playbooks or ()),
        config=config,
        use_config=not no_config,
    )
    raise typer.Exit(run_audit(request))


def register(app: typer.Typer) -> None:
    """Add `assist audit` to the app."""
    app.command("audit")(audit)


def run_audit(request: AuditRequest) -> int:
    """Audit what the request names and print the report; returns the exit code."""
    from assist.audit.engines import EngineError
    from assist.audit.outputs import OutputError, open_writer
    from assist.audit.rows import ExportError
    from assist.audit.run import audit_partitions, open_partitions
    from assist.cli.auditviews import progress_bar

    _check_request(request)
    stages = _stages(request)
    engine = _engine(request)
    writer = None
    try:
        writer = open_writer(request.out) if request.out is not None else None
        with (
            open_partitions(request.paths, request.preset, _layout(request)) as parts,
            progress_bar() as progress,
        ):
            summary = audit_partitions(parts, stages, engine, writer=writer, progress=progress)
    except (ExportError, EngineError, OutputError) as exc:
        fail([f"assist audit: {exc}"])
    finally:
        if writer is not None:
            writer.close()
    try:
        _report(request, summary)
    finally:
        summary.close()
    return EXIT_USAGE if summary.malformed_count else EXIT_OK


def _check_request(request: AuditRequest) -> None:
    """Usage errors before any work: one line each, exit 2."""
    from assist.audit.rows import ExportError, format_of

    for path in request.paths:
        try:
            format_of(path)
        except ExportError as exc:
            fail([f"assist audit: {exc}"])
        if not path.is_file():
            fail([f"assist audit: {path}: no such file"])
    if request.scheduler is not None and request.engine != "dask":
        fail(["assist audit: --scheduler goes with --engine dask"])
    if request.against is not None and not request.against.is_dir():
        fail([f"assist audit: --against {request.against}: not a folder"])
    if request.out is not None and request.out.suffix.lower() not in (
        ".csv",
        ".jsonl",
        ".ndjson",
        ".parquet",
    ):
        fail([f"assist audit: --out {request.out}: use .parquet, .csv or .jsonl"])


def _stages(request: AuditRequest) -> Stages:
    from assist.audit.work import Stages
    from assist.cli.loading import load, settle_config
    from assist.errors import PlaybookErrors
    from assist.review import reviewer_for
    from assist.score.context import Context
    from assist.score.engine import Scorer
    from assist.triage.engine import Triager

    config = settle_config(request.config, search=request.use_config)
    loaded = load(request.playbooks, config=config)
    linter = loaded.linter
    try:  # each reply judged with the customer message it answers (the context rules)
        reviewer = reviewer_for(linter, loaded.team_dirs)
    except PlaybookErrors as exc:
        fail(exc.errors)
    against = None
    if request.against is not None:
        against = load((*request.playbooks, request.against), config=config).linter
    return Stages(
        linter,
        against,
        ignore=config.ignore,
        languages=config.language,
        triager=Triager(linter.playbook),
        scorer=Scorer(linter),
        context=Context(channel=_channel(linter, request.preset)),
        reviewer=reviewer,
    )


def _channel(linter: Linter, preset: str) -> str | None:
    """The preset's channel, when the playbook knows it (a team may have no social media)."""
    channel = PRESET_CHANNELS.get(preset)
    return channel if channel and linter.playbook.channel(channel) else None


PRESET_CHANNELS = {"twcs": "social-media"}
"""The channel an export's replies were sent on, where the preset tells (scorecards by channel)."""


def _engine(request: AuditRequest) -> Engine:
    from assist.audit.engines import default_jobs
    from assist.audit.run import Engine

    jobs = request.jobs if request.jobs is not None else default_jobs()
    return Engine(request.engine, jobs, request.scheduler)


def _layout(request: AuditRequest) -> GenericLayout:
    """The generic preset's columns: the defaults, with the ones named on the command line
    required (a misspelt column name is an error, not a silently empty field)."""
    from dataclasses import replace

    from assist.audit.generic import GenericLayout

    given = {k: v for k, v in (request.columns or {}).items() if v is not None}
    return replace(
        GenericLayout(),
        **given,
        agent_roles=request.agent_roles,
        customer_roles=request.customer_roles,
        required=frozenset(given.values()),
    )


def _report(request: AuditRequest, summary: Summary) -> None:
    import json

    from assist.audit.summary import to_json
    from assist.cli.auditviews import print_summary

    sources = [str(p) for p in request.paths]
    against = str(request.against) if request.against is not None else None
    data = to_json(summary, sources=sources, playbook=against)
    if request.html is not None:
        _write_html(request.html, data, summary)
    if request.output_format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_summary(data)
    from assist.display import visible

    shown = [visible(str(m)) for m in summary.malformed[:MALFORMED_SHOWN]]
    more = summary.malformed_count - len(shown)
    print_errors(shown + ([f"assist audit: and {more:,} more malformed rows"] if more else []))


def _write_html(path: Path, data: dict[str, object], summary: Summary) -> None:
    from assist.audit.html import render

    try:
        path.write_text(render(data, summary.worst()), encoding="utf-8")
    except OSError as exc:
        fail([f"assist audit: --html {path}: cannot write: {exc.strerror}"])
