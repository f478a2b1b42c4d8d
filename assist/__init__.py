"""assist: coach customer-service agents through complaints.

Public API (imported lazily so `assist lint` starts fast):
`lint_text`, `lint_paths`, `load_playbook`, `Finding`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Finding", "__version__", "lint_paths", "lint_text", "load_playbook"]

if TYPE_CHECKING:
    from assist.lint.engine import lint_paths, lint_text
    from assist.lint.findings import Finding
    from assist.playbook.load import load_playbook

_LAZY = {
    "Finding": "assist.lint.findings",
    "lint_text": "assist.lint",
    "lint_paths": "assist.lint",
    "load_playbook": "assist.playbook",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'assist' has no attribute {name!r}")
