"""Reply-aware linting: lint's findings plus the context rules, judged with the customer's
message the reply answers (triage reads the customer, score reads the reply's elements)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assist.lint.engine import LineIndex, Linter, finding_at, linter_for
from assist.lint.findings import Finding
from assist.model import Playbook
from assist.review.rules import REDIRECT, ContextRule, ContextRules, context_rules
from assist.score import scorer_for
from assist.triage import Triager

LINK = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
WORD = re.compile(r"[\w']+")
SILENT_NOTE = "context rules silent: no customer message (give --reply-to FILE)"
"""Said in the output's header when a reply is linted without the message it answers."""


@dataclass(frozen=True)
class Customer:
    """What the context rules need to know about the customer's message."""

    upset: bool
    asserts: bool
    signals: frozenset[str]


class Reviewer:
    """Lint plus context rules for one playbook: build once, review many replies."""

    def __init__(self, linter: Linter, rules: ContextRules | None = None) -> None:
        self.linter = linter
        self.rules = rules if rules is not None else context_rules()
        self.phrases = Linter(self.rules.phrase_playbook(linter.playbook))
        self.triager = Triager(linter.playbook)
        self.scorer = scorer_for(linter)

    def customer(self, message: str) -> Customer:
        """The customer's message read by triage: upset, asserting a fact, signals named."""
        triage = self.triager.triage(message)
        sentences = re.split(r"(?<=[.!?])\s+", message)
        statements = [s for s in sentences if not s.rstrip().endswith("?")]
        asserts = any(words_of(s) & self.rules.assertion_words for s in statements)
        return Customer(
            triage.upset.detected, asserts, frozenset(e.signal for e in triage.evidence())
        )

    def context_findings(self, text: str, reply_to: str, *, path: str = "<text>") -> list[Finding]:
        """Findings of the context rules for a reply `text` answering `reply_to`."""
        customer = self.customer(reply_to)
        card = self.scorer.score(text)
        present = {e.id for e in card.elements if e.present}
        phrase_hits = {f.rule: f for f in self.phrases.lint(text, path=path)}
        found = []
        for rule in self.rules.rules:
            hit = _holds(rule, customer, present, phrase_hits, text)
            if hit is not False:
                found.append(_finding(rule, text, path, hit if isinstance(hit, Finding) else None))
        return found

    def review(
        self,
        text: str,
        reply_to: str | None = None,
        *,
        path: str = "<text>",
        rules: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        languages: Iterable[str] | None = None,
    ) -> list[Finding]:
        """Lint's findings, and with a customer message the context rules' findings too
        (`rules`/`ignore` select context rule ids as they do lint's)."""
        findings = self.linter.lint(
            text, path=path, rules=rules, ignore=ignore, languages=languages
        )
        if reply_to is None:
            return findings
        only, skip = (set(rules) if rules is not None else None), set(ignore)
        extra = [
            f
            for f in self.context_findings(text, reply_to, path=path)
            if (only is None or f.rule in only) and f.rule not in skip
        ]
        return sorted((*findings, *extra), key=lambda f: (f.offset, f.rule))


def words_of(text: str) -> set[str]:
    """Lower-case words of a text, apostrophes kept ("didn't")."""
    return {w.lower() for w in WORD.findall(text.replace("\u2019", "'"))}


def _holds(
    rule: ContextRule, customer: Customer, present: set[str], hits: dict[str, Finding], text: str
) -> Finding | bool | None:
    """False when a condition fails; else the phrase hit to point at (None: the whole reply)."""
    if rule.customer_upset and not customer.upset:
        return False
    if rule.customer_asserts and not customer.asserts:
        return False
    if rule.customer_signals and not customer.signals & set(rule.customer_signals):
        return False
    if rule.reply_lacks and present & set(rule.reply_lacks):
        return False
    if rule.reply_lacks_any and set(rule.reply_lacks_any) <= present:
        return False
    if rule.reply_only_redirects and not _only_redirects(text, present, hits):
        return False
    if rule.reply_phrases:
        return hits.get(rule.id, False)
    return None


def _only_redirects(text: str, present: set[str], hits: dict[str, Finding]) -> bool:
    """The reply sends the customer elsewhere (a link, "contact us") and does nothing else:
    no question about their problem, no fix, no follow-up promise."""
    sends = bool(LINK.search(text)) or REDIRECT in hits or "private-channel" in present
    engages = "?" in text or present & {"solution", "followup", "timeframe"}
    return sends and not engages


def _finding(rule: ContextRule, text: str, path: str, hit: Finding | None) -> Finding:
    start, end = (hit.offset, hit.offset + hit.length) if hit is not None else (0, 0)
    return finding_at(
        text, LineIndex(text), path, start, end, rule=rule.id, severity=rule.severity,
        phrase=hit.phrase if hit is not None else "", score=100 if hit is not None else 0,
        why=rule.why, suggestions=rule.say,
    )  # fmt: skip


@cache
def _default_reviewer() -> Reviewer:
    return Reviewer(linter_for(None))


def reviewer_for(playbook: Playbook | Linter | None = None) -> Reviewer:
    """A Reviewer for the playbook (None: the built-in one, compiled once per process)."""
    if playbook is None:
        return _default_reviewer()
    return Reviewer(linter_for(playbook))


def lint_text(
    text: str,
    *,
    reply_to: str | None = None,
    playbook: Playbook | Linter | None = None,
    path: str = "<text>",
    rules: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    languages: Iterable[str] | None = None,
) -> list[Finding]:
    """Find the playbook's forbidden phrases in `text`; with `reply_to` (the customer's
    message it answers) also the context rules (docs/replies.md). Without it this is exactly
    `assist.lint.lint_text`."""
    reviewer = reviewer_for(playbook)
    return reviewer.review(
        text, reply_to, path=path, rules=rules, ignore=ignore, languages=languages
    )
