"""Cases as plain records for export: JSON-ready dicts and CSV.

CSV cells are neutralised against formula injection (assist.cells): a spreadsheet shows
`'=HYPERLINK(...)` as text instead of running it. JSON keeps the text exactly.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from assist.caselog.store import Case
from assist.cells import neutralise

BUILTIN_NOTES = ("cause", "wants", "options", "fix", "compensation", "followup-date")


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
