"""Read a customer's message: the likely customer type, escalations, channel hints, upset.

Cue phrases are playbook data (`signals:`), matched by lint's fuzzy engine. Nothing here
prints or exits: `triage_text` returns a `Triage`, `triage_json` makes it JSON-ready.
"""

from __future__ import annotations

from assist.triage.engine import Triager, default_triager, triage_text
from assist.triage.result import Evidence, Triage, triage_json

__all__ = ["Evidence", "Triage", "Triager", "default_triager", "triage_json", "triage_text"]
