"""`assist lint`: settle the config, load the playbook, lint every input, format the report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assist.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail, print_errors

if TYPE_CHECKING:
    from assist.lint.engine import FileResult, Linter
    from assist.model import Channel, Playbook


SILENT_NOTE = "context rules silent: no customer message (give --reply-to FILE)"
"""In the report header when drafts are linted without the customer's message."""


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    line = "line"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    suggestion = "suggestion"
    none = "none"


@dataclass(frozen=True)
class LintRequest:
    """What the command line asked for; None means 'not given, use the config'."""

    paths: tuple[str, ...] = ()
    text: str | None = None
    output_format: str = "text"
    fail_on: str | None = None
    channel: str | None = None
    rules: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    languages: tuple[str, ...] | None = None
    playbooks: tuple[Path, ...] = ()
    config: Path | None = None
    use_config: bool = True
    explain: bool = False
    explain_near: bool = False
    score: bool = False
    score_severity: str = "warning"
    max_size: str | None = None
    reply_to: Path | None = None


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
        list[str] | None, typer.Option("--language", "-l", help="Only rules of this language.")
    ] = None,
    playbooks: Annotated[
        list[Path] | None,
        typer.Option("--playbooks", "-p", help="Team playbook folder layered over the built-ins."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Use this assist.toml or pyproject.toml.")
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore config files.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each finding matched, word by word.")
    ] = False,
    explain_near: Annotated[
        bool, typer.Option("--explain-near", help="Also show the closest non-matches and why.")
    ] = False,
    score: Annotated[
        bool, typer.Option("--score", help="Also report missing reply elements (missing-<id>).")
    ] = False,
    score_severity: Annotated[
        FailOn, typer.Option("--score-severity", help="Severity of missing-element findings.")
    ] = FailOn.warning,
    max_size: Annotated[
        str | None,
        typer.Option(
            "--max-size",
            metavar="SIZE",
            help="Largest draft read, e.g. 500k, 10M (default 1M); larger ones are an error.",
        ),
    ] = None,
    reply_to: Annotated[
        Path | None,
        typer.Option(
            "--reply-to",
            metavar="FILE",
            help="The customer's message the drafts answer: also run the context rules.",
        ),
    ] = None,
) -> None:
    """Flag forbidden phrases in drafts and suggest better wording.

    Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage, config or input errors.
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
        score=score,
        score_severity=score_severity.value,
        max_size=max_size,
        reply_to=reply_to,
    )
    raise typer.Exit(run_lint(request))


def register(app: typer.Typer) -> None:
    """Add `assist lint` to the app."""
    app.command("lint")(lint)


def run_lint(request: LintRequest) -> int:
    """Lint what the request names and print the report; returns the exit code."""
    from assist.cli.formats import FORMATS, fails
    from assist.cli.loading import load, settle_config
    from assist.config import describe

    if not request.paths and request.text is None:
        fail(["assist lint: give files, folders, '-' for standard input, or --text"])
    if request.explain and request.output_format != "text":
        fail(["assist lint: --explain and --explain-near go with --format text"])
    max_size = _max_size(request.max_size)
    config = settle_config(request.config, search=request.use_config)
    loaded = load(request.playbooks, config=config)
    linter = loaded.linter
    playbook = linter.playbook
    channel = _channel(playbook, request.channel)
    _check_rule_ids(playbook, (*(request.rules or ()), *request.ignore))
    _check_languages(playbook, request.languages or config.language or ())
    options = {
        "rules": request.rules,
        "ignore": (*config.ignore, *request.ignore),
        "languages": request.languages or config.language,
    }
    formatter = FORMATS[request.output_format]()
    formatter.config = describe(config, loaded.team_dirs)
    formatter.config["context"] = (  # the JSON header says whether context rules ran
        {"reply_to": str(request.reply_to), "context_rules": "on"}
        if request.reply_to is not None
        else {"reply_to": None, "context_rules": SILENT_NOTE}
    )
    formatter.start()
    results = _results(request, linter, options, max_size)
    if request.score:
        results = _with_missing_elements(results, linter, request)
    results = _with_context(results, linter, request, options, max_size)
    for result in results:
        if result.skipped is not None:
            print_errors([f"note: {result.skipped}"])
        formatter.handle(result)
        if request.explain and result.error is None:
            _explain(linter, result, near=request.explain_near)
    formatter.finished(channel)
    print_errors(formatter.errors)
    if formatter.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if fails(formatter.counts, request.fail_on or config.fail_on) else EXIT_OK


def _with_missing_elements(
    results: Iterator[FileResult], linter: Linter, request: LintRequest
) -> Iterator[FileResult]:
    """`--score`: each missing required reply element becomes a finding of its own."""
    from dataclasses import replace

    from assist.errors import UsageError
    from assist.model import Severity
    from assist.score import Context, missing_findings, scorer_for

    if request.score_severity == "none":
        fail(["assist lint: --score-severity must be error, warning or suggestion"])
    scorer = scorer_for(linter)
    severity = Severity(request.score_severity)
    for result in results:
        if result.error is None and result.skipped is None:
            try:
                card = scorer.score(result.text, Context(channel=request.channel))
            except UsageError as exc:
                fail([f"assist lint: {line}" for line in exc.lines])
            missing = missing_findings(card, result.text, path=result.path, severity=severity)
            findings = sorted((*result.findings, *missing), key=lambda f: (f.offset, f.rule))
            result = replace(result, findings=tuple(findings))
        yield result


def _with_context(
    results: Iterator[FileResult],
    linter: Linter,
    request: LintRequest,
    options: dict[str, Any],
    max_size: int,
) -> Iterator[FileResult]:
    """`--reply-to FILE`: each draft also judged with the customer's message (context rules);
    without it those rules stay silent (the JSON header's `config.context` says so)."""
    if request.reply_to is None:
        yield from results
        return
    from dataclasses import replace

    from assist.lint.inputs import read_inputs
    from assist.review import reviewer_for

    message = next(read_inputs([str(request.reply_to)], max_size=max_size))
    if message.error is not None or message.skipped is not None:
        fail([f"assist lint: --reply-to: {message.error or message.skipped}"])
    reviewer = reviewer_for(linter)
    only, skip = options["rules"], set(options["ignore"])
    for result in results:
        if result.error is None and result.skipped is None:
            extra = [
                f
                for f in reviewer.context_findings(result.text, message.text, path=result.path)
                if (only is None or f.rule in only) and f.rule not in skip
            ]
            if extra:
                found = sorted((*result.findings, *extra), key=lambda f: (f.offset, f.rule))
                result = replace(result, findings=tuple(found))
        yield result


def _explain(linter: Linter, result: FileResult, *, near: bool) -> None:
    """Print how each finding of one input matched (plain text on stdout)."""
    from assist.lint.explain import explain_text

    explanations = explain_text(linter, result.text, near=near, checked=result.checked)
    if not explanations:
        return
    from assist.display import visible

    print(f"explain {visible(result.path)}")
    for item in explanations:
        print(f"  {visible(item.title)}")
        for detail in item.details:
            print(f"      {visible(detail)}")
    print()


def _channel(playbook: Playbook, channel_id: str | None) -> Channel | None:
    if channel_id is None:
        return None
    channel = playbook.channel(channel_id)
    if channel is None:
        known = ", ".join(c.id for c in playbook.channels)
        fail([f"assist lint: unknown channel '{channel_id}' (known: {known})"])
    return channel


def _check_rule_ids(playbook: Playbook, ids: tuple[str, ...]) -> None:
    unknown = [rule_id for rule_id in ids if playbook.rule(rule_id) is None]
    if unknown:
        fail([f"assist lint: unknown rule '{unknown[0]}' (see `assist phrases`)"])


def _check_languages(playbook: Playbook, codes: tuple[str, ...]) -> None:
    known = sorted({rule.language for rule in playbook.rules})
    unknown = [code for code in codes if code not in known]
    if unknown:
        fail([f"assist lint: no rules in language '{unknown[0]}' (known: {', '.join(known)})"])


def _max_size(given: str | None) -> int:
    """The --max-size in bytes (default: assist.lint.inputs.DEFAULT_MAX_SIZE)."""
    from assist.lint.inputs import DEFAULT_MAX_SIZE, parse_size

    if given is None:
        return DEFAULT_MAX_SIZE
    try:
        return parse_size(given)
    except ValueError as exc:
        fail([f"assist lint: --max-size: {exc}"])


def _results(
    request: LintRequest, linter: Linter, options: dict[str, Any], max_size: int
) -> Iterator[FileResult]:
    """The --text string first, then every path, each as a FileResult."""
    from assist.lint.engine import FileResult, lint_paths, selector

    if request.text is not None:
        keep = selector(options["rules"], options["ignore"], options["languages"])
        checked = linter.check(request.text, path="<text>", keep=keep)
        yield FileResult("<text>", checked.findings, text=request.text, checked=checked)
    yield from lint_paths(request.paths, playbook=linter, max_size=max_size, **options)
