"""Triage per message vs lint per draft, on the same texts, in one process (one core).

Two sets of about 100 words each: customer messages (20% with cues: a manager request, a
legal threat, shouting...) and the lint benchmark's agent drafts (corpus.py). Both engines
are compiled once first, as in a long-running helpdesk process; each pass times every text,
and the median of the passes is reported. Target: triage no slower than lint.

Usage: python benchmarks/bench_triage.py [--texts 5000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import drafts

from assist.lint.engine import default_linter
from assist.triage import default_triager

CALM = [
    "Hello, I ordered a blue kettle from your shop two weeks ago.",
    "The tracking page has said 'in transit' since last Monday.",
    "I paid for express delivery because it was a birthday present.",
    "The box finally came today but the lid was cracked.",
    "I have attached two photos of the damage and the label.",
    "Could you tell me whether you can send a replacement or a refund?",
    "My order number is 48213 and the invoice is in my account.",
    "I called yesterday and waited forty minutes on the line.",
    "Please reply by email, I am at work during the day.",
    "The courier left the parcel with a neighbour without asking.",
    "I would like to know what happens next and when.",
    "Thank you for reading this.",
]
CUES = [
    "I want to speak to a manager right now.",
    "My lawyer will be in touch if this is not fixed.",
    "THIS IS COMPLETELY UNACCEPTABLE!!!",
    "I'm not going to sue anyone, I just want my money back.",
    "I have been a loyal customer for ten years.",
    "I'll be leaving a one-star review on Trustpilot.",
    "אני רוצה לדבר עם מנהל.",
    "أريد التحدث مع المدير.",
]


def messages(count: int, *, cue_share: float = 0.2, seed: int = 11) -> list[str]:
    """`count` customer messages of about 100 words; `cue_share` of them carry a cue."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        sentences = rng.sample(CALM, 9)
        if rng.random() < cue_share:
            sentences.insert(rng.randrange(len(sentences)), rng.choice(CUES))
        result.append(" ".join(sentences))
    return result


def timed(work: Callable[[str], object], texts: list[str]) -> float:
    """Texts per second for one pass over the texts."""
    start = time.perf_counter()
    for text in texts:
        work(text)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    linter, triager = default_linter(), default_triager()  # compile both once
    sets = (("customer messages", messages(args.texts)), ("agent drafts", drafts(args.texts)))
    for name, texts in sets:
        words = sum(len(t.split()) for t in texts) / len(texts)
        print(f"{name}: {len(texts)} x {words:.0f} words, {args.repeat} passes each, interleaved")
        rates: dict[str, list[float]] = {"lint": [], "triage": []}
        for _ in range(args.repeat):  # alternate passes: a busy machine slows both alike
            rates["lint"].append(timed(linter.lint, texts))
            rates["triage"].append(timed(triager.triage, texts))
        for label, found in rates.items():
            median = statistics.median(found)
            spread = f"min {min(found):,.0f}, max {max(found):,.0f}"
            each = f"{1e6 / median:,.0f} µs each"
            print(f"  {label:<7} median {median:>8,.0f} texts/s ({each}; {spread})")
        ratios = [lint / tri for lint, tri in zip(rates["lint"], rates["triage"], strict=True)]
        print(f"  triage / lint time per text, median of passes: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
