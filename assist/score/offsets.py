"""Where lint's words stand in the text, found once per reply for the cues and the time
recogniser alike.

`Words.token_spans` runs the tokenizing regex a second time and makes a match object per
token; here each token is found with `str.find` from the end of the one before, about half
the cost. The spans are the same: the tokens are `TOKEN_RE.findall` of the same normalized
text, and what lies between two tokens holds neither a letter, a digit nor a sentence mark,
so the first occurrence of a token after the previous one is the token itself.
"""

from __future__ import annotations

from assist.lint.normalize import Words


class Offsets:
    """The (start, end) of each written token of `words` in the normalized text, and spans of
    words in the original text; computed on first use."""

    __slots__ = ("_ends", "_starts", "words")

    def __init__(self, words: Words) -> None:
        self.words = words
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def starts(self) -> list[int]:
        """Start of each written token in the normalized text."""
        if self._starts is None:
            find = self.words.source.text.find
            starts, ends = [], []
            end = 0
            for token in self.words.written_tokens:
                start = find(token, end)
                end = start + len(token)
                starts.append(start)
                ends.append(end)
            self._starts, self._ends = starts, ends
        return self._starts

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Original-text (start, end) covering words first..last (as `Words.span`)."""
        starts = self.starts()
        origin = self.words.origin
        if origin is not None:
            first, last = origin[first], origin[last]
        return self.words.source.span(starts[first], self._ends[last])
