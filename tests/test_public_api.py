"""The public API named in assist.__all__ imports (lazily) and lints."""

from __future__ import annotations

import importlib

import pytest

import assist


@pytest.mark.parametrize("name", assist.__all__)
def test_every_public_name_imports(name: str) -> None:
    assert getattr(importlib.import_module("assist"), name) is not None


def test_lint_text_returns_findings() -> None:
    findings = assist.lint_text("Honestly, you are mistaken.")
    assert [f.rule for f in findings] == ["im-right-youre-wrong"]
    assert isinstance(findings[0], assist.Finding)
