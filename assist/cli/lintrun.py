"""Running `assist lint`: settle the config, load the playbook, lint every input (on every
core), format the report. Both the typer command (lint.py) and the fast argument path
(lintargs.py) end here; nothing here imports typer, click or rich."""

from __future__ import annotations

from collections.abc import Iterator

from assist.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail, print_errors
from assist.record import record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from assist.cli.formats import Formatter
    from assist.cli.loading import Loaded
    from assist.config import Config
    from assist.lint.engine import FileResult, Linter
    from assist.model import Channel, Playbook

OUTPUT_FORMATS = ("text", "json", "line")
FAIL_ON = ("error", "warning", "suggestion", "none")
INPUT_FORMATS = ("files", "jsonl")


@record
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
    max_size: str | None = None
    score: bool = False
    score_severity: str = "warning"
    jobs: int | None = None
    """Worker processes; None: one per core."""
    reply_to: str | None = None
    """The customer's message the drafts answer (`--reply-to`), as `str(Path(value))`: context
    rules run too."""
    fail_on_unchecked: bool = False
    """A draft in a language without rules (not checked) makes the exit code 1."""
    input_format: str = "files"
    """files: the paths are drafts; jsonl: each path holds one JSON draft per line (batch)."""


SILENT_NOTE = "context rules silent: no customer message (give --reply-to FILE)"
"""In the report header when drafts are linted without the customer's message."""


def run_lint(request: LintRequest) -> int:
    """Lint what the request names and print the report; returns the exit code."""
    import gc

    # decided once: collection comes back after loading unless the run is one small draft
    resume = gc.isenabled() and not _one_small_draft(request)
    gc.disable()  # see _load_frozen: the imports below make many objects and no cycles either
    try:
        return _run_lint(request, resume)
    finally:
        if resume and not gc.isenabled():
            gc.enable()  # a run that stopped before loading


def _run_lint(request: LintRequest, resume: bool) -> int:
    from assist.cli.formats import FORMATS, fails
    from assist.cli.loading import settle_config
    from assist.config import describe

    if not request.paths and request.text is None:
        fail(["assist lint: give files, folders, '-' for standard input, or --text"])
    if request.explain and request.output_format != "text":
        fail(["assist lint: --explain and --explain-near go with --format text"])
    if request.jobs is not None and request.jobs < 1:
        fail(["assist lint: --jobs must be 1 or more"])
    if request.input_format == "jsonl":
        _check_batch(request)
    max_size = _max_size(request.max_size)
    config = settle_config(request.config, search=request.use_config)
    loaded = _load_frozen(request, config, resume)
    linter = loaded.linter
    playbook = linter.playbook
    channel = _channel(playbook, request.channel)
    _check_rule_ids(playbook, (*(request.rules or ()), *request.ignore), loaded.team_dirs)
    languages = _languages(request.languages, config.language)
    _check_languages(playbook, languages or ())
    options = {
        "rules": request.rules,
        "ignore": (*config.ignore, *request.ignore),
        "languages": languages,
    }
    if request.input_format == "jsonl":
        from assist.cli.lintbatch import run_batch

        return run_batch(request, linter, options, max_size, config.fail_on, loaded.team_dirs)
    formatter = FORMATS[request.output_format]()
    formatter.config = describe(config, loaded.team_dirs)
    formatter.config["context"] = (  # the JSON header says whether context rules ran
        {"reply_to": str(request.reply_to), "context_rules": "on"}
        if request.reply_to is not None
        else {"reply_to": None, "context_rules": SILENT_NOTE}
    )
    formatter.start()
    silent = _silent_note(request, formatter, playbook, options, loaded.team_dirs)
    results = _results(request, linter, options, max_size)
    if request.score:
        results = _with_missing_elements(results, linter, request, loaded.team_dirs)
    results = _with_context(results, linter, request, options, max_size, loaded.team_dirs)
    for result in results:
        if result.skipped is not None:
            print_errors([f"note: {result.skipped}"])
        if silent is not None and silent(result):  # said once, before the first draft concerned
            formatter.note(SILENT_NOTE)
            silent = None
        formatter.handle(result)
        if request.explain and result.error is None:
            _explain(linter, result, near=request.explain_near)
    formatter.finished(channel)
    print_errors(formatter.errors)
    if formatter.errors:
        return EXIT_USAGE
    if request.fail_on_unchecked and formatter.not_checked:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if fails(formatter.counts, request.fail_on or config.fail_on) else EXIT_OK


def _silent_note(
    request: LintRequest,
    formatter: Formatter,
    playbook: Playbook,
    options: dict[str, Any],
    team_dirs: tuple[Path, ...],
) -> Callable[[FileResult], bool] | None:
    """Without --reply-to, in a format that says notes, when context rules would have run:
    the test of the inputs they would have judged (SILENT_NOTE is said before the first);
    else None."""
    if request.reply_to is not None or not formatter.says_notes:
        return None
    from assist.cli.contextnote import context_rules_would_run, judged_with_context

    if not context_rules_would_run(playbook, options["rules"], options["ignore"], team_dirs):
        return None
    return judged_with_context


def _load_frozen(request: LintRequest, config: Config, resume: bool) -> Loaded:
    """The playbook loaded without garbage collection passes (run_lint turned them off),
    its objects then frozen (left out of every later pass): loading makes a few hundred
    thousand objects and no garbage cycles (collecting while it ran cost a cold lint 3% of
    its instructions). A run of one small draft leaves collection off to the end (another
    3%); any other run turns it back on before linting (worker processes inherit it)."""
    import gc

    from assist.cli.loading import load

    try:
        return load(request.playbooks, config=config)
    finally:
        gc.freeze()
        if resume:
            gc.enable()


def _one_small_draft(request: LintRequest) -> bool:
    """Whether the run lints one file of at most 1 MB, or only the --text string (with
    --reply-to, a customer message file of at most 1 MB too: a pre-send check)."""
    if request.input_format != "files":
        return False
    if request.reply_to is not None and not _small_file(str(request.reply_to)):
        return False
    if not request.paths:
        return request.text is not None and len(request.text) <= SMALL_DRAFT
    if len(request.paths) != 1 or request.text is not None:
        return False
    return _small_file(request.paths[0])


def _small_file(path: str) -> bool:
    """Whether `path` is a regular file of at most SMALL_DRAFT bytes."""
    import os
    from stat import S_ISREG

    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return False
    return S_ISREG(found.st_mode) and found.st_size <= SMALL_DRAFT


SMALL_DRAFT = 1 << 20  # bytes: a draft this size or smaller is linted with collection off


def _check_batch(request: LintRequest) -> None:
    """`--input jsonl` reads drafts (and their customer messages) from the lines; it writes
    JSON lines, so the options for other inputs and outputs do not go with it."""
    clashes = [
        ("--text", request.text is not None),
        ("--reply-to (give reply_to on each line)", request.reply_to is not None),
        ("--explain", request.explain),
        ("--format (it writes JSON lines)", request.output_format != "text"),
    ]
    for option, given in clashes:
        if given:
            fail([f"assist lint: --input jsonl does not go with {option}"])
    if len(request.paths) != 1:
        fail(["assist lint: --input jsonl reads one FILE or '-' for standard input"])


def _languages(
    given: tuple[str, ...] | None, configured: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """The languages whose rules run on every draft; None: detect each draft's language
    (`--language auto`, the default; it also overrides the config's `language`)."""
    from assist.lint.language import AUTO

    if given is not None and AUTO in given:
        if len(given) > 1:
            fail([f"assist lint: --language {AUTO} goes alone"])
        return None
    return given or configured


def _with_context(
    results: Iterator[FileResult],
    linter: Linter,
    request: LintRequest,
    options: dict[str, Any],
    max_size: int,
    team_dirs: tuple[Path, ...] = (),
) -> Iterator[FileResult]:
    """`--reply-to FILE`: each draft also judged with the customer's message (context rules,
    with each team folder's `context/` layer); without it those rules stay silent (the JSON
    header's `config.context` says so, and the text report's note: _silent_note)."""
    if request.reply_to is None:
        yield from results
        return
    from assist.lint.inputs import read_inputs
    from assist.record import replace  # FileResult is a record: no dataclasses import

    message = next(read_inputs([str(request.reply_to)], max_size=max_size))
    if message.error is not None or message.skipped is not None:
        fail([f"assist lint: --reply-to: {message.error or message.skipped}"])
    from assist.lint.engine import selector

    reviewer = _reviewer(linter, team_dirs)
    keep = selector(options["rules"], options["ignore"], None)
    for result in results:
        if _checked(result):
            language = result.language.code if result.language is not None else None
            found = reviewer.with_context(
                result.findings, result.text, message.text, keep, path=result.path,
                language=language,
            )  # fmt: skip
            if len(found) != len(result.findings):
                result = replace(result, findings=found)
        yield result


def _explain(linter: Linter, result: FileResult, *, near: bool) -> None:
    """Print how each finding of one input matched (plain text on stdout, made visible)."""
    from assist.display import visible
    from assist.lint.explain import explain_text

    checked = result.checked
    if result.findings and checked is not None and not checked.matches:
        print(visible(f"explain {result.path}: too long to explain word by word"), end="\n\n")
        return
    explanations = explain_text(linter, result.text, near=near, checked=checked)
    if not explanations:
        return
    lines = [f"explain {result.path}"]
    for item in explanations:
        lines.append(f"  {item.title}")
        lines.extend(f"      {detail}" for detail in item.details)
    print(visible("\n".join(lines)), end="\n\n")


def _channel(playbook: Playbook, channel_id: str | None) -> Channel | None:
    if channel_id is None:
        return None
    channel = playbook.channel(channel_id)
    if channel is None:
        known = ", ".join(c.id for c in playbook.channels)
        fail([f"assist lint: unknown channel '{channel_id}' (known: {known})"])
    return channel


def _reviewer(linter: Linter, team_dirs: tuple[Path, ...]) -> Any:
    """The reply reviewer with the team folders' context rules (exit 2 on a bad layer), its
    compiled parts from the playbook cache when current."""
    from assist.errors import PlaybookErrors
    from assist.review.learned import shipped_model
    from assist.review.stored import stored_reviewer

    try:
        reviewer = stored_reviewer(linter, team_dirs, note=lambda line: print_errors([line]))
        shipped_model()  # the learned gate's weights: a damaged file is one line, exit 2
    except PlaybookErrors as exc:
        fail(exc.errors)
    return reviewer


def _check_rule_ids(
    playbook: Playbook, ids: tuple[str, ...], team_dirs: tuple[Path, ...] = ()
) -> None:
    unknown = [rule_id for rule_id in ids if playbook.rule(rule_id) is None]
    if unknown:  # context rules (built-in and team layers, disabled ones too) are known ids
        from assist.errors import PlaybookErrors
        from assist.review.rules import layered_rules

        try:
            context = layered_rules(team_dirs)
        except PlaybookErrors as exc:
            fail(exc.errors)
        known = {r.id for r in context.rules} | set(context.disabled)
        unknown = [rule_id for rule_id in unknown if rule_id not in known]
    if unknown:
        fail([f"assist lint: unknown rule '{unknown[0]}' (see `assist phrases`)"])


def _check_languages(playbook: Playbook, codes: tuple[str, ...]) -> None:
    known = sorted({rule.language for rule in playbook.rules})
    unknown = [code for code in codes if code not in known]
    if unknown:
        fail([f"assist lint: no rules in language '{unknown[0]}' (known: {', '.join(known)})"])


def _with_missing_elements(
    results: Iterator[FileResult],
    linter: Linter,
    request: LintRequest,
    team_dirs: tuple[Path, ...] = (),
) -> Iterator[FileResult]:
    """`--score`: each missing required reply element becomes a finding of its own."""
    from dataclasses import replace

    from assist.errors import UsageError
    from assist.model import Severity
    from assist.score import Context, missing_findings
    from assist.score.stored import stored_scorer

    if request.score_severity == "none":
        fail(["assist lint: --score-severity must be error, warning or suggestion"])
    scorer = stored_scorer(linter, team_dirs)
    severity = Severity(request.score_severity)
    for result in results:
        if _checked(result):
            try:
                card = scorer.score(result.text, Context(channel=request.channel))
            except UsageError as exc:
                fail([f"assist lint: {line}" for line in exc.lines])
            missing = missing_findings(card, result.text, path=result.path, severity=severity)
            findings = sorted((*result.findings, *missing), key=lambda f: (f.offset, f.rule))
            result = replace(result, findings=tuple(findings))
        yield result


def _checked(result: FileResult) -> bool:
    """Read, and in a language the playbook has rules for (else nothing more is checked)."""
    if result.error is not None or result.skipped is not None:
        return False
    return result.language is None or result.language.checked


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
    """The --text string first, then every path, each as a FileResult (in order, whatever
    the number of worker processes); --explain lints in this process (it needs the matches)."""
    from assist.lint.engine import FileResult, lint_paths, selector

    if request.text is not None:
        keep = selector(options["rules"], options["ignore"], options["languages"])
        detect = options["languages"] is None
        checked = linter.check(request.text, path="<text>", keep=keep, detect=detect)
        yield FileResult(
            "<text>", checked.findings, text=request.text, checked=checked,
            language=checked.language,
        )  # fmt: skip
    jobs = 1 if request.explain else request.jobs or _cores()
    yield from lint_paths(request.paths, playbook=linter, max_size=max_size, jobs=jobs, **options)


def _cores() -> int:
    from assist.lint.parallel import cores

    return cores()
