"""The reply the coach proposes at the end: the agent's own drafts, in step order, with a
greeting by name and the team's signature. Internal notes never go into it."""

from __future__ import annotations

import re
from collections.abc import Sequence

GREETINGS = re.compile(
    r"^\s*(hello|hi|hey|dear|good (morning|afternoon|evening)|shalom|שלום|مرحبا|السلام|hei|moi|"
    r"hyvä)\b",
    re.IGNORECASE,
)
SUMMARY_LIMIT = 120
"""Characters of the message kept as the case's one-line summary."""


def assemble_reply(customer: str, drafts: Sequence[str], signature: str = "") -> str:
    """The drafts that have text, as paragraphs, after a greeting (unless the first draft
    greets already) and before the signature (unless the last draft ends with it)."""
    paragraphs = [d.strip() for d in drafts if d.strip()]
    if not paragraphs:
        return ""
    name = " ".join(customer.split())
    if not GREETINGS.match(paragraphs[0]):
        paragraphs.insert(0, f"Hello {name}," if name else "Hello,")
    signature = signature.strip()
    if signature and not paragraphs[-1].endswith(signature):
        paragraphs.append(signature)
    return "\n\n".join(paragraphs) + "\n"


def summary_of(message: str) -> str:
    """The complaint in one line: the message's first sentence that is not a greeting."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if lines and GREETINGS.match(lines[0]) and len(lines[0].split()) <= 4:
        lines = lines[1:]
    text = " ".join(" ".join(lines).split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) > SUMMARY_LIMIT:
        sentence = sentence[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return sentence
