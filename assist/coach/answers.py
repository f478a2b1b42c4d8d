"""Answers for `assist coach --answers FILE`: the walkthrough without a terminal.

The file is YAML or JSON, a mapping with these keys (all optional except `summary`,
which may also come from --summary):

    message: |              # the customer's message (the name is read from its sign-off)
      My parcel arrived broken, the second time this month.
      Regards,
      Dana Levi
    type: angry             # customer type id, or not-sure (default)
    channel: phone          # channel id, or other (default)
    customer: Dana Levi
    leaving: no             # has the customer said they are leaving? yes or no (default: what
                            # their message says)
    summary: The parcel arrived broken, the second time this month.
    notes:                  # note id -> text; notes left out stay empty
      cause: The courier dropped the parcel.
      followup-date: +7d    # a date: YYYY-MM-DD, or +N d from today (+2d)
    drafts:                 # step id -> reply draft typed at that step (draft steps only)
      apologise: I am sorry the parcel arrived broken.
    escalations: [abuse]    # trigger ids raised at the first step, or step id -> trigger ids
    reply: ...              # replaces the reply assembled from the notes

Every id is checked against the playbook, so a typo is an error, not a silent gap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assist.coach.state import NO, NOT_SURE, OTHER, YES

if TYPE_CHECKING:
    from assist.model import Playbook

KEYS = (
    "message", "type", "channel", "customer", "leaving", "summary", "notes", "drafts",
    "escalations", "reply",
)  # fmt: skip
START = ""
"""Escalations given as a plain list are raised at the first step."""


class AnswersError(Exception):
    """The answers file cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class Answers:
    """The validated content of an answers file."""

    message: str | None = None
    type: str | None = None
    channel: str | None = None
    customer: str | None = None
    leaving: str | None = None
    summary: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    drafts: dict[str, str] = field(default_factory=dict)
    escalations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Step id (or START) -> trigger ids to raise there."""
    reply: str | None = None


RELATIVE_DATE = re.compile(r"^\+(\d{1,4})\s*d$")
"""A date note given relative to today: +7d is a week from today (examples stay valid)."""


def load_answers(path: Path, playbook: Playbook, today: dt.date | None = None) -> Answers:
    """Read and check an answers file against the playbook (`today` resolves +Nd dates)."""
    data = _read(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnswersError(f"{path}: an answers file must be a mapping (see assist coach --help)")
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise AnswersError(f"{path}: unknown key '{unknown[0]}' (known: {', '.join(KEYS)})")
    check = _Checker(path, playbook)
    return Answers(
        message=check.text(data, "message"),
        type=check.choice(data, "type", [t.id for t in playbook.customer_types] + [NOT_SURE]),
        channel=check.choice(data, "channel", [c.id for c in playbook.channels] + [OTHER]),
        customer=check.text(data, "customer"),
        leaving=check.yes_no(data, "leaving"),
        summary=check.text(data, "summary"),
        notes=_dates(
            check.mapping(data, "notes", [n.id for s in playbook.steps for n in s.notes]),
            today or dt.date.today(),
        ),
        drafts=check.mapping(data, "drafts", [s.id for s in playbook.steps if s.draft]),
        escalations=check.escalations(data.get("escalations")),
        reply=check.text(data, "reply"),
    )


def _dates(notes: dict[str, str], today: dt.date) -> dict[str, str]:
    """Date notes written as +Nd become the date N days from today."""
    result = dict(notes)
    for note_id, value in notes.items():
        found = RELATIVE_DATE.match(value.strip()) if note_id.endswith("date") else None
        if found:
            result[note_id] = (today + dt.timedelta(days=int(found.group(1)))).isoformat()
    return result


MAX_SIZE = 1024 * 1024  # bytes: an answers file is a page of text, never a stream


def _read(path: Path) -> Any:
    import yaml

    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_SIZE + 1)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise AnswersError(f"{path}: cannot read answers file ({reason})") from None
    if len(raw) > MAX_SIZE:
        raise AnswersError(f"{path}: answers file larger than {MAX_SIZE // 1024} KiB; not read")
    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise AnswersError(f"{path}: answers file nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML or JSON"
        raise AnswersError(f"{path}:{where}{problem}") from None


def _scalar(value: Any) -> str | None:
    """A YAML scalar as text (dates and numbers too); None for anything else."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return None


class _Checker:
    def __init__(self, path: Path, playbook: Playbook) -> None:
        self.path = path
        self.playbook = playbook

    def fail(self, message: str) -> AnswersError:
        return AnswersError(f"{self.path}: {message}")

    def text(self, data: dict, key: str) -> str | None:
        if data.get(key) is None:
            return None
        value = _scalar(data[key])
        if value is None:
            raise self.fail(f"'{key}' must be text")
        return value

    def yes_no(self, data: dict, key: str) -> str | None:
        """yes or no (YAML's unquoted yes / no / true / false too)."""
        value = data.get(key)
        if isinstance(value, bool):
            return YES if value else NO
        if value is None or value in (YES, NO):
            return value
        raise self.fail(f"'{key}' must be yes or no, not {value!r}")

    def choice(self, data: dict, key: str, known: list[str]) -> str | None:
        value = self.text(data, key)
        if value is not None and value not in known:
            raise self.fail(f"{key}: unknown id '{value}' (known: {', '.join(known)})")
        return value

    def mapping(self, data: dict, key: str, known: list[str]) -> dict[str, str]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must be a mapping of id to text")
        result = {}
        for item_id, text in value.items():
            if item_id not in known:
                raise self.fail(f"{key}: unknown id '{item_id}' (known: {', '.join(known)})")
            scalar = "" if text is None else _scalar(text)
            if scalar is None:
                raise self.fail(f"{key}.{item_id} must be text")
            result[str(item_id)] = scalar
        return result

    def escalations(self, value: Any) -> dict[str, tuple[str, ...]]:
        if value is None:
            return {}
        if isinstance(value, list):
            value = {START: value}
        if not isinstance(value, dict):
            raise self.fail("'escalations' must be a list of trigger ids or step id -> list")
        steps = [s.id for s in self.playbook.steps]
        triggers = [t.id for t in self.playbook.escalation]
        result = {}
        for step_id, ids in value.items():
            if step_id != START and step_id not in steps:
                raise self.fail(
                    f"escalations: unknown step '{step_id}' (known: {', '.join(steps)})"
                )
            ids = [ids] if isinstance(ids, str) else ids
            if not isinstance(ids, list):
                raise self.fail(f"escalations.{step_id} must be a list of trigger ids")
            for trigger in ids:
                if trigger not in triggers:
                    known = ", ".join(triggers)
                    raise self.fail(f"escalations: unknown trigger '{trigger}' (known: {known})")
            result[str(step_id)] = tuple(ids)
        return result
