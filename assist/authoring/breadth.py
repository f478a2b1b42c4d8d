"""Patterns too broad to be safe: forms that will flag harmless drafts.

A pattern is reported (a warning of `assist playbook check`, a note of `assist playbook
explain`) when some of its forms:

- are made only of very common words (the language's `fillers` and the common words of
  `data/breadth.<language>.yaml`), so they match almost any draft;
- are one word, or two words of which one is very common, unless the common word makes a
  clause in that language (`clause` in the data: "en tiedä", "אתה טועה", "لا أهتم" say as
  much as "I don't know", "you are wrong", "I don't care") or a guard of the rule or its
  language contains the form's meaning-carrying words (their harmless uses have been dealt
  with);
- put a `...` gap next to a stretch of only very common words, so the gap bridges almost any
  three words;
- flag more than 1 in 100 (and at least 2) of the harmless reference sentences of the
  rule's language (`data/breadth.<language>.yaml`);
- fire on the rule's own `pass` examples.

The word lists and sentences are data per language, read when a check runs; a language
without a data file is checked with its fillers only and has no reference sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from assist.authoring.shapes import ChunkWords, pattern_forms
from assist.authoring.text_hits import TextHits
from assist.lint.engine import Linter
from assist.lint.layered import only_rules
from assist.lint.morphology import is_prefixed_script, stem_toward
from assist.lint.normalize import phrase_words
from assist.model import PhraseRule, Playbook
from assist.playbook.patterns import Form, PatternError, forms

SHORT_FORM = 2  # a form of this many words or fewer matches too easily
SINGLE_SHORT_WORD = 4  # one word of this many letters or fewer: the older, separate warning
HARMLESS_SHARE = 0.01  # more than 1 in 100 harmless sentences flagged is too broad
HARMLESS_AT_LEAST = 2  # ...and at least this many sentences (one could be bad luck)
SAMPLE = 3  # offending forms or sentences quoted in a message
_QUOTE = 60  # characters of a sentence quoted in a message
_BE, _HAVE = ("is", "are"), ("has", "have")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Reference:
    """A language's reference data for breadth checks."""

    language: str
    common: tuple[str, ...]
    """Very common words (as written; compared the way drafts are)."""
    harmless: tuple[str, ...]
    """Sentences that break no rule."""
    clause: tuple[str, ...] = ()
    """Very common words that, with one distinctive word, make a whole clause (subject
    pronouns and negations that carry person, in languages that inflect for them)."""


@dataclass(frozen=True)
class Breadth:
    """One way a pattern is too broad, with what to do about it."""

    kind: str
    """'common-words', 'short', 'gap', 'harmless' or 'own-pass'."""
    reason: str
    suggestion: str
    examples: tuple[str, ...] = ()
    """The offending forms, sentences or pass examples (a sample)."""

    @property
    def message(self) -> str:
        """`reason; suggestion` on one line."""
        return f"{self.reason}; {self.suggestion}"


@cache
def reference(language: str) -> Reference | None:
    """The shipped reference data of a language, or None when assist has none for it."""
    if not _LANGUAGE_CODE.fullmatch(language):
        return None
    import yaml

    path = resources.files("assist.authoring") / "data" / f"breadth.{language}.yaml"
    if not path.is_file():
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a tenth of the CPU
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    common = tuple(str(w) for w in data.get("common") or ())
    harmless = tuple(str(s) for s in data.get("harmless") or ())
    clause = tuple(str(w) for w in data.get("clause") or ())
    return Reference(language, common, harmless, clause)


class Common:
    """A language's very common words; `word in common` is also true of a Hebrew or Arabic
    word that is a common word with a one-letter prefix ("ואתה": "אתה")."""

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self.words:
            return True
        return bool(word) and is_prefixed_script(word) and stem_toward(word, self.words) is not None


def merged_contractions(playbook: Playbook) -> dict[str, str]:
    """Every language's contractions, as the matcher expands them in phrases."""
    merged: dict[str, str] = {}
    for language in playbook.languages.values():
        merged.update(language.contractions)
    return merged


class BreadthCheck:
    """Breadth of the patterns of one compiled playbook; the texts it lints (reference
    sentences, pass examples) are linted once, in one batch each, on first use (by `hits`,
    default: with every rule of the playbook). With `only`, breadth is asked of those rules
    alone: only their languages' sentences and their pass examples are linted, with them
    alone when the playbook is in parts (a rule's findings never depend on another's)."""

    def __init__(
        self, linter: Linter, hits: TextHits | None = None, words: ChunkWords | None = None,
        only: Sequence[PhraseRule] | None = None,
    ) -> None:  # fmt: skip
        self.linter = linter
        self.hits = hits if hits is not None else TextHits(linter)
        self.rules = linter.playbook.rules if only is None else tuple(only)
        narrowed = None if only is None else only_rules(linter, {r.id for r in only})
        if narrowed is not None:
            self.hits = TextHits(narrowed)
        self.contractions = merged_contractions(linter.playbook)
        same = words is not None and words.contractions == self.contractions
        self._chunk_words = words if words is not None and same else ChunkWords(self.contractions)
        self._common: dict[str, Common] = {}
        self._clause: dict[str, Common] = {}
        self._guarded: dict[str, frozenset[tuple[str, ...]]] = {}
        self._harmless: dict[tuple[str, str], list[str]] | None = None
        self._harmless_total: dict[str, int] = {}
        self._passes: dict[tuple[str, str], list[tuple[int, str, str]]] | None = None

    def of(self, rule: PhraseRule, pattern: str) -> list[Breadth]:
        """Every way this pattern of this rule is too broad (none for a malformed pattern:
        the loader reports that)."""
        try:
            shapes = pattern_forms(pattern)
        except PatternError:
            return []
        common = self.common_words(rule.language)
        words = [self.words_of(shape) for shape in shapes]
        shallow = _Shallow(common, self.clause_words(rule.language), self.guard_runs(rule))
        found = [
            *_too_common(shapes, words, shallow),
            *_gaps_next_to_common(shapes, words, common),
            *self._harmless_hits(rule, pattern),
            *self._own_pass_hits(rule, pattern),
        ]
        return found

    def lint_texts(self) -> None:
        """Lint the reference sentences and the pass examples now (`of` lints them on first
        use): what a recording TextHits keeps for later checks."""
        if self._harmless is None:
            self._harmless = self._lint_harmless()
        if self._passes is None:
            self._passes = self._lint_passes()

    def words_of(self, shape: Form) -> tuple[tuple[str, ...], ...]:
        """The words of each chunk of a form, compared the way drafts are (a chunk's words
        worked out once: the forms of a pattern share most of their chunks)."""
        return tuple(self._chunk_words(chunk) for chunk in shape.chunks)

    def common_words(self, language: str) -> Common:
        """The language's fillers and reference common words, as draft words."""
        known = self._common.get(language)
        if known is None:
            data = reference(language)
            spec = self.linter.playbook.languages.get(language)
            written = [*(data.common if data else ()), *(spec.fillers if spec else ())]
            words = (w for text in written for w in phrase_words(text, self.contractions))
            known = self._common[language] = Common(frozenset(words))
        return known

    def clause_words(self, language: str) -> Common:
        """The language's clause-making common words (none for a language without data)."""
        known = self._clause.get(language)
        if known is None:
            data = reference(language)
            written = data.clause if data else ()
            words = (w for text in written for w in phrase_words(text, self.contractions))
            known = self._clause[language] = Common(frozenset(words))
        return known

    def guard_runs(self, rule: PhraseRule) -> frozenset[tuple[str, ...]]:
        """The word runs of every form of the rule's guards and its language's guards."""
        known = self._guarded.get(rule.id)
        if known is None:
            spec = self.linter.playbook.languages.get(rule.language)
            runs: set[tuple[str, ...]] = set()
            for guard in (*rule.guards, *(spec.guards if spec else ())):
                try:
                    shapes = forms(guard)
                except PatternError:
                    continue  # the loader reports it
                runs.update(chunk for shape in shapes for chunk in self.words_of(shape))
            known = self._guarded[rule.id] = frozenset(runs)
        return known

    def _harmless_hits(self, rule: PhraseRule, pattern: str) -> Iterable[Breadth]:
        if self._harmless is None:
            self._harmless = self._lint_harmless()
        data = reference(rule.language)
        hits = self._harmless.get((rule.id, pattern), [])
        total = self._harmless_total.get(rule.language, 0)
        if not total or len(hits) < HARMLESS_AT_LEAST or len(hits) <= HARMLESS_SHARE * total:
            return
        assert data is not None
        yield Breadth(
            "harmless",
            f"it flags {len(hits)} of {total} harmless '{rule.language}' reference sentences "
            f'({100 * len(hits) / total:.2f}%, more than 1 in 100), e.g. "{_quoted(hits[0])}"',
            "narrow it, or add a guard for those wordings",
            tuple(hits[:SAMPLE]),
        )

    def _lint_harmless(self) -> dict[tuple[str, str], list[str]]:
        """(rule id, pattern) -> the harmless sentences of its language it flags."""
        sentences: list[tuple[str, str]] = []
        for language in sorted({rule.language for rule in self.rules}):
            data = reference(language)
            if data is not None:
                sentences += [(language, s) for s in data.harmless]
                self._harmless_total[language] = len(data.harmless)
        hits: dict[tuple[str, str], list[str]] = defaultdict(list)
        found = self.hits.each([text for _, text in sentences])
        for (language, text), findings in zip(sentences, found, strict=True):
            for key in dict.fromkeys((f.rule, f.phrase) for f in findings):
                rule = self.linter.playbook.rule(key[0])
                if rule is not None and rule.language == language:
                    hits[key].append(text)
        return hits

    def _own_pass_hits(self, rule: PhraseRule, pattern: str) -> Iterable[Breadth]:
        if self._passes is None:
            self._passes = self._lint_passes()
        hits = self._passes.get((rule.id, pattern), [])
        if not hits:
            return
        number, text, matched = hits[0]
        more = f" and {len(hits) - 1} more" if len(hits) > 1 else ""
        yield Breadth(
            "own-pass",
            f'it fires on the rule\'s own pass example {number + 1} ("{_quoted(text)}", '
            f'matching "{matched}"){more}',
            "narrow it, or add a guard for that wording",
            tuple(text for _, text, _ in hits[:SAMPLE]),
        )

    def _lint_passes(self) -> dict[tuple[str, str], list[tuple[int, str, str]]]:
        """(rule id, pattern) -> (index, text, matched words) of its rule's pass examples
        it flags."""
        items = [
            (rule.id, i, text)
            for rule in self.rules
            if rule.examples is not None
            for i, text in enumerate(rule.examples.passes)
        ]
        hits: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)
        for (rule_id, i, text), findings in zip(
            items, self.hits.each([text for _, _, text in items]), strict=True
        ):
            for finding in findings:
                if finding.rule == rule_id:
                    hits[rule_id, finding.phrase].append((i, text, finding.matched))
        return hits


@dataclass(frozen=True)
class _Shallow:
    """What decides whether a form carries too little meaning, for one rule."""

    common: Common
    clause: Common
    guard_runs: frozenset[tuple[str, ...]]

    def is_short(self, flat: Sequence[str]) -> bool:
        """One word, or two of which one is very common and does not make a clause with the
        other ("olet väärässä", "אתה טועה" are clauses; "you people", "go away" are not)."""
        if len(flat) == 1:
            return True
        if len(flat) > SHORT_FORM or not any(w in self.common for w in flat):
            return False
        distinctive = [w for w in flat if w not in self.common]
        return not (len(distinctive) == 1 and any(w in self.clause for w in flat))

    def guarded(self, flat: Sequence[str]) -> bool:
        """True when a guard of the rule or language contains, in a row and with more words
        around them, the words of the form that carry its meaning (all of them when all are
        very common): the harmless uses of those words have been dealt with."""
        carrying = tuple(w for w in flat if w not in self.common) or tuple(flat)
        n = len(carrying)
        return any(
            run[i : i + n] == carrying
            for run in self.guard_runs
            if len(run) > n
            for i in range(len(run) - n + 1)
        )


def _too_common(
    shapes: Sequence[Form], words: Sequence[tuple[tuple[str, ...], ...]], shallow: _Shallow
) -> Iterable[Breadth]:
    """Forms of only very common words; forms of one word, or two with a very common one
    (two distinctive words, or a clause word and a distinctive one such as "olet väärässä",
    are safe enough); neither when a guard of the rule or its language deals with them."""
    only_common, short = [], []
    for shape, chunks in zip(shapes, words, strict=True):
        flat = [w for chunk in chunks for w in chunk]
        if not flat or (len(flat) == 1 and len(flat[0]) <= SINGLE_SHORT_WORD):
            continue  # no words (an error) or one short word (its own warning)
        if all(w in shallow.common for w in flat):
            if not shallow.guarded(flat):
                only_common.append(shape.text)
        elif shallow.is_short(flat) and not shallow.guarded(flat):
            short.append(shape.text)
    if only_common:
        yield Breadth(
            "common-words",
            f"{_share(only_common, shapes)} made only of very common words ({_list(only_common)})",
            "add a word that carries the meaning, or guards for its harmless uses",
            tuple(only_common[:SAMPLE]),
        )
    if short:
        yield Breadth(
            "short",
            f"{_share(short, shapes)} short: one word, or two with a very common one "
            f"({_list(short)})",
            "add a word of context, or guards for its harmless uses",
            tuple(short[:SAMPLE]),
        )


def _gaps_next_to_common(
    shapes: Sequence[Form], words: Sequence[tuple[tuple[str, ...], ...]], common: Common
) -> Iterable[Breadth]:
    """Forms with a `...` gap beside a stretch of only very common words."""
    loose: dict[str, None] = {}
    for shape, chunks in zip(shapes, words, strict=True):
        for left, right in pairwise(chunks):
            if all(w in common for w in left) or all(w in common for w in right):
                loose[shape.text] = None
    if loose:
        found = list(loose)
        yield Breadth(
            "gap",
            f"{_share(found, shapes, _HAVE)} a '...' gap beside only very common words "
            f"({_list(found)}), so the gap bridges almost any three words",
            "put a distinctive word on both sides of the gap",
            tuple(found[:SAMPLE]),
        )


def breadth_by_pattern(
    check: BreadthCheck, rules: Iterable[PhraseRule]
) -> Mapping[tuple[str, int], list[Breadth]]:
    """(rule id, phrase index) -> how that pattern is too broad, for every phrase of the
    rules (a repeated phrase is reported at its first place only)."""
    result: dict[tuple[str, int], list[Breadth]] = {}
    for rule in rules:
        seen: set[str] = set()
        for i, pattern in enumerate(rule.phrases):
            found = check.of(rule, pattern) if pattern not in seen else []
            seen.add(pattern)
            if found:
                result[rule.id, i] = found
    return result


def _share(found: Sequence[str], shapes: Sequence[Form], verbs: tuple[str, str] = _BE) -> str:
    """'it is' (a pattern of one form), '1 of its 6 forms is', '2 of its 6 forms are'."""
    if len(shapes) == 1:
        return f"it {verbs[0]}"
    verb = verbs[0] if len(found) == 1 else verbs[1]
    return f"{len(found)} of its {len(shapes)} forms {verb}"


def _list(texts: Sequence[str]) -> str:
    """The first few texts quoted, and how many more."""
    shown = ", ".join(f'"{t}"' for t in texts[:SAMPLE])
    return shown + (f" and {len(texts) - SAMPLE} more" if len(texts) > SAMPLE else "")


def _quoted(text: str) -> str:
    """A sentence cut to fit in a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"
