"""The per-message work: ONE pure function every engine runs (picklable, no I/O, no state).

`audit_chunk(stages, messages, index)` checks one partition; `audit_message` one message.
The stages are optional and separate: lint (agent messages) today, `against` for a playbook
change's impact; triage (customer messages) and the reply scorecard plug in beside them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assist.audit.records import ChunkResult, Hit, Message, MessageResult, Role
from assist.audit.times import iso_week
from assist.lint.engine import Linter
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


def audit_message(stages: Stages, message: Message) -> MessageResult | None:
    """What the stages find in one message; None when nothing (most messages)."""
    if message.role is not Role.agent:
        return _triaged(stages, message)
    hits = _hits(stages, stages.linter, message.text)
    gained: tuple[Hit, ...] = ()
    lost: tuple[Hit, ...] = ()
    if stages.against is not None:
        other = _hits(stages, stages.against, message.text)
        now = {_place(h) for h in hits}
        then = {_place(h) for h in other}
        gained = tuple(h for h in other if _place(h) not in now)
        lost = tuple(h for h in hits if _place(h) not in then)
    # score stage: the scorecard of (message.text, message.reply_to) goes here
    if not (hits or gained or lost):
        return None
    return MessageResult(
        message.conversation,
        message.message,
        message.agent,
        message.time,
        message.text,
        hits,
        gained,
        lost,
    )


def _triaged(stages: Stages, message: Message) -> MessageResult | None:
    """A customer message's escalations (triage stage), None when it raises none."""
    if stages.triager is None:
        return None
    escalations = tuple(e.id for e in stages.triager.triage(message.text).escalations)
    if not escalations:
        return None
    return MessageResult(
        message.conversation,
        message.message,
        message.agent,
        message.time,
        message.text,
        escalations=escalations,
    )


def _hits(stages: Stages, linter: Linter, text: str) -> tuple[Hit, ...]:
    findings = linter.lint(text, ignore=stages.ignore, languages=stages.languages)
    return tuple(Hit(f.rule, f.severity, f.offset, f.length, f.matched, f.score) for f in findings)


def _place(hit: Hit) -> tuple[str, int, int]:
    """The same rule on the same words is the same hit, whatever its score."""
    return (hit.rule, hit.offset, hit.length)


def audit_chunk(stages: Stages, messages: Sequence[Message], index: int) -> ChunkResult:
    """Every message of one partition through `audit_message`, with the partition's tallies."""
    results: list[MessageResult] = []
    agents: Counter[str] = Counter()
    weeks: Counter[str] = Counter()
    customers = 0
    for message in messages:
        if message.role is Role.agent:
            agents[message.agent] += 1
            weeks[iso_week(message.time)] += 1
        else:
            customers += 1
        result = audit_message(stages, message)
        if result is not None:
            results.append(result)
    return ChunkResult(
        index=index,
        agent_messages=sum(agents.values()),
        customer_messages=customers,
        agent_counts=tuple(agents.items()),
        week_counts=tuple(weeks.items()),
        conversations=frozenset(m.conversation for m in messages),
        results=tuple(results),
    )
