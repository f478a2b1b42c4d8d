"""Start-up of `assist lint` (issue 9): what a cold run imports and reads, and that the
playbook read back with its sections deferred is the playbook the files give."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from entries import entry_head, entry_parts

from assist.lint import Linter
from assist.lint.layered import LinterLayering
from assist.model import DEFERRABLE, Playbook
from assist.playbook.cache import cache_dir, load_cached
from assist.playbook.load import load_playbook

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "data" / "overlay" / "base"
TEAM = """rules:
  - id: team-no-way
    severity: warning
    phrases: ["no way"]
    why: It closes the conversation.
    say: [Here is what I can do.]
    source: team addition
"""
# Packages a cold `assist lint` (default text format, to a file, cache warm) never imports.
NOT_ON_THE_LINT_PATH = ("typer", "click", "rich", "yaml", "pathlib")
"""pathlib brings urllib.parse and ipaddress: 17 M instructions, a fifteenth of a cold lint."""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_builtins: Path) -> Path:
    """A fresh cache folder over the small built-in layer."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(folder))
    return folder


def cached_playbook(team_dirs: list[Path]) -> Playbook:
    return load_cached(team_dirs, Linter, layering=LinterLayering()).playbook


def deferred(playbook: Playbook) -> set[str]:
    """The sections not decoded yet."""
    return set(playbook.__dict__.get("_deferred", ()))


def test_a_cold_lint_imports_no_yaml_terminal_library_or_unused_model_class(
    tmp_path: Path,
) -> None:
    env_code = (  # over the small built-in layer (a full compile would fill the cache slowly)
        "import sys\n"
        "from assist.playbook import load\n"
        "base = sys.argv[2]\n"
        "load.builtin_root = lambda: base\n"
        "sys.argv = ['assist', 'lint', '--no-config', sys.argv[1]]\n"
        "from assist.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "sys.stdout.flush()\n"
        "print(code, ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    draft = ROOT / "examples" / "draft.txt"
    env = {**os.environ, "ASSIST_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", env_code, str(draft), str(BASE)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        for _ in range(2)  # the first fills the cache, the second is the cold run
    ]
    code, modules = runs[1].stderr.strip().splitlines()[-1].split(" ", 1)
    assert code in ("0", "1") and runs[1].stdout == runs[0].stdout != ""
    loaded = set(modules.split())
    assert "assist.lint.engine" in loaded  # the probe saw the run
    assert [m for m in loaded if m.split(".")[0] in NOT_ON_THE_LINT_PATH] == []
    assert "assist.model_sections" not in loaded


@pytest.mark.usefixtures("cache")
def test_sections_lint_never_reads_stay_undecoded_and_decode_to_the_files_playbook(
    tmp_path: Path,
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "team.yaml").write_text(TEAM, encoding="utf-8")
    for folders in ([], [team]):
        cached_playbook(folders)  # fills the entries
        playbook = cached_playbook(folders)
        assert (playbook.rule("team-no-way") is not None) == bool(folders)
        assert deferred(playbook) == set(DEFERRABLE)
        fresh = load_playbook(folders)
        assert playbook == fresh  # every section decoded on first use, equal to the files'
        assert deferred(playbook) == set()
        again = cached_playbook(folders)
        assert pickle.loads(pickle.dumps(again)) == fresh  # worker processes get it whole
        assert "_deferred" not in pickle.loads(pickle.dumps(again)).__dict__


def _rewrite_section(entry: Path, name: str, text: bytes) -> None:
    """Replace a deferred section's stored text, with checksums that hold (as if another
    program wrote the entry)."""
    document, texts = entry_parts(entry)
    texts[document["sections"][name]] = text
    entry.write_bytes(entry_head(document, texts) + b"".join(texts))


@pytest.mark.parametrize(
    "planted",
    [
        b"not json",
        b'{"@tuple": [{"@type": "os.system", "fields": {}}]}',
        b'{"@tuple": ["a string, not a step"]}',
        b"\xff\xfe",
    ],
)
def test_a_deferred_section_that_does_not_fit_is_read_from_the_files(
    cache: Path, planted: bytes
) -> None:
    cached_playbook([])
    (entry,) = cache_dir().glob("playbook-*.json")
    _rewrite_section(entry, "steps", planted)
    playbook = cached_playbook([])
    assert "steps" in deferred(playbook)  # the entry was trusted (its checksum holds)
    assert playbook.steps == load_playbook([]).steps


def _rules_text(rules: str) -> bytes:
    return b'{"rules": ' + rules.encode() + b', "languages": {"@dict": []}}'


@pytest.mark.parametrize(
    "planted",
    [
        _rules_text('{"@tuple": [{"@type": "os.system", "fields": {}}]}'),
        _rules_text('{"@tuple": [{"@type": "PhraseRule", "fields": {"id": "x"}}]}'),
        _rules_text('{"@frozenset": [[1]]}'),
        _rules_text('{"@dict": [[[1], 2]]}'),
        _rules_text('{"@severity": "fatal"}'),
        _rules_text('{"@pickle": []}'),
        _rules_text('{"@tuple": [], "@dict": []}'),
        b'{"rules": {"@tuple": []}}',
        b"[]",
        b"\xff\xfe",
    ],
)
def test_a_stored_playbook_that_does_not_fit_is_read_from_the_files(
    cache: Path, planted: bytes
) -> None:
    cached_playbook([])
    (entry,) = cache_dir().glob("playbook-*.json")
    document, texts = entry_parts(entry)
    texts[document["playbook"]] = planted  # checksums that hold, as if another program wrote it
    entry.write_bytes(entry_head(document, texts) + b"".join(texts))
    assert cached_playbook([]) == load_playbook([])
    rebuilt, texts = entry_parts(entry)
    assert texts[rebuilt["playbook"]] != planted  # not trusted: the entry was written again


def test_the_cache_stores_deferred_sections_as_json_texts(cache: Path) -> None:
    cached_playbook([])
    (entry,) = cache_dir().glob("playbook-*.json")
    document, texts = entry_parts(entry)
    assert set(document["sections"]) == set(DEFERRABLE)
    stored = json.loads(texts[document["playbook"]])  # the playbook's other sections (format 7)
    assert set(stored) == {"rules", "languages"}


STEP = """steps:
  - id: team-check-in
    title: Check in
    goal: Ask how it went.
    for-types:
      no-such-type:
        - Be brief.
    source: team addition
"""


def test_after_an_edit_of_rules_the_merge_decodes_no_other_section(
    cache: Path, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "team.yaml").write_text(TEAM, encoding="utf-8")
    cached_playbook([])  # the built-in layer's entry; the team's is built on it
    merged = cached_playbook([team])
    assert deferred(merged) == set(DEFERRABLE)  # merged onto, never decoded
    assert merged.rule("team-no-way") is not None
    assert merged == load_playbook([team])
    entries = {
        json.loads(e.read_bytes().split(b"\n", 2)[1])["key"].count("\n"): e
        for e in cache_dir().glob("playbook-*.json")
    }
    base, team_entry = (entries[k] for k in sorted(entries))  # the team key is the longer
    assert _section_text(team_entry, "steps") == _section_text(base, "steps")


def test_after_an_edit_adding_to_a_section_its_references_are_checked_as_in_a_whole_load(
    cache: Path, tmp_path: Path
) -> None:
    from assist.errors import PlaybookErrors

    team = tmp_path / "team"
    team.mkdir()
    (team / "team.yaml").write_text(TEAM + STEP, encoding="utf-8")
    cached_playbook([])
    with pytest.raises(PlaybookErrors) as cached_error:
        cached_playbook([team])
    with pytest.raises(PlaybookErrors) as whole_error:
        load_playbook([team])
    assert [str(e) for e in cached_error.value.errors] == [str(e) for e in whole_error.value.errors]
    assert any("no-such-type" in str(e) for e in whole_error.value.errors)


def _section_text(entry: Path, name: str) -> bytes:
    raw = entry.read_bytes()
    start = raw.index(b"\n") + 1
    end = raw.index(b"\n", start)
    document = json.loads(raw[start:end])
    number = document["sections"][name]
    at = end + 1 + sum(document["blobs"][:number])
    return raw[at : at + document["blobs"][number]]


def test_the_draft_input_tuple_made_at_run_time_has_the_fields_type_checkers_see() -> None:
    """DraftInput is written twice (a NamedTuple for type checkers, a namedtuple at run time,
    so that lint never imports typing): a field or default added to one only fails here."""
    import ast

    from assist.lint import inputs

    tree = ast.parse(Path(inputs.__file__).read_text(encoding="utf-8"))
    declared = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name == "DraftInput"
    )
    fields = [s for s in declared.body if isinstance(s, ast.AnnAssign)]
    names = tuple(s.target.id for s in fields if isinstance(s.target, ast.Name))
    defaults = {
        s.target.id: ast.literal_eval(s.value)
        for s in fields
        if isinstance(s.target, ast.Name) and s.value is not None
    }
    assert inputs.DraftInput._fields == names
    assert inputs.DraftInput._field_defaults == defaults
