"""The learned gate (issue 17): a small logistic model of whether a reply fails the customer.

Its weights are package data (`learned.json`, written by `benchmarks/reply_gate.py --export`
from the twelve judged development sets; docs/replies.md, "A learned gate"). It reads what the
context rules read (the customer's flags and triage signals, the reply's elements, redirects
and questions) and the two texts' words, and gives a probability. Reviewer.with_context uses
it twice: findings on a reply the model clears (below `t_gate`) are dropped, and a reply
nothing flags is flagged by the `model-says-fails` context rule (at `t_add` or above).

`features` is the one feature function: the benchmark that trains the weights imports it.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
from functools import cache

from assist.errors import Location, PlaybookError, PlaybookErrors
from assist.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (assist/record.py)
if TYPE_CHECKING:  # pathlib: a cold `lint --reply-to` reads the weights without it
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

WEIGHTS_NAME = os.path.join(os.path.dirname(__file__), "learned.json")
"""The shipped weights' file (WEIGHTS_FILE as a string)."""
FORMAT = "assist-learned-gate/1"
CUSTOMER = ("upset", "annoyed", "tried", "chasing", "asserts", "calm", "opines", "asks_how")
"""The context rules' reading of the customer (assist.review.engine.Customer's flags)."""
LINK = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
HANDLE = re.compile(r"(?<!\w)[@^~]\w+")
TOKEN = re.compile(r"[a-z']+|\d+|[!?]")
KINDS = ("text", "signals")
"""The feature kinds the shipped weights were trained on."""


@record
class Reading:
    """What the model reads of one reply and the customer message it answers."""

    reply: str
    customer: str
    customer_flags: Mapping[str, bool]
    """The Customer's flags by name (CUSTOMER)."""
    signals: Iterable[str]
    """Triage's signal ids for the customer's message."""
    present: Iterable[str]
    """The reply's elements."""
    hits: Iterable[str]
    """The reply-side phrase rules that hit."""
    only_redirects: bool
    asks: bool


@record
class Model:
    """The shipped weights and the two thresholds measured with them."""

    weights: Mapping[str, float]
    t_gate: float
    t_add: float
    kinds: tuple[str, ...] = KINDS

    def probability(self, reading: Reading) -> float:
        """The model's probability that the reply fails the customer."""
        weight = self.weights.get
        return probability(weight(f, 0.0) for f in features(reading, self.kinds))

    def verdict(self, reading: Reading) -> tuple[bool, bool]:
        """(clears: below `t_gate`, so the reply's findings are dropped; fails: at `t_add` or
        above, so a reply nothing else flags is flagged)."""
        chance = self.probability(reading)
        return chance < self.t_gate, chance >= self.t_add


def tokens(text: str) -> list[str]:
    """Lower-case words, "!" and "?" of a message; links one token, handles dropped, digits 0."""
    text = LINK.sub(" zlink ", text.replace("\u2019", "'").replace("&amp;", "&"))
    words = TOKEN.findall(HANDLE.sub(" ", text).lower())
    return ["0" if w.isdigit() else w for w in words]


def features(reading: Reading, kinds: Sequence[str] = KINDS) -> set[str]:
    """Binary features: `text` (reply words and word pairs, customer words), `signals` (the
    customer's flags and triage signals, each crossed with the reply's elements)."""
    reply, customer = tokens(reading.reply), tokens(reading.customer)
    out = {"bias", f"rlen:{min(len(reply) // 8, 6)}", f"clen:{min(len(customer) // 8, 6)}"}
    if "text" in kinds:
        out.update("r:" + w for w in reply)
        out.update(f"r2:{a}_{b}" for a, b in itertools.pairwise(reply))
        out.update("c:" + w for w in customer)
    if "signals" in kinds:
        present = sorted(reading.present)
        states = [k for k in CUSTOMER if reading.customer_flags.get(k)]
        elements = ["el:" + e for e in present] + ["hit:" + h for h in sorted(reading.hits)]
        elements += [
            flag
            for flag, on in (("only_redirects", reading.only_redirects), ("asks", reading.asks))
            if on
        ]
        elements += ["no:" + e for e in ("apology", "acknowledge") if e not in present]
        out.update("cu:" + k for k in states)
        out.update("sig:" + s for s in reading.signals)
        out.update(f"{k}&{e}" for k in [*states, "any"] for e in elements)
    return out


def probability(weights: Iterable[float]) -> float:
    """The logistic of the summed weights (clipped so it never overflows)."""
    z = max(-30.0, min(30.0, sum(weights)))
    return 1 / (1 + math.exp(-z))


def __getattr__(name: str) -> Path:
    """WEIGHTS_FILE, the shipped weights' file as a Path, made when first asked for (a test
    may set it to another file: shipped_model reads that one)."""
    if name == "WEIGHTS_FILE":
        from pathlib import Path

        return Path(WEIGHTS_NAME)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def shipped_model() -> Model:
    """The shipped weights (WEIGHTS_FILE, read once per process). Raises PlaybookErrors
    naming the file when it is missing or damaged."""
    return load_model(globals().get("WEIGHTS_FILE", WEIGHTS_NAME))


@cache
def load_model(path: Path | str) -> Model:
    """The weights file at `path` (read once per process; PlaybookErrors naming it when it
    is missing or damaged). Its weights come packed from the cache folder when an entry for
    this very file is there (assist.review.weights), else from the JSON, then stored."""
    from assist.review.weights import Weights, read_stored, store, stored_key

    key = stored_key(path)
    stored = read_stored(key) if key is not None else None
    if stored is not None:
        try:
            return _stored_model(*stored)
        except (TypeError, ValueError, KeyError):
            pass  # a document that does not fit: the JSON is read, and stored again
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.loads(stream.read())
    except OSError as exc:
        raise _damaged(path, f"cannot read the learned gate's weights ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
        raise _damaged(path, "the learned gate's weights are not JSON", line, column) from None
    model = _model(path, data)
    if key is not None:
        weights = Weights.of(model.weights)
        model = Model(weights, model.t_gate, model.t_add, model.kinds)
        fields = {"t_gate": model.t_gate, "t_add": model.t_add, "kinds": list(model.kinds)}
        store(key, weights, fields)
    return model


def _stored_model(weights: Mapping[str, float], fields: dict[str, object]) -> Model:
    """The Model of a packed entry (TypeError, ValueError or KeyError when it does not fit)."""
    gate, add, kinds = fields["t_gate"], fields["t_add"], fields["kinds"]
    if not (type(gate) is float and type(add) is float and isinstance(kinds, list)):
        raise TypeError("not a stored model")
    if not all(type(kind) is str for kind in kinds):
        raise TypeError("not a stored model")
    return Model(weights, gate, add, tuple(kinds))


def _model(path: Path | str, data: object) -> Model:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _damaged(path, f"not a learned-gate weights file (format {FORMAT!r} expected)")
    weights, kinds = data.get("weights"), data.get("features", list(KINDS))
    thresholds = [data.get("t_gate"), data.get("t_add")]
    if not (
        isinstance(weights, dict)
        and all(isinstance(v, int | float) for v in weights.values())
        and all(isinstance(t, int | float) for t in thresholds)
        and isinstance(kinds, list)
    ):
        raise _damaged(path, "the learned gate's weights need 'weights' {feature: number}, "
                       "'t_gate' and 't_add' numbers")  # fmt: skip
    gate, add = (float(t) for t in thresholds if isinstance(t, int | float))
    return Model({str(k): float(v) for k, v in weights.items()}, gate, add, tuple(kinds))


def _damaged(path: Path | str, message: str, line: int = 1, column: int = 1) -> PlaybookErrors:
    return PlaybookErrors([PlaybookError(Location(str(path), line, column), message)])
