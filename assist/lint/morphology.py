"""Prefixes and clitics of Hebrew and Arabic, stripped only toward words a phrase uses.

A draft word that is not a playbook word but becomes one once a one-letter prefix (Hebrew
ו ה ש ב כ ל מ, and ש/כש/מש) or a clitic (Arabic و ف + ب ك ل س, لل for ال) is taken off is
compared as that word. Only the comparable copy changes: the word keeps its place, so a
finding still covers the whole written word ("ואתה טועה" is flagged from the ו on).
"""

from __future__ import annotations

from collections.abc import Iterator

HEBREW_AND = "\u05d5"  # ו
HEBREW_THAT = ("\u05e9", "\u05db\u05e9", "\u05de\u05e9")  # ש כש מש
HEBREW_LETTERS = "\u05d4\u05d1\u05db\u05dc\u05de"  # ה ב כ ל מ
# Pronouns take only "and" and "that" (ואני, שאתה), never ה/ב/כ/ל/מ (לא "האני").
HEBREW_PRONOUNS = frozenset(["אני", "אתה", "את", "אתם", "אתן", "הוא", "היא", "אנחנו", "הם", "הן"])
ARABIC_AND = ("\u0648", "\u0641")  # و ف
ARABIC_LETTERS = ("\u0628", "\u0643", "\u0644", "\u0633")  # ب ك ل س
ARABIC_LIL = "\u0644\u0644"  # لل (ل + ال)
ARABIC_AL = "\u0627\u0644"  # ال
MIN_STEM = 2  # letters that must remain after stripping
# After ה ב כ ל מ a two-letter rest is mostly a different word, not the same word with a
# prefix: "מלא" (full) is not "לא", "לנו" (to us) is not "נו"; ו and ש may leave two ("שלא").
HEBREW_MIN_LETTER_STEM = 3


def is_prefixed_script(word: str) -> bool:
    """True for a word in Hebrew or Arabic letters (the scripts with prefixes handled here)."""
    return "\u0590" <= word[0] <= "\u06ff"


def stem_toward(word: str, vocabulary: frozenset[str] | set[str]) -> str | None:
    """The playbook word this draft word is with a prefix or clitic stripped, if any."""
    for stem in _hebrew_stems(word) if word[0] <= "\u05ff" else _arabic_stems(word):
        if len(stem) >= MIN_STEM and stem in vocabulary:
            return stem
    return None


def _hebrew_stems(word: str) -> Iterator[str]:
    """Shortest strip first: ו, then ש/כש/מש, then one of ה ב כ ל מ."""
    heads = [("", False)]
    if word.startswith(HEBREW_AND):
        heads.append((HEBREW_AND, False))
    for head, _ in list(heads):
        for that in HEBREW_THAT:
            if word.startswith(head + that):
                heads.append((head + that, False))
    for head, _ in list(heads):
        rest = word[len(head) :]
        if rest and rest[0] in HEBREW_LETTERS:
            heads.append((head + rest[0], True))
    heads.sort(key=lambda h: len(h[0]))
    for head, letter in heads[1:]:
        stem = word[len(head) :]
        if letter and (stem in HEBREW_PRONOUNS or len(stem) < HEBREW_MIN_LETTER_STEM):
            continue
        yield stem


def _arabic_stems(word: str) -> Iterator[str]:
    """و/ف, then ب/ك/ل/س; لل stands for ل + ال."""
    for conj in ("", *ARABIC_AND):
        if conj and not word.startswith(conj):
            continue
        rest = word[len(conj) :]
        if conj:
            yield rest
        if rest.startswith(ARABIC_LIL):
            yield ARABIC_AL + rest[2:]
        if rest[:1] in ARABIC_LETTERS:
            yield rest[1:]
