"""Explain matching to a team lead: how each finding matched, and what nearly matched."""

from __future__ import annotations

from dataclasses import dataclass

from assist.lint.engine import Checked, Linter, position
from assist.lint.matcher import Match, Miss, PhraseIndex, word_distance
from assist.lint.normalize import INVISIBLE, Words, latin_lookalikes

NEAR_LIMIT = 5  # closest non-matches shown per input


@dataclass(frozen=True)
class Explanation:
    """Lines describing one match or near miss, in plain text."""

    title: str
    details: tuple[str, ...]


def explain_text(
    linter: Linter, text: str, *, near: bool = False, checked: Checked | None = None
) -> list[Explanation]:
    """Explanations for every finding in `text`, then (with `near`) the closest non-matches.

    `checked` is what lint already found in this text (its matches are reused); without it
    the text is linted here with every rule.
    """
    if checked is None:
        checked = linter.check(text)
    matches = list(checked.matches)
    explanations = [_explain_match(text, checked.words, m) for m in matches]
    if near:
        explanations.extend(_explain_misses(linter.index, text, checked.words, matches))
    return explanations


def _explain_match(text: str, words: Words, match: Match) -> Explanation:
    phrase = match.phrase
    start, end = words.span(match.first, match.last)
    line, column = position(text, start)
    title = (
        f'{line}:{column} [{phrase.rule.id}] matched phrase "{phrase.phrase}" '
        f"(score {match.score}, {match.edits} edit{'s' if match.edits != 1 else ''})"
    )
    pairs = []
    j = 0
    k = match.first
    while k <= match.last:
        written = words.written(k)
        group = [k]
        while group[-1] < match.last and words.same_written(group[-1] + 1, k):
            group.append(group[-1] + 1)  # one written contraction, several words
        if (
            j < len(phrase.words)
            and word_distance(phrase.words[j], words.words[k], phrase.budget) is not None
        ):
            expected = " ".join(phrase.words[j : j + len(group)])
            got = " ".join(words.words[i] for i in group)
            notes = [
                n
                for n, on in (
                    ("typo", got != expected),
                    ("contraction", len(group) > 1 or written != got),
                )
                if on
            ]
            pairs.append(f"{expected} <- {written}" + (f" ({', '.join(notes)})" if notes else ""))
            j += len(group)
        else:
            pairs.append(f"(filler) <- {written}")
        k = group[-1] + 1
    details: tuple[str, ...] = ("words: " + " | ".join(pairs),)
    tolerated = list(match.tolerated)
    for k in range(match.first, match.last + 1):
        if words.written(k) != words.words[k] and not words.costs.get(k):
            tolerated.append(f"contraction '{words.written(k)}'")
    if tolerated:
        details += ("tolerated: " + "; ".join(dict.fromkeys(tolerated)),)
    lookalikes = _lookalikes(text, start, end)
    if lookalikes:
        details += ("look-alike letters: " + ", ".join(lookalikes),)
    return Explanation(title, details)


def _lookalikes(text: str, start: int, end: int) -> list[str]:
    """Characters in the span that are not what they look like (other scripts, invisible)."""
    import unicodedata

    lookalikes = latin_lookalikes()
    found = []
    for char in text[start:end]:
        if char in lookalikes or char in INVISIBLE:
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            found.append(f"'{char}' {name}" if char.isprintable() else name)
    return list(dict.fromkeys(found))


def _explain_misses(
    index: PhraseIndex, text: str, words: Words, matches: list[Match]
) -> list[Explanation]:
    matched_rules = {m.phrase.rule.id for m in matches}
    seen: set[str] = set()
    explanations = []
    for miss in index.near_misses(words):
        key = miss.phrase.phrase  # one line per pattern, however many of its forms lined up
        if miss.phrase.rule.id in matched_rules or key in seen:
            continue
        seen.add(key)
        explanations.append(_explain_miss(text, words, miss))
        if len(explanations) == NEAR_LIMIT:
            break
    return explanations


def _explain_miss(text: str, words: Words, miss: Miss) -> Explanation:
    start, _ = words.span(miss.anchor, miss.anchor)
    line, column = position(text, start)
    title = f'{line}:{column} [{miss.phrase.rule.id}] near miss "{miss.phrase.phrase}"'
    return Explanation(title, (f"rejected: {miss.reason}",))
