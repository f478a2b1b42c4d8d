"""`assist lint`: the command's options (typer) -> a LintRequest for lintrun.run_lint.

`assist lint ...` usually never builds this typer command: lintargs.py parses the same
options faster (a test keeps the two in step); --help and anything unusual come here.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assist.cli.lintrun import LintRequest, run_lint
from assist.cli.options import ConfigOption, NoConfigOption, PlaybooksOption


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    line = "line"


class InputFormat(StrEnum):
    files = "files"
    jsonl = "jsonl"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    suggestion = "suggestion"
    none = "none"


def lint(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders or - for stdin.")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="Lint this string.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json or line.")
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that exits 1.")
    ] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", "-c", help="Add this channel's tips.")
    ] = None,
    rule: Annotated[list[str] | None, typer.Option("--rule", help="Only these rule ids.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip rule ids.")] = None,
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            "-l",
            help="Only rules of this language, for every draft (default auto: detect each).",
        ),
    ] = None,
    playbooks: PlaybooksOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each finding matched, word by word.")
    ] = False,
    explain_near: Annotated[
        bool, typer.Option("--explain-near", help="Also show the closest non-matches and why.")
    ] = False,
    max_size: Annotated[
        str | None,
        typer.Option(
            "--max-size",
            metavar="SIZE",
            help="Largest draft read, e.g. 500k, 10M (default 1M); larger ones are an error.",
        ),
    ] = None,
    score: Annotated[
        bool, typer.Option("--score", help="Also report missing reply elements (missing-<id>).")
    ] = False,
    score_severity: Annotated[
        FailOn, typer.Option("--score-severity", help="Severity of missing-element findings.")
    ] = FailOn.warning,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per core)."),
    ] = None,
    reply_to: Annotated[
        Path | None,
        typer.Option(
            "--reply-to",
            metavar="FILE",
            help="The customer's message the drafts answer: also run the context rules.",
        ),
    ] = None,
    fail_on_unchecked: Annotated[
        bool,
        typer.Option(
            "--fail-on-unchecked", help="Exit 1 when a draft's language has no rules (not checked)."
        ),
    ] = False,
    input_format: Annotated[
        InputFormat,
        typer.Option(
            "--input", help="files, or jsonl: one JSON draft per line of FILE or - (batch)."
        ),
    ] = InputFormat.files,
) -> None:
    """Flag forbidden phrases in drafts and suggest better wording.

    Exit codes: 0 nothing at or above --fail-on, 1 findings (or a draft not checked, with
    --fail-on-unchecked), 2 usage, config or input errors (with --input jsonl: a bad line).
    """
    request = LintRequest(
        paths=tuple(paths or ()),
        text=text,
        output_format=output_format.value,
        fail_on=fail_on.value if fail_on else None,
        channel=channel,
        rules=tuple(rule) if rule else None,
        ignore=tuple(ignore or ()),
        languages=tuple(language) if language else None,
        playbooks=tuple(playbooks or ()),
        config=config,
        use_config=not no_config,
        explain=explain or explain_near,
        explain_near=explain_near,
        max_size=max_size,
        score=score,
        score_severity=score_severity.value,
        jobs=jobs,
        reply_to=str(reply_to) if reply_to is not None else None,
        fail_on_unchecked=fail_on_unchecked,
        input_format=input_format.value,
    )
    raise typer.Exit(run_lint(request))


def register(app: typer.Typer) -> None:
    """Add `assist lint` to the app."""
    app.command("lint")(lint)
