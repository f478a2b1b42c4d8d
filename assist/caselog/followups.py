"""When to follow up on a case, as the seeds give it."""

from __future__ import annotations

from datetime import date, timedelta

FOLLOWUP_KINDS = {
    "satisfaction": "satisfaction check: is the problem fully solved? (24-48 h after)",
    "relationship": "relationship check: a personal call or note (30 days after)",
    "agreed": "agreed follow-up: the date you agreed with the customer",
}
"""Follow-up kinds. Sources: 003_2cbb8152d72b4520.txt § Solving the problem, step 7 (a survey
24-48 hours after resolution); 002_a0060daef3b125a1.txt § Follow-up steps (contact the
customer 30 days after the problem was solved)."""


def plan_followups(resolved: date, agreed: date | None = None) -> list[tuple[str, date]]:
    """Follow-ups for a case resolved on `resolved`: (kind, due date) pairs."""
    plan = [
        ("satisfaction", resolved + timedelta(days=1)),
        ("relationship", resolved + timedelta(days=30)),
    ]
    if agreed is not None:
        plan.append(("agreed", agreed))
    return plan
