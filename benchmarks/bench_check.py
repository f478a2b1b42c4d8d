"""`assist playbook check TEAM` right after an edit of the team file: CPU and wall time.

The starter folder (`assist playbook init`) is checked once to warm the caches (the playbook
cache, the check cache), then, each run, its rule gets one more phrase and is checked again,
as a team lead does after every edit. Several trees can be compared side by side, in turns
(each its own cache folder): give each tree's `assist` executable.

Usage: python benchmarks/bench_check.py [--runs 3] ASSIST [ASSIST...]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("assist", nargs="+", help="an `assist` executable per tree")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = []
        for n, assist in enumerate(args.assist):
            folder = Path(tmp) / f"tree{n}"
            folder.mkdir()
            env = {**os.environ, "ASSIST_CACHE_DIR": str(folder / "cache")}
            subprocess.run([assist, "playbook", "init", "team"], cwd=folder, env=env, check=True,
                           capture_output=True)  # fmt: skip
            _check(assist, folder, env)  # warm: the built-ins' cache entries are made
            folders.append((assist, folder, env))
        times: dict[str, list[tuple[float, float]]] = {a: [] for a in args.assist}
        for run in range(args.runs):
            for assist, folder, env in folders:
                _edit(folder / "team" / "team.yaml", run)
                times[assist].append(_check(assist, folder, env))
    for assist, found in times.items():
        cpu = statistics.median(c for c, _ in found)
        wall = statistics.median(w for _, w in found)
        print(
            f"{assist}: after an edit, median of {len(found)} runs: "
            f"{cpu:.2f} s CPU, {wall:.2f} s wall"
        )


def _edit(team: Path, run: int) -> None:
    """One more phrase in the starter rule (`phrases:` list), a new modification time."""
    lines = team.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("    phrases:"))
    lines.insert(at + 1, f'      - "as I wrote in email {run}"\n')
    team.write_text("".join(lines), encoding="utf-8")
    stat = team.stat()
    os.utime(team, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _check(assist: str, folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one `assist playbook check team`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([assist, "playbook", "check", "team"], cwd=folder, env=env,
                          capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):
        raise SystemExit(f"{assist}: {done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall


if __name__ == "__main__":
    main()
