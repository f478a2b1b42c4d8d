"""Large drafts: `assist lint` on drafts of 1, 2.5, 5 and 10 MB, each in a new process;
wall time, time per MB (linear: about the same for every size) and peak memory (max RSS).
Target: a 10 MB draft in at most 200 MB peak.

Usage: python benchmarks/bench_large.py [--sizes 1 2.5 5 10] [--format json]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts

PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2.5, 5, 10])
    parser.add_argument("--format", default="json", choices=["text", "json", "line"])
    args = parser.parse_args()
    assist = shutil.which("assist") or str(Path(sys.executable).parent / "assist")
    block = "\n\n".join(drafts(200))
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.sizes:
            size = int(megabytes * 1_000_000)
            draft = Path(tmp) / f"draft-{megabytes}MB.txt"
            draft.write_text((block * (size // len(block) + 1))[:size], encoding="utf-8")
            command = [
                assist,
                "lint",
                "--no-config",
                "--max-size",
                "64M",
                "-f",
                args.format,
                str(draft),
            ]
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", PEAK, *command], capture_output=True, text=True
            )
            elapsed = time.perf_counter() - start
            code, peak_kb = done.stdout.split()
            if code not in ("0", "1"):
                sys.exit(f"assist lint failed on {draft.name}")
            print(
                f"{megabytes:>5} MB: {elapsed:6.2f} s, {elapsed / megabytes:5.2f} s/MB, "
                f"peak {int(peak_kb) / 1024:6.0f} MB"
            )


if __name__ == "__main__":
    main()
