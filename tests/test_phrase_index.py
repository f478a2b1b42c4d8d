"""The phrase index (rarest word, deletion variants) finds what trying every phrase finds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assist.lint.engine import Linter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from corpus import drafts

# one worker: the reference compiles (conftest: builtin_reference, team_linters) made once
pytestmark = [pytest.mark.xdist_group("every-phrase"), pytest.mark.usefixtures("fewer_collections")]


def findings(linter: Linter, texts: list[str]) -> list[list[tuple[int, int, str, int]]]:
    return [[(f.offset, f.length, f.rule, f.score) for f in linter.lint(t)] for t in texts]


def test_builtin_findings_on_the_benchmark_corpus_equal_trying_every_phrase(
    builtin_linter: Linter, builtin_reference: Linter
) -> None:
    texts = drafts(200, flagged_share=0.5)  # 200 drafts prove what 400 did, half the CPU
    found = findings(builtin_linter, texts)
    assert found == findings(builtin_reference, texts)
    assert sum(map(len, found)) > 75


def test_team_phrases_are_found_the_same_with_the_index(
    team_linters: tuple[Linter, Linter],
) -> None:
    indexed, every = team_linters
    texts = drafts(150, flagged_share=0.5, team=indexed.playbook)
    found = findings(indexed, texts)
    assert found == findings(every, texts)
    assert any(f[2].startswith("team-") for draft in found for f in draft)


def test_an_index_read_back_from_the_cache_finds_what_the_compiled_one_finds(
    team_linters: tuple[Linter, Linter], team_cache_text: str
) -> None:
    import json

    compiled = team_linters[0]
    playbook = compiled.playbook
    restored = Linter.from_cache_data(playbook, json.loads(team_cache_text))
    examples = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus" / "wording"
    texts = drafts(150, flagged_share=0.5, team=playbook)
    texts += [p.read_text(encoding="utf-8") for p in sorted(examples.glob("*.yaml"))]
    found = findings(restored, texts)
    assert found == findings(compiled, texts)
    assert sum(map(len, found)) > 100
