"""Linting folders from the command line: on several worker processes (`--jobs`) it prints
exactly what one process prints (same stdout, errors and exit code) in every format, and
the errors show untrusted file names without sending their control characters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assist.lint.parallel import CHUNK_DRAFTS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import drafts


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drafts")
    texts = drafts(3 * CHUNK_DRAFTS + 5, flagged_share=0.4)  # several chunks: workers start
    for i, text in enumerate(texts):
        sub = root / f"team-{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"draft-{i:04d}.txt").write_text(text, encoding="utf-8")
    (root / "team-1" / "latin1.txt").write_bytes("Caf\xe9: you are mistaken".encode("latin-1"))
    (root / "team-2" / "image.bin").write_bytes(b"\x89PNG\0\0\0")
    (root / "hebrew.txt").write_text("אני לא יודע מתי החבילה תגיע.", encoding="utf-8")
    return root


def lint(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "assist", "lint", *args], capture_output=True, env=env, timeout=120
    )


@pytest.mark.parametrize("output_format", ["text", "json", "line"])
def test_two_jobs_print_what_one_job_prints(folder: Path, output_format: str) -> None:
    one = lint("--jobs", "1", "-f", output_format, str(folder), "--text", "you are mistaken")
    two = lint("--jobs", "2", "-f", output_format, str(folder), "--text", "you are mistaken")
    assert one.returncode == two.returncode == 2  # the latin-1 file is an input error
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert one.stdout.count(b"draft-") > CHUNK_DRAFTS


def test_jobs_default_to_every_core_and_agree(folder: Path) -> None:
    clean = [str(p) for p in sorted(folder.rglob("draft-*.txt"))]
    default, single = lint("-f", "line", *clean), lint("-j1", "-f", "line", *clean)
    assert default.returncode == single.returncode == 1
    assert default.stdout == single.stdout


def test_a_file_name_with_an_escape_is_shown_not_sent(tmp_path: Path) -> None:
    (tmp_path / "evil\x1b[2J.txt").write_bytes(b"\xff you are mistaken")
    done = lint(str(tmp_path))
    assert done.returncode == 2
    assert b"\x1b" not in done.stderr and "evil␛[2J.txt".encode() in done.stderr
