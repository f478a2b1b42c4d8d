"""One `assist lint` run: settle the config, load the playbook, lint every input, format."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .console import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail, print_errors

if TYPE_CHECKING:
    from .config import Config
    from .lint import FileResult
    from .model import Channel, Playbook


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


def run_lint(request: LintRequest) -> int:
    """Lint what the request names and print the report; returns the exit code."""
    from .formats import FORMATS, fails

    if not request.paths and request.text is None:
        fail(["assist lint: give files, folders, '-' for standard input, or --text"])
    if request.explain and request.output_format != "text":
        fail(["assist lint: --explain and --explain-near go with --format text"])
    config = _config(request)
    playbook = _playbook(config, request)
    channel = _channel(playbook, request.channel)
    _check_rule_ids(playbook, (*(request.rules or ()), *request.ignore))
    _check_languages(playbook, request.languages or config.language or ())
    options = {
        "playbook": playbook,
        "rules": request.rules,
        "ignore": (*config.ignore, *request.ignore),
        "languages": request.languages or config.language,
    }
    formatter = FORMATS[request.output_format]()
    formatter.start()
    for result in _results(request, options):
        formatter.handle(result)
        if request.explain and result.error is None:
            _explain(playbook, result, near=request.explain_near)
    formatter.finished(channel)
    print_errors(formatter.errors)
    if formatter.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if fails(formatter.counts, request.fail_on or config.fail_on) else EXIT_OK


def _config(request: LintRequest) -> Config:
    from .config import ConfigError, load_config

    try:
        return load_config(request.config, search=request.use_config)
    except ConfigError as exc:
        fail([exc])


def _playbook(config: Config, request: LintRequest) -> Playbook:
    """The merged playbook, from the cache when current; its index is kept for linting."""
    from .cache import load_compiled
    from .lint import remember_index
    from .playbook import PlaybookErrors

    try:
        playbook, index = load_compiled((*config.playbooks, *request.playbooks))
    except PlaybookErrors as exc:
        fail(exc.errors)
    remember_index(playbook, index)
    return playbook


def _explain(playbook: Playbook, result: FileResult, *, near: bool) -> None:
    from .explain import explain_file

    explain_file(playbook, result.path, result.text, near=near, reported=result.findings)


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


def _results(request: LintRequest, options: dict) -> Iterator[FileResult]:
    """The --text string first, then every path, each as a FileResult."""
    from .lint import FileResult, lint_paths, lint_text

    if request.text is not None:
        findings = lint_text(request.text, path="<text>", **options)
        yield FileResult("<text>", tuple(findings), text=request.text)
    yield from lint_paths(request.paths, **options)
