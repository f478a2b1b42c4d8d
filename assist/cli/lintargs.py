"""The fast path of `assist lint`: its arguments parsed without building the typer app.

Building typer's command costs more than linting a draft, so `main()` first tries this small
parser (assist.cli.fastargs' scanner). It reads exactly the options lint.py declares
(tests/test_lint_args.py keeps the two in step and compares their results); anything it is
unsure of (--help, an unknown or malformed option, a value that looks like an option, a bad
choice) returns None and typer parses the command line as always, with its own messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from assist.cli.fastargs import FLAG, MANY, VALUE, as_paths, path_text, scan
from assist.cli.lintrun import FAIL_ON, INPUT_FORMATS, OUTPUT_FORMATS, LintRequest

OPTIONS: dict[str, tuple[str, str]] = {
    # option -> (parameter of lint.lint, kind); add a new option here and in lint.py
    "--text": ("text", VALUE),
    "-t": ("text", VALUE),
    "--format": ("output_format", VALUE),
    "-f": ("output_format", VALUE),
    "--fail-on": ("fail_on", VALUE),
    "--channel": ("channel", VALUE),
    "-c": ("channel", VALUE),
    "--rule": ("rule", MANY),
    "--ignore": ("ignore", MANY),
    "--language": ("language", MANY),
    "-l": ("language", MANY),
    "--playbooks": ("playbooks", MANY),
    "-p": ("playbooks", MANY),
    "--config": ("config", VALUE),
    "--no-config": ("no_config", FLAG),
    "--explain": ("explain", FLAG),
    "--explain-near": ("explain_near", FLAG),
    "--max-size": ("max_size", VALUE),
    "--score": ("score", FLAG),
    "--score-severity": ("score_severity", VALUE),
    "--jobs": ("jobs", VALUE),
    "-j": ("jobs", VALUE),
    "--reply-to": ("reply_to", VALUE),
    "--fail-on-unchecked": ("fail_on_unchecked", FLAG),
    "--input": ("input_format", VALUE),
}
CHOICES = {
    "output_format": OUTPUT_FORMATS,
    "fail_on": FAIL_ON,
    "score_severity": FAIL_ON,
    "input_format": INPUT_FORMATS,
}


def parse(args: Sequence[str]) -> LintRequest | None:
    """The request `assist lint ARGS` makes, or None when typer should parse them."""
    found = scan(args, OPTIONS)
    if found is None:
        return None
    return _request(found.paths, found.values, found.many, found.flags)


def _request(
    paths: list[str], values: dict[str, str], many: dict[str, list[str]], flags: set[str]
) -> LintRequest | None:
    """The request, as lint.lint builds it from typer's values; None for a value typer rejects."""
    if any(values.get(name, choices[0]) not in choices for name, choices in CHOICES.items()):
        return None
    jobs = values.get("jobs")
    if jobs is not None and not (jobs.isdecimal() and int(jobs) >= 1):
        return None
    config = values.get("config")
    return LintRequest(
        paths=tuple(paths),
        text=values.get("text"),
        output_format=values.get("output_format", "text"),
        fail_on=values.get("fail_on"),
        channel=values.get("channel"),
        rules=tuple(many["rule"]) if "rule" in many else None,
        ignore=tuple(many.get("ignore", ())),
        languages=tuple(many["language"]) if "language" in many else None,
        playbooks=tuple(as_paths(many.get("playbooks", []))),
        config=as_paths([config])[0] if config is not None else None,
        use_config="no_config" not in flags,
        explain=bool(flags & {"explain", "explain_near"}),
        explain_near="explain_near" in flags,
        max_size=values.get("max_size"),
        score="score" in flags,
        score_severity=values.get("score_severity", "warning"),
        jobs=int(jobs) if jobs is not None else None,
        reply_to=path_text(values["reply_to"]) if "reply_to" in values else None,
        fail_on_unchecked="fail_on_unchecked" in flags,
        input_format=values.get("input_format", "files"),
    )
