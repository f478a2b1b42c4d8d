"""In-process throughput: drafts of about 100 words linted per second on one core with
`assist.lint_text` (target: at least 15,000 drafts/s).

Drafts per second of wall time and of this process's CPU time are both reported: on a shared
machine the CPU figure is the one that says what one core does.

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
    cpu_rates = []
    findings = 0
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        findings = sum(len(lint_text(t)) for t in texts)
        rates.append(len(texts) / (time.perf_counter() - start))
        cpu_rates.append(len(texts) / (time.process_time() - cpu))
    print(f"drafts: {len(texts)} x {words:.0f} words, findings per pass: {findings}")
    median, low, high = statistics.median(rates), min(rates), max(rates)
    print(f"median: {median:,.0f} drafts/s (min {low:,.0f}, max {high:,.0f})")
    print(f"cpu time: median {statistics.median(cpu_rates):,.0f} drafts per cpu-second")


if __name__ == "__main__":
    main()
