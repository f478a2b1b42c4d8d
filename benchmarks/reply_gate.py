"""Issue 17's learned gate: does a small model help the reply rules? (no on leave-one-set-out,
yes on the blind sets: shipped as assist/review/learned.py, its weights written by --export)

A logistic regression on the reply's and the customer's words and on signals assist already
computes (the context rules' reading of the customer: upset, tried, asserts...; of the reply:
score's elements, redirects only, asks; triage's signals) learns `flag` against `ok` from the
judged development sets (wording_eval.REPLY_SETS; `borderline` and non-English replies left
out). It is used these ways, each measured against the rules alone:

- gate: a reply's rule findings are kept only when the model's probability that the reply
  fails the customer is at least `t_gate`;
- gate + model flags: a reply no rule flags is flagged when the probability is at least `t_add`
  (the shipped recipe: --export writes it);
- keep-or-add (issue 17, the model decides more): a reply's rule findings stand when the
  probability is at least `t_keep`, and the model flags a reply on its own at `t_add`, both
  chosen for the most flags within `--budget` false alarms per 1,000 `ok` (default 1, the
  issue's target); `trusted + keep-or-add` gates only the rules that fired on a training `ok`
  reply: every other rule's findings stand;
- model alone: flagged when the probability is at least the threshold that keeps `--budget`.

Both thresholds are chosen inside the training sets, never on the measured set: the model is
trained leaving each training set out in turn (inner leave-one-set-out); `t_gate` is the
probability below which the share `--gate-quantile` of the flags the rules catch in those
out-of-fold predictions falls, and `t_add` the lowest probability at which the out-of-fold
false alarms added on `ok` replies no rule flags stay within `--add-budget` per 1,000 `ok`.

Two measures:

- leave-one-set-out (default): train on thirteen development sets, measure on the fourteenth,
  for each (the fits are cached, so the inner folds of two outer folds share theirs). The
  rules were tuned on twelve of them (not fresh_k, fresh_l), so their figures are optimistic
  there; the model's are honest.
- `--train A,B --test C,D` with records dumped by an older tree whose rules had not yet been
  read on C and D (`--dump`, run with that tree's `assist` first on PYTHONPATH): the rules are
  blind on C and D too (docs/replies.md, "A learned gate").

Usage (from the repository root):
  python benchmarks/reply_gate.py [--records FILE] [--features text,signals] [--json]
                                  [--gate-quantile 0.05] [--add-budget 0.5] [--budget 1]
                                  [--train SETS --test SETS]
  python benchmarks/reply_gate.py --dump FILE      # write the records with the assist imported
  python benchmarks/reply_gate.py --blind FILE.jsonl  # the frozen recipe, measured once on FILE
  python benchmarks/reply_gate.py --export [FILE] [--train SETS]  # the shipped recipe's weights

Only the development sets are read (fourteen since 2026-12-02 18:00, fresh_k and fresh_l
included): the blind sets (fresh_m, fresh_n) are never opened.
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
from dataclasses import dataclass
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
FA_BUDGET = 1.0
"""This round's decision and the model alone may raise this many false alarms per 1,000 `ok`
replies (out-of-fold, training sets): the issue's target."""
EPS = 1e-9
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


@dataclass(frozen=True)
class Thresholds:
    """The thresholds of the ways to decide, chosen on out-of-fold training predictions."""

    gates: dict[float, float]
    """The shipped recipe's t_gate per gate quantile."""
    add: float
    """The shipped recipe's t_add (model flags on replies no rule flags)."""
    keep: float
    """This round's t_keep: a rule's findings stand when p >= t_keep."""
    flag: float
    """This round's t_add: the model flags a reply on its own when p >= t_add."""
    alone: float
    """The model alone's threshold."""
    gated: frozenset[str]
    """The rules that fired on a training `ok` reply: every other rule's findings stand."""
    trust_keep: float
    """t_keep when the trusted rules' findings stand whatever the model says."""
    trust_flag: float
    """t_add when the trusted rules' findings stand whatever the model says."""


def _above(ascending: Sequence[float], allowed: int) -> float:
    """Just above the value that lets `allowed` of the sorted values be at or above it."""
    return ascending[-allowed - 1] + EPS if allowed < len(ascending) else 0.0


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
        self.rules = [frozenset(r["findings"]) for r in self.records]
        self.fired = [bool(r) for r in self.rules]
        # trained on replies judged English; acts where the context rules act
        self.english = [r["lang"] == "en" for r in self.records]
        self.judged = [r["detected"] in (None, "en") for r in self.records]
        self.fits: dict[frozenset[str], list[float]] = {}

    def indexes(self, sets: Iterable[str]) -> list[int]:
        names = set(sets)
        return [i for i, r in enumerate(self.records) if r["set"] in names]

    def fit(self, sets: Iterable[str]) -> list[float]:
        """Weights trained on `sets` (cached: the inner folds of two outer folds share fits)."""
        key = frozenset(sets)
        if key not in self.fits:
            rows = [i for i in self.indexes(key) if self.english[i]]
            self.fits[key] = train(
                [self.x[i] for i in rows], [self.flag[i] for i in rows], self.dim
            )
        return self.fits[key]

    def predict(self, weights: list[float], sets: Iterable[str]) -> dict[int, float]:
        return {i: probability(weights, self.x[i]) for i in self.indexes(sets) if self.judged[i]}

    def thresholds(
        self, sets: Sequence[str], quantiles: Iterable[float], budget: float, fa_budget: float
    ) -> Thresholds:
        """The thresholds of every way, from out-of-fold predictions over `sets` (each set
        predicted by the model trained on the others)."""
        p: dict[int, float] = {}
        for held in sets:
            p.update(self.predict(self.fit([s for s in sets if s != held]), [held]))
        rows = self.indexes(sets)
        caught = sorted(v for i, v in p.items() if self.flag[i] and self.fired[i])
        gates = {q: caught[int(q * len(caught))] for q in quantiles}
        ok = sum(not self.flag[i] for i in rows)
        quiet = sorted((v for i, v in p.items() if not self.flag[i] and not self.fired[i]))
        t_add = _above(quiet, int(budget * ok / 1000))
        allowed = int(fa_budget * ok / 1000)
        t_keep, t_flag = self.keep_or_add(p, rows, allowed, None)
        noisy = self.noisy_rules(rows)
        trust_keep, trust_flag = self.keep_or_add(p, rows, allowed, noisy)
        t_alone = _above(sorted(v for i, v in p.items() if not self.flag[i]), allowed)
        trust = (noisy, trust_keep, trust_flag)
        return Thresholds(gates, t_add, t_keep, t_flag, t_alone, *trust)

    def keep_or_add(
        self, p: dict[int, float], rows: list[int], allowed: int, gated: frozenset[str] | None
    ) -> tuple[float, float]:
        """(t_keep, t_add) catching the most flags among `rows` with at most `allowed` false
        alarms (see `keeps`; ties: fewer false alarms, then most of the budget on kept rule
        findings)."""
        sure = {i for i in rows if self.trusts(i, gated)}
        allowed -= sum(not self.flag[i] for i in sure)
        ok = [(v, i) for i, v in p.items() if not self.flag[i] and i not in sure]
        by_p = sorted((v for v, _ in ok), reverse=True)
        best: tuple[int, int, float, float] | None = None
        for added in range(max(allowed, 0) + 1):
            t_add = by_p[added] + EPS if added < len(by_p) else 0.0
            fired_ok = sorted((v for v, i in ok if self.fired[i] and v < t_add), reverse=True)
            kept = allowed - added
            t_keep = fired_ok[kept] + EPS if kept < len(fired_ok) else 0.0
            hits = [i for i in rows if self.keeps(i, p.get(i), t_keep, t_add, gated)]
            caught = sum(self.flag[i] for i in hits)
            if best is None or (caught, -(len(hits) - caught)) > (best[0], -best[1]):
                best = (caught, len(hits) - caught, t_keep, t_add)
        assert best is not None
        return best[2], best[3]

    def trusts(self, i: int, gated: frozenset[str] | None) -> bool:
        """Whether a rule outside `gated` fired on reply `i` (None: every rule is gated)."""
        return gated is not None and bool(self.rules[i] - gated)

    def keeps(
        self, i: int, prob: float | None, t_keep: float, t_add: float, gated: frozenset[str] | None
    ) -> bool:
        """This round's decision: a finding of a rule outside `gated` stands (None: every rule
        is gated); a gated rule's when p >= t_keep; the model flags on its own at p >= t_add
        (a reply the model does not judge keeps its rule findings)."""
        if self.trusts(i, gated):
            return True
        if prob is None:
            return self.fired[i]
        return (self.fired[i] and prob >= t_keep) or prob >= t_add

    def noisy_rules(self, rows: Iterable[int]) -> frozenset[str]:
        """The rules that fired on an `ok` reply among `rows` (every other rule is trusted,
        one never seen in training too)."""
        return frozenset(rule for i in rows if not self.flag[i] for rule in self.rules[i])

    def score(
        self, rows: Iterable[int], p: dict[int, float], t: Thresholds, q: float
    ) -> Counter[str]:
        """Caught flags and false alarms of the rules, the shipped gate + model flags, this
        round's keep-or-add decision and the model alone."""
        out: Counter[str] = Counter()
        for i in rows:
            prob = p.get(i)
            rules = self.fired[i]
            gated = rules and (prob is None or prob >= t.gates[q])
            kind = "tp" if self.flag[i] else "fp"
            out["flag" if self.flag[i] else "ok"] += 1
            for name, hit in (
                ("rules", rules),
                ("gate", gated or (prob is not None and prob >= t.add)),
                ("keep", self.keeps(i, prob, t.keep, t.flag, None)),
                ("trust", self.keeps(i, prob, t.trust_keep, t.trust_flag, t.gated)),
                ("model", prob is not None and prob >= t.alone),
            ):
                out[f"{name}:{kind}"] += hit
        return out


def run(
    records: list[Record],
    kinds: Sequence[str],
    folds: list[tuple[list[str], list[str]]],
    quantile: float,
    budget: float,
    fa_budget: float = FA_BUDGET,
) -> dict[str, Any]:
    """Figures per measured set (at `quantile`) and in total (at every reported quantile)."""
    experiment = Experiment(records, kinds)
    quantiles = sorted({quantile, *QUANTILES})
    per_set: dict[str, Any] = {}
    totals: dict[float, Counter[str]] = {q: Counter() for q in quantiles}
    for train_sets, test_sets in folds:
        t = experiment.thresholds(train_sets, quantiles, budget, fa_budget)
        p = experiment.predict(experiment.fit(train_sets), test_sets)
        for name in test_sets:
            rows = experiment.indexes([name])
            for q in quantiles:
                counts = experiment.score(rows, p, t, q)
                totals[q].update(counts)
                if q == quantile:
                    per_set[name] = {
                        **figures(counts), "t_gate": t.gates[q], "t_add": t.add,
                        "t_keep": t.keep, "t_flag": t.flag, "t_alone": t.alone,
                        "gated": sorted(t.gated), "trust_keep": t.trust_keep,
                        "trust_flag": t.trust_flag,
                    }  # fmt: skip
    return {
        "features": list(kinds),
        "gate_quantile": quantile,
        "add_budget_per_1000": budget,
        "fa_budget_per_1000": fa_budget,
        "sets": per_set,
        "total": {str(q): figures(c) for q, c in totals.items()},
    }


def export(records: list[Record], path: Path) -> dict[str, Any]:
    """Train the shipped recipe (KINDS, SEED, GATE_QUANTILE, ADD_BUDGET) on every set of
    `records` and write its weights and thresholds as the package's data (same records, same
    bytes): only features seen in training, weights to 6 significant digits."""
    experiment = Experiment(records, KINDS)
    names = list(dict.fromkeys(r["set"] for r in experiment.records))
    t = experiment.thresholds(names, [GATE_QUANTILE], ADD_BUDGET, FA_BUDGET)
    weights = experiment.fit(names)
    seen = {k for i in experiment.indexes(names) if experiment.english[i] for k in experiment.x[i]}
    data = {
        "format": FORMAT,
        "trained_on": names,
        "seed": SEED,
        "features": list(KINDS),
        "gate_quantile": GATE_QUANTILE,
        "add_budget_per_1000": ADD_BUDGET,
        "t_gate": float(f"{t.gates[GATE_QUANTILE]:.6g}"),
        "t_add": float(f"{t.add:.6g}"),
        "weights": {
            experiment.names[k]: float(f"{weights[k]:.6g}")
            for k in sorted(seen, key=lambda k: experiment.names[k])
        },
    }
    path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


WAYS = ("rules", "gate", "keep", "trust", "model")
"""The ways to decide: rules alone; the shipped gate + model flags (GATE_QUANTILE, ADD_BUDGET);
this round's keep-or-add, every rule gated (`keep`) or the trusted rules' findings standing
(`trust`), and the model alone (all three at FA_BUDGET)."""


def figures(counts: Counter[str]) -> dict[str, Any]:
    """Caught / flag and false alarms per 1,000 ok for each way of deciding."""
    flags, ok = counts["flag"], counts["ok"]
    out: dict[str, Any] = {"flag": flags, "ok": ok}
    for name in WAYS:
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
    ways = "rules | gate + model flags (q) | keep-or-add | trusted + keep-or-add | model alone"
    head = f"{'set':<14}{'flag':>5}{'ok':>6} | {ways}"
    lines = [f"features: {','.join(result['features'])}", head]

    def row(name: str, f: dict[str, Any]) -> str:
        cells = [
            f"{f[k]['caught']:>4} ({f[k]['recall']:.2f}) {f[k]['false_alarms_per_1000']:5.1f}"
            for k in WAYS
        ]
        return f"{name:<14}{f['flag']:>5}{f['ok']:>6} | " + " | ".join(cells)

    for name, f in result["sets"].items():
        lines.append(
            row(name, f) + f"  t_gate={f['t_gate']:.3f} t_add={f['t_add']:.3f}"
            f" t_keep={f['t_keep']:.3f} t_flag={f['t_flag']:.3f} t_alone={f['t_alone']:.3f}"
            f" gated: {len(f['gated'])} rules, t_keep={f['trust_keep']:.3f}"
            f" t_flag={f['trust_flag']:.3f}"
        )
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
    parser.add_argument(
        "--budget", type=float, default=FA_BUDGET, help="keep-or-add and model alone, per 1,000 ok"
    )
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
        if args.train:  # e.g. the twelve sets the shipped file was trained on
            chosen = set(args.train.split(","))
            records, names = [r for r in records if r["set"] in chosen], args.train.split(",")
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
    result = run(
        records, args.features.split(","), folds, args.gate_quantile, args.add_budget, args.budget
    )
    result["cpu_seconds"] = round(time.process_time() - started)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
