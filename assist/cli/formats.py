"""Render lint results: text, json (versioned, streamed) and line. Formatters only format.

Each formatter has the same life cycle: `start()`, `handle(result)` per input, then
`finished(channel)`. A new format is a new class in FORMATS, not another branch. Every string
that came from a draft or a playbook goes through `assist.display.visible` before it reaches
the terminal (text and line); JSON keeps the original text.
"""

from __future__ import annotations

import sys
from collections import Counter

from assist.display import visible
from assist.lint.engine import FileResult
from assist.lint.findings import Finding
from assist.lint.language import FORCED, DraftLanguage
from assist.model import SEVERITY_RANK

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import IO, ClassVar

    from assist.cli.render import Cell, Painter
    from assist.model import Channel

JSON_SCHEMA_VERSION = 1
CONTEXT = 36  # characters of the sentence shown on each side of the match


class Formatter:
    """Base class: collects counts; subclasses print."""

    name: ClassVar[str] = ""
    says_notes: ClassVar[bool] = False
    """Whether `note` prints: a format with a header for remarks about the whole run."""

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out or sys.stdout
        self.files = 0
        self.counts = {"error": 0, "warning": 0, "suggestion": 0}
        self.errors: list[str] = []
        self.not_checked: Counter[str] = Counter()
        """Drafts not checked (no rules in their language), by language name."""
        self.config: dict[str, object] | None = None
        """What is in force (assist.config.describe): set by the command before start()."""

    def start(self) -> None:
        """Called once before the first input."""

    def note(self, text: str) -> None:
        """A remark about the whole run, said once before the input it first concerns (the
        JSON header says it in `config`; the line format has no header: one line per
        finding, for editors and grep)."""

    def handle(self, result: FileResult) -> None:
        """Called once per input, in order."""
        self.files += 1
        if result.error is not None:
            self.errors.append(result.error)
        if result.language is not None and not result.language.checked:
            self.not_checked[result.language.name or str(result.language.code)] += 1
        for finding in result.findings:
            self.counts[finding.severity] += 1

    def finished(self, channel: Channel | None = None) -> None:
        """Called once after the last input, with the channel whose tips to add, if any."""


class LineFormatter(Formatter):
    """`path:line:col: severity [rule] message`, one per line, for editors and grep."""

    name = "line"

    def handle(self, result: FileResult) -> None:
        super().handle(result)
        lines = []
        if result.language is not None and not result.language.checked:
            where = f"{_one_line(result.path)}:1:1: note [not-checked]"
            lines.append(visible(f"{where} not checked: {result.language.reason}\n"))
        for f in result.findings:
            say = "; ".join(f'"{s}"' for s in f.suggestions)
            message = f"{f.why} Say instead: {say}" if say else f.why
            if f.matched:  # a rule about the whole reply (context, score) has no words
                message = f'avoid "{f.matched}" ({f.phrase}): {message}'
            where = f"{_one_line(f.path)}:{f.line}:{f.column}: {f.severity} [{f.rule}]"
            lines.append(visible(f"{where} {_one_line(message)}\n"))
        self.out.write("".join(lines))

    def finished(self, channel: Channel | None = None) -> None:
        if channel is not None:
            for tip in channel.tips:
                print(visible(f"tip [{channel.id}] {_one_line(tip.text)}"), file=self.out)


class JsonFormatter(Formatter):
    """One JSON document, written as the findings come; its shape is versioned by
    `schema_version` (see docs/lint.md). Byte for byte what `json.dump(indent=2)` wrote."""

    name = "json"

    def __init__(self, out: IO[str] | None = None) -> None:
        super().__init__(out)
        self.written = 0
        self.error_items: list[dict[str, str]] = []
        self.file_items: list[dict[str, object]] = []

    def start(self) -> None:
        from assist import __version__

        tool = _json({"name": "assist", "version": __version__}, "  ")
        self.out.write(f'{{\n  "schema_version": {JSON_SCHEMA_VERSION},\n  "tool": {tool},\n')
        self.out.write('  "findings": [')

    def handle(self, result: FileResult) -> None:
        super().handle(result)
        if result.error is not None:
            self.error_items.append({"path": result.path, "message": result.error})
        elif result.skipped is None:
            self.file_items.append({"path": result.path, **language_json(result.language)})
        if not result.findings:
            return
        parts = []
        for f in result.findings:
            parts.append(",\n    " if self.written else "\n    ")
            parts.append(_finding_json(f))
            self.written += 1
        self.out.write("".join(parts))

    def finished(self, channel: Channel | None = None) -> None:
        summary = {
            "files": self.files, "findings": self.written, **self.counts,
            "not_checked": sum(self.not_checked.values()),
        }  # fmt: skip
        tail = [
            "\n  ]," if self.written else "],",
            f'\n  "files": {_json(self.file_items, "  ")},',
            f'\n  "errors": {_json(self.error_items, "  ")},',
            f'\n  "summary": {_json(summary, "  ")},',
            f'\n  "channel": {_json(_channel_dict(channel), "  ")},',
            f'\n  "config": {_json(self.config, "  ")}\n}}\n',
        ]
        self.out.write("".join(tail))


def language_json(language: DraftLanguage | None) -> dict[str, object]:
    """A draft's `language`, `checked` (and why not) as the JSON outputs write them; None
    (languages chosen with --language): not detected, checked with those rules."""
    if language is None:
        return {"language": None, "checked": True, "language_basis": FORCED}
    return language.as_json()


def _json(value: object, indent: str) -> str:
    """`value` as json.dump(indent=2) writes it at this depth (`indent`: the depth's prefix)."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _finding_json(f: Finding) -> str:
    """One finding as an indented JSON object (the hot path: no generic encoder)."""
    from json.encoder import encode_basestring as s

    if f.suggestions:
        items = ",\n        ".join(map(s, f.suggestions))
        say = f"[\n        {items}\n      ]"
    else:
        say = "[]"
    return (
        f'{{\n      "path": {s(f.path)},\n      "line": {f.line},\n'
        f'      "column": {f.column},\n      "end_line": {f.end_line},\n'
        f'      "end_column": {f.end_column},\n      "offset": {f.offset},\n'
        f'      "length": {f.length},\n      "rule": {s(f.rule)},\n'
        f'      "severity": {s(f.severity)},\n      "phrase": {s(f.phrase)},\n'
        f'      "matched": {s(f.matched)},\n      "score": {f.score},\n'
        f'      "why": {s(f.why)},\n      "suggestions": {say}\n    }}'
    )


class TextFormatter(Formatter):
    """Readable report: per file, each finding in its sentence, why, and what to say instead.

    Laid out as plain strings (assist.cli.render) at the terminal's width; colour only on a
    terminal without NO_COLOR. Every string from a draft or a playbook goes through `visible`.
    """

    name = "text"
    says_notes = True

    def __init__(
        self, out: IO[str] | None = None, *, width: int | None = None, colour: bool | None = None
    ) -> None:
        from assist.cli.output import terminal_colour, terminal_width
        from assist.cli.render import Painter

        super().__init__(out)
        self.width = width if width is not None else terminal_width()
        self.painter = Painter(colour=terminal_colour(self.out) if colour is None else colour)

    def _print(self, lines: list[str]) -> None:
        self.out.write("".join(f"{line}\n" for line in lines))

    def note(self, text: str) -> None:
        """The remark dimmed on a line of its own, a blank line after it."""
        from assist.cli.render import Cell

        lines = self.painter.block(Cell(visible(text), style="finding.dim"), self.width)
        self._print([*lines, ""])

    def handle(self, result: FileResult) -> None:
        super().handle(result)
        from assist.cli.render import Cell

        paint, width = self.painter, self.width
        if result.language is not None and not result.language.checked:
            lines = paint.block(Cell(_one_line(result.path), style="finding.path"), width)
            lines += paint.block(Cell(visible(f"  not checked: {result.language.reason}")), width)
            self._print([*lines, ""])
            return
        if not result.findings:
            return
        lines = paint.block(Cell(_one_line(result.path), style="finding.path"), width)
        for f in result.findings:
            head = Cell.of(
                (f"  {f.line}:{f.column}  ", None),
                (f.severity, f"finding.{f.severity}"),
                ("  ", None),
                (visible(f.rule), "finding.rule"),
            )
            lines += paint.block(head, width)
            lines += _details(paint, result.text, f, width)
        lines.append("")
        self._print(lines)

    def finished(self, channel: Channel | None = None) -> None:
        from assist.cli.render import Cell

        total = sum(self.counts.values())
        if total:
            parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in self.counts.items() if n]
            summary = f"{', '.join(parts)} in {_files(self.files)}"
        else:
            summary = f"no forbidden phrases found in {_files(self.files)}"
        if self.not_checked:
            names = ", ".join(sorted(self.not_checked))
            summary += f"; {_files(sum(self.not_checked.values()))} not checked ({names}: no rules)"
        lines = self.painter.block(Cell(visible(summary)), self.width)
        if channel is not None:
            lines += _channel_tips(self.painter, channel, self.width)
        self._print(lines)


def _details(paint: Painter, text: str, f: Finding, width: int) -> list[str]:
    """The finding's sentence, phrase, why and alternatives as an indented, wrapping grid."""
    from assist.cli.render import Cell, grid

    score = f" (score {f.score})" if f.score < 100 else ""
    rows = [("", _context(text, f.offset, f.length))]
    if f.phrase:  # a rule about the whole reply (context, score) has no phrase
        rows.append(("phrase", Cell(f'"{visible(f.phrase)}"{score}')))
    rows.append(("why", Cell(visible(f.why))))
    for i, alternative in enumerate(f.suggestions):
        rows.append(
            ("say instead" if i == 0 else "", Cell(visible(alternative), style="finding.say"))
        )
    return grid(paint, rows, width=width, label_style="finding.dim", indent=4)


def _channel_tips(paint: Painter, channel: Channel, width: int) -> list[str]:
    """The channel's response time and tips, as a wrapping bulleted list."""
    from assist.cli.render import Cell, grid

    title = f"Tips for {visible(channel.name)} ({visible(channel.id)})"
    rows = [("", Cell(f"Respond: {visible(channel.response_time)}"))]
    rows += [("  -", Cell(visible(tip.text))) for tip in channel.tips]
    return [
        "",
        *paint.block(Cell(title, style="finding.path"), width),
        *grid(paint, rows, width=width, label_width=3, fill=False),
    ]


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def _context(text: str, offset: int, length: int) -> Cell:
    """The matched words in their sentence (one line, trimmed), with the match highlighted."""
    from assist.cli.render import Cell

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
    return Cell.of(
        (visible(("…" if start > 0 else "") + _one_line(before).lstrip()), None),
        (visible(_one_line(text[offset : offset + length])), "finding.match"),
        (visible(_one_line(after).rstrip() + ("…" if end < len(text) else "")), None),
    )


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
