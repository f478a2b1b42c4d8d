"""Reproducible draft replies for the benchmarks (about 100 words each)."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

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


def drafts(count: int, *, flagged_share: float = 0.2, seed: int = 7, team: Any = None) -> list[str]:
    """`count` drafts of about 100 words; `flagged_share` of them contain a forbidden phrase.

    With `team` (a playbook from `team_playbook`), half the flagged drafts carry one of its
    synthetic phrases instead, some with a typo.
    """
    rng = random.Random(seed)
    extra = [p for r in team.rules if r.id.startswith("team-") for p in r.phrases] if team else []
    result = []
    for _ in range(count):
        sentences = rng.sample(CLEAN, 8)
        if rng.random() < flagged_share:
            line = rng.choice(FLAGGED)
            if extra and rng.random() < 0.5:
                line = _typo(rng, rng.choice(extra)).capitalize() + "."
            sentences.insert(rng.randrange(len(sentences)), line)
        result.append(" ".join(sentences))
    return result


# Words a team's own phrases are made of: everyday words and rarer ones.
COMMON_WORDS = [
    "we",
    "you",
    "the",
    "a",
    "to",
    "is",
    "not",
    "can",
    "will",
    "your",
    "our",
    "this",
    "that",
    "it",
    "for",
    "have",
    "be",
    "do",
    "no",
    "with",
    "on",
    "at",
    "please",
    "order",
    "refund",
    "account",
    "delivery",
    "store",
    "card",
    "time",
    "day",
    "team",
    "help",
    "call",
    "email",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tu",
    "sa",
    "vel",
    "dor",
    "pi",
    "ne",
    "qua",
    "zim",
    "bro",
    "tal",
    "fen",
    "gis",
]


def team_playbook(count: int, *, seed: int = 11) -> Any:
    """The built-in playbook plus `count` synthetic team phrases (ten per rule)."""
    from assist.lint.engine import default_playbook
    from assist.model import PhraseRule, Severity

    rng = random.Random(seed)
    phrases = []
    for _ in range(count):
        rare = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        words = [rng.choice(COMMON_WORDS) for _ in range(rng.randint(2, 4))]
        words.insert(rng.randrange(len(words) + 1), rare)
        phrases.append(" ".join(words))
    rules = tuple(
        PhraseRule(
            f"team-{i // 10}", Severity.WARNING, tuple(phrases[i : i + 10]), "synthetic",
            ("Say it kindly.",), "team addition",
        )
        for i in range(0, count, 10)
    )  # fmt: skip
    builtin = default_playbook()
    return replace(builtin, rules=builtin.rules + rules)


def _typo(rng: random.Random, phrase: str) -> str:
    """The phrase, with one letter of its longest word dropped one time in three."""
    longest = max(phrase.split(), key=len)
    if len(longest) < 6 or rng.random() > 1 / 3:
        return phrase
    cut = rng.randrange(1, len(longest) - 1)
    return phrase.replace(longest, longest[:cut] + longest[cut + 1 :], 1)
