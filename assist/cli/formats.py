"""Render lint results: text (rich), json (versioned) and line. Formatters only format.

Each formatter has the same life cycle: `start()`, `handle(result)` per input, then
`finished(channel)`. A new format is a new class in FORMATS, not another branch.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import IO, TYPE_CHECKING, ClassVar

from assist.display import visible
from assist.lint.engine import FileResult
from assist.lint.findings import Finding
from assist.model import SEVERITY_RANK, Channel

if TYPE_CHECKING:
    from rich.console import Console

JSON_SCHEMA_VERSION = 1
STYLES = {
    "finding.error": "bold red",
    "finding.warning": "bold yellow",
    "finding.suggestion": "bold cyan",
    "finding.match": "bold underline",
    "finding.rule": "magenta",
    "finding.path": "bold",
    "finding.say": "green",
    "finding.dim": "dim",
}
CONTEXT = 36  # characters of the sentence shown on each side of the match


class Formatter:
    """Base class: collects counts; subclasses print."""

    name: ClassVar[str] = ""

    def __init__(self, out: IO[str] | None = None, console: Console | None = None) -> None:
        self.out = out or sys.stdout
        self.console = console
        self.files = 0
        self.counts = {"error": 0, "warning": 0, "suggestion": 0}
        self.errors: list[str] = []
        self.config: dict[str, object] | None = None
        """What is in force (assist.config.describe): set by the command before start()."""

    def start(self) -> None:
        """Called once before the first input."""

    def handle(self, result: FileResult) -> None:
        """Called once per input, in order."""
        self.files += 1
        if result.error is not None:
            self.errors.append(result.error)
        for finding in result.findings:
            self.counts[finding.severity] += 1

    def finished(self, channel: Channel | None = None) -> None:
        """Called once after the last input, with the channel whose tips to add, if any."""


class LineFormatter(Formatter):
    """`path:line:col: severity [rule] message`, one per line, for editors and grep."""

    name = "line"

    def handle(self, result: FileResult) -> None:
        super().handle(result)
        for f in result.findings:
            say = "; ".join(f'"{s}"' for s in f.suggestions)
            message = f'avoid "{f.matched}" ({f.phrase}): {f.why} Say instead: {say}'
            print(
                f"{_one_line(f.path)}:{f.line}:{f.column}: {f.severity} [{f.rule}] "
                f"{_one_line(message)}",
                file=self.out,
            )

    def finished(self, channel: Channel | None = None) -> None:
        if channel is not None:
            for tip in channel.tips:
                print(f"tip [{channel.id}] {_one_line(tip.text)}", file=self.out)


class JsonFormatter(Formatter):
    """One JSON document; its shape is versioned by `schema_version` (see docs/lint.md)."""

    name = "json"

    def __init__(self, out: IO[str] | None = None, console: Console | None = None) -> None:
        super().__init__(out, console)
        self.findings: list[dict[str, object]] = []
        self.error_items: list[dict[str, str]] = []

    def handle(self, result: FileResult) -> None:
        super().handle(result)
        if result.error is not None:
            self.error_items.append({"path": result.path, "message": result.error})
        for f in result.findings:
            item = asdict(f)
            item["suggestions"] = list(f.suggestions)
            self.findings.append(item)

    def finished(self, channel: Channel | None = None) -> None:
        from assist import __version__

        document = {
            "schema_version": JSON_SCHEMA_VERSION,
            "tool": {"name": "assist", "version": __version__},
            "findings": self.findings,
            "errors": self.error_items,
            "summary": {"files": self.files, "findings": len(self.findings), **self.counts},
            "channel": _channel_dict(channel),
            "config": self.config,
        }
        json.dump(document, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


class TextFormatter(Formatter):
    """Readable report: per file, each finding in its sentence, why, and what to say instead."""

    name = "text"

    themed = False

    def _console(self) -> Console:
        if self.console is None:
            from assist.cli.output import make_console

            self.console = make_console()
        if not self.themed:
            self.console.push_theme(_theme())
            self.themed = True
        return self.console

    def start(self) -> None:
        self._console()

    def handle(self, result: FileResult) -> None:
        super().handle(result)
        if not result.findings:
            return
        from rich.text import Text

        console = self._console()
        console.print(Text(_one_line(result.path), style="finding.path"))
        for f in result.findings:
            head = Text(f"  {f.line}:{f.column}  ")
            head.append(f.severity, style=f"finding.{f.severity}")
            head.append("  ")
            head.append(f.rule, style="finding.rule")
            console.print(head)
            console.print(_details(result.text, f))
        console.print()

    def finished(self, channel: Channel | None = None) -> None:
        console = self._console()
        total = sum(self.counts.values())
        if total:
            parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in self.counts.items() if n]
            console.print(f"{', '.join(parts)} in {_files(self.files)}")
        else:
            console.print(f"no forbidden phrases found in {_files(self.files)}")
        if channel is not None:
            console.print(_channel_tips(channel))


def _details(text: str, f: Finding):
    """The finding's sentence, phrase, why and alternatives as an indented, wrapping grid."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="finding.dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("", _context(text, f.offset, f.length))
    score = f" (score {f.score})" if f.score < 100 else ""
    grid.add_row("phrase", Text(f'"{visible(f.phrase)}"{score}'))
    grid.add_row("why", Text(visible(f.why)))
    for i, alternative in enumerate(f.suggestions):
        say = Text(visible(alternative), style="finding.say")
        grid.add_row("say instead" if i == 0 else "", say)
    return Padding(grid, (0, 0, 0, 4))


def _channel_tips(channel: Channel):
    """The channel's response time and tips, as a wrapping bulleted list."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=3)
    grid.add_column(overflow="fold")
    grid.add_row("", Text(f"Respond: {channel.response_time}"))
    for tip in channel.tips:
        grid.add_row("  -", Text(visible(tip.text)))
    return Group(Text(f"\nTips for {channel.name} ({channel.id})", style="finding.path"), grid)


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def _theme():
    from rich.theme import Theme

    return Theme(STYLES)


def _context(text: str, offset: int, length: int):
    """The matched words in their sentence (one line, trimmed), with the match highlighted."""
    from rich.text import Text

    start = max(0, offset - CONTEXT)
    end = min(len(text), offset + length + CONTEXT)
    before, after = text[start:offset], text[offset + length : end]
    cut = max(before.rfind(c) for c in ".!?\n")
    if cut >= 0:
        before, start = before[cut + 1 :], -1
    stop = min((i for i in (after.find(c) for c in ".!?\n") if i >= 0), default=-1)
    if stop >= 0:
        after, end = after[: stop + (after[stop] != "\n")], len(text)
    if start > 0 and " " in before:
        before = before[before.index(" ") + 1 :]  # start on a whole word
    if end < len(text) and " " in after:
        after = after[: after.rindex(" ")]
    line = Text(("…" if start > 0 else "") + _one_line(before).lstrip())
    line.append(_one_line(text[offset : offset + length]), style="finding.match")
    line.append(_one_line(after).rstrip() + ("…" if end < len(text) else ""))
    return line


def _one_line(text: str) -> str:
    """Untrusted text on one line: runs of white space as single spaces, control characters
    and escape sequences shown visibly (display.visible), never sent to the terminal."""
    import re

    return visible(re.sub(r"\s+", " ", text))


def _channel_dict(channel: Channel | None) -> dict[str, object] | None:
    if channel is None:
        return None
    return {
        "id": channel.id,
        "name": channel.name,
        "response_time": channel.response_time,
        "tips": [{"text": t.text, "source": t.source} for t in channel.tips],
    }


FORMATS: dict[str, type[Formatter]] = {
    cls.name: cls for cls in (TextFormatter, JsonFormatter, LineFormatter)
}


def fails(counts: dict[str, int], fail_on: str) -> bool:
    """True when any finding is at or above the `fail_on` severity ('none' never fails)."""
    if fail_on == "none":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(n and SEVERITY_RANK[sev] >= threshold for sev, n in counts.items())
