"""How well `assist.lint_text` catches natural wording, and how often it cries wolf.

Two development sets, both under benchmarks/corpus/:

- wording/{en,he,ar,fi}.yaml: sentences written for this corpus. `rule` names the idea (the
  English rule id, for every language); `rule: null` marks a harmless sentence that shares the
  words and must not be flagged. A positive is *caught* when a finding's rule id, with its
  language prefix (`he-`, `ar-`, `fi-`) stripped, is the item's rule; *caught under a different
  rule* when only other rules fired.
- replies/twcs_sample.jsonl, dev2.jsonl and fresh_a.jsonl to fresh_l.jsonl: real support
  replies with a judgment (`replies`, `replies_dev2`, `replies_fresh_a`, `replies_fresh_b`, ...
  in the figures). A `flag` reply is caught when the linter reports anything in it; any
  finding in an `ok` reply is a false alarm. `borderline` replies are not scored. All fourteen
  are development sets now (dev2 was held out until 2026-12-01, fresh_a until 2026-12-02,
  fresh_c and fresh_d until 2026-12-02 03:00, fresh_b and fresh_e until 06:00, fresh_f, fresh_g
  and fresh_h until 08:50, fresh_i and fresh_j until 12:10, fresh_k and fresh_l until 18:00,
  each measured blind once): tune on one, check the others did not get worse. fresh_m and
  fresh_n stay blind: only the lead measures them (`--replies FILE`).

Usage:
  python benchmarks/wording_eval.py [--verbose] [--json] [--check FLOORS.yaml]
                                    [--write-floors FLOORS.yaml] [--wording DIR]
                                    [--replies FILE.jsonl] [--dev2 FILE.jsonl]
                                    [--fresh-a FILE.jsonl] [--fresh-b FILE.jsonl]
                                    [--fresh-c FILE.jsonl] [--fresh-d FILE.jsonl]
                                    [--fresh-e FILE.jsonl] [--fresh-f FILE.jsonl]
                                    [--fresh-g FILE.jsonl] [--fresh-h FILE.jsonl]
                                    [--fresh-i FILE.jsonl] [--fresh-j FILE.jsonl]
                                    [--fresh-k FILE.jsonl] [--fresh-l FILE.jsonl]

--wording benchmarks/corpus/wording/holdout measures the held-out sentences, judged before any
rule was tuned, never used for tuning. --replies FILE replaces the first replies set (e.g. a
fresh held-out file); --dev2 FILE the second; --fresh-a, --fresh-b, ... --fresh-l the others.

--check exits 1 when a figure is below its floor (or a false-alarm rate above its ceiling).
--write-floors records today's figures, recall rounded down and false-alarm rates rounded up
to 2 decimals, and never lowers a floor (or raises a ceiling) already in the file.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
WORDING = CORPUS / "wording"
FLOORS = CORPUS / "floors.yaml"
LANGUAGE_PREFIXES = ("en-", "he-", "ar-", "fi-", "lt-")
ALIASES = {"youre-wrong": "im-right-youre-wrong"}
"""Per-language rule ids that name one of the 12 ideas under a shorter id (ar-/fi-youre-wrong)."""

REPLY_SETS = {
    "replies": CORPUS / "replies" / "twcs_sample.jsonl",
    "replies_dev2": CORPUS / "replies" / "dev2.jsonl",
    "replies_fresh_a": CORPUS / "replies" / "fresh_a.jsonl",
    "replies_fresh_b": CORPUS / "replies" / "fresh_b.jsonl",
    "replies_fresh_c": CORPUS / "replies" / "fresh_c.jsonl",
    "replies_fresh_d": CORPUS / "replies" / "fresh_d.jsonl",
    "replies_fresh_e": CORPUS / "replies" / "fresh_e.jsonl",
    "replies_fresh_f": CORPUS / "replies" / "fresh_f.jsonl",
    "replies_fresh_g": CORPUS / "replies" / "fresh_g.jsonl",
    "replies_fresh_h": CORPUS / "replies" / "fresh_h.jsonl",
    "replies_fresh_i": CORPUS / "replies" / "fresh_i.jsonl",
    "replies_fresh_j": CORPUS / "replies" / "fresh_j.jsonl",
    "replies_fresh_k": CORPUS / "replies" / "fresh_k.jsonl",
    "replies_fresh_l": CORPUS / "replies" / "fresh_l.jsonl",
}
"""The judged real-reply sets measured: figures key -> default file (titled by its name; the
command-line option is the key without `replies_`, e.g. `--fresh-a`)."""

Lint = Callable[[str, str | None], list[Any]]


@dataclass
class Item:
    """One sentence of the wording corpus."""

    text: str
    rule: str | None
    note: str | None = None


@dataclass
class Tally:
    """Counts for one slice (a language, or one rule in one language)."""

    positives: int = 0
    caught: int = 0
    other_rule: int = 0
    harmless: int = 0
    false_alarms: int = 0
    missed: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        """The tally as plain numbers (rates rounded to 4 decimals)."""
        out: dict[str, Any] = {"positives": self.positives, "caught": self.caught}
        if self.positives:
            out["recall"] = round(self.caught / self.positives, 4)
            out["caught_other_rule"] = self.other_rule
        if self.harmless:
            out["harmless"] = self.harmless
            out["false_alarms"] = self.false_alarms
            out["false_alarms_per_100"] = round(100 * self.false_alarms / self.harmless, 4)
        return out


def idea_of(rule_id: str) -> str:
    """The corpus idea a finding's rule id stands for: language prefix stripped, aliases mapped."""
    for prefix in LANGUAGE_PREFIXES:
        if rule_id.startswith(prefix):
            rule_id = rule_id[len(prefix) :]
            break
    return ALIASES.get(rule_id, rule_id)


def make_lint() -> Lint:
    """`lint(text, customer_message)`: passes `reply_to=` when the installed lint_text takes it."""
    from assist import lint_text

    takes_reply_to = "reply_to" in inspect.signature(lint_text).parameters

    def lint(text: str, reply_to: str | None = None) -> list[Any]:
        if takes_reply_to and reply_to is not None:
            return list(lint_text(text, reply_to=reply_to))
        return list(lint_text(text))

    return lint


def load_wording(folder: Path = WORDING) -> dict[str, list[Item]]:
    """Every wording corpus file, by language code."""
    corpora = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        corpora[data["language"]] = [Item(**entry) for entry in data["items"]]
    return corpora


def load_replies(path: Path = REPLY_SETS["replies"]) -> list[dict[str, Any]]:
    """The judged real replies, one dict per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def score_items(items: Iterable[Item], lint: Lint) -> tuple[Tally, dict[str, Tally]]:
    """Tally one language: overall and per rule."""
    total, per_rule = Tally(), {}
    for item in items:
        ideas = {idea_of(f.rule) for f in lint(item.text, None)}
        if item.rule is None:
            total.harmless += 1
            if ideas:
                total.false_alarms += 1
                total.alarms.append(f"{item.text!r} -> {', '.join(sorted(ideas))}")
            continue
        tally = per_rule.setdefault(item.rule, Tally())
        for slot in (total, tally):
            slot.positives += 1
            if item.rule in ideas:
                slot.caught += 1
            elif ideas:
                slot.other_rule += 1
                slot.elsewhere.append(f"[{item.rule}] {item.text!r} -> {', '.join(sorted(ideas))}")
            else:
                slot.missed.append(f"[{item.rule}] {item.text!r}")
    return total, dict(sorted(per_rule.items()))


def score_replies(replies: Iterable[dict[str, Any]], lint: Lint) -> dict[str, Any]:
    """Caught / missed `flag` replies and false alarms on `ok` replies."""
    flagged = caught = ok = alarms = 0
    missed, false = [], []
    for reply in replies:
        if reply["judgment"] == "borderline":
            continue
        found = lint(reply["reply"], reply.get("customer"))
        if reply["judgment"] == "flag":
            flagged += 1
            caught += bool(found)
            if not found:
                missed.append(f"{reply['id']} [{reply['idea']}] {reply['reply']!r}")
        else:
            ok += 1
            alarms += bool(found)
            if found:
                false.append(f"{reply['id']} {reply['reply']!r} -> {found[0].rule}")
    return {
        "flag": flagged,
        "caught": caught,
        "missed": flagged - caught,
        "recall": round(caught / flagged, 4) if flagged else 0.0,
        "ok": ok,
        "false_alarms": alarms,
        "false_alarms_per_1000": round(1000 * alarms / ok, 4) if ok else 0.0,
        "_missed": missed,
        "_false": false,
    }


def evaluate(
    lint: Lint | None = None,
    wording_dir: Path = WORDING,
    reply_files: dict[str, Path] | None = None,
) -> dict[str, Any]:
    """All figures: {"wording": {lang: {..., "rules": {...}}}, "replies": {...},
    "replies_dev2": {...}, "replies_fresh_a": {...}, "replies_fresh_c": ..., ...}.
    `reply_files` replaces some of REPLY_SETS' files (by key)."""
    lint = lint or make_lint()
    wording, details = {}, {}
    for language, items in load_wording(wording_dir).items():
        total, per_rule = score_items(items, lint)
        wording[language] = total.figures()
        wording[language]["rules"] = {rule: t.figures() for rule, t in per_rule.items()}
        details[language] = total
    paths = {**REPLY_SETS, **(reply_files or {})}
    return {
        "wording": wording,
        **{key: score_replies(load_replies(path), lint) for key, path in paths.items()},
        "_titles": {key: f"real replies ({path.stem})" for key, path in paths.items()},
        "_details": details,
    }


def public(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures without the item lists (keys starting with `_`)."""
    if not isinstance(figures, dict):
        return figures
    return {k: public(v) for k, v in figures.items() if not k.startswith("_")}


def floor_checks(figures: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """Every figure below its floor (`*_min`) or above its ceiling (`*_max`), as messages."""
    failures = []

    def compare(where: str, measured: dict[str, Any], limits: dict[str, Any]) -> None:
        for key, limit in limits.items():
            if isinstance(limit, dict):
                compare(f"{where}.{key}", measured.get(key, {}), limit)
                continue
            name, bound = key.rsplit("_", 1)
            value = measured.get(name)
            if value is None:
                failures.append(f"{where}.{name}: not measured (floor {limit})")
            elif bound == "min" and value < limit:
                failures.append(f"{where}.{name} = {value} is below the floor {limit}")
            elif bound == "max" and value > limit:
                failures.append(f"{where}.{name} = {value} is above the ceiling {limit}")

    compare("wording", figures["wording"], floors.get("wording", {}))
    for key in REPLY_SETS:
        compare(key, figures[key], floors.get(key, {}))
    return failures


def _down(value: float) -> float:
    return math.floor(value * 100 + 1e-9) / 100


def _up(value: float) -> float:
    return math.ceil(value * 100 - 1e-9) / 100


def _limits(measured: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """Floors for one slice: recall rounded down, false-alarm rates rounded up, never looser."""
    limits: dict[str, Any] = {}
    for name, value in measured.items():
        if isinstance(value, dict):
            limits[name] = _limits(value, old.get(name, {}))
        elif name == "recall":
            limits["recall_min"] = max(_down(value), old.get("recall_min", 0.0))
        elif name.startswith("false_alarms_per_"):
            ceiling = _up(value)
            limits[f"{name}_max"] = min(ceiling, old.get(f"{name}_max", ceiling))
    return limits


def new_floors(figures: dict[str, Any], old: dict[str, Any] | None = None) -> dict[str, Any]:
    """Floors from today's figures that keep any stricter floor already recorded."""
    old = old or {}
    measured = public(figures)
    return {
        "wording": _limits(measured["wording"], old.get("wording", {})),
        **{key: _limits(measured[key], old.get(key, {})) for key in REPLY_SETS},
    }


def report(figures: dict[str, Any], *, verbose: bool = False) -> str:
    """The figures as a plain-text report."""
    lines = ["language  positives  recall  other-rule  harmless  false-alarms/100"]
    for language, f in figures["wording"].items():
        lines.append(
            f"{language:<9} {f['positives']:>9}  {f.get('recall', 0):>6.2f}  "
            f"{f.get('caught_other_rule', 0):>10}  {f.get('harmless', 0):>8}  "
            f"{f.get('false_alarms_per_100', 0):>16.2f}"
        )
    lines.append("")
    for language, f in figures["wording"].items():
        rules = ", ".join(f"{r} {t['caught']}/{t['positives']}" for r, t in f["rules"].items())
        lines.append(f"{language} by rule: {rules}")
    lines.append("")
    for key in REPLY_SETS:
        r, title = figures[key], figures["_titles"][key]
        lines.append(
            f"{title}: {r['caught']}/{r['flag']} flagged replies caught "
            f"({r['missed']} missed); {r['false_alarms']} false alarms on {r['ok']} ok replies "
            f"({r['false_alarms_per_1000']:.1f} per 1,000)"
        )
    if verbose:
        lines += _details(figures)
    return "\n".join(lines)


def _details(figures: dict[str, Any]) -> list[str]:
    lines = []
    for language, tally in figures["_details"].items():
        for title, entries in (
            ("missed", tally.missed),
            ("caught under a different rule", tally.elsewhere),
            ("false alarms", tally.alarms),
        ):
            if entries:
                lines += ["", f"{language}: {title} ({len(entries)})"] + [f"  {e}" for e in entries]
    for key in REPLY_SETS:
        r, name = figures[key], figures["_titles"][key]
        for title, entries in (("missed", r["_missed"]), ("false alarms", r["_false"])):
            if entries:
                lines += ["", f"{name}: {title} ({len(entries)})"] + [f"  {e}" for e in entries]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: print the figures; with --check, exit 1 when any falls below its floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list missed items and alarms")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", type=Path, metavar="FLOORS.yaml", help="compare to floors")
    parser.add_argument("--write-floors", type=Path, metavar="FLOORS.yaml", help="record floors")
    parser.add_argument(
        "--wording",
        type=Path,
        default=WORDING,
        metavar="DIR",
        help="wording corpus folder (default: the development set; wording/holdout is held out)",
    )
    for key, path in REPLY_SETS.items():
        option = "--" + key.removeprefix("replies_").replace("_", "-")
        parser.add_argument(
            option, type=Path, default=path, metavar="FILE.jsonl", help=f"default: {path.name}"
        )
    args = parser.parse_args(argv)
    files = {key: getattr(args, key.removeprefix("replies_")) for key in REPLY_SETS}
    figures = evaluate(wording_dir=args.wording, reply_files=files)
    if args.json:
        print(json.dumps(public(figures), indent=2, ensure_ascii=False))
    else:
        print(report(figures, verbose=args.verbose))
    if args.write_floors:
        old = {}
        if args.write_floors.exists():
            old = yaml.safe_load(args.write_floors.read_text(encoding="utf-8")) or {}
        text = yaml.safe_dump(new_floors(figures, old), sort_keys=False, allow_unicode=True)
        args.write_floors.write_text(FLOORS_HEADER + text, encoding="utf-8")
    if args.check:
        floors = yaml.safe_load(args.check.read_text(encoding="utf-8")) or {}
        failures = floor_checks(public(figures), floors)
        for failure in failures:
            print(f"below floor: {failure}", file=sys.stderr)
        return 1 if failures else 0
    return 0


FLOORS_HEADER = """\
# Floors for benchmarks/wording_eval.py: the matcher must not do worse than this.
# recall_min = share of positives caught under their own rule (rounded down);
# false_alarms_per_100_max / false_alarms_per_1000_max = alarms on harmless sentences / ok
# replies (rounded up). Floors only go up: regenerate with
#   python benchmarks/wording_eval.py --write-floors benchmarks/corpus/floors.yaml
# which keeps any stricter value already here.
"""


if __name__ == "__main__":
    sys.exit(main())
