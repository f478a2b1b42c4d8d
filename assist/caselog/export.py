"""Cases as plain records for export: JSON-ready dicts and CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from assist.caselog.store import Case

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
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*head, "summary", *(f"note:{n}" for n in note_ids), "escalations", "reply"])
    for case in cases:
        values = [getattr(case, name) or "" for name in head]
        notes = [case.notes.get(n, "") for n in note_ids]
        raised = ";".join(e.trigger for e in case.escalations)
        writer.writerow([*values, case.summary or "", *notes, raised, case.reply or ""])
    return out.getvalue()
