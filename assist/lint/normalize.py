"""Unicode text -> comparable words, with a map back to offsets in the original text.

Normalizing folds case, apostrophe variants, accents and marks (Hebrew niqqud, Arabic
tashkeel), drops invisible characters (zero-width, soft hyphen, tatweel) and maps letters from
other scripts that look Latin (Cyrillic, Greek...) to Latin using Unicode's confusables table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from functools import cache

from assist.record import record

APOSTROPHES = "\u2019\u2018`\u02bc\u02b9\u2032\u00b4\uff07\u201b"
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u0640\u180e\u061c")
# Letters of their own in Finnish (and Swedish), not a and o with an accent: never folded.
OWN_LETTERS = frozenset("äöå")
# Arabic letters written interchangeably in everyday text: taa marbuta as haa, alef maqsura as
# yaa (hamza on alef goes with the marks: NFKD splits it off).
ARABIC_FOLDS = {"\u0629": "\u0647", "\u0649": "\u064a"}
# Scripts assist has playbooks in; their letters are never folded to Latin look-alikes.
_OWN_SCRIPTS = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
# Sentence punctuation is a token of its own, so a phrase match cannot run across it;
# line breaks and other white space are not tokens at all.
BREAKS = ".!?;:\u2026\u3002\u061f\u061b\u05c3\u06d4"
TOKEN_RE = re.compile(rf"[^\W_]+(?:'[^\W_]+)*|[{BREAKS}]")
BREAK_TOKENS = frozenset(BREAKS)  # a token is a sentence mark when it is one of these
# The same tokens in ASCII text, as an expression: what `tokens_of`'s faster ASCII path is
# tested against (tests/test_ascii_tokens.py).
ASCII_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*|[.!?;:]")
# ASCII text is split without a regular expression where it can be (the same tokens, about
# twice as fast): sentence marks spaced apart, every other character but letters, digits and
# apostrophes turned to a space, apostrophes that do not stand between two of those removed.
_ASCII_MARKS = ".!?;:"
_ASCII_BREAKS = tuple((mark, f" {mark} ") for mark in _ASCII_MARKS)
_ASCII_SPACES = bytes.maketrans(
    bytes(range(128)),
    bytes(c if chr(c).isalnum() or chr(c) in "'.!?;:" else 32 for c in range(128)),
)
_LONE_APOSTROPHE = re.compile(r"'(?:(?<![A-Za-z0-9]')|(?![A-Za-z0-9]))")
_ASCII_BYTES = bytes(range(128))
_NOT_MARKS = bytes(c for c in range(256) if chr(c) not in _ASCII_MARKS)  # deleted to count marks

_char_cache: dict[str, str] = {}
_FEW_FOLDS = 8  # characters to fold one by one with str.replace rather than a table


@record
class Normalized:
    """Normalized text; `starts[i]` is the original index of normalized character i."""

    text: str
    starts: list[int] | None  # None: same length, same positions as the original
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) covering normalized characters start..end-1.

        The end takes in the marks written on the last letter (niqqud, tashkeel, accents).
        """
        if self.starts is None:
            return start, end
        end = self.starts[end - 1] + 1
        while end < len(self.original) and unicodedata.combining(self.original[end]):
            end += 1
        return self.starts[start], end


class Words:
    """The tokens of a text after contraction expansion: words and sentence marks.

    One written word may become several (`don't` -> `do`, `not`); `origin[k]` is the written
    token that word k came from. Spans are found only when asked for (most drafts need none).
    """

    __slots__ = (
        "_spans",
        "costs",
        "origin",
        "source",
        "spaced",
        "unstemmed",
        "words",
        "written_tokens",
    )

    def __init__(
        self, words: list[str], written_tokens: list[str], origin: list[int] | None,
        costs: dict[int, int], source: Normalized, spaced: str | None = None,
    ) -> None:  # fmt: skip
        self.words = words
        self.written_tokens = written_tokens
        self.origin = origin
        self.costs = costs  # word index -> typo edits spent recognising a mistyped contraction
        self.source = source
        self.spaced = spaced  # an ASCII text's `_ascii_spaced`, kept for its first span
        self._spans: list[tuple[int, int]] | None = None
        self.unstemmed: list[str] | None = None  # the words before prefixes were stripped

    def written(self, k: int) -> str:
        """The token as it stands (folded) in the text, before contraction expansion."""
        return self.written_tokens[k if self.origin is None else self.origin[k]]

    def same_written(self, a: int, b: int) -> bool:
        """True when words a and b come from one written token (a contraction)."""
        return self.origin is not None and self.origin[a] == self.origin[b]

    def token_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each written token in the normalized text, found once."""
        return self._spans_to(len(self.written_tokens))

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Original-text (start, end) covering words first..last."""
        if self.origin is not None:
            first, last = self.origin[first], self.origin[last]
        if self._spans is None and self.source.text.isascii():
            # The first span of an ASCII text (most drafts need one): found without the span
            # of every token before it; later ones from the spans, found once (linear).
            self._spans = []
            found = ascii_token_span(
                self.source.text, self.written_tokens, first, last, self.spaced
            )
            return self.source.span(*found)
        spans = self._spans_to(last + 1)
        return self.source.span(spans[first][0], spans[last][1])

    def _spans_to(self, count: int) -> list[tuple[int, int]]:
        """The spans of the first `count` written tokens (at least), found on from those
        found before (findings come early or late in a draft; most drafts need none)."""
        spans = self._spans
        if spans is None:
            spans = self._spans = []
        if len(spans) < count:
            after = spans[-1][1] if spans else 0
            spans += token_spans(self.source.text, self.written_tokens[len(spans) : count], after)
        return spans


def is_break(token: str) -> bool:
    """True for a sentence mark token."""
    return token in BREAK_TOKENS


def normalize(text: str) -> Normalized:
    """Fold the text for comparison, keeping a map back to original offsets."""
    if text.isascii():
        return Normalized(text.lower().replace("`", "'"), None, text)
    table = {c: _fold_char(c) for c in set(non_ascii_chars(text))}
    if all(len(v) == 1 for v in table.values()):
        changed = {c: v for c, v in table.items() if c != v}
        if len(changed) <= _FEW_FOLDS and changed.keys().isdisjoint(changed.values()):
            # A few characters to fold (a curly apostrophe in English text): one replace
            # each, in C, gives what a translation table would.
            folded = text
            for c, v in changed.items():
                folded = folded.replace(c, v)
            return Normalized(folded.lower(), None, text)
        trans = {ord(k): v for k, v in table.items()}
        return Normalized(text.translate(trans).lower(), None, text)
    pieces: list[str] = []
    starts: list[int] = []
    for i, c in enumerate(text):
        folded = table[c] if c in table else c.lower()
        pieces.append(folded)
        starts.extend([i] * len(folded))
    return Normalized("".join(pieces), starts, text)


def non_ascii_chars(text: str) -> str:
    """The text's characters outside ASCII, in order: its UTF-8 bytes without those below
    0x80, which no other character's bytes use (in C: a set of every character costs 6x)."""
    stripped = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return stripped.decode("utf-8", "surrogatepass")


def _fold_char(c: str) -> str:
    """One character folded: '' for invisible ones, else lower-case Latin where it looks so."""
    folded = _char_cache.get(c)
    if folded is None:
        folded = _char_cache[c] = _compute_fold(c)
    return folded


def _compute_fold(c: str) -> str:
    if c in INVISIBLE:
        return ""
    if c in APOSTROPHES:
        return "'"
    if c in ARABIC_FOLDS:
        return ARABIC_FOLDS[c]
    if c.lower() in OWN_LETTERS:
        return c.lower()
    decomposed = unicodedata.normalize("NFKD", c)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    if not base:
        return "" if unicodedata.combining(c) else c.lower()
    if all(ch.isascii() or _own_script(ch) for ch in base):
        # The table holds neither (Hebrew, Arabic, Finnish letters need not load it).
        return base
    return "".join(latin_lookalikes().get(ch, ch) for ch in base)


@cache
def latin_lookalikes() -> dict[str, str]:
    """Non-Latin characters that look like a Latin letter, from Unicode's confusables data."""
    import json
    from importlib.resources import files

    data = json.loads(
        files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    table: dict[str, str] = {}
    for latin in "abcdefghijklmnopqrstuvwxyz":
        for entry in data.get(latin, ()) + data.get(latin.upper(), ()):
            char = entry["c"]
            if len(char) == 1 and not char.isascii() and not _own_script(char):
                table.setdefault(char, latin)
    return table


def _own_script(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _OWN_SCRIPTS)


def split_words(norm: Normalized, contractions: Mapping[str, str]) -> Words:
    """Split normalized text into words and sentence marks, expanding contractions."""
    tokens, spaced = _tokens_and_spaced(norm.text)
    # (a frozenset looks each token up in fewer calls than the keys view: -5 k a draft with
    # an apostrophe)
    keys = _contraction_keys(contractions)[1]
    if "'" not in norm.text and keys.isdisjoint(tokens):
        return Words(tokens, tokens, None, {}, norm, spaced)
    # Each distinct token that may expand is looked at once; the others stand for themselves.
    may_expand = keys.intersection(tokens)
    if "'" in norm.text:
        may_expand = may_expand.union(_with_apostrophe(tokens, spaced))
    expansions = {
        token: found
        for token in may_expand
        if token in contractions or len(token) >= 5
        if (found := expand(token, contractions)) != ((token,), 0)
    }
    if not expansions:
        return Words(tokens, tokens, None, {}, norm, spaced)
    words: list[str] = []
    origin: list[int] = []
    costs: dict[int, int] = {}
    done = 0  # tokens before this one are in `words`
    for i in token_places(tokens, expansions):
        words += tokens[done:i]
        origin += range(done, i)
        expansion, cost = expansions[tokens[i]]
        if cost:
            costs[len(words)] = cost
        words += expansion
        origin += [i] * len(expansion)
        done = i + 1
    words += tokens[done:]
    origin += range(done, len(tokens))
    return Words(words, tokens, origin, costs, norm, spaced)


def token_places(tokens: list[str], found: Collection[str]) -> list[int]:
    """Where the tokens of `found` (distinct) stand in `tokens`, in order: a count and an
    index scan per token of `found`, in C (a draft has few of them: a test of every token
    costs about twice as much)."""
    places: list[int] = []
    for token in found:
        at = -1
        for _ in range(tokens.count(token)):
            at = tokens.index(token, at + 1)
            places.append(at)
    if len(found) > 1:
        places.sort()
    return places


def _with_apostrophe(tokens: list[str], spaced: str | None) -> set[str] | list[str]:
    """The tokens that hold an apostrophe: in an ASCII text, the runs of non-space characters
    around each apostrophe of its spaced text (a few `str.find`s, not a test of every token)."""
    if spaced is None:
        return [token for token in tokens if "'" in token]  # (not a methodcaller: 4x)
    found = set()
    at = spaced.find("'")
    while at >= 0:
        end = spaced.find(" ", at)
        end = len(spaced) if end < 0 else end
        found.add(spaced[spaced.rfind(" ", 0, at) + 1 : end])
        at = spaced.find("'", end)
    return found


def tokens_of(text: str) -> list[str]:
    """The words and sentence marks of a normalized text."""
    return _tokens_and_spaced(text)[0]


def _tokens_and_spaced(text: str) -> tuple[list[str], str | None]:
    """`tokens_of` the text, and for an ASCII text the spaced text they were split from
    (`_ascii_spaced`: a span of its tokens is found in it)."""
    if not text.isascii():
        return TOKEN_RE.findall(text), None
    spaced = _ascii_spaced(text)
    return spaced.split(), spaced


def _ascii_spaced(text: str) -> str:
    """An ASCII normalized text whose `split()` gives its tokens: every character of the
    text in its place but sentence marks, which are spaced apart (two characters more each)."""
    if "'" in text:
        text = _LONE_APOSTROPHE.sub(" ", text)
    for mark, spaced in _ASCII_BREAKS:
        if mark in text:  # (a str test: `bytes in bytes` raises and clears a TypeError first)
            text = text.replace(mark, spaced)
    return text.encode("ascii").translate(_ASCII_SPACES).decode("ascii")


def ascii_token_span(
    text: str, tokens: list[str], first: int, last: int, spaced: str | None = None
) -> tuple[int, int]:
    """(start, end) in an ASCII normalized text of its tokens first..last (`tokens`: its
    `tokens_of`), as `token_spans` gives them: found in the spaced text by a split from its
    nearer end that stops at the tokens (in C), less the two spaces of each mark before them.
    `spaced`: the text's `_ascii_spaced`, if known."""
    if spaced is None:
        spaced = _ascii_spaced(text)
    at_first, at_last = _spaced_starts(spaced, tokens, first, last)
    if at_first > len(spaced) // 2:  # fewer characters to count after it: the rest before
        every_mark = (len(spaced) - len(text)) // 2  # each is two characters longer there
        marks_first = every_mark - _marks_in(spaced[at_first:])
    else:
        marks_first = _marks_in(spaced[:at_first])
    marks_last = marks_first + _marks_in(spaced[at_first:at_last])
    start = at_first - 2 * marks_first - (tokens[first] in BREAK_TOKENS)
    end = at_last - 2 * marks_last - (tokens[last] in BREAK_TOKENS) + len(tokens[last])
    return start, end


def _spaced_starts(spaced: str, tokens: list[str], first: int, last: int) -> tuple[int, int]:
    """Where tokens `first` and `last` start in the spaced text: a split from its start, or
    from its end when they are nearer that (a string is made of each token passed over)."""
    if last < len(tokens) - 1 - first:
        from_first = spaced.split(None, first)[-1]
        from_last = from_first.split(None, last - first)[-1]
        return len(spaced) - len(from_first), len(spaced) - len(from_last)
    to_last = spaced.rsplit(None, len(tokens) - 1 - last)[0]
    to_first = to_last.rsplit(None, last - first)[0]
    return len(to_first) - len(tokens[first]), len(to_last) - len(tokens[last])


def _marks_in(spaced: str) -> int:
    """How many sentence marks a piece of spaced ASCII text holds: every other byte deleted
    in one C pass (five `str.count` calls cost about three times as much)."""
    return len(spaced.encode("ascii").translate(None, _NOT_MARKS))


def token_spans(text: str, tokens: list[str], after: int = 0) -> list[tuple[int, int]]:
    """(start, end) in a normalized text of `tokens`, consecutive tokens of it as `tokens_of`
    finds them, the first at or after `after`.

    Each is found with `str.find` from the end of the one before (about a third of the cost
    of running the tokenizing expression again, which makes a match object per token): what
    lies between two tokens holds neither a letter, a digit nor a sentence mark, and a token
    starts with one of those, so the first occurrence of a token after the previous one is
    the token itself.
    """
    spans: list[tuple[int, int]] = []
    find = text.find
    end = after
    for token in tokens:
        start = find(token, end)
        end = start + len(token)
        spans.append((start, end))
    return spans


def expand(word: str, contractions: Mapping[str, str]) -> tuple[tuple[str, ...], int]:
    """The word's expansion (`don't` -> `do not`) and the typo edits it took to recognise it."""
    full = contractions.get(word)
    if full is not None:
        return tuple(full.split()), 0
    if "'" in word and len(word) >= 5:
        near = _near_contraction(word, _apostrophe_keys(contractions))
        if near is not None:
            return tuple(contractions[near].split()), 1
    return (word,), 0


def _apostrophe_keys(contractions: Mapping[str, str]) -> tuple[str, ...]:
    return _contraction_keys(contractions)[0]


def _contraction_keys(contractions: Mapping[str, str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The contractions with an apostrophe, and every contraction as a set (made once per
    mapping)."""
    keys = _keys_cache.get(id(contractions))
    if keys is None or keys[0] is not contractions:
        keys = _keys_cache[id(contractions)] = (
            contractions,
            tuple(k for k in contractions if "'" in k),
            frozenset(contractions),
        )
    return keys[1], keys[2]


_keys_cache: dict[int, tuple[Mapping[str, str], tuple[str, ...], frozenset[str]]] = {}


def _near_contraction(word: str, keys: tuple[str, ...]) -> str | None:
    """A contraction one typo away (`donn't` -> `don't`), if there is exactly one best."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    best = process.extractOne(word, keys, scorer=OSA.distance, score_cutoff=1)
    return best[0] if best is not None else None


def phrase_words(phrase: str, contractions: Mapping[str, str]) -> tuple[str, ...]:
    """A playbook phrase as the words the matcher compares (same folding as drafts).

    Sentence marks are dropped: "Hurry up!" in a playbook means the words "hurry up".
    """
    words = split_words(normalize(phrase), contractions).words
    return tuple(w for w in words if not is_break(w))


def chunk_words(
    chunk: str, contractions: Mapping[str, str], pieces: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """`phrase_words` of a pattern chunk, put together from the words of its space-separated
    pieces, each found once in `pieces` (a memo local to one compile: a pattern's forms
    share most of their words).

    Folding is per character and a space is never part of a token, so the chunk's words are
    its pieces' words in turn; but outside ASCII text a backquote is not read as an
    apostrophe (`normalize`), so such a chunk is taken whole.
    """
    if "`" in chunk and not chunk.isascii():
        return phrase_words(chunk, contractions)
    words: list[str] = []
    for piece in chunk.split(" "):
        found = pieces.get(piece)
        if found is None:
            found = pieces[piece] = phrase_words(piece, contractions)
        words += found
    return tuple(words)
