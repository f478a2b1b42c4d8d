"""The coach's DraftCheck with both halves: lint's phrases to avoid, and the score
checklist's missing elements (`assist score`) for the step, channel and customer type; the
final reply is also judged with the customer's message (the context rules, docs/replies.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from assist.coach.seams import CheckContext, DraftReport, Missing
from assist.lint.engine import Keep, select_findings, selector
from assist.lint.language import restrict
from assist.model import Playbook
from assist.review import Reviewer, reviewer_for
from assist.review.rules import ContextRules
from assist.score.context import Context
from assist.score.engine import Scorer

ASSEMBLED = frozenset({"greeting", "closing"})
"""Elements the coach adds when it assembles the final reply (the greeting from the
customer's name, the signature from assist.toml): not asked of each step's draft."""


@dataclass(frozen=True)
class ScoreCheck:
    """lint findings and the required elements a draft lacks, in its context."""

    scorer: Scorer
    keep: Keep | None = None
    context: ContextRules | None = None
    """The context rules in force: the built-in layer and the team folders' `context/`
    layers, read when the session starts (None: the built-in rules alone)."""
    detect: bool = True
    """Run only the rules of the draft's language, as `assist lint` does (False when the
    configuration chose the languages)."""

    @cached_property
    def reviewer(self) -> Reviewer:
        """The context rules for this playbook (built on the first final reply checked)."""
        if self.context is None:
            return reviewer_for(self.scorer.linter)
        return Reviewer(self.scorer.linter, self.context)

    def __call__(self, text: str, context: CheckContext) -> DraftReport:
        """The report for a step's draft (`context.step` set) or for the final reply (with
        the customer's message: also the context rules; a step's draft is one part of the
        reply, so it is not judged as a whole answer)."""
        if not text.strip():
            return DraftReport()
        judged = self.scorer.linter.gate.judge(text) if self.detect else None
        if judged is not None and not judged.checked:
            return DraftReport(unchecked=judged.reason or "")
        keep = restrict(self.keep, judged.run if judged is not None else None)
        card = self.scorer.score(text, _known(self.scorer.playbook, context))
        findings = select_findings(card.findings, keep, self.scorer.linter.rule_languages)
        if context.step is None and context.message and context.message.strip():
            language = judged.code if judged is not None else card.language
            findings = self.reviewer.with_context(
                findings, text, context.message, keep, card=card, language=language
            )
        skip = ASSEMBLED if context.step is not None else frozenset()
        missing = tuple(
            Missing(e.id, e.name, e.why, e.example) for e in card.missing if e.id not in skip
        )
        return DraftReport(findings, missing)


def _known(playbook: Playbook, context: CheckContext) -> Context:
    """The score context, leaving out ids the playbook does not have (not-sure, other)."""
    step = context.step if any(s.id == context.step for s in playbook.steps) else None
    channel = context.channel if playbook.channel(context.channel or "") else None
    kind = context.type if playbook.customer_type(context.type or "") else None
    return Context(step=step, channel=channel, customer_type=kind)


def score_check(
    scorer: Scorer,
    ignore: Iterable[str] = (),
    languages: Iterable[str] | None = None,
    context: ContextRules | None = None,
) -> ScoreCheck:
    """The coach's DraftCheck: lint (with the config's selection), the score checklist, and
    for the final reply the `context` rules (None: the built-in ones) judged with the
    customer's message."""
    chosen = tuple(languages) if languages is not None else None
    keep = selector(None, tuple(ignore), chosen)
    return ScoreCheck(scorer, keep, context, detect=chosen is None)
