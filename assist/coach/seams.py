"""The coach's two plug-in seams, as plain data and small protocols (no I/O).

- `CaseReader`: reads the customer's message into a `CaseCard` (who wrote, which type and
  channel it looks like, escalations, with evidence). Today `read_message` only finds the
  customer's name; `assist triage` plugs in here later (pre-selects type and escalations,
  shows evidence; the agent confirms or changes them).
- `DraftCheck`: checks a reply draft in its context (step, channel, customer type) and returns
  a `DraftReport`. `LintCheck` runs the linter alone; the coach runs `ScoreCheck`
  (coach/scoring.py), which adds the score checklist's missing elements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assist.lint.findings import Finding
    from assist.model import Playbook


# -- reading the customer's message ----------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Words of the customer's message that support a guess: `message[offset:offset+length]`."""

    offset: int
    length: int
    text: str
    label: str
    """What the words are evidence of (e.g. 'sign-off', or a cue id)."""


@dataclass(frozen=True)
class CaseCard:
    """What a reader found in the customer's message; every guess is for the agent to confirm."""

    name: str = ""
    name_evidence: Evidence | None = None
    type: str | None = None
    """A customer type id guessed from the message, or None."""
    type_evidence: tuple[Evidence, ...] = ()
    channel: str | None = None
    channel_evidence: tuple[Evidence, ...] = ()
    escalations: tuple[tuple[str, tuple[Evidence, ...]], ...] = ()
    """(trigger id, evidence) for each escalation the message suggests."""
    upset: bool = False
    leaving: tuple[Evidence, ...] = ()
    """Cues that the customer is leaving ('I will take my business elsewhere')."""


class CaseReader(Protocol):
    """Reads a customer's message into a CaseCard (pure: no I/O)."""

    def __call__(self, message: str, playbook: Playbook) -> CaseCard:
        """The card for this message."""
        ...


CLOSINGS = (
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "best",
    "best wishes",
    "thanks",
    "thank you",
    "many thanks",
    "thanks in advance",
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "yours",
    "cheers",
    "cordially",
    "בברכה",
    "תודה",
    "مع تحياتي",
    "مع خالص التحية",
    "شكرا",
    "terveisin",
    "ystävällisin terveisin",
    "kiitos",
    "parhain terveisin",
)
_INTRO = re.compile(
    r"\b(?:my name is|this is|i am|i'm)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})", re.UNICODE
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'.-]*$", re.UNICODE)


def read_message(message: str, playbook: Playbook) -> CaseCard:
    """The default CaseReader: the customer's name from the sign-off or an introduction."""
    evidence = find_name(message)
    return CaseCard(name=evidence.text if evidence else "", name_evidence=evidence)


def find_name(message: str) -> Evidence | None:
    """The customer's name in a message: a sign-off ('Regards,\\nDana Levi', 'Thanks, Dana',
    '- Dana') or an introduction ('my name is Dana Levi'); None when there is none."""
    return _sign_off(message) or _introduction(message)


def _sign_off(message: str) -> Evidence | None:
    lines = _lines_with_offsets(message)
    for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
        offset, line = lines[index]
        bare = line.strip().strip("-–—~ ").rstrip(",.!")
        head, _, tail = bare.partition(",")
        if tail.strip() and head.strip().casefold() in CLOSINGS and _is_name(tail.strip()):
            return _evidence(message, offset, line, tail.strip())
        if index > 0 and _is_name(bare):
            previous = lines[index - 1][1].strip().rstrip(",.!").casefold()
            if previous in CLOSINGS or line.lstrip().startswith(("-", "–", "—", "~")):
                return _evidence(message, offset, line, bare)
    return None


def _introduction(message: str) -> Evidence | None:
    found = _INTRO.search(message)
    if found is None:
        return None
    return Evidence(found.start(1), len(found.group(1)), found.group(1), "introduction")


def _is_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.match(w) for w in words):
        return False
    cased = [w for w in words if w[0].lower() != w[0].upper()]  # scripts with letter case
    return all(w[0].isupper() for w in cased) and text.casefold() not in CLOSINGS


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    result, offset = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            result.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return result


def _evidence(message: str, line_offset: int, line: str, name: str) -> Evidence:
    start = line_offset + line.find(name)
    return Evidence(start, len(name), message[start : start + len(name)], "sign-off")


# -- checking a draft ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckContext:
    """Where a draft is written: the step, the channel and the customer type (ids)."""

    step: str | None = None
    channel: str | None = None
    type: str | None = None
    message: str | None = None
    """The customer's message the reply answers (context rules judge the final reply with it)."""


@dataclass(frozen=True)
class Missing:
    """Something the reply should do but does not (from the score checklist)."""

    id: str
    label: str
    why: str = ""
    example: str = ""


@dataclass(frozen=True)
class DraftReport:
    """What a DraftCheck found: phrases to avoid, and what is missing."""

    findings: tuple[Finding, ...] = ()
    missing: tuple[Missing, ...] = ()
    unchecked: str = ""
    """Why the draft could not be checked ("no rules for Spanish"); empty when it was."""

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix (a draft that could not be checked is not ok)."""
        return not self.findings and not self.missing and not self.unchecked


class DraftCheck(Protocol):
    """Checks a draft in its context (pure: no I/O)."""

    def __call__(self, text: str, context: CheckContext) -> DraftReport:
        """The report for this draft."""
        ...


@dataclass(frozen=True)
class LintCheck:
    """A DraftCheck of the linter alone: its findings, nothing missing reported."""

    lint: Callable[[str], Sequence[Finding]]

    def __call__(self, text: str, context: CheckContext) -> DraftReport:
        """Lint the draft; the context does not change what the linter finds."""
        if not text.strip():
            return DraftReport()
        found = self.lint(text)
        draft = getattr(found, "draft", None)  # lint_text's Findings say when nothing ran
        unchecked = draft.reason if draft is not None and not draft.checked else None
        return DraftReport(findings=tuple(found), unchecked=unchecked or "")
