"""Do people agree with the `why` of each caught flagged reply? (issue 17's second half)

`wording_eval.py` counts a `flag` reply as caught when any finding is reported. This script asks
whether the finding's `why` (the text the CLI prints under "why") names what is wrong with the
reply, as a person reading the customer's message and the reply judges it.

For the development reply sets (`wording_eval.REPLY_SETS`; without `--blind` no blind set is
read), every `flag` reply is linted with its customer message exactly as wording_eval does.
Each caught one is a record: set, reply id, customer message, reply, and each finding's rule id,
matched text and why. The earlier reviewer's `idea` and `reason` are not in the records (judge
from the text).

The blind sets (`BLIND_SETS`: fresh_m, fresh_n) are judged the same way but reported apart, with
`--blind`: their judgments live in `why_judgments_blind.jsonl` and never count in the development
figure. Judging a why tunes nothing, so the records may be read; they hold only the caught `flag`
replies and their findings (never the missed ones, never `idea` or `reason`), and no rule or why is
changed because of them.

Usage:
  python benchmarks/why_eval.py --dump FILE.jsonl   # write the records for judging
  python benchmarks/why_eval.py [--judgments FILE.jsonl] [--json]
  python benchmarks/why_eval.py --blind [--dump FILE.jsonl | --judgments FILE.jsonl] [--json]

The report: all flag replies and the share caught with a why judged `agree` (issue 17's
target: 7 in 10); caught flagged replies; how many are judged; the share judged `agree` (the person
agrees with at least one finding's why), `partly` (related, not quite the problem) and
`disagree`; the same counts per rule id (the rule the judgment names); judgments whose finding
no longer exists (the reply is no longer caught, or that rule no longer fires on it); and caught
replies not yet judged. A judgments file line is
`{"set", "id", "rule", "verdict": "agree"|"partly"|"disagree", "reason"}`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from wording_eval import REPLY_SETS, Lint, load_replies, make_lint

REPLIES = Path(__file__).parent / "corpus" / "replies"
JUDGMENTS = REPLIES / "why_judgments.jsonl"
BLIND_JUDGMENTS = REPLIES / "why_judgments_blind.jsonl"
VERDICTS = ("agree", "partly", "disagree")
JUDGMENT_FIELDS = ("set", "id", "rule", "verdict", "reason")
DEVELOPMENT_SETS = {path.stem: path for path in REPLY_SETS.values()}
"""The development reply sets by name (file stem: twcs_sample, dev2, fresh_a, ...)."""
BLIND_SETS = {name: REPLIES / f"{name}.jsonl" for name in ("fresh_m", "fresh_n")}
"""The blind reply sets whose caught replies' whys are judged apart (`--blind`); no rule is tuned
on them, and they are never development sets."""


class BadJudgments(ValueError):
    """A judgments file that cannot be read; the message names the file and line."""


def caught_records(lint: Lint, sets: Mapping[str, Path] = DEVELOPMENT_SETS) -> list[dict[str, Any]]:
    """One record per caught `flag` reply: set, id, customer, reply and its findings' whys."""
    records = []
    for name, path in sets.items():
        for reply in load_replies(path):
            if reply["judgment"] != "flag":
                continue
            found = lint(reply["reply"], reply.get("customer"))
            if not found:
                continue
            records.append(
                {
                    "set": name,
                    "id": reply["id"],
                    "customer": reply.get("customer"),
                    "reply": reply["reply"],
                    "findings": [
                        {"rule": f.rule, "matched": f.matched, "why": f.why} for f in found
                    ],
                }
            )
    return records


def count_flagged(sets: Mapping[str, Path] = DEVELOPMENT_SETS) -> int:
    """How many `flag` replies the sets hold, caught or not (the target's denominator)."""
    return sum(r["judgment"] == "flag" for path in sets.values() for r in load_replies(path))


def load_judgments(path: Path, sets: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The judgments, one dict per line; BadJudgments names the file and line of a bad one.
    With `sets`, a judgment of another set is an error (blind and development files kept apart)."""
    allowed = None if sets is None else set(sets)
    judgments, seen = [], set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadJudgments(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(item, dict):
            raise BadJudgments(f"{where}: a judgment is a JSON object")
        missing = [key for key in JUDGMENT_FIELDS if not isinstance(item.get(key), str)]
        if missing:
            raise BadJudgments(f"{where}: missing or not text: {', '.join(missing)}")
        if item["verdict"] not in VERDICTS:
            raise BadJudgments(f"{where}: verdict {item['verdict']!r} is not one of {VERDICTS}")
        if allowed is not None and item["set"] not in allowed:
            raise BadJudgments(f"{where}: set {item['set']!r} does not belong in this file")
        key = (item["set"], item["id"])
        if key in seen:
            raise BadJudgments(f"{where}: {item['set']} {item['id']} is judged twice")
        seen.add(key)
        judgments.append(item)
    return judgments


def tally(
    records: Iterable[Mapping[str, Any]],
    judgments: Iterable[Mapping[str, Any]],
    flagged: int | None = None,
) -> dict[str, Any]:
    """The figures: caught, judged, verdict counts and shares, per rule, stale and unjudged.
    With `flagged` (all `flag` replies, caught or not): the share caught with an agreed why,
    issue 17's target ("7 in 10 flagged, each with a why a person agrees with")."""
    rules_of = {(r["set"], r["id"]): {f["rule"] for f in r["findings"]} for r in records}
    verdicts: Counter[str] = Counter()
    per_rule: dict[str, Counter[str]] = {}
    judged, stale = set(), []
    for j in judgments:
        key = (j["set"], j["id"])
        if key not in rules_of:
            stale.append(f"{j['set']} {j['id']}: no longer caught (judged {j['rule']})")
            continue
        if j["rule"] not in rules_of[key]:
            now = ", ".join(sorted(rules_of[key]))
            stale.append(f"{j['set']} {j['id']}: {j['rule']} no longer fires (now {now})")
            continue
        judged.add(key)
        verdicts[j["verdict"]] += 1
        per_rule.setdefault(j["rule"], Counter())[j["verdict"]] += 1
    count = len(judged)
    of_flagged = {}
    if flagged:
        of_flagged = {
            "flagged": flagged,
            "caught_share_of_flagged": round(len(rules_of) / flagged, 4),
            "agree_share_of_flagged": round(verdicts["agree"] / flagged, 4),
        }
    return {
        **of_flagged,
        "caught": len(rules_of),
        "judged": count,
        **{v: verdicts[v] for v in VERDICTS},
        **{f"{v}_share": round(verdicts[v] / count, 4) if count else 0.0 for v in VERDICTS},
        "rules": {rule: {v: c[v] for v in VERDICTS} for rule, c in sorted(per_rule.items())},
        "stale": stale,
        "unjudged": [f"{s} {i}" for s, i in rules_of if (s, i) not in judged],
    }


def report(figures: Mapping[str, Any], title: str | None = None) -> str:
    """The figures as plain text (under `title` when given), stale and unjudged replies listed."""
    f = figures
    lines = [title, ""] if title else []
    if "flagged" in f:
        lines.append(
            f"flag replies: {f['flagged']}; caught {f['caught_share_of_flagged']:.1%}; "
            f"caught with a why judged agree {f['agree']}/{f['flagged']} "
            f"({f['agree_share_of_flagged']:.1%})"
        )
    lines += [
        f"caught flagged replies: {f['caught']}; judged: {f['judged']}",
        f"agree {f['agree']} ({f['agree_share']:.0%}), partly {f['partly']} "
        f"({f['partly_share']:.0%}), disagree {f['disagree']} ({f['disagree_share']:.0%})",
        "",
        f"{'rule':<28} agree  partly  disagree",
    ]
    for rule, c in f["rules"].items():
        lines.append(f"{rule:<28} {c['agree']:>5}  {c['partly']:>6}  {c['disagree']:>8}")
    for title, entries in (
        ("judged, but the judged finding no longer exists", f["stale"]),
        ("caught, not yet judged", f["unjudged"]),
    ):
        lines += ["", f"{title}: {len(entries)}"] + [f"  {e}" for e in entries]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: --dump writes the records; otherwise report on the judgments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, metavar="FILE.jsonl", help="write records to judge")
    parser.add_argument("--judgments", type=Path, metavar="FILE.jsonl")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--blind", action="store_true", help="the blind sets (fresh_m, fresh_n), reported apart"
    )
    args = parser.parse_args(argv)
    sets = BLIND_SETS if args.blind else DEVELOPMENT_SETS
    judgments = args.judgments or (BLIND_JUDGMENTS if args.blind else JUDGMENTS)
    records = caught_records(make_lint(), sets)
    if args.dump:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        args.dump.write_text(text, encoding="utf-8")
        print(f"{len(records)} caught flagged replies written to {args.dump}")
        return 0
    try:
        figures = tally(records, load_judgments(judgments, sets), count_flagged(sets))
    except (OSError, BadJudgments) as error:
        print(f"why_eval: {error}", file=sys.stderr)
        return 2
    kind = "blind" if args.blind else "development"
    if args.json:
        print(json.dumps({"sets": kind, **figures}, indent=2, ensure_ascii=False))
    else:
        print(report(figures, f"{kind} sets: {', '.join(sets)} (judgments: {judgments.name})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
