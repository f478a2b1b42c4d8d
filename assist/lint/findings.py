"""The one result type of linting: a Finding."""

from __future__ import annotations

from assist.record import record


@record
class Finding:
    """A forbidden phrase found in a draft; every formatter and the JSON output read this."""

    path: str
    """File the draft came from ('<stdin>', '<text>' for strings)."""
    line: int
    """1-based line of the first flagged character."""
    column: int
    """1-based column (in characters) of the first flagged character."""
    end_line: int
    """1-based line of the last flagged character."""
    end_column: int
    """1-based column just past the last flagged character."""
    offset: int
    """Index of the first flagged character in the original text."""
    length: int
    """Number of characters flagged: `text[offset:offset + length]` is `matched`."""
    rule: str
    """Id of the phrase rule that fired."""
    severity: str
    """error, warning or suggestion."""
    phrase: str
    """The forbidden phrase (as written in the playbook) that matched."""
    matched: str
    """The flagged text exactly as it stands in the draft."""
    score: int
    """Similarity of the matched words to the phrase, 0-100 (100: same words)."""
    why: str
    """Why the phrase hurts."""
    suggestions: tuple[str, ...]
    """What to say instead."""
