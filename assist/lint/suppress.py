"""Suppression regions in drafts and templates: `<!-- assist-disable [rule ...] -->` ...
`<!-- assist-enable [rule ...] -->`; an unclosed region runs to the end of the text."""

from __future__ import annotations

import re

from assist.lint.findings import Finding

SUPPRESS_RE = re.compile(r"<!--\s*assist-(disable|enable)\b([^>]*?)-->")
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
    return any(
        start <= finding.offset < end and (not ids or finding.rule in ids)
        for start, end, ids in regions
    )
