"""Hostile input to `assist lint` and the CLI around it, through the installed CLI: odd
files, huge files, undecodable names, strict encodings, broken output channels, planted
caches, nested config and playbooks, and config from parent folders."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from entries import entry_head, entry_parts
from hostile import (
    as_nobody,
    assist,
    mount_small_disk,
    one_line_error,
    permissions_apply,
    shared_tmp,
)

from assist.playbook.cache import FORMAT

BAD = b"Hello,\nI don't care about the parcel.\n"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX files")


def lint(*args: str | bytes | Path, **kwargs) -> object:
    return assist("lint", *args, **kwargs)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.txt").write_bytes(BAD)
    return drafts


def rules(done) -> list[tuple[str, int, int, str]]:
    """(path, line, column, rule) of each finding in a --format json run."""
    document = json.loads(done.stdout)
    return [(f["path"], f["line"], f["column"], f["rule"]) for f in document["findings"]]


def error_paths(done) -> list[str]:
    return [e["path"] for e in json.loads(done.stdout)["errors"]]


# -- what is in a folder -----------------------------------------------------------------------


@posix_only
def test_a_fifo_is_reported_not_read_and_never_hangs(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    done = lint("-f", "json", folder, timeout=20)
    assert done.returncode == 2
    assert rules(done) == [(str(folder / "a.txt"), 2, 1, "dont-care")]
    assert error_paths(done) == [str(folder / "pipe.txt")]
    assert "FIFO" in one_line_error(lint(folder / "pipe.txt", timeout=20))


@posix_only
def test_devices_given_or_linked_are_reported_not_read(folder: Path) -> None:
    (folder / "zero.txt").symlink_to("/dev/zero")
    done = lint("-f", "json", folder, "/dev/zero", "/dev/urandom", timeout=20)
    assert done.returncode == 2
    assert error_paths(done) == [str(folder / "zero.txt"), "/dev/zero", "/dev/urandom"]
    assert len(rules(done)) == 1


@posix_only
def test_dangling_link_and_directory_loop_are_one_line_each(folder: Path) -> None:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.txt").write_bytes(BAD)
    (folder / "sub" / "up").symlink_to(folder)  # a loop back to the top
    done = lint("-f", "json", folder, timeout=20)
    assert done.returncode == 2
    assert sorted(error_paths(done)) == [str(folder / "gone.txt"), str(folder / "sub" / "up")]
    assert [r[0] for r in rules(done)] == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]
    text = lint(folder, timeout=20)
    assert len(text.err.strip().splitlines()) == 2 and "Traceback" not in text.err
    assert "loop" in text.err and "broken symbolic link" in text.err


@posix_only
def test_a_file_with_a_newline_in_its_name_is_linted_and_stays_one_line(folder: Path) -> None:
    name = folder / "two\nlines.txt"
    name.write_bytes(BAD)
    done = lint("-f", "json", name)
    assert rules(done) == [(str(name), 2, 1, "dont-care")]
    line = lint("-f", "line", name)
    assert line.returncode == 1
    assert len(line.out.strip().splitlines()) == 1  # the name cannot break the line format


def test_utf16_and_utf32_with_a_bom_are_decoded(folder: Path) -> None:
    text = BAD.decode()
    (folder / "u16.txt").write_bytes(text.encode("utf-16"))
    (folder / "u16be.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    (folder / "u32.txt").write_bytes(text.encode("utf-32"))
    done = lint("-f", "json", folder)
    assert done.returncode == 1
    assert [(r[1], r[2]) for r in rules(done)] == [(2, 1)] * 4


def test_a_binary_file_given_is_an_error_and_in_a_folder_a_note(folder: Path) -> None:
    (folder / "logo.png").write_bytes(b"\x89PNG\x00\x00")
    done = lint("-f", "json", folder)
    assert done.returncode == 1 and error_paths(done) == []
    assert "logo.png" in done.err  # skipped, but not in silence
    assert lint(folder / "logo.png").returncode == 2


def test_a_50_mb_single_line_draft_is_refused_quickly_by_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:
        stream.write(b"I don't care " * (50 * 1024 * 1024 // 13))
    done = lint(big, timeout=30)
    assert done.returncode == 2
    assert str(big) in one_line_error(done) and "--max-size" in done.err


def test_max_size_option_and_standard_input_limit(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_bytes(BAD * 40)  # 1.3 KB
    assert lint("--max-size", "1k", draft).returncode == 2
    assert lint("--max-size", "2k", "-", stdin=BAD * 40).returncode == 1
    assert "--max-size" in one_line_error(lint("--max-size", "lots", draft))


@pytest.mark.skipif(not permissions_apply(), reason="needs POSIX permissions and fork")
def test_unreadable_folders_and_files_are_errors_not_silent_skips() -> None:
    top = shared_tmp()
    try:
        drafts = top / "drafts"
        (drafts / "locked").mkdir(parents=True)
        (drafts / "a.txt").write_bytes(BAD)
        (drafts / "locked" / "hidden.txt").write_bytes(BAD)
        (drafts / "secret.txt").write_bytes(BAD)
        drafts.chmod(0o755)
        (drafts / "a.txt").chmod(0o644)
        (drafts / "locked").chmod(0o000)
        (drafts / "secret.txt").chmod(0o000)
        done = as_nobody("lint", "-f", "json", str(drafts), cwd=top)
        assert done.returncode == 2, done.err
        assert sorted(error_paths(done)) == [str(drafts / "locked"), str(drafts / "secret.txt")]
        assert rules(done) == [(str(drafts / "a.txt"), 2, 1, "dont-care")]
        given = as_nobody("lint", str(drafts / "locked"), str(drafts / "locked" / "x.txt"), cwd=top)
        assert given.returncode == 2 and len(given.err.strip().splitlines()) == 2
        assert "Traceback" not in given.err
    finally:
        (top / "drafts" / "locked").chmod(0o755)
        shutil.rmtree(top)


def test_a_name_longer_than_the_system_allows_is_one_line(tmp_path: Path) -> None:
    long_name = "x" * 300
    for command in (
        ("lint", long_name),
        ("lint", "-p", long_name, "--text", "hi"),
        ("cases", "--db", long_name),
        ("coach", "--answers", long_name, "--db", str(tmp_path / "c.db")),
    ):
        done = assist(*command, cwd=tmp_path)
        assert done.returncode == 2, command
        assert long_name in one_line_error(done)


# -- terminal and output channel ---------------------------------------------------------------

ESCAPES = (
    b"Hi \x1b[2J\x1b]0;pwned\x07 I don't care \x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\\n"
)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_escape_sequences_in_a_draft_are_shown_not_run_on_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    draft = tmp_path / "draft.txt"
    draft.write_bytes(ESCAPES)
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    output, status = pexpect.run(
        f"{sys.executable} -m assist lint {draft}",
        env=env, withexitstatus=True, timeout=30, dimensions=(40, 200),
    )  # fmt: skip
    assert status == 1
    assert b"\x1b[2J" not in output and b"\x1b]" not in output and b"\x07" not in output
    assert "␛[2J".encode() in output and "␛]8;;http://evil".encode() in output


def test_json_keeps_the_original_text_and_offsets(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(ESCAPES)
    document = json.loads(lint("-f", "json", draft).stdout)
    (finding,) = document["findings"]
    text = ESCAPES.decode()
    assert text[finding["offset"] : finding["offset"] + finding["length"]] == "I don't care"


@posix_only
def test_undecodable_bytes_in_a_name_are_escaped_in_json_and_visible_in_text(
    tmp_path: Path,
) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9-\xff.txt"
    with open(name, "wb") as stream:
        stream.write(BAD)
    done = lint("-f", "json", name)
    assert done.returncode == 1
    document = json.loads(done.stdout.decode("utf-8"))  # valid UTF-8, valid JSON
    assert os.fsencode(document["findings"][0]["path"]) == name
    text = lint(name)
    assert text.returncode == 1 and b"\\xe9-\\xff.txt" in text.stdout
    line = lint("-f", "line", name)
    assert b"\\xe9-\\xff.txt:2:1" in line.stdout
    missing = lint(os.fsencode(tmp_path) + b"/nope\xff.txt")
    assert missing.returncode == 2 and "nope\\xff.txt" in one_line_error(missing)


@posix_only
def test_undecodable_bytes_in_text_never_crash(tmp_path: Path) -> None:
    for fmt in ("text", "json"):
        done = lint("-f", fmt, "--text", b"I don't care \xff\xfe")
        assert done.returncode == 1, (fmt, done.err)
        assert "Traceback" not in done.err


@pytest.mark.parametrize(
    "setting",
    [
        {"PYTHONIOENCODING": "ascii:strict"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
)
def test_a_strict_ascii_output_encoding_never_raises(
    setting: dict[str, str], tmp_path: Path
) -> None:
    hebrew = tmp_path / "he.txt"
    hebrew.write_text("אני לא יודע I don't care ✓", encoding="utf-8")
    for fmt in ("text", "json"):
        done = lint("-f", fmt, hebrew, env=setting)
        assert done.returncode == 1, (fmt, done.err)
        assert "Traceback" not in done.err and done.stdout.isascii()
        if fmt == "json":
            document = json.loads(done.stdout)
            assert {f["matched"] for f in document["findings"]} >= {"אני לא יודע"}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_output_device_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "wb") as full:
        done = assist("lint", "examples/draft.txt", stdout=full.fileno(), cwd=Path.cwd())
    assert done.returncode == 2
    assert "No space left" in one_line_error(done)


@posix_only
def test_a_closed_pipe_is_quiet_and_exit_141_as_cat(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_bytes(BAD * 5000)  # enough output to fill the pipe
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = assist("lint", "-f", "line", draft, stdout=writer)
    finally:
        os.close(writer)
    assert done.returncode == 141
    assert done.stderr == b"" or done.stderr == ""


def test_an_internal_error_is_one_line_exit_3_and_the_traceback_only_with_debug() -> None:
    script = (
        "import sys, assist.cli.app as app\n"
        "def broken(*args): raise ValueError('boom')\n"
        "app.create_app = app._fast = broken\n"  # both ways a command line is run
        "app.main()\n"
    )
    for argv, traceback in ((["lint"], False), (["--debug", "lint"], True)):
        done = subprocess.run(
            [sys.executable, "-c", script, *argv], capture_output=True, timeout=60, text=True
        )
        assert done.returncode == 3
        assert ("Traceback" in done.stderr) is traceback
        if not traceback:
            assert done.stderr.count("\n") == 1 and "ValueError: boom" in done.stderr


# -- the playbook cache ------------------------------------------------------------------------


def _cache_entry(cache: Path) -> Path:
    (entry,) = cache.glob("playbook-*.json")
    return entry


def _entry_document(entry: Path) -> dict:
    """The JSON document of a cache entry (the line after its checksum line; the texts stored
    beside it follow)."""
    return dict(json.loads(entry.read_bytes().split(b"\n", 2)[1]))


# The cache tests build fresh entries: over the small built-in layer (base_builtins; the
# forked runs of `lint` inherit it), a build costs a fraction of the full built-ins' one.
@pytest.mark.usefixtures("base_builtins")
def test_a_planted_pickle_never_runs_and_damaged_entries_are_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"ASSIST_CACHE_DIR": str(cache)}
    assert lint("--text", "I don't know", env=env).returncode == 1
    entry = _cache_entry(cache)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    planted = pickle.dumps(Payload())
    for content in (planted, b'{"format": "' + FORMAT.encode()):  # planted; truncated
        entry.write_bytes(content)
        (cache / (entry.stem + ".pickle")).write_bytes(planted)  # the old format's name
        done = lint("--text", "I don't know", env=env)
        assert done.returncode == 1 and done.err == "", done.err
        assert not marker.exists()
    assert _entry_document(entry)["format"] == FORMAT
    assert not list(cache.glob("*.pickle")) and not list(cache.glob("*.tmp"))


@pytest.mark.usefixtures("base_builtins")
def test_a_cache_entry_with_a_foreign_key_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"ASSIST_CACHE_DIR": str(cache)}
    lint("--text", "hi", env=env)
    entry = _cache_entry(cache)
    document = _entry_document(entry)
    document["key"] = "someone else's"
    document["playbook"] = {"@type": "Playbook", "fields": {}}
    _, texts = entry_parts(entry)
    entry.write_bytes(entry_head(document, texts) + b"".join(texts))  # sound, another key
    assert lint("--text", "I don't know", env=env).returncode == 1


@pytest.mark.usefixtures("base_builtins")
def test_an_unwritable_cache_is_one_note_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    done = lint("--text", "I don't know", env={"ASSIST_CACHE_DIR": str(blocker / "cache")})
    assert done.returncode == 1
    assert one_line_error(done).startswith("note: playbook cache not written")


@pytest.mark.usefixtures("base_builtins")
def test_a_full_disk_cache_is_one_note_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if not mount_small_disk(disk, "64k"):
        pytest.skip("a full disk needs root and mount (a small tmpfs)")
    try:
        (disk / "fill").write_bytes(b"\0" * 60 * 1024)
        done = lint("--text", "I don't know", env={"ASSIST_CACHE_DIR": str(disk)})
        assert done.returncode == 1
        assert one_line_error(done).startswith("note: playbook cache not written")
        assert sorted(p.name for p in disk.iterdir()) == ["fill"]
    finally:
        subprocess.run(["umount", str(disk)])


@pytest.mark.usefixtures("base_builtins")
def test_a_team_file_that_vanishes_while_the_key_is_computed_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assist.lint import Linter
    from assist.playbook import cache

    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "cache"))
    team = tmp_path / "team"
    team.mkdir()
    real = cache.playbook_files
    monkeypatch.setattr(cache, "playbook_files", lambda d: [*real(d), d / "replaced.yaml"])
    linter = cache.load_cached([team], Linter)
    assert linter.playbook.rules and not (tmp_path / "cache").exists()


# -- config ------------------------------------------------------------------------------------


def test_config_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "assist.toml").write_text('ignore = ["dont-care"]\nfail-on = "none"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "draft.txt").write_bytes(BAD)
    done = lint("-f", "json", "draft.txt", cwd=repo)
    assert done.returncode == 1 and [r[3] for r in rules(done)] == ["dont-care"]
    assert json.loads(done.stdout)["config"]["file"] is None
    outside = lint("-f", "json", "repo/draft.txt", cwd=tmp_path)
    assert outside.returncode == 0 and rules(outside) == []
    config = json.loads(outside.stdout)["config"]
    assert config["file"] == str(tmp_path / "assist.toml")
    assert config["settings"] == {"ignore": ["dont-care"], "fail_on": "none"}


def test_a_config_in_the_temporary_folder_applies_only_there(tmp_path: Path) -> None:
    """`assist playbook init` run in /tmp leaves /tmp/assist.toml: it must not apply to every
    folder made below /tmp (pytest's, mktemp's), only to a run in /tmp itself."""
    shared = tmp_path / "tmp"
    project = shared / "project"
    project.mkdir(parents=True)
    (shared / "assist.toml").write_text('ignore = ["dont-care"]\nfail-on = "none"\n')
    (tmp_path / "assist.toml").write_text('fail-on = "none"\n')  # above it: never read
    (project / "draft.txt").write_bytes(BAD)
    env = {"TMPDIR": str(shared)}
    below = lint("-f", "json", "draft.txt", cwd=project, env=env)
    assert below.returncode == 1 and [r[3] for r in rules(below)] == ["dont-care"]
    assert json.loads(below.stdout)["config"]["file"] is None
    there = lint("-f", "json", "project/draft.txt", cwd=shared, env=env)
    assert there.returncode == 0 and rules(there) == []
    assert json.loads(there.stdout)["config"]["file"] == str(shared / "assist.toml")


def test_deeply_nested_config_and_team_playbooks_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "assist.toml").write_text("a = " + "[" * 1000 + "]" * 1000 + "\n")
    done = lint("--text", "hi", cwd=tmp_path)
    assert done.returncode == 2 and "assist.toml" in one_line_error(done)
    for depth in (70, 500, 999):
        team = tmp_path / f"team{depth}"
        team.mkdir()
        (team / "team.yaml").write_text("rules: " + "[" * depth + "]" * depth + "\n")
        done = lint("--no-config", "-p", team, "--text", "hi", cwd=tmp_path)
        assert done.returncode == 2 and "team.yaml:1:" in one_line_error(done)


@posix_only
def test_playbook_init_never_writes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "assist.toml").symlink_to(outside)
    for extra in ((), ("--force",)):
        done = assist("playbook", "init", "team", *extra, cwd=repo)
        assert done.returncode == 2 and "assist.toml" in one_line_error(done)
    assert outside.read_text() == "keep me"


# -- suppression markers -----------------------------------------------------------------------


def test_suppression_regions_hold_and_unterminated_markers_change_nothing() -> None:
    from assist.lint import lint_text

    text = (
        "I don't care. <!-- assist-disable dont-care --> I don't care. "
        "<!-- assist-enable dont-care --> I don't care. <!-- assist-disable --> I don't care."
    )
    offsets = [f.offset for f in lint_text(text, rules=["dont-care"])]
    assert offsets == [0, text.index("I don't care", text.index("enable"))]
    noisy = text + " <!-- assist-disable" * 2000  # never closed with -->
    assert [f.offset for f in lint_text(noisy, rules=["dont-care"])] == offsets
