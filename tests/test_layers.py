"""The architecture holds: each package imports only from the layers below it (the contracts
in pyproject.toml, checked by import-linter), and engine packages never print or exit."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ASSIST = Path(__file__).resolve().parent.parent / "assist"
QUIET = (
    "lint",
    "playbook",
    "caselog",
    "authoring",
    "triage",
    "audit",
    "score",
    "model.py",
    "errors.py",
    "config.py",
)
"""Packages and modules that return data or raise: only cli/ (and the coach's screens) print."""
EXITING = ("sys", "typer", "os")


def _engine_files() -> list[Path]:
    files: list[Path] = []
    for name in QUIET:
        path = ASSIST / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


@pytest.mark.parametrize("path", _engine_files(), ids=lambda p: str(p.relative_to(ASSIST)))
def test_engine_modules_never_print_or_exit(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if call and node.func.id in ("print", "exit", "quit"):
            bad.append(f"{node.lineno}: {node.func.id}()")
        exit_attr = isinstance(node, ast.Attribute) and node.attr in ("exit", "Exit", "_exit")
        if exit_attr and isinstance(node.value, ast.Name) and node.value.id in EXITING:
            bad.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        if isinstance(node, ast.Name) and node.id == "SystemExit":
            bad.append(f"{node.lineno}: SystemExit")
    assert bad == []


def test_import_contracts_hold() -> None:
    """`lint-imports` (installed with the test extras) checks pyproject.toml's contracts."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail("lint-imports is not installed: pip install '.[test]'")
    root = ASSIST.parent
    if not (root / "pyproject.toml").is_file():
        pytest.skip("not a checkout: the contracts live in pyproject.toml")
    done = subprocess.run([command], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_subprocesses_run_the_same_assist_as_the_tests(tmp_path: Path) -> None:
    """`python -m assist` in a subprocess (as the CLI tests run it) imports the copy of assist
    this process tests, even from the checkout's folder, where Python would otherwise put the
    current folder first and an installed copy and the checkout could differ."""
    import assist

    code = "import assist; print(assist.__file__)"
    for cwd in (ASSIST.parent, tmp_path):
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60
        )
        assert Path(done.stdout.strip()).resolve() == Path(assist.__file__).resolve()
