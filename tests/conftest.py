"""Shared fixtures: a small built-in layer to test against, and an in-process CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
BASE = DATA / "overlay" / "base"
"""A small valid playbook laid out like the built-ins: phrases.yaml and playbooks/*.yaml."""


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the test run's playbook cache out of the user's cache folder."""
    before = os.environ.get("ASSIST_CACHE_DIR")
    os.environ["ASSIST_CACHE_DIR"] = str(tmp_path_factory.mktemp("assist-cache"))
    yield
    if before is None:
        os.environ.pop("ASSIST_CACHE_DIR", None)
    else:
        os.environ["ASSIST_CACHE_DIR"] = before


@pytest.fixture
def base_builtins(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use tests/data/overlay/base as the built-in layer, so tests do not follow content edits."""
    from assist import playbook

    monkeypatch.setattr(playbook, "builtin_dir", lambda: BASE)
    return BASE


@pytest.fixture
def run_cli() -> Callable[..., Any]:
    """Run browse / playbook commands in-process: `run_cli("types", "x", env={...})`."""
    import typer
    from typer.testing import CliRunner

    from assist.cli_browse import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env={"COLUMNS": "80", **(env or {})})

    return run
