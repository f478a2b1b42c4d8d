"""Suggestions that fit the channel: spoken wording for phone and face to face, written
wording for email, chat and letters (a playbook marks a `say` item with its mode)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assist.coach.seams import CheckContext, DraftCheck, DraftReport, LintCheck

if TYPE_CHECKING:
    from assist.lint.findings import Finding
    from assist.model import Playbook

SPOKEN, WRITTEN = "spoken", "written"


def fits(wording: str, mode: str) -> bool:
    """Whether a wording (plain text, or a Wording with a mode) fits a channel's mode."""
    marked = getattr(wording, "mode", "")
    return not marked or marked == mode


def channel_mode(playbook: Playbook, channel_id: str | None) -> str:
    """'spoken' for channels the playbook marks so (phone, face to face), else 'written'."""
    channel = playbook.channel(channel_id or "")
    return SPOKEN if channel is not None and channel.mode == SPOKEN else WRITTEN


@dataclass(frozen=True)
class ChannelCheck:
    """A DraftCheck whose findings only suggest wording that fits the case's channel."""

    playbook: Playbook
    inner: DraftCheck

    def __call__(self, text: str, context: CheckContext) -> DraftReport:
        """The inner check, with each finding's suggestions cut to the channel's mode."""
        report = self.inner(text, context)
        mode = channel_mode(self.playbook, context.channel)
        findings = tuple(_fitting(f, mode) for f in report.findings)
        return replace(report, findings=findings)


def _fitting(finding: Finding, mode: str) -> Finding:
    kept = tuple(s for s in finding.suggestions if fits(s, mode))
    return finding if len(kept) == len(finding.suggestions) else replace(finding, suggestions=kept)


def channel_check(playbook: Playbook, lint: Callable[[str], Sequence[Finding]]) -> ChannelCheck:
    """Lint alone, with suggestions fitting the channel (the coach adds the score checklist
    with `ChannelCheck(playbook, score_check(...))`)."""
    return ChannelCheck(playbook, LintCheck(lint))
