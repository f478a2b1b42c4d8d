"""A whole compile of a playbook's phrase index (`PhraseIndex(playbook)`): CPU time, and the
data the cache writes, to compare trees.

Each tree is run in a fresh process per compile (`PYTHONPATH=TREE`, a cache folder of its
own), the trees in turns, `--runs` times; the best CPU time of each is printed. Playbooks:

- `builtin`: the built-in playbook (`load_playbook([])`);
- `team`: the built-ins plus 1,000 synthetic team phrases (`corpus.team_playbook`);
- `multi`: the built-ins plus team rules with Hebrew, Finnish and Arabic patterns.

`--first-lint` times `assist lint --no-config examples/draft.txt` instead, in each tree with
an empty cache folder (a user's first run ever: the compile, the cache entry written, the
lint), CPU of the process.

`--out DIR` writes each tree's compiled data as DIR/<n>.<playbook>.json (`to_data`, as the
cache's JSON text) and DIR/<n>.<playbook>.blobs (`to_blobs`, joined): `cmp` them across trees.

Usage: python benchmarks/bench_compile.py [--runs 3] [--out DIR] [--only builtin] [--first-lint]
       TREE [TREE...]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
PLAYBOOKS = ("builtin", "team", "multi")

# Team rules in the languages with their own folding and stems (prefixed Hebrew and Arabic
# words, Finnish letters with and without dots), in patterns.
MULTI_RULES = (
    ("he", ("{ואתה|אתה} {טועה|לא צודק}", "[אני] לא {יכול|מסוגל} לעזור ... {לך|לכם}",
            "שאתה לא מבין", "זה {המדיניות|הנוהל} שלנו")),
    ("fi", ("{et|ette} ymmärrä [mitään]", "se on {teidän|sinun} vikasi",
            "älä {valita|marise} ... turhaan", "taysin mahdotonta")),
    ("ar", ("{وأنت|أنت} {مخطئ|غلطان}", "هذه {سياسة|قواعد} الشركة",
            "لا {أستطيع|يمكنني} مساعدتك ... الآن", "للمدير فقط")),
)  # fmt: skip

CHILD = """
import json, sys, time
import assist
assert assist.__file__.startswith({tree!r}), assist.__file__
sys.path.insert(0, {here!r})
from assist.lint.matcher import PhraseIndex
playbook = {make}
start = time.process_time()
index = PhraseIndex(playbook)
cpu = time.process_time() - start
if {out!r}:
    with open({out!r} + ".json", "w", encoding="utf-8") as f:
        f.write(json.dumps(index.to_data(), ensure_ascii=False))
    with open({out!r} + ".blobs", "wb") as f:
        f.write(b"\\n--\\n".join(index.to_blobs()))
print(cpu)
"""

MAKE = {
    "builtin": "__import__('assist.playbook.load', fromlist=['x']).load_playbook([])",
    "team": "__import__('corpus').team_playbook(1000)",
    "multi": "__import__('bench_compile').multi_playbook()",
}


def multi_playbook() -> object:
    """The built-in playbook plus team rules in Hebrew, Finnish and Arabic."""
    from dataclasses import replace

    from assist.lint.engine import default_playbook
    from assist.model import PhraseRule, Severity

    builtin = default_playbook()
    rules = tuple(
        replace(
            PhraseRule(f"team-{code}", Severity.WARNING, phrases, "synthetic", ("...",), "team"),
            language=code,
            word_order="free" if code == "fi" else "fixed",
            guards=phrases[-1:],
        )
        for code, phrases in MULTI_RULES
    )
    return replace(builtin, rules=builtin.rules + rules)


def compile_once(tree: Path, cache: Path, playbook: str, out: str) -> float:
    """CPU seconds of one whole compile of `playbook` by `tree`, in a fresh process."""
    code = CHILD.format(here=str(HERE), make=MAKE[playbook], out=out, tree=str(tree))
    env = {**os.environ, "PYTHONPATH": str(tree), "ASSIST_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"{tree} {playbook}: {done.stderr}")
    return float(done.stdout.split()[-1])


def first_lint(tree: Path, cache: Path) -> float:
    """CPU seconds of `assist lint` of the example draft by `tree` with an empty cache."""
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "ASSIST_CACHE_DIR": str(cache)}
    draft = str(HERE.parent / "examples" / "draft.txt")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "assist", "lint", "--no-config", draft]
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"{tree} lint: {done.stderr}")
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write each tree's compiled data here")
    parser.add_argument("--only", choices=PLAYBOOKS, action="append")
    parser.add_argument("--first-lint", action="store_true", help="time a first run instead")
    parser.add_argument("trees", nargs="+", type=Path)
    args = parser.parse_args()
    playbooks = ["first-lint"] if args.first_lint else args.only or PLAYBOOKS
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    best: dict[tuple[int, str], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for playbook in playbooks:
                for n, tree in enumerate(args.trees):
                    cache = Path(tmp) / str(n)
                    write = args.out is not None and run == 0
                    out = str(args.out / f"{n}.{playbook}") if write else ""
                    if args.first_lint:
                        cpu = first_lint(tree.resolve(), cache)
                    else:
                        cpu = compile_once(tree.resolve(), cache, playbook, out)
                    best[n, playbook] = min(cpu, best.get((n, playbook), cpu))
    for playbook in playbooks:
        times = [best[n, playbook] for n in range(len(args.trees))]
        ratios = "".join(f", {t / times[0]:.2f}x" for t in times[1:])
        print(f"{playbook}: best of {args.runs} CPU: "
              + " / ".join(f"{t:.2f} s" for t in times) + ratios)  # fmt: skip
    print("load average:", Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
