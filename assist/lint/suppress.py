"""Suppression regions in drafts and templates: `<!-- assist-disable [rule ...] -->` ...
`<!-- assist-enable [rule ...] -->`; an unclosed region runs to the end of the text.

Linear in the text, the markers and the findings: a marker is at most MARKER_LIMIT characters
long (an unterminated `<!-- assist-disable` cannot make the search rescan the rest of the text
for each marker), and findings are checked against the regions in one sweep by offset.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from assist.lint.findings import Finding

MARKER_LIMIT = 500  # characters between `assist-disable` and `-->`
SUPPRESS_RE = re.compile(
    rf"<!--[ \t\r\n]{{0,50}}assist-(disable|enable)\b([^>]{{0,{MARKER_LIMIT}}}?)-->"
)
Region = tuple[int, int, frozenset[str]]


def suppressed_regions(text: str) -> list[Region]:
    """(start, end, rule ids or empty for all) for each assist-disable ... assist-enable region."""
    regions = []
    open_at: dict[frozenset[str], int] = {}
    for m in SUPPRESS_RE.finditer(text):
        ids = frozenset(m.group(2).replace(",", " ").split())
        if m.group(1) == "disable":
            open_at.setdefault(ids, m.end())
        elif ids in open_at:
            regions.append((open_at.pop(ids), m.start(), ids))
    regions.extend((start, len(text), ids) for ids, start in open_at.items())
    return regions


def is_suppressed(finding: Finding, regions: list[Region]) -> bool:
    """Whether one finding lies in a region that covers its rule (for a single check; use
    `unsuppressed` for many findings)."""
    return any(
        start <= finding.offset < end and (not ids or finding.rule in ids)
        for start, end, ids in regions
    )


def suppressed_flags(findings: Sequence[Finding], regions: Iterable[Region]) -> list[bool]:
    """For each finding (any order), whether a region covers it: one sweep over region starts
    and ends sorted by offset, counting the regions open for all rules and for each rule."""
    events: list[tuple[int, int, frozenset[str]]] = []
    for start, end, ids in regions:
        if start < end:
            events.append((start, 1, ids))
            events.append((end, -1, ids))
    if not events:
        return [False] * len(findings)
    events.sort(key=lambda event: (event[0], event[1]))  # an end at x closes before x
    order = sorted(range(len(findings)), key=lambda i: findings[i].offset)
    flags = [False] * len(findings)
    open_all, open_rules = 0, Counter[str]()
    next_event = 0
    for i in order:
        offset = findings[i].offset
        while next_event < len(events) and events[next_event][0] <= offset:
            _, step, ids = events[next_event]
            if ids:
                for rule in ids:
                    open_rules[rule] += step
            else:
                open_all += step
            next_event += 1
        flags[i] = open_all > 0 or open_rules[findings[i].rule] > 0
    return flags
