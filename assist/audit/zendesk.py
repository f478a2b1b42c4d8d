"""The `zendesk` preset: a Zendesk ticket export with comments, as JSON Lines.

One ticket per line: `id`, `requester_id` and `comments`, each comment with `id`,
`author_id`, `body` (or `plain_body`), `created_at` and `public` (the Tickets API's ticket and
ticket-comment objects). The requester's comments are the customer's; every other author is an
agent (named by author id). Internal notes (`public: false`) are agent messages too: they
are checked like replies.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from assist.audit.records import Malformed, Message, Role
from assist.audit.rows import ExportError, RawRow, format_of, read_rows
from assist.audit.times import iso_time


def zendesk_messages(paths: Iterable[Path]) -> Iterator[Message | Malformed]:
    """Every comment of every ticket, in order; a bad ticket or comment is Malformed."""
    for path in paths:
        if format_of(path) != "jsonl":
            raise ExportError(f"{path}: the zendesk preset reads JSON Lines (.jsonl)")
        for raw in read_rows(path):
            yield from _ticket(path, raw)


def _ticket(path: Path, raw: RawRow) -> Iterator[Message | Malformed]:
    def bad(reason: str) -> Malformed:
        return Malformed(str(path), raw.line, raw.row, reason)

    if raw.values is None:
        yield bad(raw.error or "unreadable")
        return
    ticket = raw.values
    comments = ticket.get("comments")
    if ticket.get("id") is None or not isinstance(comments, list):
        yield bad("not a ticket with an id and a list of comments")
        return
    requester = ticket.get("requester_id")
    last_customer = ""
    for number, comment in enumerate(comments, 1):
        if not isinstance(comment, dict):
            yield bad(f"comment {number} is not an object")
            continue
        text = comment.get("body", comment.get("plain_body"))
        time = iso_time(comment.get("created_at"))
        if not isinstance(text, str) or time is None:
            yield bad(f"comment {number}: no body or an unreadable created_at")
            continue
        author = comment.get("author_id")
        role = Role.customer if author == requester else Role.agent
        conversation = str(ticket["id"])
        message = str(comment.get("id", f"{conversation}#{number}"))
        if role is Role.customer:
            last_customer = text
            yield Message(conversation, message, role, "", time, text)
        else:
            yield Message(conversation, message, role, str(author), time, text, last_customer)
