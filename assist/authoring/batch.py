"""Many short texts linted in one pass, each text's findings kept apart."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from assist.lint.engine import Linter
from assist.lint.findings import Finding
from assist.record import record

SEPARATOR = "\n\nqqqqqqqqqqqq qqqqqqqqqqqq qqqqqqqqqqqq.\n\n"
"""Between texts linted together: words no phrase can stretch over (far beyond any typo
budget), so a match never joins two texts; one that does is dropped anyway."""


def every_language(playbook: Linter) -> list[str]:
    """Every language code of the playbook: authoring checks run all rules on a text, never
    only those of the language a detector guesses for it (the texts are playbook strings
    whose rules are known, and short ones are too short to detect)."""
    codes = {rule.language for rule in playbook.playbook.rules}
    return sorted(codes | set(playbook.playbook.languages))


def lint_each(playbook: Linter, texts: Sequence[str]) -> list[list[Finding]]:
    """The findings of each text, from one lint of all texts joined: linear in the number of
    texts (linting them one by one re-checks every phrase of the playbook per text). Every
    rule runs on every text, whatever its language (see every_language)."""
    return [[finding for _, finding in found] for found in _lint_joined(playbook, texts)]


def _lint_joined(playbook: Linter, texts: Sequence[str]) -> list[list[tuple[int, Finding]]]:
    """`lint_each`, each finding with its offset in its own text."""
    starts, parts, offset = [], [], 0
    for text in texts:
        starts.append(offset)
        parts.append(text)
        offset += len(text) + len(SEPARATOR)
    found: list[list[tuple[int, Finding]]] = [[] for _ in texts]
    joined = SEPARATOR.join(parts)
    for finding in playbook.lint(joined, languages=every_language(playbook)):
        i = bisect_right(starts, finding.offset) - 1
        if i >= 0 and finding.offset + finding.length <= starts[i] + len(texts[i]):
            found[i].append((finding.offset - starts[i], finding))
    return found


CHUNK = 2_000
"""Characters of playbook texts linted in one joined text: far below the lint window (a
joined text past it is linted window by window, about 3x the CPU of short chunks)."""


def lint_in_chunks(playbook: Linter, texts: Sequence[str]) -> list[list[Finding]]:
    """The findings of each text (as `lint_each`), the texts joined in chunks of about
    CHUNK characters; a finding's offset is within its chunk."""
    return [[finding for _, finding in found] for found in _in_chunks(playbook, texts)]


def hits_in_chunks(playbook: Linter, texts: Sequence[str]) -> list[list[Hit]]:
    """The findings of each text (as `lint_in_chunks`) as hits, offsets within the text."""
    return [[Hit.of(finding, at) for at, finding in found] for found in _in_chunks(playbook, texts)]


def hits_alone(playbook: Linter, text: str) -> list[Hit]:
    """The findings of one text linted on its own, every rule on it (see every_language)."""
    return [Hit.of(f, f.offset) for f in playbook.lint(text, languages=every_language(playbook))]


def _in_chunks(playbook: Linter, texts: Sequence[str]) -> list[list[tuple[int, Finding]]]:
    found: list[list[tuple[int, Finding]]] = []
    start, size = 0, 0
    for end, text in enumerate(texts):
        if size and size + len(text) > CHUNK:
            found += _lint_joined(playbook, texts[start:end])
            start, size = end, 0
        size += len(text) + len(SEPARATOR)
    found += _lint_joined(playbook, texts[start:])
    return found


@record
class Hit:
    """A finding in a text an authoring check lints, as the checks read it (and as the check
    cache keeps it): the rule, its phrase, the words it flagged and where in the text."""

    offset: int
    """Index of the first flagged character in the text."""
    rule: str
    phrase: str
    matched: str

    @classmethod
    def of(cls, finding: Finding, offset: int) -> Hit:
        """The hit of a finding that starts at `offset` of its text."""
        return cls(offset, finding.rule, finding.phrase, finding.matched)

    @property
    def order(self) -> tuple[int, str]:
        """Where the hit stands among a text's findings (the order lint gives them)."""
        return self.offset, self.rule
