"""Issue 17, curve17: would more judged sets, or a richer text representation, reach the target?

Two measurements with reply_gate.py's protocol (leave one development set out, every threshold
chosen by an inner leave-one-set-out over the training sets, the same AdaGrad logistic model):

- `curve`: the learning curve. Each held-out set is measured by models trained on `k` of the
  other thirteen sets (several random subsets per `k`, seeded by k, repeat and held set), for
  every way reply_gate.py measures (the shipped recipe's point, keep-or-add and the model alone
  at `--budget`; `--no-inner` skips the thresholds), and by the held-out ranking (`oracle`:
  the pooled held-out probabilities with thresholds set on them, free of threshold noise).
- `extrapolate`: straight-line (log of the training flags) and power-law fits of the ranking's
  recall at `--budget`, where they reach `--target`, and a bootstrap over the held-out sets.
- `represent`: the same leave-one-set-out over the fourteen sets with extra features beside
  the shipped ones, at every budget of `--budgets`: `emb` (the reply's and the customer's
  sentence embeddings from wordllama's `l2_supercat` model, which ships inside its PyPI wheel:
  no download at run time), `chars` (the reply's character 4-grams).
- `cost`: CPU microseconds per reply of the shipped model and of each extra representation.

Usage (from the repository root; `--records` from `reply_gate.py --dump FILE` saves the lint;
`emb` and `cost` need `pip install wordllama`, an experiment only):
  python benchmarks/reply_curve.py curve --records FILE [--sizes 4,7,10,13] [--repeats 5,5,3,1]
                                   [--no-inner] [--json OUT]
  python benchmarks/reply_curve.py extrapolate --curve OUT [--budget 1] [--draws 200]
  python benchmarks/reply_curve.py represent --records FILE [--features text,signals,emb]
                                   [--budgets 0.5,1,2,3,4,5] [--emb-scale 0.25]
  python benchmarks/reply_curve.py cost --records FILE [--rounds 5]

Only the development sets (reply_gate.py's records) are read: the blind sets never are.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from reply_gate import (
    ADD_BUDGET,
    EPOCHS,
    GATE_QUANTILE,
    L2,
    RATE,
    SEED,
    WAYS,
    Experiment,
    Record,
    figures,
    lint_sets,
)
from wording_eval import REPLY_SETS

from assist.review.learned import probability as learned_probability
from assist.review.learned import tokens

CHAR_N = 4
"""Character n-grams of the reply (`chars`): within words, with a boundary mark."""
EPS = 1e-9
ORACLE_BUDGETS = (0.5, 1.0, 2.0, 5.0)
"""False alarms per 1,000 ok at which the held-out ranking's recall is reported (curve)."""


def load_records(path: Path | None) -> list[Record]:
    """reply_gate.py's records: from a `--dump` file, or by linting the development sets."""
    if path is None:
        return lint_sets(REPLY_SETS.values())
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def char_grams(text: str) -> set[str]:
    """The reply's character 4-grams (words with a boundary mark, as reply_gate's tokens)."""
    out: set[str] = set()
    for word in tokens(text):
        padded = f"<{word}>"
        out.update("ch:" + padded[i : i + CHAR_N] for i in range(len(padded) - CHAR_N + 1))
    return out


def embeddings(records: Sequence[Record], scale: float) -> Any:
    """Per record, the reply's and the customer's wordllama embeddings (normalised), each
    dimension standardised over all records (unsupervised: no judgment read) and scaled."""
    import numpy as np
    import wordllama
    from wordllama import WordLlama

    # the wheel ships weights and tokenizer; its own lookup misses the tokenizer folder
    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    reply = model.embed([r["reply"] for r in records], norm=True)
    customer = model.embed([r["customer"] for r in records], norm=True)
    both = np.hstack([reply, customer]).astype(np.float64)
    both = (both - both.mean(axis=0)) / (both.std(axis=0) + 1e-9)
    return both * scale


class RichExperiment(Experiment):
    """reply_gate's Experiment with extra features: `chars` (binary) and `emb` (dense)."""

    def __init__(self, records: list[Record], kinds: Sequence[str], scale: float) -> None:
        base = [k for k in kinds if k in ("text", "signals", "rules")]
        super().__init__(records, base)
        if "chars" in kinds:
            vocabulary = dict(zip(self.names, range(self.dim), strict=True))
            index = vocabulary.setdefault
            self.x = [
                sorted({*row, *(index(f, len(vocabulary)) for f in char_grams(r["reply"]))})
                for row, r in zip(self.x, self.records, strict=True)
            ]
            self.dim, self.names = len(vocabulary), list(vocabulary)
        self.dense = embeddings(self.records, scale) if "emb" in kinds else None

    def fit(self, sets: Any) -> Any:
        if self.dense is None:
            return super().fit(sets)
        key = frozenset(sets)
        if key not in self.fits:
            rows = [i for i in self.indexes(key) if self.english[i]]
            self.fits[key] = train_dense(self, rows)  # type: ignore[assignment]
        return self.fits[key]

    def predict(self, weights: Any, sets: Any) -> dict[int, float]:
        if self.dense is None:
            return super().predict(weights, sets)
        sparse, dense = weights
        return {
            i: learned_probability([*(sparse[k] for k in self.x[i]), float(dense @ self.dense[i])])
            for i in self.indexes(sets)
            if self.judged[i]
        }


def train_dense(experiment: RichExperiment, rows: list[int]) -> tuple[list[float], Any]:
    """reply_gate.train with dense features beside the binary ones (same AdaGrad, L2, order)."""
    import numpy as np

    weights, squares = [0.0] * experiment.dim, [1e-8] * experiment.dim
    dense_w = np.zeros(experiment.dense.shape[1])
    dense_sq = np.full(experiment.dense.shape[1], 1e-8)
    order = list(range(len(rows)))
    shuffle = random.Random(SEED).shuffle
    for _ in range(EPOCHS):
        shuffle(order)
        for j in order:
            i = rows[j]
            x, d = experiment.x[i], experiment.dense[i]
            z = sum(weights[k] for k in x) + float(dense_w @ d)
            gradient = learned_probability([z]) - experiment.flag[i]
            for k in x:
                g = gradient + L2 * weights[k]
                squares[k] += g * g
                weights[k] -= RATE * g / math.sqrt(squares[k])
            g_d = gradient * d + L2 * dense_w
            dense_sq += g_d * g_d
            dense_w -= RATE * g_d / np.sqrt(dense_sq)
    return weights, dense_w


def measure(
    experiment: Experiment, train_sets: list[str], held: str, budget: float
) -> tuple[Counter[str], dict[int, float]]:
    """Counts of every way on `held`, the model trained on `train_sets` (thresholds by inner
    leave-one-set-out over them), and the model's probabilities on `held`."""
    t = experiment.thresholds(train_sets, [GATE_QUANTILE], ADD_BUDGET, budget)
    p = experiment.predict(experiment.fit(train_sets), [held])
    return experiment.score(experiment.indexes([held]), p, t, GATE_QUANTILE), p


Triple = tuple[float | None, bool, bool]
"""One held-out reply: the model's probability (None: not judged), flag, a rule fired."""


def oracle(triples: Sequence[Triple], budget: float) -> dict[str, float]:
    """Recall of the model alone and of keep-or-add with thresholds chosen on these very
    predictions for `budget` false alarms per 1,000 ok: the ranking's quality without the
    noise of thresholds chosen on other sets (an upper bound on what thresholds can do)."""
    ok = sum(not flag for _, flag, _ in triples)
    flags = len(triples) - ok
    allowed = int(budget * ok / 1000)
    ok_p = sorted((p for p, flag, _ in triples if not flag and p is not None), reverse=True)
    t_alone = ok_p[allowed] + EPS if allowed < len(ok_p) else 0.0
    alone = sum(flag and p is not None and p >= t_alone for p, flag, _ in triples)
    sure = [flag for p, flag, fired in triples if p is None and fired]  # rules stand
    room, best = allowed - sum(not flag for flag in sure), 0
    for added in range(max(room, 0) + 1):
        t_add = ok_p[added] + EPS if added < len(ok_p) else 0.0
        fired_ok = sorted(
            (p for p, flag, fired in triples if not flag and fired and p is not None and p < t_add),
            reverse=True,
        )
        kept = room - added
        t_keep = fired_ok[kept] + EPS if kept < len(fired_ok) else 0.0
        caught = sum(
            flag and p is not None and ((fired and p >= t_keep) or p >= t_add)
            for p, flag, fired in triples
        )
        best = max(best, caught)
    return {"model": alone / flags, "keep": (best + sum(sure)) / flags}


def curve(
    records: list[Record],
    sizes: Sequence[int],
    repeats: Sequence[int],
    budget: float,
    inner: bool = True,
) -> list[dict[str, Any]]:
    """The learning curve: per training size and repeat, the totals over the held-out sets
    and each held-out set's counts (with `inner`: thresholds by inner folds, reply_gate's
    protocol), and the model's held-out probabilities (for `oracle` and `extrapolate`)."""
    experiment = Experiment(records, ["text", "signals"])
    names = list(dict.fromkeys(r["set"] for r in experiment.records))
    out = []
    for k, times in zip(sizes, repeats, strict=True):
        for repeat in range(times):
            started, totals, trained = time.process_time(), Counter[str](), Counter[str]()
            per_set, held_out = {}, {}
            for held in names:
                others = [s for s in names if s != held]
                chosen = sorted(random.Random(f"{SEED}:{k}:{repeat}:{held}").sample(others, k))
                if inner:
                    per_set[held], p = measure(experiment, chosen, held, budget)
                    totals.update(per_set[held])
                else:  # the ranking alone (`oracle`): no inner folds, no thresholds
                    p = experiment.predict(experiment.fit(chosen), [held])
                held_out[held] = [
                    (round(p[i], 6) if i in p else None, experiment.flag[i], experiment.fired[i])
                    for i in experiment.indexes([held])
                ]
                rows = experiment.indexes(chosen)
                trained["flag"] += sum(experiment.flag[i] for i in rows)
                trained["ok"] += sum(not experiment.flag[i] for i in rows)
                if k < len(names) - 1:
                    experiment.fits.clear()  # subsets are rarely shared: keep memory flat
            pooled = [t for rows in held_out.values() for t in rows]
            result = {
                "sets": k, "repeat": repeat, "budget": budget,
                "train_flag_mean": trained["flag"] / len(names),
                "train_ok_mean": trained["ok"] / len(names),
                **figures(totals), "cpu_seconds": round(time.process_time() - started),
                "oracle": {str(b): oracle(pooled, b) for b in ORACLE_BUDGETS},
                "per_set": {name: dict(c) for name, c in per_set.items()},
                "held_out": held_out,
            }  # fmt: skip
            ranking = " ".join(
                f"{b}: model {o['model']:.3f} keep {o['keep']:.3f}"
                for b, o in result["oracle"].items()
            )
            print(line(result) if inner else f"sets={k}, repeat={repeat}", "| oracle", ranking,
                  f"| train flags {result['train_flag_mean']:.0f}", flush=True)  # fmt: skip
            out.append(result)
    return out


def represent(
    records: list[Record], kinds: Sequence[str], budgets: Sequence[float], scale: float
) -> list[dict[str, Any]]:
    """Leave-one-set-out over all sets with `kinds`, at every budget (fits shared)."""
    experiment = RichExperiment(records, kinds, scale)
    names = list(dict.fromkeys(r["set"] for r in experiment.records))
    out = []
    for budget in budgets:
        started, totals, pooled = time.process_time(), Counter[str](), []
        for held in names:
            counts, p = measure(experiment, [s for s in names if s != held], held, budget)
            totals.update(counts)
            pooled += [
                (p.get(i), experiment.flag[i], experiment.fired[i])
                for i in experiment.indexes([held])
            ]
        result = {
            "features": list(kinds), "emb_scale": scale, "budget": budget,
            **figures(totals), "cpu_seconds": round(time.process_time() - started),
            "oracle": oracle(pooled, budget),
        }  # fmt: skip
        ranking = (
            f"oracle model {result['oracle']['model']:.3f} keep {result['oracle']['keep']:.3f}"
        )
        print(line(result), "|", ranking, flush=True)
        out.append(result)
    return out


def least_squares(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """(intercept, slope) of the straight line through (xs, ys) by least squares."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my - slope * mx, slope


def reach(xs: Sequence[float], ys: Sequence[float], target: float) -> dict[str, float]:
    """Two extrapolations of recall against training flags: a straight line in log2(flags)
    (unbounded: optimistic) and a saturating power law a - b * flags**-c (c by grid search,
    a and b by least squares): the flags at which each reaches `target`, and the ceiling."""
    logs = [math.log2(x) for x in xs]
    a, b = least_squares(logs, ys)
    doublings = (target - a) / b if b > 0 else math.inf
    out = {"per_doubling": b, "log_flags_at_target": 2**doublings if doublings < 1000 else math.inf}
    best: tuple[float, float, float, float] | None = None
    for step in range(1, 301):
        c = step / 100
        powered = [x**-c for x in xs]
        ceiling, slope = least_squares(powered, ys)
        error = sum((ceiling + slope * u - y) ** 2 for u, y in zip(powered, ys, strict=True))
        if slope < 0 and (best is None or error < best[0]):
            best = (error, c, ceiling, -slope)
    if best is not None:
        _, c, ceiling, scale = best
        out |= {"power_c": c, "power_ceiling": ceiling}
        gap = ceiling - target
        out["power_flags_at_target"] = (scale / gap) ** (1 / c) if gap > 0 else math.inf
    return out


def extrapolate(
    results: list[dict[str, Any]], target: float, budget: float, draws: int
) -> dict[str, Any]:
    """Per way (`model` alone, `keep`-or-add), on the held-out ranking's recall at `budget`
    (`oracle`) of every (size, repeat): the two extrapolations (`reach`), and a bootstrap over
    the held-out sets (resampled with replacement, the same draw for every point) of the
    straight line's flags at `target` (percentiles 5, 50, 95) and how often it does not rise."""
    names = list(results[0]["held_out"])
    xs = [r["train_flag_mean"] for r in results]

    def recalls(chosen: Sequence[str]) -> list[dict[str, float]]:
        return [
            oracle([tuple(t) for name in chosen for t in r["held_out"][name]], budget)
            for r in results
        ]

    point = recalls(names)
    rng = random.Random(SEED)
    boots = [recalls(rng.choices(names, k=len(names))) for _ in range(draws)]
    out: dict[str, Any] = {"budget": budget, "target": target, "draws": draws}
    for way in ("model", "keep"):
        fits = reach(xs, [o[way] for o in point], target)
        per_size: dict[int, list[float]] = {}
        for r, o in zip(results, point, strict=True):
            per_size.setdefault(r["sets"], []).append(round(o[way], 3))
        lines = [reach(xs, [o[way] for o in boot], target) for boot in boots]
        reached = sorted(f["log_flags_at_target"] for f in lines)
        slopes = sorted(f["per_doubling"] for f in lines)
        out[way] = fits | {
            "recall_by_sets": per_size,
            **{f"boot_p{q}": reached[min(q * draws // 100, draws - 1)] for q in (5, 50, 95)},
            "boot_slope_p5_p95": (slopes[draws // 20], slopes[-draws // 20 - 1]),
            "boot_no_rise": sum(x <= 0 for x in slopes) / draws,
        }
    return out


def cost(records: Sequence[Record], rounds: int) -> dict[str, float]:
    """CPU microseconds per reply, in process, in turns: the shipped model (features and sum,
    from the records' readings) and the extra representations (wordllama's embedding of the
    reply and the customer one call each, as a single reply would be judged; char 4-grams)."""
    import wordllama
    from wordllama import WordLlama

    from assist.review.learned import Reading, shipped_model

    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    shipped = shipped_model()
    sample = [r for r in records if r["judgment"] in ("flag", "ok")][:500]
    readings = [
        Reading(r["reply"], r["customer"], r["cust"], r["signals"], r["present"], r["hits"],
                r["only_redirects"], r["asks"])
        for r in sample
    ]  # fmt: skip
    ways = {
        "shipped model": lambda: [shipped.probability(x) for x in readings],
        "wordllama reply + customer": lambda: [
            (model.embed([r["reply"]], norm=True), model.embed([r["customer"]], norm=True))
            for r in sample
        ],
        "char 4-grams": lambda: [char_grams(r["reply"]) for r in sample],
    }
    spent = dict.fromkeys(ways, 0.0)
    for _ in range(rounds):
        for name, way in ways.items():
            started = time.process_time()
            way()
            spent[name] += time.process_time() - started
    return {name: round(1e6 * t / (rounds * len(sample)), 1) for name, t in spent.items()}


def line(result: dict[str, Any]) -> str:
    """One result as a line: caught (recall) and false alarms per 1,000 ok, per way."""
    head = ", ".join(
        f"{k}={result[k]}" for k in ("sets", "repeat", "features", "budget") if k in result
    )
    cells = [
        f"{w} {result[w]['caught']} ({result[w]['recall']:.3f}) "
        f"{result[w]['false_alarms_per_1000']:.1f}"
        for w in WAYS
    ]
    return f"{head} | " + " | ".join(cells) + f" | {result['cpu_seconds']} s"


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("curve", "represent", "extrapolate", "cost"))
    parser.add_argument("--records", type=Path, help="records written by reply_gate.py --dump")
    parser.add_argument("--sizes", default="4,7,10,13", help="training sets per fold (curve)")
    parser.add_argument("--repeats", default="5,5,3,1", help="random subsets per size (curve)")
    parser.add_argument("--rounds", type=int, default=5, help="turns of each way (cost)")
    parser.add_argument("--budget", type=float, default=1.0, help="per 1,000 ok (curve)")
    parser.add_argument(
        "--no-inner", action="store_true", help="held-out ranking only, no thresholds (curve)"
    )
    parser.add_argument("--features", default="text,signals,emb", help="also chars, emb")
    parser.add_argument("--budgets", default="0.5,1,2,3,4,5", help="per 1,000 ok (represent)")
    parser.add_argument("--emb-scale", type=float, default=0.25, help="standardised emb x this")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--curve", type=Path, help="curve's --json file (extrapolate)")
    parser.add_argument("--target", type=float, default=0.7, help="recall (extrapolate)")
    parser.add_argument("--draws", type=int, default=200, help="bootstrap draws (extrapolate)")
    args = parser.parse_args(argv)
    if args.what == "cost":
        print(json.dumps(cost(load_records(args.records), args.rounds), indent=1))
        return 0
    if args.what == "extrapolate":
        results = json.loads(args.curve.read_text(encoding="utf-8"))
        print(json.dumps(extrapolate(results, args.target, args.budget, args.draws), indent=1))
        return 0
    records = load_records(args.records)
    if args.what == "curve":
        sizes = [int(s) for s in args.sizes.split(",")]
        repeats = [int(r) for r in args.repeats.split(",")]
        results = curve(records, sizes, repeats, args.budget, not args.no_inner)
    else:
        budgets = [float(b) for b in args.budgets.split(",")]
        results = represent(records, args.features.split(","), budgets, args.emb_scale)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
