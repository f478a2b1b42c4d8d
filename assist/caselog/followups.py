"""When to follow up on a case, as the seeds give it.

- `agreed`: the check that the problem is fully solved, on the date the agent agreed with the
  customer (003 § Solving the problem, step 7). Only when a date was agreed; never doubled.
- `survey`: a short satisfaction survey, optional, in a window 24-48 hours after resolution
  (003 § Solving the problem, step 7): a window, not a deadline.
- `relationship`: a call, personal email or card about 30 days after the problem was solved
  (002 § 10 steps, step 10), on the agent's date or 30 days after closing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

RELATIONSHIP_DAYS = 30


@dataclass(frozen=True)
class FollowUpKind:
    """A kind of follow-up: what it is, whether it may be skipped, where the seeds say so."""

    id: str
    label: str
    optional: bool
    source: str


KINDS = {
    kind.id: kind
    for kind in (
        FollowUpKind(
            "agreed",
            "agreed check: is the problem fully solved? (the date agreed with the customer)",
            False,
            "003_2cbb8152d72b4520.txt § Solving the problem, step 7",
        ),
        FollowUpKind(
            "survey",
            "satisfaction survey (optional): within 24-48 h after resolution",
            True,
            "003_2cbb8152d72b4520.txt § Solving the problem, step 7",
        ),
        FollowUpKind(
            "relationship",
            "relationship check: a call, personal email or card (about 30 days after)",
            False,
            "002_a0060daef3b125a1.txt § 10 steps, step 10",
        ),
    )
}
FOLLOWUP_KINDS = {kind_id: kind.label for kind_id, kind in KINDS.items()}
"""Kind id -> one-line label, for listings."""


@dataclass(frozen=True)
class Planned:
    """A follow-up to schedule: its kind, the day it is due (or its window opens) and, for a
    window, the last day it still makes sense."""

    kind: str
    due: date
    until: date | None = None


def plan_followups(
    resolved: date, agreed: date | None = None, relationship: date | None = None
) -> list[Planned]:
    """Follow-ups for a case resolved on `resolved`, earliest first."""
    plan = [
        Planned("survey", resolved + timedelta(days=1), resolved + timedelta(days=2)),
        Planned("relationship", relationship or resolved + timedelta(days=RELATIONSHIP_DAYS)),
    ]
    if agreed is not None:
        plan.append(Planned("agreed", agreed))
    return sorted(plan, key=lambda planned: planned.due)
