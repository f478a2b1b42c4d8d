"""The phrase index (rarest word, deletion variants) finds what trying every phrase finds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assist.lint.engine import Linter, default_linter
from assist.lint.matcher import PhraseIndex
from assist.model import Playbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from corpus import drafts, team_playbook


def findings(linter: Linter, texts: list[str]) -> list[list[tuple[int, int, str, int]]]:
    return [[(f.offset, f.length, f.rule, f.score) for f in linter.lint(t)] for t in texts]


def reference(playbook: Playbook) -> Linter:
    return Linter(playbook, PhraseIndex(playbook, prefilter=False))


def test_builtin_findings_on_the_benchmark_corpus_equal_trying_every_phrase() -> None:
    texts = drafts(400, flagged_share=0.5)
    indexed = default_linter()
    assert findings(indexed, texts) == findings(reference(indexed.playbook), texts)
    assert sum(map(len, findings(indexed, texts))) > 150


@pytest.mark.parametrize("extra", [300])
def test_team_phrases_are_found_the_same_with_the_index(extra: int) -> None:
    playbook = team_playbook(extra)
    texts = drafts(150, flagged_share=0.5, team=playbook)
    indexed = Linter(playbook)
    found = findings(indexed, texts)
    assert found == findings(reference(playbook), texts)
    assert any(f[2].startswith("team-") for draft in found for f in draft)


def test_an_index_read_back_from_the_cache_finds_what_the_compiled_one_finds() -> None:
    import json

    playbook = team_playbook(200)
    compiled = Linter(playbook)
    restored = Linter.from_cache_data(playbook, json.loads(json.dumps(compiled.cache_data())))
    examples = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus" / "wording"
    texts = drafts(300, flagged_share=0.5, team=playbook)
    texts += [p.read_text(encoding="utf-8") for p in sorted(examples.glob("*.yaml"))]
    assert findings(restored, texts) == findings(compiled, texts)
    assert sum(map(len, findings(restored, texts))) > 100
