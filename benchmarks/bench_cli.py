"""Cold start: wall time of one `assist lint` run on the bundled example draft.

Each run is a new process (nothing cached in memory), as when an agent lints before sending.
Usage: python benchmarks/bench_cli.py [--runs 30] [--draft examples/draft.txt] [--team N]

--team N adds a team folder of N synthetic phrases (benchmarks/corpus.py's, ten per rule, as
YAML) and measures, in turns, a run with the cache warm and a run right after an edit of the
team file (so the playbook is read, validated and compiled again, and the cache rewritten).
Target (issue 9): the run after an edit at most 2x the cached run. CPU time of each run is
reported beside its wall time (the machine is shared).

assist runs with bytecode, as an installed package does (installed.py): the warm-up run
writes it to a temporary folder, the measured runs read it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from installed import installed_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--draft", default=str(ROOT / "examples" / "draft.txt"))
    parser.add_argument(
        "--no-cache", action="store_true", help="load and compile the playbook on every run"
    )
    parser.add_argument("--team", type=int, default=0, help="team phrases (see above)")
    parser.add_argument(
        "--edit", choices=("touch", "phrase"), default="touch",
        help="with --team: the edit is a new modification time (touch), or one word of the "
        "first phrase changed back and forth (phrase)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.team:
        edited_versus_cached(args.team, args.runs, args.draft, args.edit)
        return
    with tempfile.TemporaryDirectory() as temporary:
        env = installed_env(Path(temporary))
        env.update({"ASSIST_NO_CACHE": "1"} if args.no_cache else {})
        exe = shutil.which("assist") or str(Path(sys.executable).parent / "assist")
        command = [exe, "lint", "--format", "line", args.draft]
        subprocess.run(command, capture_output=True, check=False, env=env)  # warm-up: bytecode
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


def write_team(folder: Path, count: int) -> Path:
    """A team playbook file of `count` synthetic phrases, ten per rule."""
    import json

    from corpus import team_playbook

    rules = [r for r in team_playbook(count).rules if r.id.startswith("team-")]
    lines = ["rules:"]
    for rule in rules:
        lines += [
            f"  - id: {rule.id}",
            "    severity: warning",
            f"    phrases: {json.dumps(list(rule.phrases))}",
            "    why: synthetic",
            "    say: [Say it kindly.]",
            "    source: team addition",
        ]
    path = folder / "team.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False, env=env)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"assist lint failed: {done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def edited_versus_cached(count: int, runs: int, draft: str, edit: str = "touch") -> None:
    """Runs with the cache warm against runs right after an edit of the team file, in turns;
    `edit`: "touch" (a new modification time) or "phrase" (one word of a phrase changed)."""
    exe = shutil.which("assist") or str(Path(sys.executable).parent / "assist")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "team"
        folder.mkdir()
        team = write_team(folder, count)
        env = installed_env(Path(temporary) / "bytecode")
        env["ASSIST_CACHE_DIR"] = str(Path(temporary) / "cache")
        command = [exe, "lint", "--no-config", "--playbooks", str(folder), "--format", "line"]
        command.append(draft)
        subprocess.run(command, capture_output=True, check=False, env=env)  # fill the cache
        cached: list[tuple[float, float]] = []
        edited: list[tuple[float, float]] = []
        text = team.read_text(encoding="utf-8")
        first = text.split('phrases: ["', 1)[1].split('"', 1)[0]
        versions = [text, text.replace(first, first[:-1] + ("y" if first[-1] == "z" else "z"), 1)]
        for turn in range(runs):
            cached.append(timed(command, env))
            if edit == "phrase":  # the other version: one word of one phrase differs
                team.write_text(versions[(turn + 1) % 2], encoding="utf-8")
            stat = team.stat()  # an edit: the key changes, the entry must be rebuilt
            os.utime(team, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
            edited.append(timed(command, env))
    print(f"team folder of {count:,} phrases, {runs} runs each, in turns, edit: {edit}")
    for name, times in (("cached", cached), ("after an edit", edited)):
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"{name}: median wall {wall:.0f} ms, cpu {cpu:.0f} ms")
    ratio_wall = statistics.median(e[0] / c[0] for c, e in zip(cached, edited, strict=True))
    ratio_cpu = statistics.median(e[1] / c[1] for c, e in zip(cached, edited, strict=True))
    print(f"after an edit / cached: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x cpu (target 2x)")


if __name__ == "__main__":
    main()
