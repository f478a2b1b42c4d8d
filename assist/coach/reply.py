"""The reply the coach proposes at the end, assembled from the agent's notes.

A plain template in the order the playbook recommends (recognition, apology, the agreed fix,
compensation, follow-up): each note fills one labelled line, so any fragment the agent typed
reads correctly. Notes left empty leave their line out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

NOTHING = {"", "-", "none", "no", "n/a", "na", "nothing"}


def assemble_reply(customer: str, notes: Mapping[str, str]) -> str:
    """A reply draft from the notes `cause`, `fix` (or `options`), `compensation`,
    `followup-date`, greeting the customer by name when one was given."""
    lines = [f"Hello {customer.strip()}," if customer.strip() else "Hello,", ""]
    lines.append(
        "Thank you for telling us about this, and I am sorry for the trouble it caused you."
    )
    cause = _note(notes, "cause")
    if cause:
        lines.append(f"What went wrong: {cause}")
    fix = _note(notes, "fix")
    options = _note(notes, "options")
    if fix:
        lines.append(f"What we will do: {fix}")
    elif options:
        lines.append(f"What we can offer: {options}")
    compensation = _note(notes, "compensation")
    if compensation:
        lines.append(f"As an apology: {compensation}")
    lines.append(_follow_up(notes.get("followup-date", "")))
    lines += ["", "Thank you for your patience."]
    return "\n".join(lines) + "\n"


def _note(notes: Mapping[str, str], note_id: str) -> str:
    """A note as one sentence: single-spaced, capitalised, ending in a full stop."""
    text = " ".join(notes.get(note_id, "").split())
    if text.lower().rstrip(".") in NOTHING:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _follow_up(value: str) -> str:
    try:
        when = date.fromisoformat(value.strip())
    except ValueError:
        return "I will check with you in a day or two that everything is as it should be."
    day = f"{when:%A} {when.day} {when:%B %Y}"
    return f"I will contact you on {day} to make sure everything is as it should be."
