"""Examples as tests: every rule's `flag` drafts must be flagged by it, its `pass` drafts by
no rule (`assist playbook test`). Nothing here prints; `render_examples` returns lines."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from assist.authoring.places import Places, count
from assist.errors import Location
from assist.lint.engine import Linter, lint_text, linter_for
from assist.lint.findings import Finding
from assist.lint.layered import only_rules
from assist.model import PhraseRule, Playbook
from assist.playbook.merge import Provenance

WIDTH = 80


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not do what its rule says: a `flag` draft that was not flagged by
    the rule, or a `pass` draft that some rule flagged."""

    rule: str
    expected: str
    """`flag` or `pass`."""
    text: str
    where: Location
    """Position of the example in its playbook file."""
    flagged_by: tuple[Finding, ...] = ()
    """For a `pass` example: every finding in it."""
    hint: str = ""
    """For a `flag` example: why the rule's phrases did not match."""


@dataclass(frozen=True)
class RuleExamples:
    """The outcome of one rule's examples."""

    rule: str
    where: Location
    examples: int
    failures: tuple[ExampleFailure, ...]
    overridden_at: tuple[Location, ...] = ()
    kind: str = "rule"
    """`rule`, or `element` for a reply element's examples (`rule` is then its label)."""


@dataclass(frozen=True)
class ExampleReport:
    """The outcome of `assist playbook test`: rules with examples, and rules without."""

    results: tuple[RuleExamples, ...]
    untested: tuple[str, ...]
    noun: str = "rule"
    """What was tested: `rule`, or `reply element`."""

    @property
    def failed(self) -> list[RuleExamples]:
        """The rules with at least one failing example."""
        return [r for r in self.results if r.failures]

    @property
    def examples(self) -> int:
        """How many examples ran."""
        return sum(r.examples for r in self.results)


def run_examples(
    playbook: Playbook | Linter,
    *,
    rule_ids: Iterable[str] | None = None,
    provenance: Provenance | None = None,
) -> ExampleReport:
    """Lint every example with the merged playbook (only the rules in `rule_ids`, if given).

    A `flag` example passes when its own rule flags it; a `pass` example passes when no rule
    at all flags it. Config settings (ignore, language) do not apply: the playbook is tested.
    """
    linter = linter_for(playbook)
    wanted = None if rule_ids is None else set(rule_ids)
    places = Places(provenance)
    results, untested = [], []
    for rule in linter.playbook.rules:
        if wanted is not None and rule.id not in wanted:
            continue
        if rule.examples is None or not (rule.examples.flag or rule.examples.passes):
            untested.append(rule.id)
            continue
        overrides = provenance.overrides.get(rule.id, []) if provenance else []
        failures = tuple(_rule_failures(linter, rule, places))
        count = len(rule.examples.flag) + len(rule.examples.passes)
        where = tuple(o.where for o in overrides)
        results.append(RuleExamples(rule.id, rule.origin, count, failures, where))
    return ExampleReport(tuple(results), tuple(untested))


def _rule_failures(playbook: Linter, rule: PhraseRule, places: Places) -> Iterable[ExampleFailure]:
    assert rule.examples is not None
    # its flag examples searched in the part holding the rule only: the same findings of it
    # (only_rules), a fifth of the CPU with the built-ins (1.6 -> 0.36 s for 993 examples)
    own = (only_rules(playbook, {rule.id}) or playbook) if rule.examples.flag else playbook
    for i, text in enumerate(rule.examples.flag):
        if not lint_text(text, playbook=own, rules=[rule.id]):
            where = places.locate(rule, "examples", "flag", i)
            yield ExampleFailure(rule.id, "flag", text, where, hint=why_not(playbook, rule, text))
    for i, text in enumerate(rule.examples.passes):
        findings = lint_text(text, playbook=playbook)
        if findings:
            where = places.locate(rule, "examples", "pass", i)
            yield ExampleFailure(rule.id, "pass", text, where, flagged_by=tuple(findings))


def why_not(playbook: Playbook | Linter, rule: PhraseRule, text: str) -> str:
    """Why none of the rule's phrases flags `text`: the closest near miss, or another reason."""
    linter = linter_for(playbook)
    # only the part holding the rule: near misses of every part built every built-in phrase
    index = (only_rules(linter, {rule.id}) or linter).index
    words = index.words_of(text)
    if any(m.phrase.rule.id == rule.id for m in index.search(words)):
        return "it matches, but inside one of the rule's own 'say' alternatives"
    misses = [m for m in index.near_misses(words) if m.phrase.rule.id == rule.id]
    if not misses:
        return "no word of it lines up with any of the rule's phrases"
    return f'closest phrase "{misses[0].phrase.phrase}": {misses[0].reason}'


def render_examples(report: ExampleReport, *, width: int = WIDTH) -> list[str]:
    """The report as lines of at most `width` characters (long words aside), summary last."""
    lines: list[str] = []
    for result in report.failed:
        lines += _wrap(_rule_heading(result), width, "", "    ")
        for failure in result.failures:
            lines += _failure_lines(failure, width)
        lines.append("")
    return [*lines, *_wrap(_examples_summary(report), width, "", "  ")]


def _rule_heading(result: RuleExamples) -> str:
    total = f"{len(result.failures)} of {count(result.examples, 'example')} failed"
    heading = f"{result.where}: {result.kind} '{result.rule}': {total}"
    if result.overridden_at:
        heading += f" (overridden at {', '.join(map(str, result.overridden_at))})"
    return heading


def _failure_lines(failure: ExampleFailure, width: int) -> list[str]:
    if failure.expected == "flag":
        title = f"should be flagged by '{failure.rule}', was not:"
        details = [failure.hint]
    elif not failure.flagged_by:
        title = f"should not have '{failure.rule}', but has it:"
        details = [failure.hint]
    else:
        title = "should pass, but is flagged:"
        details = [
            f'by \'{f.rule}\': "{f.matched}" (phrase "{f.phrase}")' for f in failure.flagged_by
        ]
    lines = _wrap(f"{failure.where}: {title}", width, "  ", "      ")
    lines += _wrap(f'"{failure.text}"', width, "      ", "       ")
    for detail in details:
        lines += _wrap(detail, width, "      ", "        ")
    return lines


def _examples_summary(report: ExampleReport) -> str:
    rules = len(report.results)
    if report.failed:
        bad = sum(len(r.failures) for r in report.failed)
        summary = (
            f"failed: {bad} of {count(report.examples, 'example')} "
            f"in {len(report.failed)} of {count(rules, report.noun)}"
        )
    else:
        summary = f"ok: {count(rules, report.noun)}, {count(report.examples, 'example')}"
    if report.untested:
        summary += f" ({count(len(report.untested), report.noun)} without examples: "
        summary += ", ".join(report.untested) + ")"
    return summary


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Wrap without breaking words, paths or positions (a long one gets a line of its own)."""
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
