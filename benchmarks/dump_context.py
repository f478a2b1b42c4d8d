"""Every finding of `assist lint --reply-to` on the real replies with the customer messages
they answer, one JSON line per reply, for comparing two trees (`cmp`): the reviewer the CLI
uses (its parts read back from the playbook cache when the tree stores them) and the Python
API's (`lint_text(reply, reply_to=customer)`, compiled in process).

Usage: python benchmarks/dump_context.py OUT.jsonl
Compare the output of two checkouts (PYTHONPATH=OTHER_TREE python ...) with `cmp`. Only the
development sets (`wording_eval.REPLY_SETS`) are read: the blind sets are the lead's to measure.
"""

from __future__ import annotations

import argparse
import json

from wording_eval import REPLY_SETS

from assist.cli.loading import load
from assist.config import Config
from assist.review import lint_text


def pairs() -> list[tuple[str, str]]:
    """(reply, customer message) of every development reply set."""
    found = []
    for path in REPLY_SETS.values():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if isinstance(record.get("reply"), str) and isinstance(record.get("customer"), str):
                found.append((record["reply"], record["customer"]))
    return found


def cli_reviewer():  # the old tree has no assist.review.stored
    linter = load((), config=Config()).linter
    try:
        from assist.review.stored import stored_reviewer
    except ImportError:
        from assist.review import reviewer_for

        return reviewer_for(linter, ())
    return stored_reviewer(linter, ())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    args = parser.parse_args()
    reviewer = cli_reviewer()
    total = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for n, (reply, customer) in enumerate(pairs()):
            for label, findings in (
                ("cli", reviewer.review(reply, customer)),
                ("api", lint_text(reply, reply_to=customer)),
            ):
                rows = [
                    [f.offset, f.length, f.line, f.column, f.rule, f.score, f.phrase,
                     f.matched, str(f.severity), f.why, list(f.suggestions)]
                    for f in findings
                ]  # fmt: skip
                total += len(rows)
                out.write(json.dumps([label, n, findings.language, rows]) + "\n")
    print(f"{total} findings written to {args.out}")


if __name__ == "__main__":
    main()
