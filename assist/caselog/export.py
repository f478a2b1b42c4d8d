"""Cases as plain records for export: JSON-ready dicts and CSV.

CSV cells are neutralised against formula injection as OWASP recommends: a cell that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows
`'=HYPERLINK(...)` as text instead of running it. JSON keeps the text exactly.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from assist.caselog.store import Case

BUILTIN_NOTES = ("cause", "wants", "options", "fix", "compensation", "followup-date")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet will show as text, never evaluate (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def case_record(case: Case) -> dict[str, Any]:
    """A case as a JSON-ready mapping (the `cases export --format json` shape)."""
    record = asdict(case)
    record["drafts"] = {
        step: {"text": text, "findings": case.draft_findings.get(step, 0)}
        for step, text in case.drafts.items()
    }
    del record["draft_findings"]
    for followup in record["followups"]:
        del followup["customer"], followup["summary"], followup["case_id"]
    return record


def cases_csv(cases: list[Case]) -> str:
    """Cases as CSV: one row per case, one column per note id."""
    extra = sorted({k for c in cases for k in c.notes} - set(BUILTIN_NOTES))
    note_ids = [*BUILTIN_NOTES, *extra]
    head = [
        "id",
        "status",
        "created",
        "updated",
        "resolved",
        "agent",
        "type",
        "channel",
        "customer",
        "leaving",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = [*head, "summary", *(f"note:{n}" for n in note_ids), "escalations", "reply"]
    writer.writerow([neutralise(cell) for cell in header])  # note ids come from team playbooks
    for case in cases:
        values = [str(getattr(case, name) or "") for name in head]
        notes = [case.notes.get(n, "") for n in note_ids]
        raised = ";".join(e.trigger for e in case.escalations)
        row = [*values, case.summary or "", *notes, raised, case.reply or ""]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
