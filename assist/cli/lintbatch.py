"""`assist lint --input jsonl FILE|-`: lint a stream of JSON drafts, one result line each.

Every line is answered in order on standard output: a result (`id`, `language`, `checked`,
`findings`) or an error object for a malformed line, which is also named on stderr; the rest
go on. Exit code 2 if any line was malformed, else 1 with findings at or above --fail-on (or
a draft not checked, with --fail-on-unchecked), else 0.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from assist.cli.output import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail, print_errors

if TYPE_CHECKING:
    from assist.cli.lintrun import LintRequest
    from assist.lint.batch import BadLine, BatchDraft
    from assist.lint.engine import Linter
    from assist.lint.findings import Finding
    from assist.review import Reviewer
    from assist.score import Scorer


def run_batch(
    request: LintRequest,
    linter: Linter,
    options: dict[str, Any],
    max_size: int,
    configured_fail_on: str,
    team_dirs: tuple[Path, ...] = (),
) -> int:
    """Lint every line of the one input and write a JSON line for each; the exit code
    (`team_dirs`: the folders `linter` was loaded from, for the cache's review parts)."""
    from assist.cli.formats import fails
    from assist.lint.batch import BadLine, error_line, read_batch, result_line

    source = request.paths[0]
    stream = _open(source)
    out = sys.stdout
    batch = _Batch(linter, options, request, team_dirs)
    counts: Counter[str] = Counter()
    bad = not_checked = 0
    interactive = source == "-"  # a helpdesk process waits for each answer: flush each line
    try:
        for item in read_batch(stream, max_line=max_size):
            if not isinstance(item, BadLine):
                item = batch.known_channel(item)
            if isinstance(item, BadLine):
                bad += 1
                out.write(error_line(item) + "\n")
                print_errors([f"{source}:{item.message.removeprefix('line ')}"])
            else:
                checked, language, findings = batch.lint(item)
                not_checked += not checked
                counts.update(str(f.severity) for f in findings)
                out.write(result_line(item.id, language, findings) + "\n")
            if interactive:
                out.flush()
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if bad:
        return EXIT_USAGE
    if request.fail_on_unchecked and not_checked:
        return EXIT_FINDINGS
    failing = fails(dict(counts), request.fail_on or configured_fail_on)
    return EXIT_FINDINGS if failing else EXIT_OK


def _open(source: str) -> IO[bytes]:
    if source == "-":
        return sys.stdin.buffer
    try:
        return open(source, "rb")  # closed by run_batch
    except OSError as exc:
        fail([f"{source}: cannot read ({exc.strerror or exc})"])


class _Batch:
    """Lints one draft of the batch: its language's rules, then with its customer message the
    context rules, and with --score the missing reply elements for its channel."""

    def __init__(
        self, linter: Linter, options: dict[str, Any], request: LintRequest,
        team_dirs: tuple[Path, ...] = (),
    ) -> None:  # fmt: skip
        from assist.lint.engine import selector

        self.linter = linter
        self.team_dirs = team_dirs
        self.context_keep = selector(options["rules"], options["ignore"], None)
        """Context rules are selected by id (they judge replies in their own language)."""
        self.keep = selector(options["rules"], options["ignore"], options["languages"])
        self.detect = options["languages"] is None
        self.score_severity = request.score_severity if request.score else None
        if self.score_severity == "none":
            fail(["assist lint: --score-severity must be error, warning or suggestion"])
        self._reviewer: Reviewer | None = None
        self._scorer: Scorer | None = None

    def known_channel(self, item: BatchDraft) -> BatchDraft | BadLine:
        """The draft as is, or a BadLine when it names a channel the playbook lacks."""
        from assist.lint.batch import BadLine

        if item.channel is None or self.linter.playbook.channel(item.channel) is not None:
            return item
        known = ", ".join(c.id for c in self.linter.playbook.channels)
        message = f"line {item.line}: unknown channel '{item.channel}' (known: {known})"
        return BadLine(item.line, item.id, message)

    def lint(self, item: BatchDraft) -> tuple[bool, Any, list[Finding]]:
        """(checked, DraftLanguage or None, findings in order of position) for one draft."""
        path = str(item.id)
        checked = self.linter.check(item.text, path=path, keep=self.keep, detect=self.detect)
        language = checked.language
        if language is not None and not language.checked:
            return False, language, []
        findings: tuple[Finding, ...] = checked.findings
        if item.reply_to is not None:
            findings = self.reviewer().with_context(
                findings, item.text, item.reply_to, self.context_keep, path=path,
                language=language.code if language is not None else None,
            )  # fmt: skip
        if self.score_severity is not None and (missing := self._missing(item, path)):
            findings = tuple(sorted((*findings, *missing), key=lambda f: (f.offset, f.rule)))
        return True, language, list(findings)

    def reviewer(self) -> Reviewer:
        """The context rules' reviewer (the built-in layer, then each team folder's
        `context/`, as `lint --reply-to` has them), built on the first draft that has a
        customer message; a bad layer or damaged weights: one line, exit 2."""
        if self._reviewer is None:
            from assist.errors import PlaybookErrors
            from assist.review.learned import shipped_model
            from assist.review.stored import stored_reviewer

            note = lambda line: print_errors([line])  # noqa: E731
            try:
                shipped_model()  # the learned gate's weights
                self._reviewer = stored_reviewer(self.linter, self.team_dirs, note=note)
            except PlaybookErrors as exc:
                fail(exc.errors)
        return self._reviewer

    def _missing(self, item: BatchDraft, path: str) -> list[Finding]:
        """--score: each required reply element the draft lacks, for its channel."""
        from assist.model import Severity
        from assist.score import Context, missing_findings, scorer_for

        if self._scorer is None:
            self._scorer = scorer_for(self.linter)
        card = self._scorer.score(item.text, Context(channel=item.channel))
        severity = Severity(self.score_severity or "warning")
        return list(missing_findings(card, item.text, path=path, severity=severity))
