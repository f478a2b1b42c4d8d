"""Replies judged with the customer's message they answer: lint plus context rules."""

from __future__ import annotations

from assist.review.engine import SILENT_NOTE, Reviewer, lint_text, reviewer_for

__all__ = ["SILENT_NOTE", "Reviewer", "lint_text", "reviewer_for"]
