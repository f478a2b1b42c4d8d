"""Score a reply against the "say" half of the playbook: which elements it has (greeting,
apology, solution, a when...), which its context requires, and a score."""

from __future__ import annotations

from assist.score.context import Context
from assist.score.engine import (
    SCHEMA_VERSION,
    ElementResult,
    Evidence,
    Scorecard,
    Scorer,
    missing_findings,
    score_text,
    scorecard_dict,
    scorer_for,
)

__all__ = [
    "SCHEMA_VERSION",
    "Context",
    "ElementResult",
    "Evidence",
    "Scorecard",
    "Scorer",
    "missing_findings",
    "score_text",
    "scorecard_dict",
    "scorer_for",
]
