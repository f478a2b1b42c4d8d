"""How far two reviewers agree on the blind real replies: the ceiling for the context rules.

Compares `replies/second_judge.jsonl` (a second reviewer's judgments of 400 English pairs drawn
at random from `fresh_a.jsonl` + `fresh_b.jsonl`, made without seeing the first) with the
first judgments: the confusion table, the second reviewer's recall of the first's flags and
false alarms per 1,000 of the first's `ok`, both ways, and Cohen's kappa.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

REPLIES = Path(__file__).parent / "corpus" / "replies"


def _judgments(*names: str) -> dict[str, str]:
    found = {}
    for name in names:
        for line in (REPLIES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found[row["id"]] = row["judgment"]
    return found


def _one_way(pairs: list[tuple[str, str]]) -> str:
    """The second of each pair judged against the first as the reference."""
    flags = sum(a == "flag" for a, _ in pairs)
    caught = sum(a == b == "flag" for a, b in pairs)
    ok = sum(a == "ok" for a, _ in pairs)
    alarms = sum(a == "ok" and b == "flag" for a, b in pairs)
    return f"recall {caught}/{flags} = {caught / flags:.2f}; {alarms} false alarms on {ok} ok"


def main() -> None:
    """Print the agreement figures."""
    first = _judgments("fresh_a.jsonl", "fresh_b.jsonl")
    second = _judgments("second_judge.jsonl")
    pairs = [(first[i], j) for i, j in second.items()]
    table = Counter(pairs)
    print(f"{len(pairs)} pairs judged twice (first, second): count")
    for key in sorted(table):
        print(f"  {key[0]:>10} {key[1]:>10}: {table[key]}")
    print("second against first:", _one_way(pairs))
    print("first against second:", _one_way([(b, a) for a, b in pairs]))
    seen = sum(a == b for a, b in pairs) / len(pairs)
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(left[k] * right[k] for k in left) / len(pairs) ** 2
    print(f"agreement {seen:.3f}, Cohen's kappa {(seen - chance) / (1 - chance):.2f}")


if __name__ == "__main__":
    main()
