"""A reproducible twcs-like archive ("Customer Support on Twitter" columns) of any size.

Conversations alternate customer and agent tweets; replies point at the tweet they answer
(in_response_to_tweet_id); about 20% of agent tweets carry a forbidden phrase; rows are
written in a shuffled order within windows, as the real export is not sorted either.

Usage: python benchmarks/twcs_synth.py OUT.csv --messages 1000000
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

COLUMNS = [
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
]
AGENT = [
    "Thanks for reaching out, we're sorry about the delay.",
    "Please DM us your order number and we'll take a look.",
    "I have checked the tracking and the courier confirms a delay at the depot.",
    "We will send a replacement today at no cost to you.",
    "Could you send us a photo of the label so we can open a claim?",
    "Our team has refunded the delivery fee to your card.",
    "We understand how frustrating it is to wait.",
    "The technician can visit on Monday or Wednesday, whichever suits you.",
]
FLAGGED = [
    "Honestly I dont knwo where it is.",
    "It's company policy, so there is nothing more to do.",
    "You are mistaken about the date.",
    "I'll pass you to my manager now.",
    "You didn't tell us about the address change.",
]
CUSTOMER = [
    "my parcel never arrived and nobody answers the phone",
    "third time I'm writing about this refund!!",
    "the app keeps crashing when I try to pay",
    "why was I charged twice this month?",
    "still waiting for the engineer, this is ridiculous",
    "thanks, that worked",
]
BRANDS = ["AppleSupport", "AmazonHelp", "Uber_Support", "SpotifyCares", "Delta", "TMobileHelp"]


def tweets(messages: int, seed: int = 7) -> Iterator[list[str]]:
    """`messages` rows in conversation order (customer first, then replies)."""
    rng = random.Random(seed)
    start = datetime(2017, 10, 1, tzinfo=UTC)
    tweet_id = 0
    while tweet_id < messages:
        brand = rng.choice(BRANDS)
        agent = f"{brand}" if rng.random() < 0.7 else f"{brand}_{rng.randrange(40)}"
        customer = str(100_000 + rng.randrange(500_000))
        moment = start + timedelta(seconds=rng.randrange(60 * 86_400))
        parent = ""
        for turn in range(min(rng.choice((2, 2, 4, 6)), messages - tweet_id)):
            tweet_id += 1
            moment += timedelta(minutes=rng.randrange(1, 90))
            inbound = turn % 2 == 0
            text = _customer(rng, brand) if inbound else _agent(rng, customer)
            author = customer if inbound else agent
            stamp = moment.strftime("%a %b %d %H:%M:%S +0000 %Y")
            yield [str(tweet_id), author, str(inbound), stamp, text, "", parent]
            parent = str(tweet_id)


def _agent(rng: random.Random, customer: str) -> str:
    sentences = rng.sample(AGENT, rng.randrange(1, 4))
    if rng.random() < 0.2:
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(FLAGGED))
    return f"@{customer} " + " ".join(sentences)


def _customer(rng: random.Random, brand: str) -> str:
    return f"@{brand} {rng.choice(CUSTOMER)}"


def write(path: Path, messages: int, seed: int = 7, window: int = 1_000) -> None:
    """Write the archive, rows shuffled within windows of `window` rows."""
    rng = random.Random(seed + 1)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        block: list[list[str]] = []
        for row in tweets(messages, seed):
            block.append(row)
            if len(block) >= window:
                rng.shuffle(block)
                writer.writerows(block)
                block.clear()
        rng.shuffle(block)
        writer.writerows(block)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write(args.out, args.messages, args.seed)


if __name__ == "__main__":
    main()
