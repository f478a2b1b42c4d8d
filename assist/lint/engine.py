"""Lint drafts: matches -> Findings (selection, suppression, suggestions). No printing here.

A `Linter` is a playbook compiled for matching; build it once (or take it from the cache)
and pass it around. `lint_text` and `lint_paths` are the convenience functions of the
public API; without a playbook they use the built-in one, loaded once per process (from the
playbook cache when it is current, `default_linter`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, cached_property, partial

from assist.lint.findings import Finding
from assist.lint.inputs import DEFAULT_MAX_SIZE, DraftInput, read_inputs
from assist.lint.language import DraftLanguage, Findings, LanguageGate, restrict
from assist.lint.matcher import Match, PhraseIndex, inside_alternative
from assist.lint.normalize import Words
from assist.lint.suppress import suppressed_flags, suppressed_regions
from assist.model import Playbook, Severity
from assist.record import field, record, replace

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Generic, TypeVar

    S = TypeVar("S")
    T = TypeVar("T")
else:  # at run time BuiltOnce is subscripted in annotations only

    class Generic:
        """Stands in for typing.Generic (type checkers read the real one)."""

        def __class_getitem__(cls, _: object) -> type:
            return cls

    S = T = None

Keep = Callable[[str, str], bool]
WINDOW = 65_536  # characters linted at a time: bounds the memory a huge draft takes
OVERLAP = 4_096  # context on each side of a window: longer than any phrase match


@record
class FileResult:
    """The outcome of linting one input: its findings, or why it could not be read."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    text: str = ""
    checked: Checked | None = field(default=None, compare=False, repr=False)
    """The matches behind the findings, for explanations."""
    skipped: str | None = None
    """Why a file found in a folder was deliberately not linted (binary): a note, not an error.
    An input was checked when both `error` and `skipped` are None."""
    language: DraftLanguage | None = None
    """The draft's language (assist.lint.language); None when `languages` were chosen."""


@record
class Checked:
    """One text after linting: the findings and the matches behind them (same order)."""

    findings: tuple[Finding, ...]
    matches: tuple[Match, ...]
    words: Words
    language: DraftLanguage | None = None
    """The draft's detected language (check(detect=True)); None when not detected."""


class Linter:
    """A playbook compiled for matching: build once, lint many drafts."""

    def __init__(self, playbook: Playbook, index: PhraseIndex | None = None) -> None:
        self.playbook = playbook
        self.index = index if index is not None else PhraseIndex(playbook)
        self.gate = LanguageGate(rule.language for rule in playbook.rules)

    @cached_property
    def rule_languages(self) -> dict[str, str]:
        """Rule id -> language: to apply a selection to findings made elsewhere (the
        scorecard's, the context rules')."""
        return {rule.id: rule.language for rule in self.playbook.rules}

    def cache_data(self) -> dict[str, Any]:
        """The compiled index as JSON-ready data, for the playbook cache."""
        return self.index.to_data()

    @classmethod
    def from_cache_data(cls, playbook: Playbook, data: Any) -> Linter:
        """The Linter `cache_data` described, for this playbook, without compiling it again."""
        return cls(playbook, PhraseIndex.from_data(playbook, data))

    def lint(
        self,
        text: str,
        *,
        path: str = "<text>",
        rules: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        languages: Iterable[str] | None = None,
    ) -> Findings:
        """The findings in `text`, in order of position (see `lint_text`)."""
        if languages is not None or len(text) > WINDOW:
            keep = selector(rules, ignore, languages)
            checked = self.check(text, path=path, keep=keep, detect=languages is None)
            return Findings(checked.findings, checked.language)
        # Every language's rules first: a draft with no match in any has no findings whatever
        # its language, which is then settled only if asked for (most drafts; CLD2 costs about
        # as much as the matching). Otherwise only the draft language's findings are kept:
        # the same as searching that language alone (its guards cancel only its own matches).
        index = self.index
        words = index.words_of(text)
        matches = index.search(words)
        # (most drafts have no match: no selection, no Checked made; a draft with one makes
        # its findings' pairs only, not a Checked)
        kept = (
            self._kept(text, path, selector(rules, ignore, None), words, matches)
            if matches
            else None
        )
        if not kept:
            return Findings.unjudged(partial(self.gate.judge, text))
        language = self.gate.judge(text)
        run = language.run
        return Findings(
            [f for f, m in kept if run is None or m.phrase.rule.language in run], language
        )

    def check(
        self, text: str, *, path: str = "<text>", keep: Keep | None = None, detect: bool = False
    ) -> Checked:
        """Findings with the matches and words behind them, for explanations.

        With `detect`, only the rules of the draft's language run, and none when the
        playbook has no rules in it (assist.lint.language; `Checked.language` says which).
        A text longer than WINDOW characters is linted window by window (bounded memory);
        its Checked then carries the findings only, no matches.
        """
        language = self.gate.judge(text) if detect else None
        run = None
        if language is not None:
            if not language.checked:
                return Checked((), (), self.index.words_of(""), language)
            keep, run = restrict(keep, language.run), language.run
        if len(text) > WINDOW:
            found = _check_windows(self, text, path, keep, run)
            return Checked(found, (), self.index.words_of(""), language)
        checked = self._check(text, path, keep, run)
        return replace(checked, language=language) if language is not None else checked

    def _check(
        self, text: str, path: str, keep: Keep | None, languages: frozenset[str] | None = None
    ) -> Checked:
        """Findings of one text; `languages`: only rules of those languages can be kept, so
        the others are not searched for."""
        index = self.index
        words = index.words_of(text)
        matches = index.search(words, languages)
        if not matches:
            return Checked((), (), words)  # most drafts: nothing more to do
        return self._found(text, path, keep, words, matches)

    def _found(
        self, text: str, path: str, keep: Keep | None, words: Words, matches: list[Match]
    ) -> Checked:
        """The findings of a text's words' matches (`_check`'s), as `_kept` has them."""
        kept = self._kept(text, path, keep, words, matches)
        if not kept:
            return Checked((), (), words)
        findings, kept_matches = zip(*kept, strict=True)  # both tuples at once
        return Checked(findings, kept_matches, words)

    def _kept(
        self, text: str, path: str, keep: Keep | None, words: Words, matches: list[Match]
    ) -> list[tuple[Finding, Match]]:
        """The findings of a text's words' matches with each one's match: those `keep`
        selects, not inside one of their rule's alternatives nor suppressed, in order of
        position."""
        alternatives = self.index.alternatives
        kept: list[tuple[Finding, Match]] = []
        lines = LineIndex(text)
        for match in matches:
            rule = match.phrase.rule
            if keep is not None and not keep(rule.id, rule.language):
                continue
            if inside_alternative(match, words, alternatives.get(rule.id, [])):
                continue
            kept.append((_finding(text, path, words, match, lines), match))
        if kept and "assist-" in text:  # one sweep: linear in findings and regions
            flags = suppressed_flags([f for f, _ in kept], suppressed_regions(text))
            kept = [pair for pair, suppressed in zip(kept, flags, strict=True) if not suppressed]
        if len(kept) > 1:  # most drafts have one finding: nothing to order
            kept.sort(key=_by_position)
        return kept


def _by_position(pair: tuple[Finding, Match]) -> tuple[int, str]:
    """A finding's order: by offset, then rule id."""
    return pair[0].offset, pair[0].rule


@cache
def default_linter() -> Linter:
    """The built-in playbook, once per process: compiled whole, read from the playbook cache
    when its entry is current (phrases, deletion index and sieve read as drafts need them: a
    fresh process's first draft in tens of milliseconds), else compiled and stored there
    (about 6 s, once). Whole rather than the CLI's entry in parts: a draft of unknown
    language searches one index, not every part that may match it (parts cost about 20% more
    per draft, measured 2026-12-02). `ASSIST_NO_CACHE=1`: compiled, nothing stored.
    """
    from assist.lint.layered import WholeLayering
    from assist.playbook.cache import load_cached

    return load_cached((), Linter, layering=WholeLayering(), kind="whole")


def default_playbook() -> Playbook:
    """The built-in playbook, loaded once per process."""
    return default_linter().playbook


def linter_for(playbook: Playbook | Linter | None) -> Linter:
    """A Linter for what a caller passed: a Linter as is, a Playbook compiled, None built-in."""
    if playbook is None:
        return default_linter()
    if isinstance(playbook, Linter):
        return playbook
    return _compiled(playbook)


class BuiltOnce(Generic[S, T]):
    """`build(source)` once per source object in a process, for the API's convenience functions
    (callers pass the same playbook many times). Keyed by id and checked by identity, so a
    reused id is never served a stale value; at most MAX_BUILT kept."""

    MAX_BUILT = 8

    def __init__(self, build: Callable[[S], T], source_of: Callable[[T], S]) -> None:
        self.build = build
        self.source_of = source_of
        self.built: dict[int, T] = {}

    def __call__(self, source: S) -> T:
        """The value built from this very source object."""
        value = self.built.get(id(source))
        if value is None or self.source_of(value) is not source:
            if len(self.built) >= self.MAX_BUILT:
                self.built.clear()
            value = self.built[id(source)] = self.build(source)
        return value


_compiled: BuiltOnce[Playbook, Linter] = BuiltOnce(Linter, lambda linter: linter.playbook)


def lint_text(
    text: str,
    *,
    playbook: Playbook | Linter | None = None,
    path: str = "<text>",
    rules: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    languages: Iterable[str] | None = None,
) -> Findings:
    """Find the playbook's forbidden phrases in `text`, in order of position.

    `playbook` is a Playbook, a compiled Linter, or None for the built-in playbook.
    `rules` keeps only those rule ids, `ignore` drops rule ids, `languages` keeps only rules of
    those language codes. Without `languages`, the draft's language is detected and only its
    rules run: the result (a list) also has `.language` and `.checked`, False when the playbook
    has no rules in that language (docs/lint.md). Offsets and lengths point into `text` exactly.
    """
    linter = linter_for(playbook)
    return linter.lint(text, path=path, rules=rules, ignore=ignore, languages=languages)


def selector(
    rules: Iterable[str] | None, ignore: Iterable[str], languages: Iterable[str] | None
) -> Keep | None:
    """A test of (rule id, language) for the selection options; None keeps every rule."""
    if rules is None and not ignore and languages is None:
        return None
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


def select_findings(
    findings: Iterable[Finding], keep: Keep | None, languages: Mapping[str, str]
) -> tuple[Finding, ...]:
    """The findings whose rule `keep` selects, each judged with its rule's language from
    `languages` (rule id -> language; a rule not there, such as a context rule, is English)."""
    if keep is None:
        return tuple(findings)
    return tuple(f for f in findings if keep(f.rule, languages.get(f.rule, "en")))


def _finding(text: str, path: str, words: Words, match: Match, lines: LineIndex) -> Finding:
    start, end = words.span(match.first, match.last)
    rule = match.phrase.rule
    return finding_at(
        text, lines, path, start, end, rule=rule.id, severity=rule.severity,
        phrase=match.phrase.phrase, score=match.score, why=rule.why, suggestions=rule.say,
    )  # fmt: skip


def finding_at(
    text: str,
    lines: LineIndex,
    path: str,
    start: int,
    end: int,
    *,
    rule: str,
    severity: Severity,
    phrase: str,
    score: int,
    why: str,
    suggestions: tuple[Any, ...],
) -> Finding:
    """A Finding for `text[start:end]`, with its 1-based lines and columns (lint's matches,
    the reply-aware context rules and the score checklist's missing elements alike)."""
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    # by position, in the order of Finding's fields (tests/test_draft_words.py): cheaper
    return Finding(
        path, line, column, end_line, end_column, start, end - start, rule, severity, phrase,
        text[start:end], score, why, suggestions,
    )  # fmt: skip


def _check_windows(
    linter: Linter, text: str, path: str, keep: Keep | None,
    languages: frozenset[str] | None = None,
) -> tuple[Finding, ...]:  # fmt: skip
    """Lint a long text in windows cut at paragraph or sentence ends, each with OVERLAP
    characters of context either side; a window keeps the findings that start in its own
    part, moved back to offsets, lines and columns of the whole text."""
    regions = suppressed_regions(text) if "assist-" in text else []
    lines = LineIndex(text)
    found: list[Finding] = []
    for start, end in _windows(text):
        lo, hi = _word_edge(text, start - OVERLAP, -1), _word_edge(text, end + OVERLAP, 1)
        for f in linter._check(text[lo:hi], path, keep, languages).findings:
            offset = f.offset + lo
            if not start <= offset < end:
                continue
            line, column = lines.position(offset)
            end_line, end_column = lines.position(offset + f.length)
            moved = replace(
                f, offset=offset, line=line, column=column, end_line=end_line,
                end_column=end_column,
            )  # fmt: skip
            found.append(moved)
    if regions:  # suppression comments count over the whole text
        flags = suppressed_flags(found, regions)
        found = [f for f, suppressed in zip(found, flags, strict=True) if not suppressed]
    return tuple(found)


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) parts of about WINDOW characters, cut after a blank line, else after a
    sentence end or line break, else at a space (else anywhere)."""
    start = 0
    while len(text) - start > WINDOW:
        end = start + WINDOW
        floor = start + WINDOW // 2
        for mark in ("\n\n", ". ", "! ", "? ", "\n", " "):
            cut = text.rfind(mark, floor, end)
            if cut >= 0:
                end = cut + len(mark)
                break
        yield start, end
        start = end
    yield start, len(text)


def _word_edge(text: str, at: int, step: int) -> int:
    """`at` moved outwards (step -1: back, 1: on) to white space, so no word is cut."""
    if at <= 0:
        return 0
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", max(0, at - 256), at) if step < 0 else text.find(" ", at, at + 256)
    return space if space >= 0 else at


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
        if self.starts is None:
            text = self.text
            self.starts = [0, *(m.end() for m in re.finditer("\n", text))] if "\n" in text else [0]
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def lint_paths(
    paths: Iterable[str | Path],
    *,
    playbook: Playbook | Linter | None = None,
    rules: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    languages: Iterable[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    jobs: int = 1,
) -> Iterator[FileResult]:
    """Lint files, folders (recursively) and '-' (standard input), one FileResult each.

    An input that cannot be read (missing, unreadable, not a regular file, over `max_size`
    bytes, not UTF-8) yields a result with `error` set; the others go on. Without
    `languages`, each draft's language is detected (`FileResult.language`). With `jobs` above
    1, inputs are linted by that many worker processes; results come in the same order
    (without `checked`).
    """
    linter = linter_for(playbook)
    inputs = read_inputs(paths, max_size=max_size)
    if jobs > 1:
        from assist.lint.parallel import lint_in_parallel

        selection = (
            tuple(rules) if rules is not None else None,
            tuple(ignore),
            tuple(languages) if languages is not None else None,
        )
        yield from lint_in_parallel(inputs, linter, selection, jobs)
        return
    keep = selector(rules, ignore, languages)
    for item in inputs:
        yield lint_input(linter, item, keep, detect=languages is None)


def lint_input(
    linter: Linter, item: DraftInput, keep: Keep | None, *, detect: bool = False
) -> FileResult:
    """The FileResult of one input as read_inputs gave it (an error or skip as it came);
    `detect`: only the rules of its language (see Linter.check)."""
    if item.error is not None or item.skipped is not None:
        return FileResult(item.path, error=item.error, skipped=item.skipped)
    checked = linter.check(item.text, path=item.path, keep=keep, detect=detect)
    return FileResult(
        item.path, checked.findings, text=item.text, checked=checked, language=checked.language
    )
