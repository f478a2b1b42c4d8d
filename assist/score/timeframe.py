"""Time expressions in a reply: dates, weekdays, clock times, "within 3 working days", "by
Friday", "tomorrow morning", "next week", in every language the playbook has time words for.

The patterns are here; the words are playbook data (`time-words:` in reply-elements*.yaml),
so a language or a team's wording is added without a code change. Matching runs on lint's
normalized copy of the text (case, marks and letter variants folded) and every span maps back
to the original text exactly. Why not dateparser: see docs/score.md (import 215 ms, 0.3-7 ms
a reply, "within 3 working days" and Finnish case endings not found).
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable, Mapping
from functools import cached_property

from assist.lint.normalize import TOKEN_RE, Words, normalize
from assist.model import Language
from assist.record import field, record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

# Letters of the scripts whose languages only need their own patterns tried.
SCRIPTS = {"he": re.compile("[\u0590-\u05ff]"), "ar": re.compile("[\u0600-\u06ff]")}
ORDINAL = r"(?:st|nd|rd|th)?"
CLOCK = r"\d{1,2}(?:[:.]\d{2})?"
DIGIT = re.compile(r"\d")
START, END = r"(?<!\w)", r"(?!\w)"
CODE = "I"
"""The array type of a stored regular expression program's words (re's are 32-bit)."""


@record
class LanguagePatterns:
    """One language's compiled patterns: when-expressions, and what turns one into the past."""

    code: str
    when_source: str
    """The when-pattern's source, compiled when a reply first has a word it may start at
    (compiling every language's took a cold `assist score` about a third of its time)."""
    past_before: frozenset[str]
    """Words that, right before an expression, put it in the past (last, since)."""
    past_after_source: str | None
    starts: frozenset[str]
    """Words an expression can start with; the pattern is tried only at these and digits."""
    stems: tuple[str, ...]
    """Word beginnings an expression can start with (perjantai*)."""
    prefixes: tuple[str, ...]
    """Letters that may be joined to the front of a starting word (he, ar)."""
    when_program: list[Any] | None = field(default=None, compare=False, repr=False)
    """The when-pattern as `re` compiled it in the process that stored it (`program`), read
    back from the cache: made into the same Pattern without parsing its source again."""

    @cached_property
    def when(self) -> re.Pattern[str]:
        """The when-expressions."""
        if self.when_program is not None:
            made = from_program(self.when_source, self.when_program)
            if made is not None:
                return made
        return re.compile(self.when_source)

    @cached_property
    def past_after(self) -> re.Pattern[str] | None:
        """What, right after an expression, puts it in the past ("ago"); None: nothing."""
        return None if self.past_after_source is None else re.compile(self.past_after_source)

    def opens(self, token: str) -> bool:
        """Whether an expression may start with this folded token (numbers written in digits
        aside: every language's patterns try those)."""
        if token in self.starts or (self.stems and token.startswith(self.stems)):
            return True
        return any(token.startswith(p) and token[len(p) :] in self.starts for p in self.prefixes)


class OpenerMemo:
    """Which tokens open one language's expressions, decided once per distinct token: replies
    reuse a small vocabulary, so the stem and prefix tests run once per word, not per reply."""

    LIMIT = 100_000  # tokens remembered, at most (then forgotten, and learnt again)

    def __init__(self, patterns: LanguagePatterns) -> None:
        self.patterns = patterns
        self.opening: set[str] = set()
        self.closed: set[str] = set()

    def openers(self, distinct: set[str]) -> set[str]:
        """The tokens among `distinct` an expression of the language may start with."""
        unknown = distinct - self.opening - self.closed
        if unknown:
            if len(self.opening) + len(self.closed) > self.LIMIT:
                self.opening.clear()
                self.closed.clear()
            for token in unknown:
                (self.opening if self.patterns.opens(token) else self.closed).add(token)
        return distinct & self.opening

    def __getstate__(self) -> LanguagePatterns:
        return self.patterns  # what was learnt stays in this process (workers learn their own)

    def __setstate__(self, patterns: LanguagePatterns) -> None:
        self.__init__(patterns)  # type: ignore[misc]


class TimeRecogniser:
    """Finds time expressions; build once per playbook, then call `find` per reply."""

    def __init__(
        self, languages: Mapping[str, Language], patterns: list[LanguagePatterns] | None = None
    ) -> None:
        """Build the patterns of every language with time words (`patterns`: those built
        already, e.g. read back from the cache by `from_data`)."""
        self.patterns = (
            patterns
            if patterns is not None
            else [
                _compile(code, language.time_words)
                for code, language in sorted(languages.items())
                if language.time_words
            ]
        )
        self._memos = [OpenerMemo(patterns) for patterns in self.patterns]

    def to_data(self) -> list[list[Any]]:
        """Each language's pattern sources and word sets as JSON-ready data (`from_data`)."""
        return [_as_data(p) for p in self.patterns]

    @classmethod
    def from_data(cls, languages: Mapping[str, Language], data: list[Any]) -> TimeRecogniser:
        """The recogniser `to_data` described for these very languages; TypeError,
        ValueError or KeyError when the data does not fit them."""
        patterns = []
        for code, when, past_before, past_after, starts, stems, prefixes, stored in data:
            after = None if past_after is None else _text(past_after)
            before, opening = frozenset(_texts(past_before)), frozenset(_texts(starts))
            patterns.append(
                LanguagePatterns(
                    _text(code),
                    _text(when),
                    before,
                    after,
                    opening,
                    _texts(stems),
                    _texts(prefixes),
                    stored if type(stored) is list else None,
                )
            )
        timed = sorted(code for code, language in languages.items() if language.time_words)
        if [p.code for p in patterns] != timed:
            raise ValueError("not the languages with time words")
        return cls(languages, patterns)

    def find(self, words: Words) -> list[tuple[int, int]]:
        """(start, end) spans in the original text of each time expression, in order.

        `words` are lint's words of the text; the patterns are tried only at the tokens an
        expression can start with, which keeps scoring cheap.
        """
        norm, tokens = words.source, words.written_tokens
        text = norm.text
        plain = text.isascii()  # no Hebrew or Arabic letter: their patterns need not run
        starts: list[int] | None = None
        distinct: set[str] | None = None
        numbers: set[str] = set()
        spans: list[tuple[int, int]] = []
        for patterns, memo in zip(self.patterns, self._memos, strict=True):
            script = SCRIPTS.get(patterns.code)
            if script is not None and (plain or not script.search(text)):
                continue
            if distinct is None:
                distinct = set(tokens)
                if DIGIT.search(text):
                    numbers = {token for token in distinct if token[0].isdigit()}
            openers = memo.openers(distinct)
            if numbers:
                openers |= numbers
            if not openers:
                continue
            candidates = [i for i, token in enumerate(tokens) if token in openers]
            if starts is None:
                starts = [start for start, _ in words.token_spans()]
            reached = 0
            when, past_before = patterns.when.match, patterns.past_before
            for i in candidates:
                at = starts[i]
                if at < reached:
                    continue
                match = when(text, at)
                if match is None or (i and tokens[i - 1] in past_before):
                    continue
                if not _in_past(patterns, text, match.end()):
                    spans.append(norm.span(match.start(), match.end()))
                    reached = match.end()
        return _merged(spans) if len(spans) > 1 else spans


def _as_data(p: LanguagePatterns) -> list[Any]:
    """One language's patterns as JSON-ready data (sets sorted: the same text every time)."""
    words = [sorted(p.past_before), p.past_after_source, sorted(p.starts)]
    stored = p.when_program if p.when_program is not None else program(p.when_source)
    return [p.code, p.when_source, *words, list(p.stems), list(p.prefixes), stored]


def program(source: str) -> list[Any] | None:
    """The regular expression `source` as `re` compiles it (re._compiler.compile's steps),
    as JSON-ready data `from_program` makes into an equal Pattern without parsing the source:
    re parses and compiles in Python, and the English when-pattern (1,700 characters) cost a
    cold `lint --reply-to` or `score` about 20 M instructions. None when this Python's `re`
    has no such steps."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, 0)
        code = _compiler._code(parsed, 0)
        state = parsed.state
        words = array(CODE, code).tobytes().hex()  # one JSON string, not thousands of numbers
        magic = _compiler.MAGIC
        return [magic, _layout(), state.flags, words, state.groups - 1, dict(state.groupdict)]
    except (AttributeError, ImportError, TypeError, ValueError, OverflowError):
        return None


def from_program(source: str, stored: list[Any]) -> re.Pattern[str] | None:
    """The Pattern `program(source)` describes, or None when it is another `re`'s (its
    version number) or does not fit (`_sre` checks the program before it is ever run)."""
    try:
        from re import _compiler  # type: ignore[attr-defined]

        magic, layout, flags, words, groups, groupindex = stored
        if magic != _compiler.MAGIC or layout != _layout() or type(groupindex) is not dict:
            return None
        code = array(CODE, bytes.fromhex(words)).tolist()
        indexgroup: list[str | None] = [None] * (groups + 1)
        for name, number in groupindex.items():
            indexgroup[number] = name
        made: re.Pattern[str] = _compiler._sre.compile(
            source, flags, code, groups, groupindex, tuple(indexgroup)
        )
        return made
    except (
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        IndexError,
        RuntimeError,
        OverflowError,
    ):
        return None


def _layout() -> str:
    """This machine's byte order and the size of a stored program's words."""
    return f"{sys.byteorder} {CODE}{array(CODE).itemsize}"


def _text(value: object) -> str:
    if type(value) is not str:
        raise TypeError("not a string")
    return value


def _texts(values: object) -> tuple[str, ...]:
    """Stored words as a tuple of strings (TypeError for anything else)."""
    if type(values) is not list:
        raise TypeError("not a list of words")
    return tuple(_text(value) for value in values)


def _in_past(patterns: LanguagePatterns, text: str, end: int) -> bool:
    """True when a past word follows the expression ("Friday last", "3 days ago")."""
    after = patterns.past_after
    return after is not None and after.match(text, end) is not None


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans (two languages' patterns on one date) joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _words(items: Iterable[str], prefix: str) -> str:
    """A regex alternation of word list items, longest first; `*` ends a stem (perjantai*)."""
    forms = []
    for item in sorted(set(items), key=len, reverse=True):
        folded = normalize(item).text
        stem = folded.endswith("*")
        parts = [re.escape(part) for part in folded.rstrip("*").split()]
        forms.append(r"\s+".join(parts) + (r"\w*" if stem else ""))
    if not forms:
        return "(?!)"  # a category this language does not use never matches
    return f"{prefix}(?:{'|'.join(forms)})"


def _compile(code: str, words: Mapping[str, tuple[str, ...]]) -> LanguagePatterns:
    """The language's when-pattern, built from its word lists."""
    prefixes = words.get("prefixes", ())
    prefix = f"(?:{'|'.join(map(re.escape, prefixes))})?" if prefixes else ""

    def w(kind: str) -> str:
        return _words(words.get(kind, ()), prefix)

    number = rf"(?:\d{{1,3}}(?:\s*[-–]\s*\d{{1,3}})?|{w('numbers')})"
    amount = rf"(?:{number}\s*{w('units')}|{w('dual')})"
    duration = (
        rf"(?:{w('within')}\s+{amount}|{amount}\s+{_words(words.get('within-after', ()), '')})"
    )
    clock = (
        rf"(?:(?:{w('clock-before')}\s*)?{CLOCK}\s*{w('clock-after')}"
        rf"|\d{{1,2}}:\d{{2}}|{w('clock-before')}\s*{CLOCK})"
    )
    date = (
        rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
        rf"|\d{{1,2}}\.\d{{1,2}}\.(?:\d{{2,4}})?"
        rf"|{w('months')}\s+\d{{1,2}}{ORDINAL}(?!\d)"
        rf"|\d{{1,2}}{ORDINAL}\.?\s+(?:of\s+)?{w('months')})"
    )
    day = rf"(?:{clock}|{date}|{w('weekdays')}|{w('relative')})"
    moment = (
        rf"(?:{w('by')}\s+)?{day}(?:\s+{w('parts-of-day')})?"
        rf"(?:\s+{_words(words.get('by-after', ()), '')})?"
    )
    when = rf"{START}(?:{duration}|{moment}){END}"
    past_before = words.get("past-before", ())
    past_after = words.get("past-after", ())
    kinds = ["weekdays", "months", "relative", "dual", "within", "by", "clock-before"]
    if words.get("within-after"):  # only there can an amount start an expression
        kinds.append("numbers")
    openers = [normalize(item).text for kind in kinds for item in words.get(kind, ())]
    return LanguagePatterns(
        code,
        when,
        frozenset(normalize(word).text for word in past_before),
        rf"\s+{_words(past_after, '')}{END}" if past_after else None,
        frozenset(TOKEN_RE.findall(item.rstrip("*"))[0] for item in openers if "*" not in item),
        tuple(item.rstrip("*") for item in openers if item.endswith("*")),
        tuple(sorted({normalize(p).text for p in prefixes}, key=len, reverse=True)),
    )
