"""Signs of an upset customer that are not words: shouting in CAPITALS and runs of `!!!`.

Anger words and threats to leave are playbook signals (`for: upset`, or `upset: true`);
these two need no data. Hebrew and Arabic have no capitals, so only `!!!` applies there.
"""

from __future__ import annotations

import re

from assist.triage.result import Evidence

SHOUT_RUN_LETTERS = 8
"""Two or more capitalised words in a row with at least this many letters are shouting."""
SHOUT_WORD_LETTERS = 7
"""A single capitalised word this long is shouting ("RIDICULOUS"); short ones are acronyms."""
SHOUT_WEIGHT = 1.0
EXCLAIM_WEIGHT = 0.5
"""`!!!` alone is not enough ("Thanks!!!"); with one more sign it is."""

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_GAP = re.compile(r"[^\S\n]*[^\w\n]?[^\S\n]*")  # words in one run: spaces, one mark between
_TWO_CAPITALS = re.compile("[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f]{2}")
"""Fast pre-check: without two capitals in a row (Latin, Greek, Cyrillic) nobody shouts."""
_EXCLAIM = re.compile(r"[!?]*(?:!{3,}|\?!|!\?)[!?]*")


def shouting(text: str) -> list[Evidence]:
    """Runs of capitalised words long enough to read as shouting (weight counted once)."""
    if not _TWO_CAPITALS.search(text):
        return []
    runs: list[list[re.Match[str]]] = []
    for word in _WORD.finditer(text):
        if not (word.group().isupper() and len(word.group()) >= 2):
            runs.append([])
            continue
        if runs and runs[-1] and _GAP.fullmatch(text, runs[-1][-1].end(), word.start()):
            runs[-1].append(word)
        else:
            runs.append([word])
    found = []
    for run in runs:
        letters = sum(len(w.group()) for w in run)
        if (len(run) >= 2 and letters >= SHOUT_RUN_LETTERS) or (
            run and letters >= SHOUT_WORD_LETTERS
        ):
            start, end = run[0].start(), run[-1].end()
            found.append(Evidence(start, end - start, text[start:end], "CAPITALS", "shouting", 0))
    if found:
        first = found[0]
        found[0] = Evidence(first.offset, first.length, first.text, first.cue, first.signal,
                            SHOUT_WEIGHT)  # fmt: skip
    return found


def exclamations(text: str) -> list[Evidence]:
    """Runs like `!!!`, `?!` (weight counted once)."""
    if "!" not in text:
        return []
    found = []
    for i, hit in enumerate(_EXCLAIM.finditer(text)):
        weight = EXCLAIM_WEIGHT if i == 0 else 0.0
        found.append(Evidence(hit.start(), len(hit.group()), hit.group(), "!!!", "exclamation",
                              weight))  # fmt: skip
    return found
