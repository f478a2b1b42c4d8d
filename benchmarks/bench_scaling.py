"""Scaling of the stages made linear for hostile input: double the input, report the ratio.

A ratio near 2 is linear; near 4 is quadratic. Each size is timed `--repeat` times (median),
because the machine is shared. Stages:

- suppress-open:    unterminated `<!-- assist-disable` markers after a finding
- suppress-regions: many closed suppression regions and many findings
- check-phrases:    `playbook check` quality checks over N team phrases
- report-causes:    grouping N cases with distinct free-text causes
- read-draft:       reading (and refusing or accepting) a one-line draft of N bytes

Usage: python benchmarks/bench_scaling.py [--repeat 3] [--stage NAME ...]
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _timed(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def suppress_open(n: int) -> Callable[[], object]:
    from assist.lint import lint_text

    text = "I don't care. " + "<!-- assist-disable x " * n
    return lambda: lint_text(text)


def suppress_regions(n: int) -> Callable[[], object]:
    from assist.lint import lint_text

    block = "I don't care. <!-- assist-disable dont-know --> x <!-- assist-enable dont-know --> "
    text = block * n
    return lambda: lint_text(text)


def _words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 9))) for _ in range(count)]


def check_phrases(n: int) -> Callable[[], object]:
    from assist.authoring.checks import quality_problems
    from assist.playbook.load import load_playbook

    folder = Path(tempfile.mkdtemp(prefix="assist-bench-"))
    words = _words(3 * n, seed=n)
    lines = ["rules:"]
    for r in range(10):
        lines += [f"  - id: team-r{r}", "    severity: warning", "    phrases:"]
        for i in range(r * n // 10, (r + 1) * n // 10):
            lines.append(f'      - "{words[3 * i]} {words[3 * i + 1]} {words[3 * i + 2]}"')
        lines += ["    why: It hurts.", "    say: [Here is what I can do.]"]
        lines += ["    source: team addition"]
    (folder / "team.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    playbook = load_playbook([folder])
    return lambda: quality_problems(playbook, team=True)


def report_causes(n: int) -> Callable[[], object]:
    from assist.caselog.report import group_similar

    words = _words(5000, seed=1)
    rng = random.Random(n)
    items = [(i, " ".join(rng.choices(words, k=4))) for i in range(n)]
    return lambda: group_similar(items)


def read_draft(n: int) -> Callable[[], object]:
    from assist.lint.inputs import read_inputs

    path = Path(tempfile.mkdtemp(prefix="assist-bench-")) / "draft.txt"
    path.write_bytes(b"x" * n)
    return lambda: list(read_inputs([path], max_size=4 * n))


STAGES: dict[str, tuple[Callable[[int], Callable[[], object]], tuple[int, ...]]] = {
    "suppress-open": (suppress_open, (20_000, 40_000, 80_000)),
    "suppress-regions": (suppress_regions, (2_000, 4_000, 8_000)),
    "check-phrases": (check_phrases, (2_000, 4_000, 8_000)),
    "report-causes": (report_causes, (20_000, 40_000, 80_000)),
    "read-draft": (read_draft, (8_000_000, 16_000_000, 32_000_000)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stage", action="append", choices=sorted(STAGES))
    options = parser.parse_args()
    for name in options.stage or STAGES:
        make, sizes = STAGES[name]
        previous = None
        for size in sizes:
            seconds = _timed(make(size), options.repeat)
            ratio = f"x{seconds / previous:4.2f}" if previous else "     "
            print(f"{name:17} n={size:>10,}  {seconds:8.3f} s  {ratio}")
            previous = seconds


if __name__ == "__main__":
    main()
