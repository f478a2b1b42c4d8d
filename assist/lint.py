"""Lint drafts: matches -> Findings (selection, suppression, suggestions). No printing here."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding
from .matcher import Match, PhraseIndex, inside_alternative
from .model import Playbook
from .normalize import Words

# In template files: <!-- assist-disable [rule ...] --> ... <!-- assist-enable [rule ...] -->
SUPPRESS_RE = re.compile(r"<!--\s*assist-(disable|enable)\b([^>]*?)-->")
STDIN = "-"

_index_cache: dict[int, tuple[Playbook, PhraseIndex]] = {}
_default: list[Playbook] = []


@dataclass(frozen=True)
class FileResult:
    """The outcome of linting one input: its findings, or why it could not be read."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    text: str = ""


def default_playbook() -> Playbook:
    """The built-in playbook, loaded once per process.

    Built fresh rather than read from the CLI's disk cache: in a long-running process that
    costs about 75 ms once, and the fresh index measured about 10% faster per draft than an
    unpickled one (benchmarks/bench_inprocess.py, three hash seeds).
    """
    if not _default:
        from .playbook import load_playbook

        _default.append(load_playbook())
    return _default[0]


def remember_index(playbook: Playbook, index: PhraseIndex) -> None:
    """Use this already compiled index for `playbook` (e.g. one read from the cache)."""
    _index_cache[id(playbook)] = (playbook, index)


def phrase_index(playbook: Playbook) -> PhraseIndex:
    """The compiled phrase index of a playbook (compiled once, then cached)."""
    cached = _index_cache.get(id(playbook))
    if cached is None or cached[0] is not playbook:
        if len(_index_cache) > 8:
            _index_cache.clear()
        cached = _index_cache[id(playbook)] = (playbook, PhraseIndex(playbook))
    return cached[1]


def lint_text(
    text: str,
    *,
    playbook: Playbook | None = None,
    path: str = "<text>",
    rules: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    languages: Iterable[str] | None = None,
) -> list[Finding]:
    """Find the playbook's forbidden phrases in `text`, in order of position.

    `rules` keeps only those rule ids, `ignore` drops rule ids, `languages` keeps only rules of
    those language codes. Offsets and lengths point into `text` exactly.
    """
    index = phrase_index(playbook or default_playbook())
    words = index.words_of(text)
    matches = index.search(words)
    if not matches:
        return []  # most drafts: nothing more to do
    keep = _selector(rules, ignore, languages)
    regions = _suppressed_regions(text) if "assist-" in text else []
    findings = []
    lines = LineIndex(text)
    for match in matches:
        rule = match.phrase.rule
        if not keep(rule.id, rule.language):
            continue
        if inside_alternative(match, words, index.alternatives.get(rule.id, [])):
            continue
        finding = _finding(text, path, words, match, lines)
        if not _is_suppressed(finding, regions):
            findings.append(finding)
    findings.sort(key=lambda f: (f.offset, f.rule))
    return findings


def _selector(rules: Iterable[str] | None, ignore: Iterable[str], languages: Iterable[str] | None):
    only = frozenset(rules) if rules is not None else None
    skip = frozenset(ignore)
    langs = frozenset(languages) if languages is not None else None

    def keep(rule_id: str, language: str) -> bool:
        return (
            (only is None or rule_id in only)
            and rule_id not in skip
            and (langs is None or language in langs)
        )

    return keep


def _finding(text: str, path: str, words: Words, match: Match, lines: LineIndex) -> Finding:
    start, end = words.span(match.first, match.last)
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    rule = match.phrase.rule
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        offset=start,
        length=end - start,
        rule=rule.id,
        severity=rule.severity,
        phrase=match.phrase.phrase,
        matched=text[start:end],
        score=match.score,
        why=rule.why,
        suggestions=rule.say,
    )


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset; columns count characters."""
    return LineIndex(text).position(offset)


class LineIndex:
    """Line starts of a text, found on first use, for many offset -> (line, column) lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        from bisect import bisect_right

        if self.starts is None:
            self.starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _suppressed_regions(text: str) -> list[tuple[int, int, frozenset[str]]]:
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


def _is_suppressed(finding: Finding, regions: list[tuple[int, int, frozenset[str]]]) -> bool:
    return any(
        start <= finding.offset < end and (not ids or finding.rule in ids)
        for start, end, ids in regions
    )


def lint_paths(
    paths: Iterable[str | Path],
    *,
    playbook: Playbook | None = None,
    rules: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    languages: Iterable[str] | None = None,
) -> Iterator[FileResult]:
    """Lint files, folders (recursively) and '-' (standard input), one FileResult each.

    An unreadable or non-UTF-8 input yields a result with `error` set; the others go on.
    """
    options = {"rules": rules, "ignore": ignore, "languages": languages}
    for path, text, error in read_inputs(paths):
        if error is not None:
            yield FileResult(path, error=error)
            continue
        findings = lint_text(text, playbook=playbook, path=path, **options)
        yield FileResult(path, tuple(findings), text=text)


def read_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[str, str, str | None]]:
    """(display path, text, error) for each input; folders are walked, hidden entries skipped."""
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            yield _decode("<stdin>", _read_stdin())
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                data = _read(file)
                if isinstance(data, bytes) and b"\0" in data[:8192]:
                    continue  # binary files in a folder are not drafts
                yield _decode(str(file), data)
            continue
        data = _read(path)
        if isinstance(data, bytes) and b"\0" in data[:8192]:
            yield name, "", f"{name}: not a text file (binary content)"
            continue
        yield _decode(name, data)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read_stdin() -> bytes:
    import sys

    return sys.stdin.buffer.read()


def _read(path: Path) -> bytes | str:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return f"{path}: no such file or folder"
    except IsADirectoryError:
        return f"{path}: is a folder"
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror or exc}"


def _decode(name: str, data: bytes | str) -> tuple[str, str, str | None]:
    if isinstance(data, str):
        return name, "", data
    try:
        return name, data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return name, "", f"{name}:{line}:{column}: not valid UTF-8 (byte 0x{data[exc.start]:02x})"
