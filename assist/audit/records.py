"""The small records an audit passes around: messages in, results out (all picklable)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Who wrote a message."""

    agent = "agent"
    customer = "customer"


@dataclass(frozen=True, slots=True)
class Message:
    """One message of an archive, as every engine's per-message function receives it."""

    conversation: str
    """Conversation (thread, ticket) the message belongs to."""
    message: str
    """Id of the message in the export (tweet id, comment id, or the row number)."""
    role: Role
    agent: str
    """The agent or team that wrote it ('' for a customer's message)."""
    time: str
    """When it was written, ISO 8601 in UTC ('' when the export has no usable time)."""
    text: str
    reply_to: str = ""
    """The customer's message this one answers ('' when unknown)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One lint finding inside a message, reduced to what an archive report needs."""

    rule: str
    severity: str
    offset: int
    """Index of the first flagged character in the message text."""
    length: int
    matched: str
    score: int


@dataclass(frozen=True, slots=True)
class MessageResult:
    """What the per-message function found in one message (only messages with something)."""

    conversation: str
    message: str
    agent: str
    time: str
    text: str
    hits: tuple[Hit, ...] = ()
    """Findings with the current playbook."""
    gained: tuple[Hit, ...] = ()
    """With --against: findings the other playbook adds."""
    lost: tuple[Hit, ...] = ()
    """With --against: current findings the other playbook no longer makes."""
    escalations: tuple[str, ...] = ()
    """For a customer message (triage stage): the escalation ids its words raise."""
    elements: tuple[tuple[str, bool], ...] = ()
    """For an agent message (score stage): each required reply element, and whether it is
    there (greeting, apology, solution, timeframe...)."""


@dataclass(frozen=True, slots=True)
class Malformed:
    """A row that could not be read as a message: where, and why."""

    source: str
    line: int
    """1-based line in the file where the row starts (the row index for Parquet)."""
    row: int
    """1-based record number after the header."""
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: row {self.row}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The per-message results of one partition, in input order, with its tallies."""

    index: int
    """Position of the partition in the input (results are summed in this order)."""
    agent_messages: int
    customer_messages: int
    agent_counts: tuple[tuple[str, int], ...]
    """Agent messages per agent."""
    week_counts: tuple[tuple[str, int], ...]
    """Agent messages per ISO week ('unknown' without a time)."""
    conversations: frozenset[str]
    results: tuple[MessageResult, ...]
    scored: int = 0
    """Agent messages scored against their scorecard (score stage)."""
    complete: int = 0
    """Of those, messages with every required element."""
    element_counts: tuple[tuple[str, int, int], ...] = ()
    """(element id, times required, times present when required)."""
    not_checked: tuple[tuple[str, int], ...] = ()
    """Agent messages not checked (no rules in their language), per language code."""
