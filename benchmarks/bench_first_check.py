"""The first `assist playbook check` (or `test`) after an install: CPU and wall time, and
its output.

Each tree gets its own cache folder; `assist lint` of one draft fills the built-in playbook
cache first, as a user's first lint does. Then, each run, with every check cache entry (and
every team layer's playbook entry) removed again, four checks are timed:

- `builtins`: `assist playbook check` (the built-in files' own check);
- `init`: `assist playbook check team` of the folder `assist playbook init` writes (the
  built-in files' own check made first, then reused);
- `collisions`: a team folder whose phrases and alternatives collide with built-in rules and
  with each other (errors reported);
- `failing`: a team rule whose phrase misses its own `flag` examples (`playbook test` names
  the closest phrase).

`--command test` times `assist playbook test` of the same folders instead.

Trees are timed side by side, in turns; `--out DIR` writes each tree's outputs (stdout and
stderr, exit code) as DIR/<n>.<check>.txt, to `cmp` across trees.

Usage: python benchmarks/bench_first_check.py [--runs 2] [--out DIR] [--command test]
       ASSIST [ASSIST...]
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

COLLISIONS = """\
rules:
  - id: team-no-clue
    severity: warning
    phrases:
      - "don't know"
      - "{have|got} no {idea|clue} at all"
      - "company policy"
      - "nope"
      - "אין לי מושג"
    why: It leaves the customer with nothing.
    say:
      - "I don't know yet, let me check."
      - "Please hurry up and reply."
    source: team addition
  - id: team-no-idea
    severity: warning
    phrases: ["no idea at all", "wait one minute"]
    why: It leaves the customer with nothing.
    say: ["Let me find out for you."]
    source: team addition
overrides:
  - id: hurry-up
    phrases: ["hurry up", "no idea"]
disable: [not-my-job]
"""

FAILING = """\
rules:
  - id: team-last-email
    severity: warning
    phrases: ["per my last email again"]
    why: It tells the customer they should have read more carefully.
    say: ["Here is a short recap."]
    source: team playbook
    examples:
      flag: ["Per my last email, the refund is on its way.", "Kindly check, per my last email."]
      pass: ["As I wrote in my last email, the refund is on its way."]
"""

CHECKS = ("builtins", "init", "collisions", "failing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write each tree's outputs here")
    parser.add_argument("--command", choices=("check", "test"), default="check")
    parser.add_argument("assist", nargs="+", help="an `assist` executable per tree")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = [_prepare(Path(tmp) / f"tree{n}", assist) for n, assist in enumerate(args.assist)]
        times: dict[tuple[int, str], list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for n, (assist, folder, env, warm) in enumerate(trees):
                for check in CHECKS:
                    _forget(env, warm)
                    cpu, wall, output = _check(assist, folder, env, check, args.command)
                    times.setdefault((n, check), []).append((cpu, wall))
                    if args.out is not None:
                        args.out.mkdir(parents=True, exist_ok=True)
                        (args.out / f"{n}.{check}.txt").write_text(output, encoding="utf-8")
    for (n, check), found in times.items():
        cpu = statistics.median(c for c, _ in found)
        wall = statistics.median(w for _, w in found)
        runs = f"median of {len(found)}"
        print(f"{args.assist[n]}: {check}: {runs}: {cpu:.2f} s CPU, {wall:.2f} s wall")


def _prepare(folder: Path, assist: str) -> tuple[str, Path, dict[str, str], set[str]]:
    """A tree's folder with its cache (the built-in playbook entry made by a lint), the
    starter folder and the collisions folder; the cache entries a first check finds."""
    folder.mkdir()
    env = {**os.environ, "ASSIST_CACHE_DIR": str(folder / "cache")}
    (folder / "draft.txt").write_text("Honestly, I dont knwo why the order is late.\n")
    subprocess.run([assist, "lint", "draft.txt"], cwd=folder, env=env, capture_output=True)
    for check in CHECKS[1:]:
        (folder / check).mkdir()
    subprocess.run([assist, "playbook", "init", "team"], cwd=folder / "init", env=env,
                   check=True, capture_output=True)  # fmt: skip
    for check, text in (("collisions", COLLISIONS), ("failing", FAILING)):
        (folder / check / "team").mkdir()
        (folder / check / "team" / "team.yaml").write_text(text, encoding="utf-8")
    return assist, folder, env, set(os.listdir(env["ASSIST_CACHE_DIR"]))


def _forget(env: dict[str, str], warm: set[str]) -> None:
    """Remove every cache entry made after the first lint (check entries, team layers)."""
    cache = Path(env["ASSIST_CACHE_DIR"])
    for name in os.listdir(cache):
        if name not in warm:
            (cache / name).unlink()


def _check(
    assist: str, folder: Path, env: dict[str, str], check: str, command: str = "check"
) -> tuple[float, float, str]:
    """(CPU seconds, wall seconds, output) of one check (or `playbook test`)."""
    where, team = (folder, []) if check == "builtins" else (folder / check, ["team"])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([assist, "playbook", command, *team], cwd=where, env=env,
                          capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1, 2) or "Traceback" in done.stderr:
        raise SystemExit(f"{assist} {check}: {done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall, f"{done.stdout}{done.stderr}exit {done.returncode}\n"


if __name__ == "__main__":
    main()
