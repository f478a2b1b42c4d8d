"""Linting drafts: normalize the text, match the playbook's phrases, report Findings."""

from __future__ import annotations

from assist.lint.engine import FileResult, Linter, lint_paths, lint_text
from assist.lint.findings import Finding

__all__ = ["FileResult", "Finding", "Linter", "lint_paths", "lint_text"]
