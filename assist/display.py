"""Untrusted text made safe to show on a terminal: control characters and escape sequences
are shown as visible symbols, never interpreted (a draft or a customer message cannot clear
the screen, retitle the window or plant a hyperlink). JSON output keeps the original text."""

from __future__ import annotations

from functools import cache

KEEP = "\n\t"  # line breaks and tabs are layout, not commands


@cache
def _table() -> dict[int, str]:
    """Code point -> what to show instead: U+2400 control pictures for C0 (␛ for ESC),
    ␡ for DEL, `\\x9b` style for C1 controls, `\\xNN` for undecodable bytes (surrogates)."""
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in KEEP:
            table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = f"\\x{code:02x}"
    for code in range(0xDC80, 0xDD00):  # bytes kept by surrogateescape when not UTF-8
        table[code] = f"\\x{code - 0xDC00:02x}"
    return table


def visible(text: str) -> str:
    """`text` with every control character replaced by a visible symbol (same line breaks)."""
    if text.isprintable():
        return text  # the usual case: nothing to replace
    return text.translate(_table())
