"""Spreadsheet-safe text cells for every CSV assist writes (case export, audit findings).

OWASP's advice against CSV injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is read as a formula, so it gets a leading `'` and shows as text. A plain
number ("-5", "+3.5", "-10%") is not a formula and is left as it is.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula."""
_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)?%?")


def neutralise(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text, never evaluates it."""
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
