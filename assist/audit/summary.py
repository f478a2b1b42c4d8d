"""Summing ChunkResults into the audit's summary (bounded: counts and a few examples)."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from assist.audit.distinct import DistinctCounter
from assist.audit.records import ChunkResult, Hit, Malformed, MessageResult
from assist.audit.times import iso_week

SCHEMA_VERSION = 1
MALFORMED_LISTED = 1_000
"""Malformed rows listed one by one in the summary (all of them are counted)."""
WORST = 10
"""Messages with the most findings kept as examples."""
EXAMPLES_PER_RULE = 3
"""Hits gained and lost kept per rule with --against."""
SEVERITY_WEIGHT = {"error": 3, "warning": 2, "suggestion": 1}


@dataclass(frozen=True)
class Example:
    """A message shown in the report, with the hits to highlight in it."""

    result: MessageResult
    hits: tuple[Hit, ...]


@dataclass
class Summary:
    """Running totals of an audit; `add` each partition's result in input order."""

    against: bool = False
    messages: int = 0
    customer_messages: int = 0
    findings: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_rule_against: Counter[str] = field(default_factory=Counter)
    agent_messages: Counter[str] = field(default_factory=Counter)
    agent_findings: Counter[str] = field(default_factory=Counter)
    agent_rules: defaultdict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    week_messages: Counter[str] = field(default_factory=Counter)
    week_findings: Counter[str] = field(default_factory=Counter)
    malformed_count: int = 0
    malformed: list[Malformed] = field(default_factory=list)
    gained: defaultdict[str, list[Example]] = field(default_factory=lambda: defaultdict(list))
    lost: defaultdict[str, list[Example]] = field(default_factory=lambda: defaultdict(list))
    scoring: bool = False
    """The score stage ran: agent replies were checked against their scorecard."""
    scored: int = 0
    complete: int = 0
    element_required: Counter[str] = field(default_factory=Counter)
    element_present: Counter[str] = field(default_factory=Counter)
    triaged: bool = False
    """The triage stage ran: customer messages were read for escalations."""
    escalated_messages: int = 0
    by_escalation: Counter[str] = field(default_factory=Counter)
    not_checked: Counter[str] = field(default_factory=Counter)
    """Agent messages not checked (no rules in their language), per language code."""
    conversations: DistinctCounter = field(default_factory=DistinctCounter)
    _worst: list[tuple[int, int, int, MessageResult]] = field(default_factory=list)
    _seen: int = 0

    def add_malformed(self, row: Malformed) -> None:
        """Count a row that is not a message; list the first ones."""
        self.malformed_count += 1
        if len(self.malformed) < MALFORMED_LISTED:
            self.malformed.append(row)

    def add(self, chunk: ChunkResult) -> None:
        """Fold one partition's result into the totals."""
        self.messages += chunk.agent_messages
        self.customer_messages += chunk.customer_messages
        self.agent_messages.update(dict(chunk.agent_counts))
        self.week_messages.update(dict(chunk.week_counts))
        self.conversations.add(chunk.conversations)
        self.scored += chunk.scored
        self.complete += chunk.complete
        self.not_checked.update(dict(chunk.not_checked))
        for element, required, present in chunk.element_counts:
            self.element_required[element] += required
            self.element_present[element] += present
        for result in chunk.results:
            self._add_result(result)

    def _add_result(self, result: MessageResult) -> None:
        if result.escalations:
            self.escalated_messages += 1
            self.by_escalation.update(result.escalations)
        week = iso_week(result.time)
        for hit in result.hits:
            self.findings += 1
            self.by_rule[hit.rule] += 1
            self.agent_findings[result.agent] += 1
            self.agent_rules[result.agent][hit.rule] += 1
            self.week_findings[week] += 1
        if self.against:
            lost = {(h.rule, h.offset, h.length) for h in result.lost}
            for hit in result.hits:
                if (hit.rule, hit.offset, hit.length) not in lost:
                    self.by_rule_against[hit.rule] += 1
            for hit in result.gained:
                self.by_rule_against[hit.rule] += 1
            _keep_examples(self.gained, result, result.gained)
            _keep_examples(self.lost, result, result.lost)
        if result.hits:
            self._seen += 1
            weight = sum(SEVERITY_WEIGHT.get(h.severity, 1) for h in result.hits)
            item = (weight, len(result.hits), -self._seen, result)
            if len(self._worst) < WORST:
                heapq.heappush(self._worst, item)
            elif item[:3] > self._worst[0][:3]:
                heapq.heapreplace(self._worst, item)

    def worst(self) -> list[Example]:
        """The messages with the heaviest findings, heaviest first (earliest on a tie)."""
        ordered = sorted(self._worst, key=lambda item: item[:3], reverse=True)
        return [Example(result, result.hits) for *_, result in ordered]

    def close(self) -> None:
        """Free the on-disk conversation table."""
        self.conversations.close()


def _keep_examples(
    kept: defaultdict[str, list[Example]], result: MessageResult, hits: tuple[Hit, ...]
) -> None:
    for hit in hits:
        if len(kept[hit.rule]) < EXAMPLES_PER_RULE:
            kept[hit.rule].append(Example(result, (hit,)))


def _ranked(counts: Counter[str]) -> dict[str, int]:
    """Most first, then by name: the same order on every run."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def to_json(summary: Summary, *, sources: list[str], playbook: str | None = None) -> dict[str, Any]:
    """The versioned summary (`--format json`); its shape changes only with schema_version."""
    weeks = sorted(set(summary.week_messages) | set(summary.week_findings))
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "sources": sources,
        "messages": summary.messages,
        "customer_messages": summary.customer_messages,
        "conversations": summary.conversations.count(),
        "findings": summary.findings,
        "by_rule": _ranked(summary.by_rule),
        "by_agent": {
            agent: {
                "messages": summary.agent_messages[agent],
                "findings": summary.agent_findings[agent],
                "by_rule": _ranked(summary.agent_rules[agent]),
            }
            for agent in _agents(summary)
        },
        "by_week": {
            week: {"messages": summary.week_messages[week], "findings": summary.week_findings[week]}
            for week in weeks
        },
        "not_checked": {
            "count": sum(summary.not_checked.values()),
            "by_language": _ranked(summary.not_checked),
        },
        "malformed": {
            "count": summary.malformed_count,
            "rows": [
                {"source": m.source, "line": m.line, "row": m.row, "reason": m.reason}
                for m in summary.malformed
            ],
        },
    }
    if summary.triaged:
        customers = summary.customer_messages
        data["escalations"] = {
            "messages": summary.escalated_messages,
            "rate": round(summary.escalated_messages / customers, 4) if customers else 0.0,
            "by_id": _ranked(summary.by_escalation),
        }
    if summary.scoring:
        data["scorecard"] = _scorecard_json(summary)
    data["worst"] = [_example_json(example) for example in summary.worst()]
    if summary.against:
        data["against"] = _against_json(summary, playbook)
    return data


def _scorecard_json(summary: Summary) -> dict[str, Any]:
    """How often agent replies carry what their scorecard requires, element by element."""
    elements = sorted(
        summary.element_required,
        key=lambda e: (summary.element_present[e] / summary.element_required[e], e),
    )
    return {
        "messages": summary.scored,
        "complete": summary.complete,
        "complete_rate": round(summary.complete / summary.scored, 4) if summary.scored else 0.0,
        "by_element": {
            element: {
                "required": summary.element_required[element],
                "present": summary.element_present[element],
                "rate": round(
                    summary.element_present[element] / summary.element_required[element], 4
                ),
            }
            for element in elements
        },
    }


def _agents(summary: Summary) -> list[str]:
    """Agents by findings per message, most first (the ones to coach first)."""
    agents = set(summary.agent_messages) | set(summary.agent_findings)

    def key(agent: str) -> tuple[int, float, str]:
        messages = summary.agent_messages[agent] or 1
        return (-summary.agent_findings[agent], -summary.agent_findings[agent] / messages, agent)

    return sorted(agents, key=key)


def _against_json(summary: Summary, playbook: str | None) -> dict[str, Any]:
    rules = sorted(set(summary.by_rule) | set(summary.by_rule_against))
    changes = {
        rule: {
            "current": summary.by_rule[rule],
            "against": summary.by_rule_against[rule],
            "change": summary.by_rule_against[rule] - summary.by_rule[rule],
        }
        for rule in rules
    }
    ordered = dict(sorted(changes.items(), key=lambda item: (-abs(item[1]["change"]), item[0])))

    def examples(kept: defaultdict[str, list[Example]]) -> dict[str, list[dict[str, Any]]]:
        return {rule: [_example_json(e) for e in kept[rule]] for rule in sorted(kept)}

    return {
        "playbook": playbook,
        "findings": sum(summary.by_rule_against.values()),
        "by_rule": ordered,
        "gained": examples(summary.gained),
        "lost": examples(summary.lost),
    }


def _example_json(example: Example) -> dict[str, Any]:
    result = example.result
    return {
        "conversation": result.conversation,
        "message": result.message,
        "agent": result.agent,
        "time": result.time,
        "text": result.text,
        "hits": [
            {"rule": h.rule, "offset": h.offset, "length": h.length, "matched": h.matched}
            for h in example.hits
        ],
    }
