"""Plain-string layout of the triage and score text reports, as rich laid them out.

The screen is found as `output.make_console` made rich find it (width, colour, whether
cues get marks); a styled line is printed as `Console.print(Text)` printed it, a paragraph
as `Padding(Text, expand=False)`, bullets as a `Table.grid`. Styles are rich's style words
("bold red"); combined styles give the SGR codes rich wrote. Text rich would read as markup
(a `[` in a grid's string), with a tab, or with characters rich measures by its own tables
(emoji, joiners, bidi controls) is left to rich (`needs_rich`).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from assist.cli.output import tty_columns
from assist.cli.render import Cell, Painter, cell_len, grid, wrap

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import IO

Piece = tuple[str, str]  # text, rich style words ("" for none)
_ATTRIBUTES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4"}
_COLOURS = {"red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35"}
_COLOURS["cyan"] = "36"
_LEFT_TO_RICH = ("\t",)
"""Tabs: rich moves spans as it expands them."""
_SAME_WIDTH = (
    (0x80, 0x1100),
    (0x2010, 0x2028),
    (0x2030, 0x2066),
    (0x20A0, 0x20C1),
    (0x2400, 0x2427),
)
"""Beyond ASCII, where `render.char_width` gives each assigned character rich's width
(not spacing marks, not the Arabic letter mark); elsewhere (emoji, joiners, bidi controls,
line separators) rich's own tables and grapheme rules decide, so rich lays the text out."""


def sgr(*styles: str) -> str:
    """The SGR codes of rich's styles combined in order: attributes, then the last colour."""
    words = {word for style in styles for word in style.split()}
    codes = [code for name, code in _ATTRIBUTES.items() if name in words]
    colour = ""
    for style in styles:
        for word in style.split():
            colour = _COLOURS.get(word, colour)
    return ";".join([*codes, colour] if colour else codes)


def needs_rich(texts: Iterable[str], markup: Iterable[str] = ()) -> bool:
    """Whether one of these strings has what only rich lays out: a tab, a character rich
    measures otherwise, or in `markup` (strings rich parses as markup) a `[`."""
    markup = list(markup)
    if any("[" in text for text in markup):
        return True
    return any(
        any(mark in text for mark in _LEFT_TO_RICH) or not measured_alike(text)
        for text in (*texts, *markup)
    )


def measured_alike(text: str) -> bool:
    """Whether rich and `render.cell_len` give every character of `text` the same width."""
    return text.isascii() or all(map(_same_width, set(text)))


def _same_width(char: str) -> bool:
    code = ord(char)
    if code < 0x80:
        return True
    if code == 0x61C or not any(low <= code < high for low, high in _SAME_WIDTH):
        return False
    return unicodedata.category(char) not in ("Cn", "Mc")


class CodePainter(Painter):
    """A painter whose styles are SGR code strings (see `sgr`)."""

    def paint(self, text: str, style: str | None) -> str:
        """`text` in the SGR codes `style`, or as is without colour."""
        if not (self.colour and style and text):
            return text
        return f"\x1b[{style}m{text}\x1b[0m"


class Screen:
    """Where a report goes: its width, colour, and whether cues are marked in the text."""

    __slots__ = ("colour", "marks", "width")

    def __init__(self, width: int, *, colour: bool, marks: bool) -> None:
        self.width = width
        self.colour = colour
        self.marks = marks

    @classmethod
    def of(cls, stream: IO[str]) -> Screen | None:
        """The screen rich 15 found for `make_console()` on `stream` (POSIX); None when
        the width is too narrow to be sure the layouts agree, or on Windows (rich's legacy
        console and its own size query)."""
        if os.name == "nt":
            return None
        environ = os.environ
        isatty = stream.isatty()
        no_colour = "NO_COLOR" in environ or not isatty
        terminal = _is_terminal(environ, isatty)
        dumb = terminal and environ.get("TERM", "").lower() in ("dumb", "unknown")
        width = _width(environ, dumb)
        if width < 20:
            return None
        colour = not no_colour and terminal and not dumb
        return cls(width, colour=colour, marks=no_colour or not terminal)


def _is_terminal(environ: Mapping[str, str], isatty: bool) -> bool:
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = environ.get("FORCE_COLOR")
    return force != "" if force is not None else isatty


def _width(environ: Mapping[str, str], dumb: bool) -> int:
    columns, lines = environ.get("COLUMNS"), environ.get("LINES")
    given = int(columns) if columns is not None and columns.isdigit() else None
    if given is not None and lines is not None and lines.isdigit():
        return given
    if dumb:
        return 80
    if given is not None:
        return given
    return tty_columns()


def styled(pieces: Sequence[Piece], base: str = "") -> Cell:
    """A cell from pieces under a base style: one span per stretch between two style
    boundaries (the segments rich's `Text.render` yields), each span's style its SGR codes.
    Unstyled pieces make no boundary: they run on in the stretch before them."""
    text = "".join(piece for piece, _ in pieces)
    edges = [0]
    styles = [""]  # the pieces' own style from each edge on
    position = 0
    for piece, style in pieces:
        end = position + len(piece)
        if style and end > position:
            edges += [position, end]
            styles += [style, ""]
        position = end
    edges.append(len(text))
    spans = []
    for (start, end), style in zip(pairwise(edges), styles, strict=False):
        codes = sgr(base, style)
        if codes and end > start:
            spans.append((start, end, codes))
    return Cell(text, spans)


def printed(painter: Painter, cell: Cell, width: int) -> list[str]:
    """`Console.print(Text)`: the text wrapped at the width, no padding."""
    return painter.block(cell, width)


def paragraph(painter: Painter, cell: Cell, width: int, indent: int) -> list[str]:
    """`Padding(Text, (0, 0, 0, indent), expand=False)`: the text as wide as its longest
    line (at most what the indent leaves), each line padded to that with plain spaces."""
    if not cell.text:
        return []  # rich renders no line for an empty Text in a Padding
    column = min(cell.widest + indent, width) - indent
    out = []
    for start, end in wrap(cell.text, column):
        pad = column - cell_len(cell.text[start:end])
        out.append(" " * indent + painter.line(cell, start, end, pad))
    return out


def bullets(painter: Painter, texts: Sequence[str], width: int, indent: str) -> list[str]:
    """`Table.grid` of `indent- ` | text rows: wrapped lines hang under the text."""
    if not texts:
        return []
    rows = [(f"{indent}-", Cell(text)) for text in texts]
    return grid(painter, rows, width=width, label_width=len(indent) + 1, fill=False)
