"""In-process throughput: drafts of about 100 words linted per second on one core with
`assist.lint_text` (target: at least 15,000 drafts/s), and what a fresh process waits first.

Reported, so that the warm-up cannot hide in a median:
- the first call, in fresh processes (`--fresh N` of them, after one that writes their
  bytecode and, when the cache is cold, the playbook cache): `import assist` and the first
  `lint_text` timed inside the process, and the whole process (the interpreter's start too);
- in this process: the first call, the first pass over the drafts (the sieve read, every
  draft word new to it), and the steady passes after it (median, min, max). Each pass judges
  every draft's language anew, as new drafts are: `lint_text` remembers the language of the
  last 1,024 texts (a reply is often judged twice), and a pass of fewer drafts with findings
  than that would otherwise never run the language detector in its steady passes, about a
  fifth of a steady draft's cost (`--remember-languages`: as the figures in
  docs/performance.md before its section on branch lang14 were measured).
Drafts per second of wall time and of this process's CPU time are both given: on a shared
machine the CPU figure is the one that says what one core does.

Usage: python benchmarks/bench_inprocess.py [--drafts 20000] [--repeat 5] [--fresh 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts
from installed import with_bytecode

FIRST_CALL = """
import sys, time
wall, cpu = time.perf_counter(), time.process_time()
from assist import lint_text
lint_text(sys.stdin.read())
print(time.perf_counter() - wall, time.process_time() - cpu)
"""
"""A fresh process's import of assist and first `lint_text` of the draft on its input."""


def fresh_first_calls(draft: str, runs: int) -> list[tuple[float, float, float]]:
    """(in-process wall, in-process cpu, whole process wall) of the first call, `runs` fresh
    processes with bytecode, after one that writes it (and the cache when it is cold)."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        env = with_bytecode(os.environ, Path(folder))
        for run in range(1 + runs):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", FIRST_CALL], input=draft, env=env, capture_output=True,
                text=True, check=True,
            )  # fmt: skip
            process = time.perf_counter() - start
            wall, cpu = map(float, done.stdout.split())
            if run:
                found.append((wall, cpu, process))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drafts", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5, help="passes after the first")
    parser.add_argument("--fresh", type=int, default=5, help="fresh processes' first calls")
    parser.add_argument(
        "--remember-languages", action="store_true",
        help="keep the drafts' languages from pass to pass (the figures before lang14)",
    )  # fmt: skip
    args = parser.parse_args()
    texts = drafts(args.drafts)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"drafts: {len(texts)} x {words:.0f} words")
    if args.fresh:
        calls = fresh_first_calls(texts[0], args.fresh)
        wall, cpu, process = (statistics.median(c[i] for c in calls) * 1000 for i in range(3))
        print(
            f"first call, fresh process (median of {len(calls)}): import + one draft "
            f"{wall:,.0f} ms ({cpu:,.0f} ms cpu); the whole process {process:,.0f} ms"
        )
    start, cpu = time.perf_counter(), time.process_time()
    from assist import lint_text  # what a helpdesk integration does first, then one draft

    lint_text(texts[0])
    first_wall, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    first = f"{first_wall * 1000:,.0f} ms ({first_cpu * 1000:,.0f} ms cpu)"
    print(f"first call in this process (import + one draft): {first}")
    from assist.lint.language import forget_languages

    rates, cpu_rates, findings = [], [], []
    for _ in range(1 + args.repeat):
        if not args.remember_languages:
            forget_languages()
        start, cpu = time.perf_counter(), time.process_time()
        findings.append(sum(len(lint_text(t)) for t in texts))
        rates.append(len(texts) / (time.perf_counter() - start))
        cpu_rates.append(len(texts) / (time.process_time() - cpu))
    if len(set(findings)) > 1:
        raise SystemExit(f"passes found different numbers of findings: {findings}")
    print(f"findings per pass: {findings[0]}")
    print(f"first pass: {rates[0]:,.0f} drafts/s ({cpu_rates[0]:,.0f} per cpu-second)")
    steady, steady_cpu = rates[1:], cpu_rates[1:]
    if steady:
        median, low, high = statistics.median(steady), min(steady), max(steady)
        print(f"steady passes: median {median:,.0f} drafts/s (min {low:,.0f}, max {high:,.0f})")
        print(f"cpu time: median {statistics.median(steady_cpu):,.0f} drafts per cpu-second")


if __name__ == "__main__":
    main()
