"""Which language a draft is in, so that only that language's rules run (docs/lint.md).

Offline: Hebrew and Arabic letters decide by themselves; other text goes to CLD2 (pycld2,
its model compiled into the wheel), imported on the first draft that needs it. A draft in a
language the playbook has no rules for is *not checked* (reported, never passed in silence);
a short, mixed or undetermined draft falls back to every rule. No printing, no exit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import islice

from assist.lint.findings import Finding
from assist.lint.normalize import non_ascii_chars
from assist.record import record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

MIN_WORDS = 4
"""Fewer words than this (Latin and other scripts) and the draft is too short to tell:
every rule runs. Hebrew and Arabic letters need no minimum."""
SCRIPT_SHARE = 0.8
"""Hebrew (or Arabic) letters at least this share of all letters: the draft is Hebrew (Arabic)."""
MIXED_SHARE = 0.2
"""A second script or a second language with at least this share: a mixed draft, every rule."""
DETECT_CHARS = 10_000
"""Only the start of a long draft is read to tell its language (bounded time)."""
CACHED_CHARS = 4_096
"""Drafts up to this long are remembered (the same reply is often judged twice)."""

AUTO = "auto"
"""`--language auto`: detect each draft's language (the default)."""

DETECTED, SCRIPT, FORCED = "detected", "script", "forced"
SHORT, MIXED, UNDETERMINED = "short", "mixed", "undetermined"
"""How a draft's language was settled (`basis`); the last three run every rule."""

# Ranges beyond ASCII are tested on a draft's distinct non-ASCII characters (`_beyond_ascii`:
# a Latin draft has one or two), never compiled by `re`:
# compiling a class of them (a table of every code point) cost a cold lint 8.5 M instructions.
_HEBREW = (("\u0590", "\u05ff"), ("\ufb1d", "\ufb4f"))
_ARABIC = (
    ("\u0600", "\u06ff"), ("\u0750", "\u077f"), ("\u08a0", "\u08ff"), ("\ufb50", "\ufdff"),
    ("\ufe70", "\ufeff"),
)  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]+")
# MIN_WORDS runs of letters, tried only where a run starts (bounded: possessive, complementary
# classes), so a text of fewer words is still searched in linear time.
_ENOUGH_WORDS = re.compile(rf"(?<![^\W\d_])[^\W\d_]++(?:[\W\d_]++[^\W\d_]++){{{MIN_WORDS - 1}}}")
_CONTROLS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"  # what CLD2 refuses
_WIDE_CONTROLS = (("\x80", "\x9f"), ("\ud800", "\udfff"))  # _CONTROLS beyond ASCII
_NOISE = r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|[@#]\w+|&\w+;|" + _CONTROLS
"""Links, addresses, handles, HTML entities, and controls and surrogates."""
# every _NOISE match but a control holds one of "@", "#", "&", "://", "www." (_clean)
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())  # all but A-Z, a-z
# Every byte but _CONTROLS' ASCII ones (\x00-\x08, \x0b, \x0c, \x0e-\x1f, \x7f): deleting these
# from a text's UTF-8 leaves those controls (a C pass; the class as a pattern cost 5x more).
_NOT_ASCII_CONTROLS = bytes(b for b in range(256) if 32 <= b != 127 or b in b"\t\n\r")
_SCRIPTS = (("he", _HEBREW, frozenset({"yi"})), ("ar", _ARABIC, frozenset({"fa", "ur", "ps"})))
"""A script's language, its letters' ranges, and the other languages CLD2 may name for that
script."""
_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}  # CLD2's old codes -> ISO 639-1
_NAMES = {"en": "English", "he": "Hebrew", "ar": "Arabic", "fi": "Finnish"}

Keep = Callable[[str, str], bool]


@record
class DraftLanguage:
    """A draft's language as linting settled it, and whether its rules could run."""

    code: str | None
    """ISO 639-1 code ('en', 'es'); None when it could not be told (short, mixed, undetermined)."""
    name: str | None
    """The language's English name ('Spanish'), for messages."""
    basis: str
    """detected, script (Hebrew/Arabic letters), forced (`--language`), short, mixed or
    undetermined (the last three run every rule)."""
    checked: bool
    """False when the playbook has no rules in this language: nothing was checked."""
    run: frozenset[str] | None = None
    """The languages whose rules ran; None: every rule."""

    @property
    def reason(self) -> str | None:
        """Why the draft was not checked ("no rules for Spanish"); None when it was."""
        return None if self.checked else f"no rules for {self.name or self.code}"

    def as_json(self) -> dict[str, Any]:
        """`language`, `checked` (and `reason` when not checked) for the JSON outputs."""
        data: dict[str, Any] = {"language": self.code, "checked": self.checked}
        data["language_basis"] = self.basis
        if not self.checked:
            data["reason"] = self.reason
        return data


class Findings(list[Finding]):
    """`lint_text`'s result: the findings (a list, as always) and the draft's language.

    `language` is the draft's code (None when every rule ran because it could not be told);
    `checked` is False when the playbook has no rules in that language (then it is empty).
    """

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        draft: DraftLanguage | None = None,
        *,
        judge: Callable[[], DraftLanguage] | None = None,
    ):
        super().__init__(findings)
        self._draft = draft
        self._judge = judge  # settles the language when first asked (a draft without findings)

    @classmethod
    def unjudged(cls, judge: Callable[[], DraftLanguage]) -> Findings:
        """No findings, the language settled by `judge` when first asked (most drafts: made
        without `__init__`'s call, a third of a microsecond each)."""
        found = cls.__new__(cls)
        found._draft, found._judge = None, judge
        return found

    @property
    def draft(self) -> DraftLanguage | None:
        """How the language was settled; None when no language was asked about."""
        if self._judge is not None:
            self._draft, self._judge = self._judge(), None
        return self._draft

    @property
    def language(self) -> str | None:
        """The draft's language code, or None when it was not told."""
        return self.draft.code if self.draft is not None else None

    @property
    def checked(self) -> bool:
        """False when there were no rules for the draft's language."""
        return self.draft is None or self.draft.checked


class LanguageGate:
    """Settles each draft's language against the languages a playbook has rules in."""

    def __init__(self, rule_languages: Iterable[str]) -> None:
        self.languages = frozenset(rule_languages)
        self._settled: dict[tuple[str | None, str], DraftLanguage] = {}

    def judge(self, text: str) -> DraftLanguage:
        """The draft's language and the rules to run (only that language's, or all)."""
        found = detect(text)
        settled = self._settled.get(found)
        if settled is None:  # one immutable answer per (language, basis): built once
            settled = self._settled[found] = self._settle(*found)
        return settled

    def _settle(self, code: str | None, basis: str) -> DraftLanguage:
        if code is None:
            return DraftLanguage(None, None, basis, checked=True)
        checked = code in self.languages
        run = frozenset({code}) if checked else frozenset()
        return DraftLanguage(code, language_name(code), basis, checked, run)


def restrict(keep: Keep | None, run: frozenset[str] | None) -> Keep | None:
    """The selection `keep` further limited to rules of the `run` languages (None: all)."""
    if run is None:
        return keep
    if keep is None:
        return lambda rule_id, language: language in run
    return lambda rule_id, language: language in run and keep(rule_id, language)


def detect(text: str) -> tuple[str | None, str]:
    """(language code or None, basis) for a text; remembered for short texts."""
    if len(text) <= CACHED_CHARS:
        return _detect_cached(text)
    return _detect(text[:DETECT_CHARS])


@lru_cache(maxsize=1024)
def _detect_cached(text: str) -> tuple[str | None, str]:
    return _detect(text)


def forget_languages() -> None:
    """Forget the languages of the texts judged so far (a benchmark's pass of new drafts)."""
    _detect_cached.cache_clear()


def _detect(text: str) -> tuple[str | None, str]:
    beyond = set() if text.isascii() else _beyond_ascii(text)  # found once for both uses
    clean = _clean(text, beyond)
    if clean.isascii():  # Latin letters only: what matters is whether there are MIN_WORDS
        first = _first_words(clean)
        if not first:
            return None, UNDETERMINED
        if first < MIN_WORDS:
            return None, SHORT
        return _named(clean)
    distinct = beyond if clean is text else _beyond_ascii(clean)
    letters = _letter_count(clean, distinct)
    if not letters:
        return None, UNDETERMINED
    for code, ranges, others in _SCRIPTS:
        share = _count_within(clean, distinct, ranges) / letters
        if share >= SCRIPT_SHARE:
            named = _cld2(clean)
            return (named[0], DETECTED) if named and named[0] in others else (code, SCRIPT)
        if share >= MIXED_SHARE:
            return None, MIXED
    if _first_words(clean) < MIN_WORDS:
        return None, SHORT
    return _named(clean)


def _first_words(text: str) -> int:
    """How many words (runs of letters) the text has, counted up to MIN_WORDS (most drafts
    have that many: one search says so, not a match per word)."""
    if _ENOUGH_WORDS.search(text):
        return MIN_WORDS
    return len(list(islice(_LETTERS.finditer(text), MIN_WORDS)))


def _letter_count(text: str, beyond: set[str]) -> int:
    """How many of the text's characters are letters (as _LETTERS has them), whose distinct
    characters beyond ASCII are `beyond`: its ASCII letters counted in C, not matched one
    run at a time (a Latin draft with one curly quote is mostly ASCII)."""
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    return ascii_letters + sum(text.count(c) for c in beyond if _LETTERS.match(c))


def _clean(text: str, beyond: set[str]) -> str:
    """The text (whose characters beyond ASCII are `beyond`) without links, addresses,
    handles, entities and controls (most drafts have none: a few substring tests spare the
    regular expression's pass; the marks every such match holds, as `in` tests: cheaper
    than `any` over them)."""
    if (
        "@" in text or "#" in text or "&" in text or "://" in text or "www." in text
        or _has_controls(text, beyond)
    ):  # fmt: skip
        return re.sub(_NOISE, " ", text)
    return text


def _has_controls(text: str, beyond: set[str] | None = None) -> bool:
    """Whether the text holds a character of _CONTROLS (its ASCII ones found in the text's
    UTF-8, the others among its characters beyond ASCII, `beyond` when given)."""
    if text.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_CONTROLS):
        return True
    if text.isascii():
        return False
    distinct = _beyond_ascii(text) if beyond is None else beyond
    return _count_within(text, distinct, _WIDE_CONTROLS) > 0


def _beyond_ascii(text: str) -> set[str]:
    """The text's distinct characters beyond ASCII (every range tested lies there)."""
    return set(non_ascii_chars(text))


def _count_within(text: str, distinct: set[str], ranges: tuple[tuple[str, str], ...]) -> int:
    """How many characters of `text` (whose characters beyond ASCII are `distinct`) fall in
    the ranges, each of which lies beyond ASCII."""
    inside = [c for c in distinct if any(low <= c <= high for low, high in ranges)]
    return sum(map(text.count, inside))


def _named(clean: str) -> tuple[str | None, str]:
    """The language CLD2 names for a text of enough words (or none: undetermined, mixed)."""
    named = _cld2(clean)
    if named is None:
        return None, UNDETERMINED
    code, second = named
    return (None, MIXED) if second else (code, DETECTED)


def _cld2(text: str) -> tuple[str, bool] | None:
    """CLD2's reliable answer: (code, a second language holds MIXED_SHARE or more); None
    when it is unsure or unavailable."""
    detector = _detector()
    if detector is None:
        return None
    try:
        reliable, _, details = detector(text, isPlainText=True)
    except Exception:  # pycld2.error: bytes it refuses; the draft is then undetermined
        return None
    (_, top, _, _), (_, second, percent, _) = details[0], details[1]
    if not reliable or top == "un":
        return None
    mixed = second != "un" and percent >= MIXED_SHARE * 100
    return _CODES.get(top, top), mixed


@lru_cache(maxsize=1)
def _detector() -> Callable[..., Any] | None:
    """pycld2.detect, imported on first use (start-up speed); None where it is missing."""
    try:
        import pycld2
    except ImportError:  # a platform without its wheel: Hebrew/Arabic letters still decide
        return None
    detect_text: Callable[..., Any] = pycld2.detect
    return detect_text


def language_name(code: str) -> str:
    """The English name of a language code ('es' -> 'Spanish'); the code when unknown."""
    if code in _NAMES:
        return _NAMES[code]
    return _cld2_names().get(code, code)


@lru_cache(maxsize=1)
def _cld2_names() -> dict[str, str]:
    try:
        import pycld2
    except ImportError:
        return {}
    names = {_CODES.get(c, c): n for n, c in pycld2.LANGUAGES if n.isupper()}
    return {code: name.title().replace("_", " ") for code, name in names.items()}
