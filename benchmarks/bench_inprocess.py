"""In-process throughput: drafts of about 100 words linted per second on one core with
`assist.lint_text` (target: at least 15,000 drafts/s).

Usage: python benchmarks/bench_inprocess.py [--drafts 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts

from assist import lint_text
from assist.lint.engine import default_linter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drafts", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = drafts(args.drafts)
    words = sum(len(t.split()) for t in texts) / len(texts)
    default_linter()  # compile once, as a long-running helpdesk process does
    rates = []
    findings = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        findings = sum(len(lint_text(t)) for t in texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    print(f"drafts: {len(texts)} x {words:.0f} words, findings per pass: {findings}")
    median, low, high = statistics.median(rates), min(rates), max(rates)
    print(f"median: {median:,.0f} drafts/s (min {low:,.0f}, max {high:,.0f})")


if __name__ == "__main__":
    main()
