"""Run the context rules' own examples: a `flag` pair must raise its rule, a `pass` pair must
raise no context rule at all (`assist playbook test` and the test suite)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assist.errors import Location
from assist.review.engine import Reviewer
from assist.review.rules import ContextExample


@dataclass(frozen=True)
class ContextExampleFailure:
    """An example that did not do what its rule says."""

    rule: str
    expected: str
    """`flag` or `pass`."""
    customer: str
    reply: str
    where: Location
    raised: tuple[str, ...]
    """The context rules the pair raised."""


@dataclass(frozen=True)
class ContextExampleResult:
    """The outcome of one context rule's examples."""

    rule: str
    where: Location
    examples: int
    failures: tuple[ContextExampleFailure, ...]


def run_context_examples(
    reviewer: Reviewer, rule_ids: Iterable[str] | None = None
) -> tuple[list[ContextExampleResult], list[str]]:
    """Every context rule's examples run (only `rule_ids`, if given): (results, untested ids)."""
    wanted = None if rule_ids is None else set(rule_ids)
    results, untested = [], []
    for rule in reviewer.rules.rules:
        if wanted is not None and rule.id not in wanted:
            continue
        if not (rule.flag or rule.passes):
            untested.append(rule.id)
            continue
        failures = [
            failure
            for expected, examples in (("flag", rule.flag), ("pass", rule.passes))
            for example in examples
            if (failure := _check(reviewer, rule.id, expected, example)) is not None
        ]
        count = len(rule.flag) + len(rule.passes)
        results.append(ContextExampleResult(rule.id, rule.where, count, tuple(failures)))
    return results, untested


def _check(
    reviewer: Reviewer, rule_id: str, expected: str, example: ContextExample
) -> ContextExampleFailure | None:
    findings = reviewer.context_findings(example.reply, example.customer)
    raised = tuple(sorted({f.rule for f in findings}))
    ok = rule_id in raised if expected == "flag" else not raised
    if ok:
        return None
    return ContextExampleFailure(rule_id, expected, example.customer, example.reply,
                                 example.where, raised)  # fmt: skip
