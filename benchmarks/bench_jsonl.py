"""Batch throughput: `assist lint --input jsonl FILE` on N drafts, one process.

The drafts are the real replies of benchmarks/corpus/replies/twcs_sample.jsonl (English,
Japanese, German, Spanish) and the natural-wording corpora (English, Hebrew, Arabic,
Finnish), cycled up to N lines with unique ids; every tenth line carries its customer
message as `reply_to` (the context rules run). Reports drafts per second (wall and CPU), the
peak memory of the process (flat from 5,000 to 50,000 lines: it streams), and the same run
with every rule on every draft (`-l en -l he -l ar -l fi`: no detection) to show what
detection costs.
Usage: python benchmarks/bench_jsonl.py [--lines 5000 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus"


def drafts() -> list[tuple[str, str | None]]:
    """(text, customer message or None) from the corpora."""
    items: list[tuple[str, str | None]] = []
    for line in (CORPUS / "replies" / "twcs_sample.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        items.append((row["reply"], row["customer"]))
    for path in sorted((CORPUS / "wording").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        items.extend((item["text"], None) for item in data["items"])
    return items


def write_batch(path: Path, lines: int) -> None:
    pool = drafts()
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            text, customer = pool[n % len(pool)]
            item: dict[str, object] = {"id": f"d{n}", "text": text}
            if customer is not None and n % 10 == 0:
                item["reply_to"] = customer
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


def run(command: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one run; its output goes to /dev/null."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open("/dev/null", "w") as sink:
        done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"assist lint failed: {done.stderr.decode()}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("assist") or str(Path(sys.executable).parent / "assist")
    with tempfile.TemporaryDirectory() as folder:
        for lines in args.lines:
            batch = Path(folder) / f"batch-{lines}.jsonl"
            write_batch(batch, lines)
            every = ["-l", "en", "-l", "he", "-l", "ar", "-l", "fi"]
            for label, extra in (("detect", []), ("all rules", every)):
                command = [exe, "lint", "--input", "jsonl", *extra, str(batch)]
                runs = [run(command) for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in runs)
                cpu = statistics.median(r[1] for r in runs)
                print(
                    f"{lines:>6} lines, {label:>9}: {lines / wall:,.0f} drafts/s wall "
                    f"({wall:.2f} s), {lines / cpu:,.0f} drafts/s CPU, "
                    f"peak RSS so far {max(r[2] for r in runs):.0f} MiB"
                )


if __name__ == "__main__":
    main()
