"""Reproducible draft replies for the benchmarks (about 100 words each)."""

from __future__ import annotations

import random

CLEAN = [
    "Thank you for writing to us about your order.",
    "I am sorry the parcel arrived late and damaged.",
    "I have checked the tracking and the courier confirms a delay at the depot.",
    "We will send a replacement today at no cost to you.",
    "You should receive it within two working days.",
    "If anything else goes wrong, please reply to this message and I will help.",
    "I understand how frustrating it is to wait for something you need.",
    "Our team has refunded the delivery fee to your card.",
    "Could you send me a photo of the label so I can open a claim?",
    "I will call you tomorrow morning to make sure everything is fine.",
    "Thanks again for your patience while we sort this out.",
    "The technician can visit on Monday or Wednesday, whichever suits you.",
]
FLAGGED = [
    "Honestly I dont knwo where it is.",
    "It’s company policy, so there is nothing more to do.",
    "You are mistaken about the date.",
    "I'll pass you to my manager now.",
    "You didn't tell us about the address change.",
]


def drafts(count: int, *, flagged_share: float = 0.2, seed: int = 7) -> list[str]:
    """`count` drafts of about 100 words; `flagged_share` of them contain a forbidden phrase."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        sentences = rng.sample(CLEAN, 8)
        if rng.random() < flagged_share:
            sentences.insert(rng.randrange(len(sentences)), rng.choice(FLAGGED))
        result.append(" ".join(sentences))
    return result
