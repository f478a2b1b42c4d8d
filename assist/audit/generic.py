"""The `generic` preset: one row per message, columns named by options."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assist.audit.records import Malformed, Message, Role
from assist.audit.rows import ExportError, RawRow, format_of, read_rows
from assist.audit.times import iso_time

OPEN_CONVERSATIONS = 100_000
"""Conversations whose last customer message is remembered for `reply_to` (least recent
forgotten first): memory stays bounded however the export interleaves conversations."""


@dataclass(frozen=True)
class GenericLayout:
    """Which column holds what. A column not in the file is left out, unless `required`."""

    text: str = "text"
    conversation: str = "conversation_id"
    role: str = "role"
    agent: str = "agent"
    time: str = "created_at"
    message: str = "message_id"
    agent_roles: tuple[str, ...] = ("agent",)
    """Values of the role column for agent messages (compared without case)."""
    customer_roles: tuple[str, ...] = ("customer",)
    required: frozenset[str] = frozenset()
    """Column names the user gave: a file without them is an error, not a silent default.
    The text column is always required."""

    def columns(self) -> tuple[str, ...]:
        """Every column this layout reads."""
        return (self.text, self.conversation, self.role, self.agent, self.time, self.message)


def generic_messages(paths: Iterable[Path], layout: GenericLayout) -> Iterator[Message | Malformed]:
    """Messages of every file in order; a row that is not one is a Malformed record."""
    last_customer: OrderedDict[str, str] = OrderedDict()
    for path in paths:
        _check_columns(path, layout)
        for raw in read_rows(path, layout.columns()):
            item = _message(path, raw, layout)
            if isinstance(item, Message):
                item = _with_reply_to(item, last_customer)
            yield item


def _check_columns(path: Path, layout: GenericLayout) -> None:
    """CSV and Parquet name their columns up front: a required one missing stops the file."""
    names = header_of(path)
    if names is None:
        return
    missing = sorted(name for name in {layout.text, *layout.required} if name not in names)
    if missing:
        raise ExportError(f"{path}: no column '{missing[0]}' (columns: {', '.join(names)})")


def header_of(path: Path) -> list[str] | None:
    """Column names of a CSV or Parquet file; None for JSON Lines (each row has its own)."""
    kind = format_of(path)
    if kind == "jsonl" or not path.is_file():
        return None
    if kind == "parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    import csv

    with path.open(encoding="utf-8", errors="replace", newline="") as stream:
        return next(csv.reader(stream), [])


def _message(path: Path, raw: RawRow, layout: GenericLayout) -> Message | Malformed:
    if raw.values is None:
        return Malformed(str(path), raw.line, raw.row, raw.error or "unreadable")
    values = raw.values
    text = values.get(layout.text)
    if not isinstance(text, str):
        reason = f"no '{layout.text}' text" if text is None else f"'{layout.text}' is not text"
        return Malformed(str(path), raw.line, raw.row, reason)
    role = _role(values.get(layout.role), layout)
    if role is None:
        reason = f"unknown role {str(values.get(layout.role))[:40]!r}"
        return Malformed(str(path), raw.line, raw.row, reason)
    time = iso_time(values.get(layout.time))
    if time is None:
        reason = f"unreadable time {str(values.get(layout.time))[:40]!r}"
        return Malformed(str(path), raw.line, raw.row, reason)
    message = _text(values.get(layout.message)) or f"{path.name}:{raw.row}"
    conversation = _text(values.get(layout.conversation)) or message
    agent = _text(values.get(layout.agent)) if role is Role.agent else ""
    return Message(conversation, message, role, agent, time, text)


def _role(value: object, layout: GenericLayout) -> Role | None:
    """Agent or customer; no role column at all means every message is an agent's."""
    if value is None:
        return Role.agent
    name = str(value).strip().casefold()
    if name in (r.casefold() for r in layout.agent_roles):
        return Role.agent
    if name in (r.casefold() for r in layout.customer_roles):
        return Role.customer
    return None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _with_reply_to(message: Message, last_customer: OrderedDict[str, str]) -> Message:
    """Remember the customer's latest message per conversation; give it to the agent's reply."""
    key = message.conversation
    if message.role is Role.customer:
        last_customer[key] = message.text
        last_customer.move_to_end(key)
        if len(last_customer) > OPEN_CONVERSATIONS:
            last_customer.popitem(last=False)
        return message
    reply_to = last_customer.get(key, "")
    if not reply_to:
        return message
    return Message(
        message.conversation,
        message.message,
        message.role,
        message.agent,
        message.time,
        message.text,
        reply_to,
    )
