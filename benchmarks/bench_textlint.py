"""assist lint side by side with textlint + textlint-rule-prh, in one run, on this machine.

textlint gets the built-in playbook's English phrases as exact prh patterns (each with the
rule's first `say` as the expected wording); both tools lint the same drafts (corpus.py),
write to a file, and run in turns, round after round, so machine load hits both alike.
Reported: median wall time, cpu/wall (cores used) and the median of the per-round ratios
assist / textlint, against the targets of issue 9.

textlint is installed with npm into --textlint-dir (default benchmarks/.textlint, ignored
by git) when it is not there yet.

assist runs with bytecode, as an installed package does (installed.py): the warm-up round
writes it to a temporary folder, the measured rounds read it.

Usage: python benchmarks/bench_textlint.py [--drafts 5000] [--rounds 5] [--cold-rounds 20]
  [--cold-only] [--old TREE] [--replies]
--cold-only: only the one-draft runs. --old TREE: also a cold run of the assist in another
checkout (its `assist` package first on PYTHONPATH), in the same turns: old and new paired.
--replies: also the reply checks cold, in the same turns: `assist lint --reply-to MSG` of the
same draft (a pre-send check with the customer's message), `assist triage MSG` and `assist
score` of the draft, each also as a ratio to the plain cold lint of the same round (issue 17:
within the speed targets; the reply check at most 1.5x a cold lint).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts
from installed import with_bytecode

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"text": 0.33, "json": 0.33, "cold": 0.15}
REPLY_TARGETS = {"reply": 1.5}
"""Ratios to the plain cold lint of the same round (and tree)."""
MESSAGE = (
    "This is ridiculous!!! I have called THREE times and nobody fixed my internet. "
    "I will cancel and post about this on Twitter.\n"
)
"""The customer's message of the reply runs: upset, so every context rule is judged."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drafts", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-rounds", type=int, default=20)
    parser.add_argument("--textlint-dir", type=Path, default=ROOT / "benchmarks" / ".textlint")
    parser.add_argument("--cold-only", action="store_true", help="only the one-draft runs")
    parser.add_argument("--old", type=Path, help="another checkout, run cold in the same turns")
    parser.add_argument("--replies", action="store_true", help="also the reply checks cold")
    args = parser.parse_args()
    textlint = install_textlint(args.textlint_dir)
    assist = shutil.which("assist") or str(Path(sys.executable).parent / "assist")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = write_drafts(work / "drafts", args.drafts)
        config = write_textlint_config(work)
        tl = [textlint, "--config", str(config)]
        folder_runs = {
            "textlint": [*tl, str(folder)],
            "text": [assist, "lint", "--no-config", str(folder)],
            "json": [assist, "lint", "--no-config", "-f", "json", str(folder)],
            "line": [assist, "lint", "--no-config", "-f", "line", str(folder)],
            "text -j1": [assist, "lint", "--no-config", "-j1", str(folder)],
        }
        if not args.cold_only:
            print(f"{args.drafts} drafts of about 100 words, {args.rounds} rounds")
            report(measure(folder_runs, args.rounds, work))
        draft = str(ROOT / "examples" / "draft.txt")
        cold_runs = {
            "textlint": [*tl, draft],
            "cold": [assist, "lint", "--no-config", draft],
        }
        if args.replies:
            message = work / "message.txt"
            message.write_text(MESSAGE, encoding="utf-8")
            cold_runs["reply"] = [assist, "lint", "--no-config", "--reply-to", str(message), draft]
            cold_runs["triage"] = [assist, "triage", str(message)]
            cold_runs["score"] = [assist, "score", draft]
        envs = {}
        if args.old is not None:  # the same commands, the other checkout's package first
            for name in [n for n in cold_runs if n != "textlint"]:
                cold_runs[f"{name} old"] = cold_runs[name]
                envs[f"{name} old"] = {"PYTHONPATH": str(args.old.resolve())}
        print(
            f"\none draft, a new process each time (playbook cache warm), {args.cold_rounds} rounds"
        )
        results = measure(cold_runs, args.cold_rounds, work, envs)
        report(results)
        if args.replies:
            report_to_cold(results)


def install_textlint(folder: Path) -> str:
    binary = folder / "node_modules" / ".bin" / "textlint"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "textlint", "textlint-rule-prh"],
            cwd=folder,
            check=True,
        )
    return str(binary)


def write_drafts(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i, text in enumerate(drafts(count)):
        (folder / f"draft-{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def write_textlint_config(work: Path) -> Path:
    """prh rules: every English phrase of the built-in playbook as an exact pattern."""
    from assist.playbook.load import load_playbook

    lines = ["version: 1", "rules:"]
    for rule in load_playbook().rules:
        if rule.language != "en":
            continue
        for phrase in rule.phrases:
            lines.append(f"  - expected: {json.dumps(rule.say[0] if rule.say else phrase)}")
            lines.append(f"    pattern: {json.dumps(phrase)}")
    (work / "prh.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = work / ".textlintrc.json"
    config.write_text(json.dumps({"rules": {"prh": {"rulePaths": ["./prh.yml"]}}}), "utf-8")
    return config


def measure(
    runs: dict[str, list[str]], rounds: int, work: Path,
    envs: dict[str, dict[str, str]] | None = None,
) -> dict[str, list[tuple[float, float]]]:  # fmt: skip
    """(wall seconds, cpu seconds) of each command, run in turns; one warm-up each first
    (`envs`: more environment variables for some of the runs)."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    base = with_bytecode(base, work / "bytecode")  # as installed: see installed.py
    out = work / "out.txt"
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for round_ in range(rounds + 1):
        for name, command in runs.items():
            env = {**base, **(envs or {}).get(name, {})}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            with out.open("wb") as sink:
                done = subprocess.run(
                    command, stdout=sink, stderr=subprocess.PIPE, env=env, cwd=work
                )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if done.returncode not in (0, 1):
                sys.exit(f"{name} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
            if round_:  # round 0 warms caches
                results[name].append((wall, cpu))
    return results


def report(results: dict[str, list[tuple[float, float]]]) -> None:
    """Medians, and per-round ratios to textlint in wall time and in cpu time (the cpu
    ratio holds up better when other work shares the machine)."""
    baseline = results["textlint"]
    for name, samples in results.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        cores = statistics.median(c / w for w, c in samples)
        line = f"  {name:<10} wall {wall * 1000:7.0f} ms  cpu {cpu * 1000:7.0f} ms"
        line += f"  cpu/wall {cores:4.2f}"
        if name != "textlint":
            pairs = list(zip(samples, baseline, strict=True))
            ratio = statistics.median(w / b for (w, _), (b, _) in pairs)
            cpu_ratio = statistics.median(c / d for (_, c), (_, d) in pairs)
            line += f"  {ratio:5.2f}x textlint (cpu {cpu_ratio:4.2f}x)"
            target = TARGETS.get(name)
            if target is not None:
                line += f"  target <= {target:.2f}: " + ("met" if ratio <= target else "NOT met")
        print(line)


def report_to_cold(results: dict[str, list[tuple[float, float]]]) -> None:
    """Each reply check's median per-round ratio to the plain cold lint of the same tree."""
    print("\nto a cold `assist lint` of the same draft, same round (wall, cpu)")
    for name, samples in results.items():
        base_name = "cold old" if name.endswith(" old") else "cold"
        if name in ("textlint", "cold", "cold old") or base_name not in results:
            continue
        pairs = list(zip(samples, results[base_name], strict=True))
        ratio = statistics.median(w / b for (w, _), (b, _) in pairs)
        cpu_ratio = statistics.median(c / d for (_, c), (_, d) in pairs)
        line = f"  {name:<12} {ratio:5.2f}x (cpu {cpu_ratio:4.2f}x)"
        target = REPLY_TARGETS.get(name)
        if target is not None:
            line += f"  target <= {target:.2f}: " + ("met" if ratio <= target else "NOT met")
        print(line)


if __name__ == "__main__":
    main()
