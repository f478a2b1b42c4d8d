"""The `assist playbook` group for team leads who author playbooks: check, test, explain,
show, init and schema.

Only argument parsing and printing live here; the work is in assist.authoring. Heavy modules
are imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assist.cli.options import PlaybooksOption

if TYPE_CHECKING:
    from assist.cli.loading import Loaded
    from assist.errors import PlaybookError
    from assist.model import Playbook
    from assist.playbook.load import LoadResult

playbook_app = typer.Typer(
    name="playbook",
    help="Tools for playbook authors: check, test, explain, show, init, schema.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FoldersArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[DIR]...",
        help="Team playbook folders layered over the built-ins (default: those in assist.toml).",
    ),
]


def register(app: typer.Typer) -> None:
    """Add the `playbook` group to the app."""
    app.add_typer(playbook_app, name="playbook")


def _load(folders: Sequence[Path] | None) -> Loaded:
    """The merged playbook with its provenance and compiled, or exit 2 with `file:line:col`
    problems. The folders named, else those in assist.toml, are layered over the built-ins.

    The provenance comes from reading the files (about 0.4 s of CPU for the built-ins); the
    compiled playbook from the cache as `assist lint` reads it, so an unchanged built-in
    layer is not compiled again (about 4 s of CPU) and after an edit only the team's rules are.
    """
    from assist.cli.loading import Loaded, load, settle_config

    config = settle_config()
    if folders:
        config = replace(config, playbooks=())
    result = _layers((*config.playbooks, *(folders or ())))
    loaded = load(folders or (), config=config)
    return Loaded(loaded.config, loaded.team_dirs, loaded.linter, result)


def _layers(team_dirs: Sequence[Path]) -> LoadResult:
    """Every layer read and merged with its provenance (nothing compiled), or exit 2 with the
    `file:line:col` problems."""
    from assist.cli.output import fail
    from assist.playbook.load import load_layers

    result = load_layers(team_dirs)
    if result.errors or result.playbook is None:
        fail(result.errors)
    return result


@playbook_app.command("test")
def examples_command(
    folders: FoldersArgument = None,
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule", metavar="ID", help="Only this rule's (or triage signal's) examples."
        ),
    ] = None,
    element: Annotated[
        list[str] | None,
        typer.Option("--element", metavar="ID", help="Only this reply element's examples."),
    ] = None,
) -> None:
    """Run every rule's examples: `flag` drafts must be flagged by their rule, `pass` drafts
    by no rule at all. Then every triage signal's: `flag` messages must raise its cue, `pass`
    messages no cue at all. Then every reply element's: `flag` replies must have the element,
    `pass` replies must not.

    Exit codes: 0 all examples pass, 1 some fail, 2 a playbook problem or an unknown id.
    """
    from assist.authoring.examples import ExampleReport, render_examples, run_examples
    from assist.authoring.signals import render_signal_examples, run_signal_examples
    from assist.cli.output import EXIT_FINDINGS, EXIT_OK, fail
    from assist.triage.engine import Triager

    loaded = _load(folders)
    playbook = loaded.playbook
    context = _context_reviewer(loaded)
    context_ids = {r.id for r in context.rules.rules}
    unknown = [
        i
        for i in rule or ()
        if playbook.rule(i) is None and playbook.signal(i) is None and i not in context_ids
    ]
    if unknown:
        fail([f"assist playbook test: unknown rule '{unknown[0]}' (see `assist phrases`)"])
    known = {e.id for e in loaded.playbook.elements}
    unknown = [element_id for element_id in element or () if element_id not in known]
    if unknown:
        fail([f"assist playbook test: unknown reply element '{unknown[0]}'"])
    assert loaded.result is not None
    provenance = loaded.result.provenance
    rules = None if rule is None else [i for i in rule if playbook.rule(i) is not None]
    signals = None if rule is None else [i for i in rule if playbook.signal(i) is not None]
    lines: list[str] = []
    failed = False
    if rule or not element:
        report = run_examples(loaded.linter, rule_ids=rules, provenance=provenance)
        cues = run_signal_examples(Triager(playbook), signal_ids=signals, provenance=provenance)
        lines += [*render_examples(report), *render_signal_examples(cues)]
        failed = bool(report.failed or cues.failures)
        wanted = None if rule is None else [i for i in rule if i in context_ids]
        if wanted is None or wanted:
            replies = _context_report(context, wanted, ExampleReport)
            lines += render_examples(replies)
            failed = failed or bool(replies.failed)
    if element or not rule:
        elements = _element_report(loaded, element, ExampleReport)
        lines += render_examples(elements)
        failed = failed or bool(elements.failed)
    print("\n".join(lines))
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _context_reviewer(loaded: Loaded) -> Any:
    """The reply reviewer with the folders' context-rule layers (exit 2 on a bad layer)."""
    from assist.cli.output import fail
    from assist.errors import PlaybookErrors
    from assist.review import reviewer_for

    try:
        return reviewer_for(loaded.linter, loaded.team_dirs)
    except PlaybookErrors as exc:
        fail(exc.errors)


def _context_report(reviewer: Any, rule_ids: list[str] | None, report_type: type) -> Any:
    """The context rules' examples (customer message + reply) run, as an ExampleReport."""
    from assist.authoring.examples import ExampleFailure, RuleExamples
    from assist.review.examples import run_context_examples

    results, untested = run_context_examples(reviewer, rule_ids)
    rendered = []
    for result in results:
        failures = tuple(
            ExampleFailure(
                f.rule,
                f.expected,
                f"customer: {f.customer} / reply: {f.reply}",
                f.where,
                hint=f"context rules raised: {', '.join(f.raised) or 'none'}",
            )
            for f in result.failures
        )
        rendered.append(RuleExamples(result.rule, result.where, result.examples, failures))
    return report_type(tuple(rendered), tuple(untested), noun="context rule")


def _element_report(loaded: Loaded, element_ids: list[str] | None, report_type: type) -> Any:
    """The reply elements' examples run, as an ExampleReport."""
    from assist.authoring.element_examples import run_element_examples
    from assist.score import scorer_for

    assert loaded.result is not None
    results, untested = run_element_examples(
        scorer_for(loaded.linter), element_ids=element_ids, provenance=loaded.result.provenance
    )
    return report_type(tuple(results), tuple(untested), noun="reply element")


@playbook_app.command("show")
def show(
    folders: FoldersArgument = None,
    resolved: Annotated[
        bool,
        typer.Option(
            "--resolved", help="List every rule, customer type, channel and step after layering."
        ),
    ] = False,
) -> None:
    """Show the layers of the playbook and where each entry comes from.

    Without --resolved: each layer's files and what they add, override and disable. With it:
    every entry with the `file:line:col` that defined it, the overrides and disabled rules.
    """
    from assist.authoring.layers import render_layers, render_resolved
    from assist.cli.loading import settle_config

    result = _layers(folders or settle_config().playbooks)  # nothing to compile for a listing
    assert result.playbook is not None
    provenance = result.provenance
    lines = render_resolved(result.playbook, provenance) if resolved else render_layers(provenance)
    print("\n".join(lines))


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


@playbook_app.command("explain")
def explain(
    pattern: Annotated[
        str | None,
        typer.Argument(metavar="[PATTERN]", help="The pattern to explain (quote it)."),
    ] = None,
    rule: Annotated[
        str | None,
        typer.Option(
            "--rule",
            metavar="ID",
            help="Explain every phrase of this rule; with PATTERN, the pattern as if added to it.",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", metavar="CODE", help="PATTERN's language without --rule."),
    ] = None,
    sample: Annotated[
        int,
        typer.Option("--sample", min=0, metavar="N", help="Word sequences to list (0: all)."),
    ] = 10,
    output_format: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ExplainFormat.text,
    playbooks: PlaybooksOption = None,
) -> None:
    """Explain a pattern: how many word sequences it stands for (a sample of them), its
    choices, optional words and gaps, what the guards of its rule and language cancel, and
    whether it is too broad.

    Exit codes: 0 explained, 2 a malformed pattern, an unknown rule or language, or a
    playbook problem.
    """
    import json

    from assist.cli.loading import settle_config
    from assist.cli.output import fail
    from assist.display import visible

    if pattern is None and rule is None:
        fail(["assist playbook explain: give a PATTERN, --rule ID, or both"])
    if rule is not None and language is not None:
        fail(["assist playbook explain: --language is for a PATTERN without --rule"])
    # the playbook and where its phrases are; the explanation compiles the one rule it needs
    loaded = _layers((*settle_config().playbooks, *(playbooks or ())))
    explanations = _explanations(loaded, pattern, rule, language or "en")
    if output_format == ExplainFormat.json:
        from assist.authoring.describe import explanation_json

        data = [explanation_json(e, sample=sample) for e in explanations]
        print(json.dumps({"patterns": data}, ensure_ascii=False, indent=2))
        return
    from assist.authoring.describe import render_explanation

    blocks = ["\n".join(render_explanation(e, sample=sample)) for e in explanations]
    print(visible("\n\n".join(blocks)))


def _explanations(
    loaded: LoadResult, pattern: str | None, rule_id: str | None, language: str
) -> list[Any]:
    """The explanation of the pattern, or of each phrase of the rule; exit 2 on bad input."""
    from assist.authoring.describe import NoWords, explain_pattern
    from assist.cli.output import fail
    from assist.playbook.patterns import PatternError

    playbook = loaded.playbook
    assert playbook is not None
    rule = playbook.rule(rule_id) if rule_id is not None else None
    if rule_id is not None and rule is None:
        fail([f"assist playbook explain: unknown rule '{rule_id}' (see `assist phrases`)"])
    if rule is None and language not in playbook.languages:
        codes = ", ".join(sorted(playbook.languages)) or "none"
        fail([f"assist playbook explain: unknown language '{language}' (known: {codes})"])
    provenance = loaded.provenance
    items: list[tuple[str, int | None]]
    if pattern is not None:
        index = _phrase_index(playbook, rule, pattern)
        items = [(pattern, index)]
    else:
        assert rule is not None
        items = [(phrase, i) for i, phrase in enumerate(rule.phrases)]
    result = []
    for text, index in items:
        where = None
        if rule is not None and index is not None:
            where = provenance.locate(rule, "phrases", index)
        try:
            result.append(
                explain_pattern(playbook, text, rule=rule, language=language, location=where)
            )
        except (PatternError, NoWords) as exc:
            fail([f'assist playbook explain: pattern "{text}": {exc}'])
    return result


def _phrase_index(playbook: Any, rule: Any, pattern: str) -> int | None:
    """Where the pattern (its word classes expanded) stands among the rule's phrases."""
    from assist.playbook.patterns import PatternError, expand_classes

    if rule is None:
        return None
    spec = playbook.languages.get(rule.language)
    try:
        expanded = expand_classes(pattern, spec.classes if spec is not None else {})
    except PatternError:
        return None  # explain_pattern reports it
    return rule.phrases.index(expanded) if expanded in rule.phrases else None


@playbook_app.command("init")
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The team folder to create.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Do not write assist.toml.")
    ] = False,
) -> None:
    """Write a commented starter team folder (team.yaml and the JSON Schema for editors) and
    an assist.toml in the current folder that layers it over the built-ins."""
    from assist.authoring.starter import LinkedFileError, starter_files, write_files
    from assist.cli.output import fail

    if folder.exists() and not folder.is_dir():
        fail([f"assist playbook init: {folder} is a file; give a folder to create"])
    files = starter_files(folder, config_dir=None if no_config else Path("."))
    try:
        written = write_files(files, force=force)
    except FileExistsError as exc:
        fail([f"assist playbook init: {exc} already exists (use --force to overwrite it)"])
    except LinkedFileError as exc:
        fail([f"assist playbook init: {exc.filename} {exc.strerror}"])
    except OSError as exc:
        fail([f"assist playbook init: cannot write {exc.filename}: {exc.strerror}"])
    for path in written:
        print(f"wrote {path}")
    print(f"next: edit {folder / 'team.yaml'}, then run `assist playbook check` and `test`")


@playbook_app.command("check")
def check(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DIR]...", help="Team playbook folders to check with the built-ins."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
) -> None:
    """Validate the built-in playbook and team folders (default: those in assist.toml).

    Also finds conflicts: alternatives that are flagged, phrases two rules match, and as
    warnings phrases too short to match safely and patterns too broad (only common words,
    short forms, a gap beside common words, harmless reference sentences or the rule's own
    pass examples flagged; see `assist playbook explain`). With team folders, only warnings
    in the team's files are shown.
    Prints `file:line:col: [warning: ]message` for each problem and exits 2 on errors (and
    with --strict on warnings), or a one-line summary.
    """
    from assist.authoring.checks import fails_check, problem_line
    from assist.authoring.whole_check import check_problems
    from assist.cli.loading import settle_config
    from assist.cli.output import fail, print_errors
    from assist.playbook.load import load_layers

    folders = list(folders or settle_config().playbooks)
    unusable = _unusable_folders(folders)
    result = load_layers([folder for folder in folders if not _is_file(folder)])
    context_errors = _context_problems([folder for folder in folders if not _is_file(folder)])
    if result.errors or unusable or context_errors:
        fail([*result.errors, *context_errors, *unusable])
    assert result.playbook is not None
    problems = check_problems(folders, result, lambda line: print_errors([line]))
    if fails_check(problems, strict=strict):
        fail([problem_line(p) for p in problems])
    print_errors([problem_line(p) for p in problems])
    print(f"ok: {_summary(result.playbook)} in {_count(len(result.files), 'file')}")


def _context_problems(folders: Sequence[Path]) -> list[PlaybookError]:
    """Problems of the folders' context-rule layers (`<folder>/context/*.yaml`)."""
    from assist.errors import PlaybookErrors
    from assist.review.rules import layered_rules

    try:
        layered_rules(folders)
    except PlaybookErrors as exc:
        return list(exc.errors)
    return []


def _unusable_folders(folders: Sequence[Path]) -> list[str]:
    """Arguments that are files, or folders without any playbook file: likely typos."""
    from assist.playbook.load import playbook_files

    problems = []
    for folder in folders:
        try:
            if folder.is_file():
                problems.append(f"{folder}: is a file; give the folder that holds it")
            elif folder.is_dir() and not playbook_files(folder):
                problems.append(f"{folder}: no playbook files (*.yaml, *.yml) in this folder")
        except OSError as exc:
            problems.append(f"{folder}: cannot read playbook folder: {exc.strerror or exc}")
    return problems


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False  # load_layers reports why the folder cannot be read


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _summary(playbook: Playbook) -> str:
    parts = [
        _count(len(playbook.rules), "rule"),
        _count(len(playbook.customer_types), "customer type"),
        _count(len(playbook.channels), "channel"),
        _count(len(playbook.steps), "step"),
    ]
    if playbook.signals:
        parts.append(_count(len(playbook.signals), "triage signal"))
    if playbook.elements:
        parts.append(_count(len(playbook.elements), "reply element"))
    if playbook.scorecards:
        parts.append(_count(len(playbook.scorecards), "scorecard"))
    return ", ".join(parts)


@playbook_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of playbook files (for editors and other tools)."""
    import sys

    from assist.playbook.schema import schema_json

    sys.stdout.write(schema_json())
