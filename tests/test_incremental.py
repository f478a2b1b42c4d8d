"""After an edit of a team folder, the team part made from the previous version's entry
(assist.lint.incremental) is the very data a whole compile of the team part gives, and finds
what a whole compile of the merged playbook finds."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from assist.lint import matcher
from assist.lint.engine import Linter
from assist.lint.layered import layer_data, layered_linter
from assist.model import Playbook
from assist.playbook.load import load_playbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_cli import write_team  # noqa: E402

pytestmark = pytest.mark.usefixtures("fewer_collections")  # conftest: rarer collector passes

HEBREW = """language: he
rules:
  - id: team-he-wrong
    severity: warning
    phrases: ["ואתה טועה", "אתה לא מבין"]
    why: It tells the customer they are wrong.
    say: [בוא נבדוק את זה יחד.]
    guards: ["אתה לא מבין כלום"]
    source: team addition
"""
PAIR = """rules:
  - id: team-pair
    severity: warning
    phrases: ["zorblat quintessa marvelous"]
    why: Rare words; filed under the first of the rarest, quintessa.
    say: [Say it kindly.]
    source: team addition
"""
SHARED = """rules:
  - id: team-shared
    severity: warning
    phrases: [{phrases}]
    why: It makes quintessa common, so team-pair's phrase is filed under marvelous instead.
    say: [Say it kindly.]
    source: team addition
""".format(phrases=", ".join(f'"quintessa {word}"' for word in "abcdefghij"))
DISABLE = "disable: [dont-care]\noverrides:\n  - id: hurry-up\n    severity: suggestion\n"


def team_text(tmp_path: Path) -> str:
    """200 synthetic phrases (20 rules), the file `bench_cli.py --team` writes."""
    return write_team(tmp_path, 200).read_text(encoding="utf-8")


def version(folder: Path, files: dict[str, str]) -> Playbook:
    """The folder holding exactly `files`, loaded (built-ins merged)."""
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_playbook([folder])


def team_phrase(text: str, rule: int, number: int) -> str:
    block = text.split("  - id: ")[rule + 1]
    return json.loads(re.search(r"phrases: (\[.*\])", block).group(1))[number]  # type: ignore[union-attr]


def edits(text: str) -> dict[str, dict[str, str]]:
    """Versions of a team folder, each an edit of the one before (from `text`, 20 rules)."""
    first = team_phrase(text, 3, 0)
    changed = text.replace(first, first.split(" ", 1)[0] + " quokka " + first.split(" ", 1)[1])
    one = team_phrase(text, 5, 1)
    added = changed.replace(f'"{one}"', f'"{one}", "refund {{now|today}} please"')
    removed = added.replace(f'"{team_phrase(text, 9, 2)}", ', "")
    why = removed.replace("why: synthetic", "why: edited", 1)
    return {
        "a phrase changed": {"team.yaml": changed, "pair.yaml": PAIR},
        "a phrase added (the later forms renumbered)": {"team.yaml": added, "pair.yaml": PAIR},
        "a phrase removed": {"team.yaml": removed, "pair.yaml": PAIR},
        "a built-in rule disabled, another overridden": {
            "team.yaml": removed,
            "pair.yaml": PAIR,
            "z.yaml": DISABLE,
        },
        "a Hebrew rule": {
            "team.yaml": removed,
            "pair.yaml": PAIR,
            "z.yaml": DISABLE,
            "z-he.yaml": HEBREW,
        },
        "a word made common (filing counts)": {
            "team.yaml": removed,
            "pair.yaml": PAIR,
            "z-he.yaml": HEBREW,
            "z-shared.yaml": SHARED,
        },
        "a rule's why only": {"team.yaml": why, "pair.yaml": PAIR},
        "nothing (touched)": {"team.yaml": why, "pair.yaml": PAIR},
        "the rule order changed": {"team.yaml": reordered(removed), "pair.yaml": PAIR},
    }


def reordered(text: str) -> str:
    """The team file with its rules in reverse order."""
    head, *rules = text.split("  - id: ")
    return head + "".join(f"  - id: {rule}" for rule in reversed(rules))


def filed(data: dict[str, Any], records: bytes, rule_id: str) -> list[str]:
    """Where each phrase form of a rule is filed (the filed word's place), in the team data
    and its phrase records."""
    numbers = {n for n, ref in enumerate(data["rules"]) if ref == ["rule", ref[1], rule_id]}
    fields = [record.split("\t") for record in records.decode().split("\n")]
    return [f[5] for f in fields if int(f[0]) in numbers]


def test_an_edit_reuses_the_previous_team_part_and_equals_a_whole_compile(
    tmp_path: Path, builtin_linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = team_text(tmp_path)
    folder = tmp_path / "team"
    before = layered_linter(builtin_linter, version(folder, {"team.yaml": text, "pair.yaml": PAIR}))
    assert before is not None
    stored = layer_data(before)
    assert stored is not None
    compiled: list[str] = []
    original = matcher.PhraseIndex.rule_forms

    def counting(self: matcher.PhraseIndex, playbook: object, rule: object, *args: int):  # type: ignore[no-untyped-def]
        compiled.append(rule.id)  # type: ignore[attr-defined]
        return original(self, playbook, rule, *args)  # type: ignore[arg-type]

    texts = [
        f"Well, {team_phrase(text, r, n)}, sorry." for r in (2, 3, 5, 9, 12, 17) for n in (0, 1, 4)
    ]  # fmt: skip
    texts += ["Refund today please, I don't care.", "ואתה טועה, אתה לא מבין", "Hurry up!"]
    texts += ["Zorblat quintesa marvelous, sorry.", "Zorblt quintessa marvelus."]
    refiled = False
    for name, files in edits(text).items():
        playbook = version(folder, files)
        # the team part compiled whole (test_layered_cache: the same as the playbook compiled whole)
        full = layered_linter(builtin_linter, playbook)
        assert full is not None, name
        expected = layer_data(full)
        assert expected is not None
        compiled.clear()
        with monkeypatch.context() as patch:
            patch.setattr(matcher.PhraseIndex, "rule_forms", counting)
            reused = layered_linter(builtin_linter, playbook, (stored[0], stored[1].__getitem__))
        assert reused is not None
        assert reused.index.parts[-1].stored is not None, f"{name}: not made from the previous"
        got = layer_data(reused)
        assert got is not None
        assert json.dumps(got[0]) == json.dumps(expected[0]), name  # the very same data
        assert got[1] == expected[1], name  # and texts (records, deletion lines, signatures)
        assert len(compiled) < 4, (name, compiled)  # only the rules that changed
        for draft in texts:
            assert reused.lint(draft) == full.lint(draft), (name, draft)
        if "filing" in name:  # an unchanged rule's phrase is filed under another word now
            was = filed(stored[0]["team"], stored[1][0], "team-pair")
            refiled = filed(got[0]["team"], got[1][0], "team-pair") != was
            assert "team-pair" not in compiled
        stored = got
    assert refiled
