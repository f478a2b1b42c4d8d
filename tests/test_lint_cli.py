"""`assist lint` from the command line: formats, exit codes, inputs, config, team overlays."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import Done, assist

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> Done:
    """`assist lint ARGS` through the entry point in a forked process: real exit code and
    streams, without a new interpreter's start-up (that path: `spawned` below)."""
    return assist("lint", *args, stdin=stdin, cwd=cwd or ROOT)


def spawned(*args: str) -> subprocess.CompletedProcess:
    """`python -m assist lint ARGS` in a new interpreter, as a user starts it."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "assist", "lint", *args],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    (tmp_path / "bad.txt").write_text("Hello,\nI don't care about\nthe parcel.\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Thank you, I will check today.\n", encoding="utf-8")
    return tmp_path


def test_example_draft_is_flagged_with_explanations() -> None:
    done = spawned("examples/draft.txt")
    out = done.stdout.decode()
    assert done.returncode == 1
    for rule in ("dont-know", "company-policy", "blame-customer", "transfer-to-manager"):
        assert rule in out
    assert "say instead" in out and "why" in out
    assert "\x1b[" not in out  # NO_COLOR: plain text


def test_json_shape(drafts: Path) -> None:
    done = run("--format", "json", str(drafts / "bad.txt"))
    document = json.loads(done.stdout)
    assert document["schema_version"] == 1
    (finding,) = document["findings"]
    assert set(finding) == {
        "path", "line", "column", "end_line", "end_column", "offset", "length", "rule",
        "severity", "phrase", "matched", "score", "why", "suggestions",
    }  # fmt: skip
    assert (finding["line"], finding["column"], finding["end_line"]) == (2, 1, 2)
    assert finding["rule"] == "dont-care" and finding["matched"] == "I don't care"
    assert isinstance(finding["suggestions"], list) and finding["suggestions"]
    assert document["summary"]["files"] == 1 and document["errors"] == []


def test_line_format_is_one_finding_per_line(drafts: Path) -> None:
    done = run("--format", "line", str(drafts))
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{drafts / 'bad.txt'}:2:1: error [dont-care] ")


def test_exit_codes(drafts: Path) -> None:
    assert run(str(drafts / "good.txt")).returncode == 0
    assert run(str(drafts / "bad.txt")).returncode == 1
    assert run("--fail-on", "none", str(drafts / "bad.txt")).returncode == 0
    policy = "It's company policy."  # company-policy is a warning
    assert run("--text", policy, "--fail-on", "error").returncode == 0
    assert run("--text", policy).returncode == 1
    assert run().returncode == 2
    assert run("--rule", "no-such-rule", "--text", "x").returncode == 2


def test_stdin() -> None:
    done = run("-", "--format", "line", stdin=b"you are mistaken")
    assert done.returncode == 1
    assert done.stdout.decode().startswith("<stdin>:1:1: ")


def test_bad_inputs_are_reported_and_the_rest_still_linted(drafts: Path) -> None:
    (drafts / "latin1.txt").write_bytes("caf\xe9 I don't care".encode("latin-1"))
    (drafts / "image.bin").write_bytes(b"\x89PNG\x00\x00\x01")
    done = run(
        "--format", "line", str(drafts / "latin1.txt"), str(drafts / "image.bin"),
        str(drafts / "missing.txt"), str(drafts / "bad.txt"),
    )  # fmt: skip
    err = done.stderr.decode().splitlines()
    assert done.returncode == 2
    assert err[0].startswith(f"{drafts / 'latin1.txt'}:1:4: not valid UTF-8")
    assert "not a text file" in err[1] and "no such file" in err[2]
    assert "[dont-care]" in done.stdout.decode()
    assert "Traceback" not in done.stderr.decode()


def test_folder_is_walked_and_binary_files_skipped(drafts: Path) -> None:
    (drafts / "sub").mkdir()
    (drafts / "sub" / "reply.md").write_text("You're wrong.", encoding="utf-8")
    (drafts / "sub" / "logo.png").write_bytes(b"\x89PNG\x00\x00")
    (drafts / ".git").mkdir()
    (drafts / ".git" / "x.txt").write_text("I don't care", encoding="utf-8")
    done = run("--format", "line", str(drafts))
    paths = {line.split(":")[0] for line in done.stdout.decode().splitlines()}
    assert paths == {str(drafts / "bad.txt"), str(drafts / "sub" / "reply.md")}
    assert done.returncode == 1


def test_channel_tips_follow_the_findings(drafts: Path) -> None:
    done = run("--channel", "phone", str(drafts / "bad.txt"))
    out = done.stdout.decode()
    assert out.index("dont-care") < out.index("Tips for")
    assert run("--channel", "pigeon", str(drafts / "bad.txt")).returncode == 2


def test_team_config_sets_ignores_and_fail_on(drafts: Path) -> None:
    (drafts / "assist.toml").write_text('ignore = ["dont-care"]\nfail-on = "error"\n')
    assert run(str(drafts / "bad.txt"), cwd=drafts).returncode == 0
    (drafts / "assist.toml").write_text("fail-on = 'loud'\n")
    done = run(str(drafts / "bad.txt"), cwd=drafts)
    assert done.returncode == 2 and "assist.toml" in done.stderr.decode()


def test_pyproject_tool_assist_section(drafts: Path) -> None:
    (drafts / "pyproject.toml").write_text('[tool.assist]\nignore = ["dont-care"]\n')
    assert run(str(drafts / "bad.txt"), cwd=drafts).returncode == 0
    assert run("--no-config", str(drafts / "bad.txt"), cwd=drafts).returncode == 1


def test_team_can_tighten_a_rule_without_code(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "tight.yaml").write_text(
        "overrides:\n  - id: dont-know\n    fuzzy: false\n  - id: dont-care\n    threshold: 100\n"
    )
    text = "I don't knwo. I don't cAre. I dont carre."
    loose = run("--format", "line", "--text", text).stdout.decode()
    tight = run("--format", "line", "--playbooks", str(team), "--text", text).stdout.decode()
    assert "[dont-know]" in loose and "[dont-know]" not in tight
    assert tight.count("[dont-care]") == 1 and loose.count("[dont-care]") == 2


def test_unknown_language_is_a_usage_error() -> None:
    done = run("--language", "xx", "--text", "I don't know")
    assert done.returncode == 2
    assert "'xx'" in done.stderr.decode() and "he" in done.stderr.decode()
