"""Scoring vs linting the same replies, in process: the cost of `assist score` per reply.

Budget (issue 11): scoring a reply costs at most twice linting it. Scoring includes the
lint run (its findings are part of the scorecard), so the ratio is (lint + cues + time
expressions) / lint. English replies come from corpus.py; he, ar and fi replies are built
from the playbooks' own element examples.

Usage: python benchmarks/bench_score.py [--drafts 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts

from assist.lint.engine import default_linter
from assist.score import scorer_for


def other_languages(count: int, seed: int = 7) -> dict[str, list[str]]:
    """Replies of about 8 sentences in he, ar and fi, from the element examples."""
    playbook = default_linter().playbook
    rng = random.Random(seed)
    replies: dict[str, list[str]] = {}
    for code in ("he", "ar", "fi"):
        sentences = [
            text
            for element in playbook.elements
            if element.language == code and element.examples is not None
            for text in (*element.examples.flag, *element.examples.passes)
        ]
        replies[code] = [" ".join(rng.choices(sentences, k=8)) for _ in range(count)]
    return replies


def interleaved(
    lint: Callable[[str], object], score: Callable[[str], object], texts: list[str]
) -> tuple[float, float]:
    """CPU seconds per reply of linting and of scoring, timed reply by reply in turn, so
    that the load of a shared machine falls on both alike."""
    clock = time.process_time
    lint_total = score_total = 0.0
    for text in texts:
        start = clock()
        lint(text)
        middle = clock()
        score(text)
        lint_total += middle - start
        score_total += clock() - middle
    return lint_total / len(texts), score_total / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drafts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    linter = default_linter()
    scorer = scorer_for(linter)  # compiled once, as a long-running process does
    sets = {"en": drafts(args.drafts), **other_languages(args.drafts // 4)}
    print(f"{'set':<4} {'replies':>7} {'lint us':>9} {'score us':>9} {'ratio':>6}  (medians)")
    for name, texts in sets.items():
        runs = [interleaved(linter.check, scorer.score, texts) for _ in range(args.repeat)]
        lint = statistics.median(r[0] for r in runs)
        score = statistics.median(r[1] for r in runs)
        ratio = statistics.median(r[1] / r[0] for r in runs)
        print(f"{name:<4} {len(texts):>7} {lint * 1e6:>9.1f} {score * 1e6:>9.1f} {ratio:>6.2f}")


if __name__ == "__main__":
    main()
