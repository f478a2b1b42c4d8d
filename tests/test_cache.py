"""The playbook cache: used when current, rebuilt when a file changes or the entry is damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from entries import compile_counter

from assist.lint import Linter, lint_text
from assist.playbook.cache import cache_dir, load_cached


def load_compiled(folders: list[Path]) -> tuple[object, Linter]:
    linter = load_cached(folders, Linter)
    return linter.playbook, linter


RULE = """rules:
  - id: team-no-way
    severity: warning
    phrases: ["{phrase}"]
    why: It closes the conversation.
    say: [Here is what I can do.]
    source: team addition
"""


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_builtins: Path) -> Path:
    """A team folder over the small built-in layer (what is cached does not matter here, and
    it compiles in a fraction of the full built-ins' time), with a fresh cache folder."""
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "team.yaml").write_text(RULE.format(phrase="no way"), encoding="utf-8")
    return folder


def rules_in(text: str, folder: Path) -> list[str]:
    playbook, _ = load_compiled([folder])
    return [f.rule for f in lint_text(text, playbook=playbook, languages=["en"])]


def test_second_load_comes_from_the_cache(team: Path) -> None:
    first, _ = load_compiled([team])
    assert len(list(cache_dir().glob("playbook-*.json"))) == 1
    second, _ = load_compiled([team])
    assert second is not first and second.rule("team-no-way") == first.rule("team-no-way")


def test_an_edited_playbook_file_is_picked_up_at_once(team: Path) -> None:
    assert rules_in("No way, sorry.", team) == ["team-no-way"]
    (team / "team.yaml").write_text(RULE.format(phrase="not a chance"), encoding="utf-8")
    stat = (team / "team.yaml").stat()
    os.utime(team / "team.yaml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert rules_in("No way, sorry.", team) == []
    assert rules_in("Not a chance, sorry.", team) == ["team-no-way"]


def test_a_damaged_entry_is_rebuilt(team: Path) -> None:
    load_compiled([team])
    (entry,) = cache_dir().glob("playbook-*.json")
    entry.write_bytes(b"not a pickle")
    assert rules_in("No way.", team) == ["team-no-way"]


def test_a_hand_edited_compiled_phrase_is_rebuilt_not_an_error(team: Path) -> None:
    load_compiled([team])
    (entry,) = cache_dir().glob("playbook-*.json")
    raw = entry.read_bytes()
    record = raw.index(b"\\tno way")  # the team phrase's record: rule number first
    start = raw.rindex(b"\\n", 0, record) + 2
    entry.write_bytes(raw[:start] + b"X" + raw[start + 1 :])
    _, linter = load_compiled([team])
    assert [f.rule for f in linter.lint("No way.", languages=["en"])] == ["team-no-way"]


def test_no_cache_setting_writes_nothing(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSIST_NO_CACHE", "1")
    assert rules_in("No way.", team) == ["team-no-way"]
    assert not cache_dir().exists()


def test_a_changed_assist_module_makes_a_new_entry(
    team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assist.playbook import cache

    load_compiled([team])
    module = tmp_path / "changed.py"
    module.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "code_files", lambda: [module])
    load_compiled([team])
    assert len(list(cache_dir().glob("playbook-*.json"))) == 2


def test_a_cached_load_does_not_compile_the_phrase_index_again(
    team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assist.lint import matcher

    first = load_cached([team], Linter)
    assert first.lint("No way.")

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(matcher.PhraseIndex, "__init__", compile_again)
    second = load_cached([team], Linter)
    assert [f.rule for f in second.lint("No way.")] == [f.rule for f in first.lint("No way.")]


def test_a_team_folder_without_playbook_files_keeps_the_builtin_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_builtins: Path
) -> None:
    # a folder holding only context rules once got the built-in layer's key: its entry
    # replaced the built-in one, so every later run compiled the built-ins again
    from assist.lint.layered import LinterLayering

    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "cache"))
    context_only = tmp_path / "team"
    (context_only / "context").mkdir(parents=True)
    (context_only / "context" / "rules.yaml").write_text("disable: []\n", encoding="utf-8")
    load_cached([], Linter, layering=LinterLayering())
    load_cached([context_only], Linter, layering=LinterLayering())
    compiled = compile_counter(monkeypatch)
    load_cached([], Linter, layering=LinterLayering())
    load_cached([context_only], Linter, layering=LinterLayering())
    assert compiled == []
    assert len(list(cache_dir().glob("playbook-*.json"))) == 2


_HEBREW_TEAM = (
    "language: he\n"
    "rules:\n"
    "  - id: he-team-policy\n"
    "    severity: warning\n"
    "    phrases:\n"
    '      - "זאת המדיניות שלנו, ככה זה בחברה"\n'
    '      - "חברה לא אחראית, אתה טועה, אני לא יודע, מדיניות ברורה"\n'
    '      - "ואתה טועה, שאני לא יודע, למדיניות, החברה, שהחברה, והמדיניות"\n'
    "    why: It hides behind the company.\n"
    '    say: ["אבדוק מה אפשר לעשות בשבילך."]\n'
    "    source: team addition\n"
)

_INDEX_BYTES = (
    "import hashlib, json, sys\n"
    "from pathlib import Path\n"
    "from assist.lint.matcher import PhraseIndex\n"
    "from assist.playbook.load import load_playbook\n"
    "data = PhraseIndex(load_playbook([Path(sys.argv[1])], builtin=False)).to_data()\n"
    "print(len(data['canonical']), hashlib.sha256(json.dumps(data).encode()).hexdigest())\n"
)


def test_a_compiled_entry_has_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    """Hebrew stems are written in one order, not in the order string hashing gives a set, so
    two machines (or two runs) building the same playbook write the same cache entry."""
    (tmp_path / "team.yaml").write_text(_HEBREW_TEAM, encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _INDEX_BYTES, str(tmp_path)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        outputs.add(run.stdout)
    stems = int(next(iter(outputs)).split()[0])
    assert stems >= 6 and len(outputs) == 1
