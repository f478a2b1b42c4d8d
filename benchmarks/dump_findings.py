"""Every finding on the benchmark and wording corpora, one JSON line per text, for comparing
two trees (the matcher must find exactly the same before and after a speed change).

Usage: python benchmarks/dump_findings.py OUT.jsonl [--drafts 3000]
Compare the output of two checkouts (PYTHONPATH=OTHER_TREE python ...) with `cmp`.
Texts: benchmark drafts (half flagged, and 20%), drafts with a 1,000-phrase team playbook,
the wording corpora (every language, holdout, extra), the real replies; each linted with
language detection (as `assist lint` does) and with every rule (`--language` all four).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts, team_playbook

from assist.lint.engine import Linter, default_linter

HERE = Path(__file__).parent


def corpus_texts() -> list[str]:
    """The wording sentences of every language and the real replies and customer messages."""
    texts: list[str] = []
    for path in sorted((HERE / "corpus" / "wording").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = data.get("items", []) if isinstance(data, dict) else []
        texts += [str(i["text"]) for i in items if isinstance(i, dict) and "text" in i]
    for path in sorted((HERE / "corpus" / "replies").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                # judgment files (why_judgments*.jsonl) hold no texts: only sets' texts count
                texts += [str(record[k]) for k in ("reply", "customer") if record.get(k)]
    return texts


def dump(linter: Linter, texts: list[str], label: str, out) -> int:
    """One line per text: its findings (every field a user sees) and its language."""
    found = 0
    for n, text in enumerate(texts):
        for languages in (None, ("en", "he", "ar", "fi")):
            findings = linter.lint(text, languages=languages)
            rows = [
                [f.offset, f.length, f.line, f.column, f.end_line, f.end_column, f.rule,
                 f.score, f.phrase, f.matched, str(f.severity)]
                for f in findings
            ]  # fmt: skip
            found += len(rows)
            out.write(json.dumps([label, n, languages is None, findings.language, rows]) + "\n")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--drafts", type=int, default=3000)
    args = parser.parse_args()
    builtin = default_linter()
    team = Linter(team_playbook(1000))
    with open(args.out, "w", encoding="utf-8") as out:
        total = dump(builtin, drafts(args.drafts, flagged_share=0.5), "drafts-half", out)
        total += dump(builtin, drafts(args.drafts, seed=3), "drafts", out)
        total += dump(builtin, corpus_texts(), "corpora", out)
        total += dump(
            team, drafts(args.drafts // 2, team=team.playbook, flagged_share=0.5), "team", out
        )
        total += dump(team, corpus_texts(), "team-corpora", out)
    print(f"{total} findings written to {args.out}")


if __name__ == "__main__":
    main()
