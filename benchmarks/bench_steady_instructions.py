"""Instructions per steady `assist.lint_text` draft, counted by valgrind's callgrind: a figure
that a loaded machine, or a host whose speed changes from hour to hour, does not move.

The script runs itself under callgrind twice: 1,000 benchmark drafts (`corpus.drafts`) linted
once to sort them, once more (the sieve has learnt their words), then 0 or 3 more steady
passes; (instructions with 3 - instructions with 0) / (3 x drafts) is the figure. Each steady
pass judges every draft's language anew, as new drafts are (`--remember-languages`: kept from
pass to pass, as figures before 2026-12-03 10:45 UTC were measured). `--kind clean` or
`finding` measures only the drafts without, or with, a finding. Bytecode is written and reused
(see installed.py). Run it in each tree to compare (PYTHONPATH and ASSIST_CACHE_DIR for an
old checkout). Needs valgrind (`apt-get install valgrind`); a run takes 1-3 minutes.

Usage: python benchmarks/bench_steady_instructions.py [--kind all] [--remember-languages]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from installed import with_bytecode

DRAFTS = 1000
PASSES = 3


def inner(passes: int, kind: str, remember: bool) -> None:
    """The measured loop (run under callgrind): prints how many drafts it linted."""
    from corpus import drafts

    from assist import lint_text
    from assist.lint.language import forget_languages

    texts = drafts(DRAFTS)
    with_finding = [bool(lint_text(t)) for t in texts]
    if kind != "all":
        texts = [t for t, f in zip(texts, with_finding, strict=True) if f == (kind == "finding")]
    for text in texts:
        lint_text(text)
    for _ in range(passes):
        if not remember:
            forget_languages()
        for text in texts:
            lint_text(text)
    print(len(texts))


def instructions(passes: int, args: argparse.Namespace, env: dict[str, str]) -> tuple[int, int]:
    """(instructions callgrind counted, drafts) of one run of `inner` with `passes`."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
            __file__, "--inner", str(passes), "--kind", args.kind,
        ] + (["--remember-languages"] if args.remember_languages else [])  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        total = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        if total is None:
            raise SystemExit(f"{out}: no instruction total from callgrind")
        return int(total.group(1)), int(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", choices=("all", "clean", "finding"), default="all")
    parser.add_argument("--remember-languages", action="store_true")
    parser.add_argument("--inner", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner is not None:
        inner(args.inner, args.kind, args.remember_languages)
        return
    with tempfile.TemporaryDirectory() as folder:
        env = with_bytecode(os.environ, Path(folder))
        warm = [sys.executable, __file__, "--inner", "0", "--kind", args.kind]
        subprocess.run(warm, env=env, capture_output=True, check=True)  # bytecode, cache
        base, count = instructions(0, args, env)
        more, _ = instructions(PASSES, args, env)
    languages = "remembered" if args.remember_languages else "judged each pass"
    per_draft = (more - base) / (PASSES * count)
    print(f"{per_draft:,.0f} instructions per steady draft ({args.kind}: {count} drafts, "
          f"languages {languages})")  # fmt: skip


if __name__ == "__main__":
    main()
