"""Cold start: wall time of one `assist lint` run on the bundled example draft.

Each run is a new process (nothing cached in memory), as when an agent lints before sending.
Usage: python benchmarks/bench_cli.py [--runs 30] [--draft examples/draft.txt]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--draft", default=str(ROOT / "examples" / "draft.txt"))
    parser.add_argument(
        "--no-cache", action="store_true", help="load and compile the playbook on every run"
    )
    args = parser.parse_args()
    env = {**os.environ, **({"ASSIST_NO_CACHE": "1"} if args.no_cache else {})}
    exe = shutil.which("assist") or str(Path(sys.executable).parent / "assist")
    command = [exe, "lint", "--format", "line", args.draft]
    subprocess.run(command, capture_output=True, check=False, env=env)  # warm the OS file cache
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, env=env)
        times.append((time.perf_counter() - start) * 1000)
        if done.returncode not in (0, 1):
            sys.exit(f"assist lint failed: {done.stderr.decode()}")
    times.sort()
    cache = "without the playbook cache" if args.no_cache else "playbook cache warm"
    print(f"{' '.join(command[1:])}: {args.runs} runs, {cache}")
    print(
        f"median {statistics.median(times):.0f} ms, p90 {times[int(len(times) * 0.9)]:.0f} ms, "
        f"min {times[0]:.0f} ms"
    )


if __name__ == "__main__":
    main()
