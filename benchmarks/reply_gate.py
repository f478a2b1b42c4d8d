"""Issue 17's learned gate: does a small model help the reply rules? (no on leave-one-set-out,
yes on the blind sets: shipped as assist/review/learned.py, its weights written by --export)

A logistic regression on the reply's and the customer's words and on signals assist already
computes (the context rules' reading of the customer: upset, tried, asserts...; of the reply:
score's elements, redirects only, asks; triage's signals) learns `flag` against `ok` from the
judged development sets (wording_eval.REPLY_SETS; `borderline` and non-English replies left
out). It is used three ways and measured against the rules alone:

- gate: a reply's rule findings are kept only when the model's probability that the reply
  fails the customer is at least `t_gate`;
- gate + model flags: a reply no rule flags is flagged when the probability is at least `t_add`;
- model alone: flagged when the probability is at least `t_add`.

Both thresholds are chosen inside the training sets, never on the measured set: the model is
trained leaving each training set out in turn (inner leave-one-set-out); `t_gate` is the
probability below which the share `--gate-quantile` of the flags the rules catch in those
out-of-fold predictions falls, and `t_add` the lowest probability at which the out-of-fold
false alarms added on `ok` replies no rule flags stay within `--add-budget` per 1,000 `ok`.

Two measures:

- leave-one-set-out (default): train on eleven development sets, measure on the twelfth, for
  each. The rules were tuned on all twelve, so their figures here are optimistic; the model's
  are honest.
- `--train A,B --test C,D` with records dumped by an older tree whose rules had not yet been
  read on C and D (`--dump`, run with that tree's `assist` first on PYTHONPATH): the rules are
  blind on C and D too (docs/replies.md, "A learned gate").

Usage (from the repository root):
  python benchmarks/reply_gate.py [--records FILE] [--features text,signals] [--json]
                                  [--gate-quantile 0.05] [--add-budget 0.5]
                                  [--train SETS --test SETS]
  python benchmarks/reply_gate.py --dump FILE      # write the records with the assist imported
  python benchmarks/reply_gate.py --blind FILE.jsonl  # the frozen recipe, measured once on FILE
  python benchmarks/reply_gate.py --export [FILE]  # the shipped recipe's weights (package data)

Only the development sets are read: the blind sets (fresh_k, fresh_l) are never opened.
Pure Python (AdaGrad on binary features, fixed seed): the same records give the same figures.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from wording_eval import REPLY_SETS, load_replies

from assist.review.learned import CUSTOMER, FORMAT, KINDS, WEIGHTS_FILE, Reading
from assist.review.learned import features as learned_features
from assist.review.learned import probability as learned_probability

SEED = 17
EPOCHS = 6
L2 = 1e-3
RATE = 0.1
GATE_QUANTILE = 0.05
"""The gate may drop this share of the flags the rules catch (out-of-fold, training sets)."""
ADD_BUDGET = 0.5
"""Model flags may add this many false alarms per 1,000 `ok` replies (out-of-fold)."""
QUANTILES = (0.02, 0.05, 0.10)
"""Gate quantiles reported beside the chosen one."""
Record = dict[str, Any]


def dump(path: Path) -> None:
    """Lint every development reply with its customer message (the `assist` imported) and
    write one record per reply: judgment, findings' rule ids, the context rules' signals."""
    with path.open("w", encoding="utf-8") as out:
        for rec in lint_sets(REPLY_SETS.values()):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def lint_sets(files: Iterable[Path], name: str | None = None) -> list[Record]:
    """The records of judged reply files, linted with the `assist` imported (each record's
    set is its file's stem, or `name`)."""
    from assist.review import reviewer_for

    reviewer = reviewer_for(None)
    return [record(reviewer, name or f.stem, row) for f in files for row in load_replies(f)]


def record(reviewer: Any, name: str, row: dict[str, Any]) -> Record:
    """One reply as the experiment reads it."""
    # the rules alone: lint and the context rules, without the learned gate
    found = list(lint := reviewer.linter.lint(row["reply"]))
    if lint.language in (None, "en"):
        found += reviewer.context_findings(row["reply"], row["customer"], learned=False)
    customer = reviewer.customer(row["customer"])
    reply = reviewer.reply(row["reply"])
    return {
        "set": name,
        "id": row["id"],
        "judgment": row["judgment"],
        "idea": row.get("idea"),
        "lang": row.get("lang"),
        "customer": row["customer"],
        "reply": row["reply"],
        "detected": lint.language,
        "findings": [f.rule for f in found],
        "cust": {k: getattr(customer, k) for k in CUSTOMER},
        "signals": sorted(customer.signals),
        "present": sorted(reply.present),
        "hits": sorted(reply.hits),
        "only_redirects": reply.only_redirects,
        "asks": reply.asks,
    }


def features(rec: Record, kinds: Sequence[str]) -> set[str]:
    """Binary features: the package's own (assist.review.learned.features: `text`, `signals`)
    and `rules` (the rule ids that fired; experiment only)."""
    reading = Reading(
        rec["reply"], rec["customer"], rec["cust"], rec["signals"], rec["present"],
        rec["hits"], rec["only_redirects"], rec["asks"],
    )  # fmt: skip
    out = learned_features(reading, kinds)
    if "rules" in kinds:
        out.update("rule:" + r for r in rec["findings"])
    return out


def train(rows: Sequence[Sequence[int]], labels: Sequence[bool], dim: int) -> list[float]:
    """Logistic regression weights by AdaGrad with L2 (fixed seed: reproducible)."""
    weights, squares = [0.0] * dim, [1e-8] * dim
    order = list(range(len(rows)))
    shuffle = random.Random(SEED).shuffle
    for _ in range(EPOCHS):
        shuffle(order)
        for i in order:
            x = rows[i]
            gradient = probability(weights, x) - labels[i]
            for k in x:
                g = gradient + L2 * weights[k]
                squares[k] += g * g
                weights[k] -= RATE * g / math.sqrt(squares[k])
    return weights


def probability(weights: Sequence[float], x: Iterable[int]) -> float:
    """The model's probability that the reply fails the customer (the package's logistic)."""
    return learned_probability(weights[k] for k in x)


class Experiment:
    """The records as feature indexes, and the training and measuring on them."""

    def __init__(self, records: list[Record], kinds: Sequence[str]) -> None:
        self.records = [r for r in records if r["judgment"] in ("flag", "ok")]
        vocabulary: dict[str, int] = {}
        self.x = [
            sorted(vocabulary.setdefault(f, len(vocabulary)) for f in features(r, kinds))
            for r in self.records
        ]
        self.dim = len(vocabulary)
        self.names = list(vocabulary)
        self.flag = [r["judgment"] == "flag" for r in self.records]
        self.fired = [bool(r["findings"]) for r in self.records]
        # trained on replies judged English; acts where the context rules act
        self.english = [r["lang"] == "en" for r in self.records]
        self.judged = [r["detected"] in (None, "en") for r in self.records]

    def indexes(self, sets: Iterable[str]) -> list[int]:
        names = set(sets)
        return [i for i, r in enumerate(self.records) if r["set"] in names]

    def fit(self, sets: Iterable[str]) -> list[float]:
        rows = [i for i in self.indexes(sets) if self.english[i]]
        return train([self.x[i] for i in rows], [self.flag[i] for i in rows], self.dim)

    def predict(self, weights: list[float], sets: Iterable[str]) -> dict[int, float]:
        return {i: probability(weights, self.x[i]) for i in self.indexes(sets) if self.judged[i]}

    def thresholds(
        self, sets: Sequence[str], quantiles: Iterable[float], budget: float
    ) -> tuple[dict[float, float], float]:
        """(t_gate per quantile, t_add) from out-of-fold predictions over `sets`."""
        p: dict[int, float] = {}
        for held in sets:
            p.update(self.predict(self.fit([s for s in sets if s != held]), [held]))
        caught = sorted(v for i, v in p.items() if self.flag[i] and self.fired[i])
        gates = {q: caught[int(q * len(caught))] for q in quantiles}
        ok = sum(not self.flag[i] for i in self.indexes(sets))
        quiet = sorted((v for i, v in p.items() if not self.flag[i] and not self.fired[i]))
        allowed = int(budget * ok / 1000)
        t_add = quiet[-allowed - 1] + 1e-9 if allowed < len(quiet) else 0.0
        return gates, t_add

    def score(
        self, rows: Iterable[int], p: dict[int, float], t_gate: float, t_add: float
    ) -> Counter[str]:
        """Caught flags and false alarms of the rules, rules + gate, + model flags, model."""
        out: Counter[str] = Counter()
        for i in rows:
            prob = p.get(i)
            rules = self.fired[i]
            gated = rules and (prob is None or prob >= t_gate)
            alone = prob is not None and prob >= t_add
            kind = "tp" if self.flag[i] else "fp"
            out["flag" if self.flag[i] else "ok"] += 1
            for name, hit in (
                ("rules", rules),
                ("gate", gated),
                ("both", gated or alone),
                ("model", alone),
            ):
                out[f"{name}:{kind}"] += hit
        return out


def run(
    records: list[Record],
    kinds: Sequence[str],
    folds: list[tuple[list[str], list[str]]],
    quantile: float,
    budget: float,
) -> dict[str, Any]:
    """Figures per measured set (at `quantile`) and in total (at every reported quantile)."""
    experiment = Experiment(records, kinds)
    quantiles = sorted({quantile, *QUANTILES})
    per_set: dict[str, Any] = {}
    totals: dict[float, Counter[str]] = {q: Counter() for q in quantiles}
    for train_sets, test_sets in folds:
        gates, t_add = experiment.thresholds(train_sets, quantiles, budget)
        p = experiment.predict(experiment.fit(train_sets), test_sets)
        for name in test_sets:
            rows = experiment.indexes([name])
            for q in quantiles:
                counts = experiment.score(rows, p, gates[q], t_add)
                totals[q].update(counts)
                if q == quantile:
                    per_set[name] = {**figures(counts), "t_gate": gates[q], "t_add": t_add}
    return {
        "features": list(kinds),
        "gate_quantile": quantile,
        "add_budget_per_1000": budget,
        "sets": per_set,
        "total": {str(q): figures(c) for q, c in totals.items()},
    }


def export(records: list[Record], path: Path) -> dict[str, Any]:
    """Train the shipped recipe (KINDS, SEED, GATE_QUANTILE, ADD_BUDGET) on every set of
    `records` and write its weights and thresholds as the package's data (same records, same
    bytes): only features seen in training, weights to 6 significant digits."""
    experiment = Experiment(records, KINDS)
    names = list(dict.fromkeys(r["set"] for r in experiment.records))
    gates, t_add = experiment.thresholds(names, [GATE_QUANTILE], ADD_BUDGET)
    weights = experiment.fit(names)
    seen = {k for i in experiment.indexes(names) if experiment.english[i] for k in experiment.x[i]}
    data = {
        "format": FORMAT,
        "trained_on": names,
        "seed": SEED,
        "features": list(KINDS),
        "gate_quantile": GATE_QUANTILE,
        "add_budget_per_1000": ADD_BUDGET,
        "t_gate": float(f"{gates[GATE_QUANTILE]:.6g}"),
        "t_add": float(f"{t_add:.6g}"),
        "weights": {
            experiment.names[k]: float(f"{weights[k]:.6g}")
            for k in sorted(seen, key=lambda k: experiment.names[k])
        },
    }
    path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def figures(counts: Counter[str]) -> dict[str, Any]:
    """Caught / flag and false alarms per 1,000 ok for each way of deciding."""
    flags, ok = counts["flag"], counts["ok"]
    out: dict[str, Any] = {"flag": flags, "ok": ok}
    for name in ("rules", "gate", "both", "model"):
        caught, alarms = counts[f"{name}:tp"], counts[f"{name}:fp"]
        out[name] = {
            "caught": caught,
            "recall": round(caught / flags, 4) if flags else 0.0,
            "false_alarms": alarms,
            "false_alarms_per_1000": round(1000 * alarms / ok, 2) if ok else 0.0,
        }
    return out


def report(result: dict[str, Any]) -> str:
    """The figures as a plain-text table."""
    ways = "rules | rules+gate | rules+gate+model flags | model alone"
    head = f"{'set':<14}{'flag':>5}{'ok':>6} | {ways}"
    lines = [f"features: {','.join(result['features'])}", head]

    def row(name: str, f: dict[str, Any]) -> str:
        cells = [
            f"{f[k]['caught']:>4} ({f[k]['recall']:.2f}) {f[k]['false_alarms_per_1000']:5.1f}"
            for k in ("rules", "gate", "both", "model")
        ]
        return f"{name:<14}{f['flag']:>5}{f['ok']:>6} | " + " | ".join(cells)

    for name, f in result["sets"].items():
        lines.append(row(name, f) + f"  t_gate={f['t_gate']:.3f} t_add={f['t_add']:.3f}")
    for q, f in result["total"].items():
        lines.append(row(f"all, q={q}", f))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, metavar="FILE", help="write the records and stop")
    parser.add_argument("--records", type=Path, metavar="FILE", help="records written by --dump")
    parser.add_argument("--features", default="text,signals", help="text, signals, rules")
    parser.add_argument("--gate-quantile", type=float, default=GATE_QUANTILE)
    parser.add_argument("--add-budget", type=float, default=ADD_BUDGET, help="per 1,000 ok")
    parser.add_argument("--train", help="sets to train on (default: leave one set out)")
    parser.add_argument("--test", help="sets to measure, with --train")
    parser.add_argument(
        "--blind",
        type=Path,
        metavar="FILE.jsonl",
        help="train on the development sets (or --train) and measure this judged file once",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--export",
        type=Path,
        nargs="?",
        const=WEIGHTS_FILE,
        metavar="FILE",
        help="train the shipped recipe on the development sets and write its weights "
        "(default: the package's assist/review/learned.json)",
    )
    args = parser.parse_args(argv)
    if args.dump:
        dump(args.dump)
        return 0
    if args.records:
        lines = args.records.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    else:
        records = lint_sets(REPLY_SETS.values())
    names = list(dict.fromkeys(r["set"] for r in records))
    if args.export:
        data = export(records, args.export)
        print(f"{args.export}: {len(data['weights'])} weights, trained on {len(names)} sets, "
              f"t_gate={data['t_gate']} t_add={data['t_add']}")  # fmt: skip
        return 0
    if args.blind:
        blind = lint_sets([args.blind], name="blind:" + args.blind.stem)
        records += blind
        train_sets = args.train.split(",") if args.train else names
        folds = [(train_sets, [blind[0]["set"]])]
    elif args.train:
        folds = [(args.train.split(","), args.test.split(","))]
    else:
        folds = [([s for s in names if s != held], [held]) for held in names]
    started = time.process_time()
    result = run(records, args.features.split(","), folds, args.gate_quantile, args.add_budget)
    result["cpu_seconds"] = round(time.process_time() - started)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
