"""`assist audit` speed: messages per second with 1 and 2 local jobs and with the Dask
engine (a local cluster), and the wall time and peak memory of a large archive.

Each configuration runs the installed `assist audit --preset twcs ... --format json` in a new
process, `--runs` times; the medians are printed. Peak memory is the largest sum of the
resident memory of the command and all its worker processes, sampled every 50 ms.

Usage:
  python benchmarks/bench_audit.py --messages 100000 --runs 3
  python benchmarks/bench_audit.py --messages 1000000 --runs 1 --configs jobs2
The archive is generated into the temporary folder (or --dir; never committed) and reused.
Configurations run in turns, one run of each per round; CPU/wall (all processes) shows how
many cores the audit kept busy, which a loaded machine shows better than the wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from twcs_synth import write

CONFIGS = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "dask2": ["--engine", "dask", "--jobs", "2"],
}


ASSIST: list[str] = []  # --assist: another command to measure (e.g. older code)


def assist_command() -> str:
    """The `assist` next to this Python, else the one on the PATH (or --assist)."""
    if ASSIST:
        return ASSIST[0]
    here = Path(sys.executable).with_name("assist")
    return str(here) if here.exists() else (shutil.which("assist") or "assist")


TICKS = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> dict[int, tuple[int, float]]:
    """Resident bytes and CPU seconds of `pid` and each of its descendants (Linux /proc)."""
    found: dict[int, tuple[int, float]] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
            found[current] = (int(rss.split()[1]) * 1024, cpu)
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return found


def run_once(archive: Path, options: list[str]) -> dict[str, float]:
    """One audit: wall seconds, peak memory (bytes) of all processes and of the main process
    alone (for Dask: the client and the local scheduler), CPU seconds of the main process and
    of its workers (sampled, so a worker's last 50 ms may be missed)."""
    command = [assist_command(), "audit", "--preset", "twcs", str(archive), "--format", "json"]
    start = time.perf_counter()
    process = subprocess.Popen([*command, *options], stdout=subprocess.DEVNULL)
    peak = main_peak = 0
    cpu: dict[int, float] = {}
    while process.poll() is None:
        seen = tree(process.pid)
        peak = max(peak, sum(rss for rss, _ in seen.values()))
        main_peak = max(main_peak, seen.get(process.pid, (0, 0.0))[0])
        cpu.update({pid: seconds for pid, (_, seconds) in seen.items()})
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"assist audit exited {process.returncode}")
    main = cpu.pop(process.pid, 0.0)
    workers = sum(cpu.values())
    return {
        "wall": elapsed,
        "peak": peak,
        "main_peak": main_peak,
        "main": main,
        "workers": workers,
        "parallelism": (main + workers) / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--assist", help="the assist command to run [the one of this Python]")
    args = parser.parse_args()
    if args.assist:
        ASSIST.append(args.assist)
    archive = args.dir / f"assist-bench-twcs-{args.messages}.csv"
    if not archive.exists():
        write(archive, args.messages)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"archive: {archive} ({args.messages:,} messages, {archive.stat().st_size / 1e6:.0f} MB)")
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in args.configs}
    for _ in range(args.runs):  # configurations in turns, so the machine's load hits each alike
        for name in args.configs:
            rounds[name].append(run_once(archive, CONFIGS[name]))
    for name, runs in rounds.items():
        times = sorted(run["wall"] for run in runs)
        wall = statistics.median(times)

        def median(key: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.median(run[key] for run in runs)

        print(
            f"{name:6} median {wall:7.1f} s  {args.messages / wall:8,.0f} messages/s  "
            f"(runs: {', '.join(f'{t:.1f}' for t in times)})  "
            f"peak memory {max(r['peak'] for r in runs) / 2**20:,.0f} MiB "
            f"(main process {max(r['main_peak'] for r in runs) / 2**20:,.0f} MiB)  "
            f"CPU s: main {median('main'):.1f}, workers {median('workers'):.1f}, "
            f"CPU/wall {median('parallelism'):.2f}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
