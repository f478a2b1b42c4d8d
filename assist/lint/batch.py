"""Batch input for helpdesk integrations: one JSON draft per line in, one JSON result per line
out (`assist lint --input jsonl`, docs/lint.md). Streaming: one line in memory at a time,
each at most `max_line` bytes. Reading and shaping only; the command lints and writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from assist.lint.findings import Finding
from assist.lint.language import FORCED, DraftLanguage

BLOCK = 1 << 16  # bytes read at a time while skipping the rest of an over-long line


@dataclass(frozen=True)
class BatchDraft:
    """One well-formed input line: a draft to lint, with what it answers."""

    line: int
    """1-based line number in the input."""
    id: str | int
    """The caller's id, echoed on the output line (a string or an integer)."""
    text: str
    """The draft reply."""
    reply_to: str | None = None
    """The customer's message it answers: the context rules run too."""
    channel: str | None = None
    """Where it will be sent (a channel id of the playbook), for `--score`."""


@dataclass(frozen=True)
class BadLine:
    """An input line that is not a draft: it gets an error object, the others go on."""

    line: int
    id: str | int | None
    """The line's id when it could be read, else None (the line number says which)."""
    message: str


def read_batch(stream: IO[bytes], *, max_line: int) -> Iterator[BatchDraft | BadLine]:
    """Each non-blank line of `stream` as a BatchDraft, or a BadLine saying what is wrong
    (not UTF-8, not JSON, not an object, a missing or mistyped field, over `max_line` bytes)."""
    for number, raw in _lines(stream, max_line):
        if raw is None:
            yield BadLine(number, None, f"line {number}: longer than {max_line} bytes")
            continue
        if not raw.strip():
            continue  # blank lines (a trailing newline, spacing) carry no draft
        yield _parse(number, raw)


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over `limit` bytes, never held whole."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(BLOCK)
            yield number, None
            continue
        yield number, raw


def _parse(number: int, raw: bytes) -> BatchDraft | BadLine:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return BadLine(number, None, f"line {number}: not valid UTF-8 (byte {exc.start + 1})")
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        return BadLine(number, None, f"line {number}:{exc.colno}: not JSON ({exc.msg})")
    if not isinstance(item, dict):
        return BadLine(number, None, f"line {number}: not a JSON object")
    draft_id = item.get("id")
    if isinstance(draft_id, bool) or not isinstance(draft_id, str | int):
        return BadLine(number, None, f"line {number}: 'id' must be a string or an integer")
    problem = _field_problem(item)
    if problem is not None:
        return BadLine(number, draft_id, f"line {number}: {problem}")
    return BatchDraft(number, draft_id, item["text"], item.get("reply_to"), item.get("channel"))


def _field_problem(item: dict[str, Any]) -> str | None:
    """What is wrong with the fields other than id; None when they are right."""
    if not isinstance(item.get("text"), str):
        return "'text' must be a string" if "text" in item else "'text' is missing"
    for name in ("reply_to", "channel"):
        if item.get(name) is not None and not isinstance(item[name], str):
            return f"'{name}' must be a string or null"
    return None


def result_line(
    draft_id: str | int, language: DraftLanguage | None, findings: Iterable[Finding]
) -> str:
    """One output line (no newline): the id, its language, whether it was checked, findings."""
    data: dict[str, Any] = {"id": draft_id}
    if language is None:  # languages chosen with --language: not detected
        data.update(language=None, checked=True, language_basis=FORCED)
    else:
        data.update(language.as_json())
    data["findings"] = [finding_dict(f) for f in findings]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def error_line(bad: BadLine) -> str:
    """The output line for a malformed input line: its id (or null), line number, error."""
    data = {"id": bad.id, "line": bad.line, "error": bad.message}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding with the fields of `assist lint --format json`, in the same order."""
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "offset": f.offset,
        "length": f.length,
        "rule": f.rule,
        "severity": str(f.severity),
        "phrase": f.phrase,
        "matched": f.matched,
        "score": f.score,
        "why": f.why,
        "suggestions": list(f.suggestions),
    }
