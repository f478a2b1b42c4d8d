"""Per-draft cost as a team folder adds phrases: built-in only, +1,000 and +10,000 phrases.

Usage: python benchmarks/bench_phrases.py [--drafts 3000] [--repeat 3]

Target (issue 9): +1,000 phrases at most 1.5x the built-in cost per draft, +10,000 at most 3x.
CPU time of this process is measured (the machine is shared), median of the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts, team_playbook

from assist.lint.engine import Linter, default_linter


def per_draft(linter: Linter, texts: list[str], repeat: int) -> tuple[float, int]:
    """Median microseconds per draft, and findings per pass."""
    times = []
    found = 0
    for _ in range(repeat):
        start = time.process_time()
        found = sum(len(linter.lint(t)) for t in texts)
        times.append((time.process_time() - start) / len(texts) * 1e6)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drafts", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = default_linter()
    texts = drafts(args.drafts)
    base_us, found = per_draft(base, texts, args.repeat)
    print(f"built-in ({len(base.index.phrases)} forms): {base_us:.1f} us/draft, {found} findings")
    for extra in (1000, 10000):
        start = time.process_time()
        linter = Linter(team_playbook(extra))
        build = time.process_time() - start
        mixed = drafts(args.drafts, team=linter.playbook)
        us, found = per_draft(linter, mixed, args.repeat)
        print(
            f"+{extra:,} phrases: {us:.1f} us/draft ({us / base_us:.2f}x built-in), "
            f"{found} findings, compiled in {build:.2f} s"
        )


if __name__ == "__main__":
    main()
