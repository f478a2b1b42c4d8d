"""Plain-string terminal layout for lint's text report: wrapping, padding and colour.

It reproduces what the text report looked like when rich laid it out (same word wrapping,
folding of over-long words, padding and SGR colour codes) at a fraction of the cost: one
finding is a few string operations, not a table layout. Wrapping is linear in the text.
Callers pass text through `assist.display.visible` first; nothing here interprets it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

Span = tuple[int, int, str]  # [start, end) of the plain text, style name
SGR = {
    "finding.error": "1;31",
    "finding.warning": "1;33",
    "finding.suggestion": "1;36",
    "finding.match": "1;4",
    "finding.rule": "35",
    "finding.path": "1",
    "finding.say": "32",
    "finding.dim": "2",
}
TAB_SIZE = 8
_WORD = re.compile(r"\s*\S+\s*")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Terminal cells one character takes: 0 (controls, combining marks), 1 or 2 (wide)."""
    code = ord(char)
    if (code and code < 32) or 0x7F <= code < 0xA0 or char in _ZERO_WIDTH:
        return 0
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """Terminal cells `text` takes."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def expand_tabs(line: str) -> str:
    """Tabs as spaces up to the next multiple of eight cells (one line, no line breaks)."""
    if "\t" not in line:
        return line
    parts = []
    position = 0
    for part in line.split("\t")[:-1]:
        position += cell_len(part)
        spaces = TAB_SIZE - position % TAB_SIZE
        parts.append(part + " " * spaces)
        position += spaces
    parts.append(line.rsplit("\t", 1)[1])
    return "".join(parts)


def _chop(word: str, width: int) -> list[str]:
    """A word longer than the width, cut into pieces of at most `width` cells."""
    if word.isascii():
        return [word[i : i + width] for i in range(0, len(word), width)]
    pieces, start, size = [], 0, 0
    for index, char in enumerate(word):
        cells = char_width(char)
        if size + cells > width and index > start:
            pieces.append(word[start:index])
            start, size = index, 0
        size += cells
    pieces.append(word[start:])
    return pieces


def breaks(line: str, width: int) -> list[int]:
    """Offsets at which to break one line so that every piece fits `width` cells.

    Words move whole to the next line; a word wider than a line is folded.
    """
    found: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        size = cell_len(word.rstrip())
        if width - offset >= size:
            offset += cell_len(word)
        elif size > width:
            pieces = _chop(word, width)
            for piece in pieces[:-1]:
                if start:
                    found.append(start)
                start += len(piece)
            if start:
                found.append(start)
            offset = cell_len(pieces[-1])
        elif offset and start:
            found.append(start)
            offset = cell_len(word)
    return found


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """[start, end) of each wrapped line of `text` (split at line breaks first)."""
    lines: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        cuts = [0, *breaks(line, width), len(line)]
        for begin, end in pairwise(cuts):
            piece = line[begin:end]
            if len(piece) > width:  # trailing white space beyond the width, as rich's rstrip_end
                end -= min(len(piece) - len(piece.rstrip()), len(piece) - width)
            while end > begin and cell_len(line[begin:end]) > width:
                end -= 1  # wide characters: only trailing white space can be left over
            lines.append((start + begin, start + end))
        start += len(line) + 1
    return lines


class Cell:
    """Text with styled spans, or all in one style, to be wrapped into a column."""

    __slots__ = ("spans", "style", "text", "widest")

    def __init__(self, text: str, spans: Sequence[Span] = (), style: str | None = None) -> None:
        lines = text.split("\n")
        self.text = "\n".join(map(expand_tabs, lines)) if "\t" in text else text
        self.widest = max(cell_len(line.replace("\t", "")) for line in lines)
        """Cells of the longest line before tabs are expanded (how rich measured a column)."""
        self.spans = tuple(spans)
        self.style = style
        """Style of the whole text, padding included (as rich styled a styled Text)."""

    @classmethod
    def of(cls, *pieces: tuple[str, str | None]) -> Cell:
        """A cell from (text, style or None) pieces, one after another on one line."""
        spans, position = [], 0
        for text, style in pieces:
            if style:
                spans.append((position, position + len(text), style))
            position += len(text)
        return cls("".join(text for text, _ in pieces), spans)


class Painter:
    """Turns styled pieces of text into terminal strings, with or without colour."""

    def __init__(self, *, colour: bool) -> None:
        self.colour = colour

    def paint(self, text: str, style: str | None) -> str:
        """`text` in `style` (SGR codes as rich wrote them), or as is without colour."""
        if not (self.colour and style and text):
            return text
        return f"\x1b[{SGR[style]}m{text}\x1b[0m"

    def line(self, cell: Cell, start: int, end: int, pad: int = 0) -> str:
        """One wrapped line of a cell, its spans painted, padded with `pad` spaces."""
        text = cell.text
        if cell.style or not (self.colour and cell.spans):
            return self.paint(text[start:end] + " " * pad, cell.style)
        out = []
        position = start
        for span_start, span_end, style in cell.spans:
            lo, hi = max(span_start, start), min(span_end, end)
            if lo < hi:
                out.append(text[position:lo])
                out.append(self.paint(text[lo:hi], style))
                position = hi
        out.append(text[position:end] + " " * pad)
        return "".join(out)

    def block(self, cell: Cell, width: int) -> list[str]:
        """A cell printed on its own (no padding), wrapped at `width`."""
        return [self.line(cell, start, end) for start, end in wrap(cell.text, width)]


def grid(
    painter: Painter,
    rows: Iterable[tuple[str, Cell]],
    *,
    width: int,
    label_width: int | None = None,
    label_style: str | None = None,
    indent: int = 0,
    fill: bool = True,
) -> list[str]:
    """Two columns, label | text, the text wrapping; laid out as rich's `Table.grid`.

    The text column is as wide as its longest line, at most what the width leaves; lines
    are padded to the column, and with `fill` to the full width (as rich's Padding did).
    """
    rows = list(rows)
    labels = label_width if label_width is not None else max(len(lbl) for lbl, _ in rows)
    available = width - indent - labels - 1
    column = min(max(cell.widest for _, cell in rows), available)
    column = max(column, 1)
    right = " " * (width - indent - labels - 1 - column) if fill else ""
    left = " " * indent
    out = []
    blank = painter.paint(" " * (labels + 1), label_style)
    gap = painter.paint(" ", label_style)
    for label, cell in rows:
        first = painter.paint(label.ljust(labels), label_style) + gap
        for number, (start, end) in enumerate(wrap(cell.text, column)):
            text = painter.line(cell, start, end, column - cell_len(cell.text[start:end]))
            out.append(f"{left}{blank if number else first}{text}{right}")
    return out
