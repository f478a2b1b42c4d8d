"""assist: coach customer-service agents through complaints.

Public API (imported lazily so `assist lint` starts fast):
`lint_text`, `lint_paths`, `load_playbook`, `Finding`, `triage_text`, `triage_json`, `Triage`,
`score_text`, `scorecard_dict`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any


__version__ = "0.1.0"
__all__ = [
    "Finding",
    "Triage",
    "__version__",
    "lint_paths",
    "lint_text",
    "load_playbook",
    "score_text",
    "scorecard_dict",
    "triage_json",
    "triage_text",
]

if TYPE_CHECKING:
    from assist.lint.engine import lint_paths
    from assist.lint.findings import Finding
    from assist.playbook.load import load_playbook
    from assist.review import lint_text
    from assist.score import score_text, scorecard_dict
    from assist.triage import Triage, triage_json, triage_text

_LAZY = {
    "Finding": "assist.lint.findings",
    "lint_text": "assist.review",  # accepts reply_to=; without it exactly lint's lint_text
    "lint_paths": "assist.lint",
    "load_playbook": "assist.playbook",
    "score_text": "assist.score",
    "scorecard_dict": "assist.score",
    "triage_text": "assist.triage",
    "triage_json": "assist.triage",
    "Triage": "assist.triage",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        # Kept as the module's attribute: `assist.lint_text(...)` in a loop looks it up once.
        globals()[name] = value
        return value
    raise AttributeError(f"module 'assist' has no attribute {name!r}")
