"""The per-message work: ONE pure function every engine runs (picklable, no I/O, no state).

`audit_chunk(stages, messages, index)` checks one partition; `audit_message` one message.
The stages are optional and separate: lint (agent messages) today, `against` for a playbook
change's impact; triage (customer messages) and the reply scorecard plug in beside them, and
the context rules judge each agent message with the customer message it answers (`reply_to`:
the conversation's last customer message before it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assist.audit.records import ChunkResult, Hit, Message, MessageResult, Role
from assist.audit.times import iso_week
from assist.lint.engine import Linter, select_findings, selector
from assist.lint.findings import Finding
from assist.lint.language import DraftLanguage, restrict
from assist.review import Reviewer
from assist.score.context import Context
from assist.score.engine import Scorecard, Scorer
from assist.triage.engine import Triager


@dataclass(frozen=True)
class Stages:
    """What to run on each message; pickled once per worker, never changed."""

    linter: Linter
    """The current playbook: lint findings per agent message."""
    against: Linter | None = None
    """Another playbook: the hits it would gain and lose (`--against`)."""
    ignore: tuple[str, ...] = ()
    """Rule ids never reported (the config's `ignore`)."""
    languages: tuple[str, ...] | None = None
    """Only rules of these languages (the config's `language`); None: all."""
    triager: Triager | None = None
    """Customer messages: the escalations their words raise (safety, abuse, legal...)."""
    scorer: Scorer | None = None
    """Agent messages: the reply scorecard (greeting, apology, solution, timeframe...)."""
    context: Context = field(default_factory=Context)
    """Where the replies were sent, for the scorecards that apply (e.g. social media)."""
    reviewer: Reviewer | None = None
    """Agent messages with a customer message (`reply_to`): the context rules' findings."""


def audit_message(
    stages: Stages, message: Message, language: DraftLanguage | None = None
) -> MessageResult | None:
    """What the stages find in one message; None when nothing (most messages). An agent
    message's `language` (detected when None) limits the rules to its own language's."""
    if message.role is not Role.agent:
        return _triaged(stages, message)
    if language is None:
        language = _language(stages, message.text)
    elements: tuple[tuple[str, bool], ...] = ()
    card = None
    if stages.scorer is not None:  # the scorecard lints the text too: reuse its findings
        card = stages.scorer.score(message.text, stages.context)
        keep = selector(None, stages.ignore, stages.languages)
        keep = restrict(keep, language.run if language is not None else None)
        hits = _as_hits(select_findings(card.findings, keep, stages.linter.rule_languages))
        elements = tuple((e.id, e.present) for e in card.elements if e.required)
    else:
        hits = _hits(stages, stages.linter, message.text)
    gained: tuple[Hit, ...] = ()
    lost: tuple[Hit, ...] = ()
    if stages.against is not None:
        other = _hits(stages, stages.against, message.text)
        now = {_place(h) for h in hits}
        then = {_place(h) for h in other}
        gained = tuple(h for h in other if _place(h) not in now)
        lost = tuple(h for h in hits if _place(h) not in then)
    hits += _context_hits(stages, message, language, card)  # after `against`: none there
    if not (hits or gained or lost or elements):
        return None
    return _result(message, hits=hits, gained=gained, lost=lost, elements=elements)


def _context_hits(
    stages: Stages, message: Message, language: DraftLanguage | None, card: Scorecard | None
) -> tuple[Hit, ...]:
    """The context rules' findings (English wording) for an agent message answering a known
    customer message, limited like lint's to the message's detected language (`card`: its
    scorecard when the score stage made one, reused rather than scored again)."""
    if stages.reviewer is None or not message.reply_to.strip():
        return ()
    keep = selector(None, stages.ignore, stages.languages)
    keep = restrict(keep, language.run if language is not None else None)
    code = language.code if language is not None else None
    findings = stages.reviewer.kept_context(
        message.text, message.reply_to, keep, card=card, language=code
    )
    return _as_hits(findings)


def _language(stages: Stages, text: str) -> DraftLanguage | None:
    """An agent message's language (lint's detection); None when the config chose languages."""
    return stages.linter.gate.judge(text) if stages.languages is None else None


def _triaged(stages: Stages, message: Message) -> MessageResult | None:
    """A customer message's escalations (triage stage), None when it raises none."""
    if stages.triager is None:
        return None
    escalations = tuple(e.id for e in stages.triager.triage(message.text).escalations)
    if not escalations:
        return None
    return _result(message, escalations=escalations)


def _result(message: Message, **found: Any) -> MessageResult:
    """What the stages found in a message, with where and when it was written."""
    where = (message.conversation, message.message, message.agent, message.time)
    return MessageResult(*where, message.text, **found)


def _hits(stages: Stages, linter: Linter, text: str) -> tuple[Hit, ...]:
    findings = linter.lint(text, ignore=stages.ignore, languages=stages.languages)
    return _as_hits(findings)


def _as_hits(findings: Sequence[Finding]) -> tuple[Hit, ...]:
    return tuple(Hit(f.rule, f.severity, f.offset, f.length, f.matched, f.score) for f in findings)


def _place(hit: Hit) -> tuple[str, int, int]:
    """The same rule on the same words is the same hit, whatever its score."""
    return (hit.rule, hit.offset, hit.length)


def audit_chunk(stages: Stages, messages: Sequence[Message], index: int) -> ChunkResult:
    """Every message of one partition through `audit_message`, with the partition's tallies."""
    results: list[MessageResult] = []
    required: Counter[str] = Counter()
    present: Counter[str] = Counter()
    scored = complete = 0
    agents: Counter[str] = Counter()
    weeks: Counter[str] = Counter()
    customers = 0
    not_checked: Counter[str] = Counter()
    for message in messages:
        language = None
        if message.role is Role.agent:
            agents[message.agent] += 1
            weeks[iso_week(message.time)] += 1
            language = _language(stages, message.text)
            if language is not None and not language.checked:
                not_checked[language.code or ""] += 1
                continue  # no rules in its language: counted, not linted nor scored
        else:
            customers += 1
        result = audit_message(stages, message, language)
        if result is None:
            continue
        if result.elements:
            scored += 1
            complete += all(ok for _, ok in result.elements)
            required.update(element for element, _ in result.elements)
            present.update(element for element, ok in result.elements if ok)
        if result.hits or result.gained or result.lost or result.escalations:
            results.append(result)
    return ChunkResult(
        index=index,
        agent_messages=sum(agents.values()),
        customer_messages=customers,
        agent_counts=tuple(agents.items()),
        week_counts=tuple(weeks.items()),
        conversations=frozenset(m.conversation for m in messages),
        results=tuple(results),
        scored=scored,
        complete=complete,
        element_counts=tuple((e, n, present[e]) for e, n in required.items()),
        not_checked=tuple(not_checked.items()),
    )
