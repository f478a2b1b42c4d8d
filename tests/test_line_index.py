"""A finding's line and column: `LineIndex` answers as counting the text's lines does,
whatever order the offsets are asked in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assist import lint_text
from assist.lint.engine import LineIndex


def counted(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset, from the lines before it."""
    before = text[:offset].split("\n")
    return len(before), len(before[-1]) + 1


@given(
    st.text(alphabet="ab\n\r é", max_size=60),
    st.lists(st.integers(min_value=0, max_value=70), max_size=8),
)
def test_positions_in_any_order_are_the_counted_ones(text: str, offsets: list[int]) -> None:
    lines = LineIndex(text)
    for offset in (o % (len(text) + 1) for o in offsets):  # up to the text's end, included
        assert lines.position(offset) == counted(text, offset)


def test_findings_on_later_lines_have_their_lines_and_columns() -> None:
    text = "Hello,\n\nI don't know where it is.\nSorry, that is not my job.\n"
    found = lint_text(text)
    assert len(found) >= 2
    for f in found:
        end = f.offset + f.length
        assert (f.line, f.column) == counted(text, f.offset)
        assert (f.end_line, f.end_column) == counted(text, end)
        assert text[f.offset : end] == f.matched
