"""A pattern's forms, worked out once per pattern for all of `assist playbook check` (the
phrase check lints them, the breadth check weighs them: the built-ins have 83,544)."""

from __future__ import annotations

from collections.abc import Mapping

from assist.lint.normalize import phrase_words
from assist.playbook.patterns import Form, forms


def pattern_forms(pattern: str) -> tuple[Form, ...]:
    """`forms(pattern)` (remembered there: PatternError when malformed, never remembered)."""
    return forms(pattern)


class ChunkWords:
    """The words of pattern chunks as the matcher compares them (`phrase_words` with one set
    of contractions), each chunk's worked out once for all the checks that read them."""

    def __init__(self, contractions: Mapping[str, str]) -> None:
        self.contractions = contractions
        self._words: dict[str, tuple[str, ...]] = {}

    def __call__(self, chunk: str) -> tuple[str, ...]:
        words = self._words.get(chunk)
        if words is None:
            words = self._words[chunk] = phrase_words(chunk, self.contractions)
        return words
