"""Large input: time to lint drafts of 1, 2.5 and 5 MB; the cost should grow linearly.

Usage: python benchmarks/bench_large.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts

from assist import lint_text
from assist.lint import default_playbook, phrase_index


def main() -> None:
    phrase_index(default_playbook())
    block = "\n\n".join(drafts(200))
    for megabytes in (1, 2.5, 5):
        size = int(megabytes * 1_000_000)
        text = (block * (size // len(block) + 1))[:size]
        start = time.perf_counter()
        findings = lint_text(text)
        elapsed = time.perf_counter() - start
        print(
            f"{megabytes:>4} MB: {elapsed:6.2f} s, {len(findings)} findings, "
            f"{elapsed / megabytes:.2f} s/MB"
        )


if __name__ == "__main__":
    main()
