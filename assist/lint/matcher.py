"""Compiled phrase index and fuzzy, word-aligned matching of drafts against it.

A phrase matches a run of draft words when, word by word, each is equal or (for words of four
letters or more, when the rule is fuzzy) within a typo or two, with only filler words of the
phrase's language allowed in between (and up to three arbitrary words where a pattern has a
`...` gap). Words of three letters or fewer must be equal, so a changed subject ("you" for
"I") or an added negation never matches. Phrases are patterns (see patterns.py): each form is
compiled like a plain phrase. Guards (a rule's own and its language's) cancel a match they
overlap or stand right before.
"""

from __future__ import annotations

import json
import sys
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import cache, partial
from itertools import chain, compress, repeat
from math import sqrt

from assist.lint.morphology import is_prefixed_script, stem_toward
from assist.lint.normalize import (
    BREAK_TOKENS,
    Words,
    chunk_words,
    is_break,
    normalize,
    phrase_words,
    split_words,
)
from assist.lint.rarity import word_cost
from assist.lint.sieve import Sieve, collector_paused, deletion_levels, deletions
from assist.model import Language, PhraseRule, Playbook, Severity
from assist.playbook.patterns import MAX_GAP, PatternError, forms
from assist.record import record, replace

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

MAX_EDITS = 2  # typos tolerated in one phrase, at most
MAX_FILLERS = 3  # filler words tolerated in one gap between two phrase words
SHORT = 3  # words this long or shorter must match exactly
GUARD_REACH = 2  # words that may stand between a guard and the match it cancels
_NEAR_CACHE_SIZE = 50_000  # draft words remembered with the fuzzy-keyed phrases near them
# Drafts a table read back from the cache searches before it reads its stored sieve (about
# what 20-25 drafts cost without it: a few-draft run never pays for it, a folder soon gains).
SIEVE_AFTER = 20
_SCAN_WORDS = 200  # draft words (repeats counted) scanned in Python before rapidfuzz is imported


class CompiledPhrase:
    """One forbidden phrase ready for matching (immutable by convention: never assigned to
    after it is made).

    A plain class with slots rather than a frozen dataclass: a cold `assist lint` builds a
    few hundred from the cache, and a frozen dataclass sets each field through
    object.__setattr__ (tests/test_record.py keeps equality, hash and repr)."""

    __slots__ = (
        "allowances", "anchors", "budget", "fillers", "fuzzy_anchor", "gaps", "key_anchors",
        "keys", "non_ascii", "order", "phrase", "required", "rule", "words",
    )  # fmt: skip
    FIELDS = (
        "rule", "phrase", "words", "budget", "fillers", "required", "anchors", "fuzzy_anchor",
        "allowances", "non_ascii", "order", "gaps", "keys", "key_anchors",
    )  # fmt: skip

    rule: PhraseRule
    phrase: str
    words: tuple[str, ...]
    budget: int
    fillers: frozenset[str]
    required: frozenset[str]
    anchors: tuple[int, ...]  # words that must be exact (any one anchors a match), or all words
    fuzzy_anchor: bool
    allowances: tuple[int, ...]  # typos each word may carry
    non_ascii: int  # letters outside ASCII: more than `budget` cannot match an ASCII draft
    order: int  # position in the playbook, to break ties the same way every time
    gaps: frozenset[int]  # word indices a `...` gap stands before
    keys: frozenset[str]  # budget + 1 longer words: one of them must be exact
    key_anchors: tuple[int, ...]  # their indices in `words`

    def __init__(
        self, rule: PhraseRule, phrase: str, words: tuple[str, ...], budget: int,
        fillers: frozenset[str], required: frozenset[str], anchors: tuple[int, ...],
        fuzzy_anchor: bool, allowances: tuple[int, ...], non_ascii: int, order: int,
        gaps: frozenset[int] = frozenset(), keys: frozenset[str] = frozenset(),
        key_anchors: tuple[int, ...] = (),
    ) -> None:  # fmt: skip
        self.rule = rule
        self.phrase = phrase
        self.words = words
        self.budget = budget
        self.fillers = fillers
        self.required = required
        self.anchors = anchors
        self.fuzzy_anchor = fuzzy_anchor
        self.allowances = allowances
        self.non_ascii = non_ascii
        self.order = order
        self.gaps = gaps
        self.keys = keys
        self.key_anchors = key_anchors

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{self.__class__.__qualname__}({fields})"

    @property
    def size(self) -> int:
        """Characters of the phrase's words, the base of its score."""
        return len(" ".join(self.words))


@record
class Match:
    """A phrase found in the draft words `first..last` (inclusive)."""

    phrase: CompiledPhrase
    first: int
    last: int
    edits: int
    score: int
    tolerated: tuple[str, ...]


@record
class Miss:
    """A phrase that lined up with the draft at word `anchor` but was rejected, and why."""

    phrase: CompiledPhrase
    anchor: int
    reason: str
    progress: int  # phrase words that did line up before the rejection


class PhraseIndex:
    """All phrases of a playbook compiled once; `search` finds them in a text.

    Each phrase is filed under its rarest sure word: a word that must be exact (three letters
    or fewer) or, by the pigeonhole principle, one of `budget + 1` longer words (a match spends
    at most `budget` typos, so at least one of them stands exactly in the draft). Phrases whose
    every word may carry a typo are filed under the deletion variants of their first word.
    `prefilter=False` tries every phrase on every draft: the reference the index must equal.
    """

    _source: Playbook | None = None  # read back whole (`from_blobs`): compiled from it again
    _guard_words: _GuardWords | None = None  # made from the guards table when first needed

    def __init__(
        self, playbook: Playbook, *, prefilter: bool = True,
        canonical: Mapping[str, str] | None = None,
    ) -> None:  # fmt: skip
        """Compile `playbook`; `canonical`: the Hebrew/Arabic stems to use instead of its
        own (a team layer compiled with the whole playbook's stems)."""
        # 150,000 containers, no cycles: full collections rescanned them (a fifth of the time)
        with collector_paused():
            self._compile(playbook, prefilter, canonical)

    def _compile(
        self, playbook: Playbook, prefilter: bool, canonical: Mapping[str, str] | None
    ) -> None:
        """`__init__`'s compile: every rule's forms and guards, then the two tables."""
        self._compiling(playbook, canonical)
        self.prefilter = prefilter
        self.alternatives: dict[str, list[tuple[str, ...]]] = {}
        self._rules: list[tuple[list[str | int], PhraseRule]] = []  # (how to find it, rule)
        phrases: list[CompiledPhrase] = []
        guards: list[CompiledPhrase] = []
        for number, rule in enumerate(playbook.rules):
            forms, guard_forms, self.alternatives[rule.id] = self.rule_forms(
                playbook, rule, len(phrases), len(guards)
            )
            self._rules.append((["rule", number, rule.id], rule))
            self._rules.append((["guard", number, rule.id], guard_forms[0]))
            phrases.extend(forms)
            guards.extend(guard_forms[1])
        for code, language in sorted(playbook.languages.items()):
            guard_rule, forms = self.language_guard_forms(code, language, len(guards))
            self._rules.append((["language", code, guard_rule.id], guard_rule))
            guards.extend(forms)
        self.table = _Table(phrases, prefilter)
        self.guards = _Table(guards, prefilter)
        self._guard_words = None  # made from the guards when a match first asks (_GuardWords)
        self.vocabulary = self.table.vocabulary

    def _compiling(self, playbook: Playbook, canonical: Mapping[str, str] | None) -> None:
        """What compiling the playbook's rules needs (`rule_forms`): its contractions, the
        Hebrew/Arabic stems (`canonical`, or its own), a cache of chunks' words and forms."""
        self.contractions = _merged_contractions(playbook)
        self._folded_fillers: dict[frozenset[str], frozenset[str]] = {}
        # A chunk's and a piece's words and a pattern's forms, each found once per compile.
        self._chunk_words: dict[str, tuple[str, ...]] = {}
        self._piece_words: dict[str, tuple[str, ...]] = {}
        self._chunk_stems: dict[str, tuple[str, ...]] = {}
        self._shared: dict[Any, Any] = {}  # equal fields of the compiled phrases, made once
        self._forms: dict[tuple[str, bool], Any] = {}
        self.canonical = (
            dict(canonical) if canonical is not None
            else _canonical_stems(playbook, self.contractions, self._shapes, self._words)
        )  # fmt: skip

    @classmethod
    def compiler(cls, playbook: Playbook, canonical: Mapping[str, str]) -> PhraseIndex:
        """An index with nothing compiled yet, ready to compile rules of `playbook` one at a
        time (`rule_forms`, `language_guard_forms`) with these stems."""
        index = cls.__new__(cls)
        index._compiling(playbook, canonical)
        return index

    def rule_forms(
        self, playbook: Playbook, rule: PhraseRule, order: int = 0, guard_order: int = 0
    ) -> tuple[
        list[CompiledPhrase], tuple[PhraseRule, list[CompiledPhrase]], list[tuple[str, ...]]
    ]:
        """One rule of `playbook` compiled: its phrase forms (numbered from `order`), its
        guards' pseudo-rule and forms (from `guard_order`), its alternatives as words."""
        language = playbook.languages.get(rule.language)
        fillers = self._fillers(language.fillers if language else frozenset())
        forms = self._compile_all(rule, rule.phrases, fillers, order)
        guard_rule = _guard_rule(rule, rule.id)
        guards = self._compile_all(guard_rule, rule.guards, fillers, guard_order, False)
        allowed = (*rule.say, *rule.exceptions)  # the rule never fires inside these
        alternatives = [w for w in (phrase_words(s, self.contractions) for s in allowed) if w]
        return forms, (guard_rule, guards), alternatives

    def language_guard_forms(
        self, code: str, language: Language, order: int = 0
    ) -> tuple[PhraseRule, list[CompiledPhrase]]:
        """A language's guards compiled under their pseudo-rule (numbered from `order`)."""
        guard_rule = _language_guard_rule(code)
        fillers = self._fillers(language.fillers)
        return guard_rule, self._compile_all(guard_rule, language.guards, fillers, order, False)

    @property
    def phrases(self) -> list[CompiledPhrase]:
        """Every compiled phrase form, in playbook order."""
        try:
            return self.table.phrases
        except StoredPartError as problem:
            self._compiled_again(problem)
            return self.table.phrases

    def to_data(self) -> dict[str, Any]:
        """The compiled index as JSON-ready data, for the playbook cache (`from_data`)."""
        rule_numbers = {id(rule): n for n, (_, rule) in enumerate(self._rules)}
        fillers = sorted(
            {p.fillers for t in (self.table, self.guards) for p in t.phrases}, key=sorted
        )
        filler_numbers = {f: n for n, f in enumerate(fillers)}
        return {
            "rules": [ref for ref, _ in self._rules],
            "fillers": [sorted(f) for f in fillers],
            "canonical": self.canonical,
            "alternatives": self.alternatives,
            "phrases": self.table.to_data(rule_numbers, filler_numbers),
            "guards": self.guards.to_data(rule_numbers, filler_numbers),
        }

    @classmethod
    def from_data(cls, playbook: Playbook, data: Any) -> PhraseIndex:
        """The index `to_data` wrote for this very playbook, without compiling it again.

        Phrases are rebuilt from their records when a draft first needs them. Raises
        ValueError (or TypeError, KeyError, IndexError) when the data does not fit the playbook.
        """
        index = cls.__new__(cls)
        index.contractions = _merged_contractions(playbook)
        index.prefilter = True
        index._folded_fillers = {}
        index._rules = [(ref, _rule_of(playbook, ref)) for ref in data["rules"]]
        index.canonical = {str(k): str(v) for k, v in data["canonical"].items()}
        index.alternatives = {
            str(rule): [tuple(map(str, words)) for words in alternatives]
            for rule, alternatives in data["alternatives"].items()
        }
        rules = [rule for _, rule in index._rules]
        fillers = [frozenset(map(str, f)) for f in data["fillers"]]
        index.table = _Table.from_data(data["phrases"], rules, fillers)
        index.guards = _Table.from_data(data["guards"], rules, fillers)
        index.vocabulary = index.table.vocabulary
        return index

    def to_blobs(self) -> list[bytes]:
        """The compiled index as texts for the playbook cache, read back in place by
        `from_blobs`: a JSON text of what every draft needs (rules, fillers, stems, each
        table's vocabulary and exact-word filing), then each table's phrase records, typo
        budgets and gate words, and deletion index (`_Table.to_blobs`)."""
        rule_numbers = {id(rule): n for n, (_, rule) in enumerate(self._rules)}
        data = self.to_data()
        texts: list[bytes] = []
        tables = (("phrases", self.table), ("guards", self.guards))
        for name, table in tables:
            meta, stored = table.to_blobs(rule_numbers, data[name])
            data[name] = meta
            texts += stored
        for name, table in tables:  # read only when a run builds its sieve
            data[name]["sieve"] = 1 + len(texts)
            texts.append(table.sieve_text())
        # read when a match first asks for its owners' guards (_GuardWords)
        text, data["guards"]["word_owners"] = self._guard_words_made().to_text()
        data["guards"]["words"] = 1 + len(texts)
        texts.append(text)
        return [json.dumps(data, ensure_ascii=False).encode("utf-8"), *texts]

    @classmethod
    def from_blobs(cls, playbook: Playbook, blob: Callable[[int], bytes]) -> PhraseIndex:
        """The index `to_blobs` wrote for this very playbook (`blob(n)`: its n-th text):
        the JSON text is decoded, the phrase records and deletion index are looked up in
        place when a draft needs them. Raises ValueError (or TypeError, KeyError,
        IndexError) when the texts do not fit the playbook."""
        data = json.loads(blob(0))
        index = cls.__new__(cls)
        index._source = playbook
        index.contractions = _merged_contractions(playbook)
        index.prefilter = True
        index._folded_fillers = {}
        rules = _StoredRules(playbook, data["rules"])
        index._rules = rules  # type: ignore[assignment]  # (ref, rule) pairs, made when used
        index.canonical = {str(k): str(v) for k, v in data["canonical"].items()}
        index.alternatives = {
            str(rule): [tuple(map(str, words)) for words in alternatives]
            for rule, alternatives in data["alternatives"].items()
        }
        fillers = [frozenset(map(str, f)) for f in data["fillers"]]
        texts = [blob(n) for n in range(1, 1 + 2 * _Table.TEXTS)]
        tables = texts[: _Table.TEXTS], texts[_Table.TEXTS :]
        index.table = _Table.from_blobs(data["phrases"], rules.rules, fillers, tables[0])
        index.guards = _Table.from_blobs(data["guards"], rules.rules, fillers, tables[1])
        for name, table in (("phrases", index.table), ("guards", index.guards)):
            number = data[name].get("sieve")
            if number is not None:  # the sieve's text, read when the table builds its sieve
                if not isinstance(number, int) or number <= 2 * _Table.TEXTS:
                    raise ValueError(f"the {name}' sieve is not a text of the index")
                table._stored_sieve = partial(blob, number)
        number, owners = data["guards"]["words"], data["guards"]["word_owners"]
        if not isinstance(number, int) or number <= 2 * _Table.TEXTS:
            raise ValueError("the guards' words are not a text of the index")
        index._guard_words = _GuardWords.stored(index.guards, partial(blob, number), owners)
        index.vocabulary = index.table.vocabulary
        return index

    def _words(self, chunk: str) -> tuple[str, ...]:
        """A pattern chunk's words (the same chunk recurs in many forms)."""
        words = self._chunk_words.get(chunk)
        if words is None:
            words = chunk_words(chunk, self.contractions, self._piece_words)
            self._chunk_words[chunk] = words
        return words

    def _stemmed_words(self, chunk: str) -> tuple[str, ...]:
        """A pattern chunk's words with the Hebrew/Arabic stems (`canonical`) put in."""
        words = self._chunk_stems.get(chunk)
        if words is None:
            words = self._words(chunk)
            if self.canonical:
                words = tuple([self.canonical.get(w, w) for w in words])
            self._chunk_stems[chunk] = words
        return words

    def _shapes(self, pattern: str, free_order: bool = False) -> Any:
        """A pattern's forms (raises PatternError), found once per pattern."""
        key = (pattern, free_order)
        shapes = self._forms.get(key)
        if shapes is None:
            try:
                shapes = self._forms[key] = forms(pattern, free_order=free_order)
            except PatternError as error:
                self._forms[key] = error
                raise
        if isinstance(shapes, PatternError):
            raise shapes
        return shapes

    def _fillers(self, fillers: frozenset[str]) -> frozenset[str]:
        """Filler words folded the way drafts are (so 'täysin' matches 'taysin' in a draft)."""
        folded = self._folded_fillers.get(fillers)
        if folded is None:
            folded = frozenset(normalize(w).text for w in fillers)
            self._folded_fillers[fillers] = folded
        return folded

    def _compile_all(
        self, rule: PhraseRule, patterns: Iterable[str], fillers: frozenset[str], order: int,
        stems: bool = True,
    ) -> list[CompiledPhrase]:  # fmt: skip
        compiled: list[CompiledPhrase] = []
        seen: set[tuple[tuple[str, ...], frozenset[int]]] = set()  # (words, gaps) of one rule
        words_of = self._stemmed_words if stems else self._words
        shared = self._shared
        for pattern in patterns:
            try:
                shapes = self._shapes(pattern, rule.word_order == "free")
            except PatternError:
                continue  # validation reports it with its place; a Playbook built by hand skips it
            for shape in shapes:
                form = form_words(shape.chunks, words_of)
                if form[0] and form not in seen:  # "don't" = "do not": compiled once
                    seen.add(form)
                    compiled.append(
                        compiled_form(rule, pattern, *form, fillers, order + len(compiled), shared)
                    )
        return compiled

    def words_of(self, text: str) -> Words:
        """The draft's words, folded, contractions expanded, prefixes stripped toward phrases."""
        words = split_words(normalize(text), self.contractions)
        if not words.source.text.isascii():
            _strip_prefixes(words, self.vocabulary, self.canonical)
        return words

    def search(self, words: Words, languages: AbstractSet[str] | None = None) -> list[Match]:
        """Every phrase occurrence in the words (overlaps within one rule resolved, guards
        applied); with `languages`, of the rules in those languages only (the others' matches
        and guards never bear on them)."""
        try:
            return self._search(words, languages)
        except StoredPartError as problem:  # searched again, compiled: the same matches
            self._compiled_again(problem)
            return self._search(words, languages)

    def _compiled_again(self, problem: StoredPartError) -> None:
        """This index compiled from its playbook, in place of the one read back from the
        cache (`from_blobs`), a piece of which did not fit (checked only when first read);
        `problem` raised again for an index not read back whole."""
        if self._source is None:
            raise problem
        vars(self).update(vars(PhraseIndex(self._source)))

    def _search(self, words: Words, languages: AbstractSet[str] | None) -> list[Match]:
        if words.unstemmed is None and not words.source.text.isascii():
            # Words split by a caller (not `words_of`): strip prefixes on a copy, same indices.
            words = Words(
                words.words, words.written_tokens, words.origin, words.costs, words.source
            )
            _strip_prefixes(words, self.vocabulary, self.canonical)
        matches = self.table.find(words, languages)
        if matches and self.guards.count:
            # Only the guards that may cancel a match: its rule's own and its language's.
            owners: set[str] = set()
            # Only a guard in a match's sentence can cancel it (_guarded): those sentences
            # are searched, not the whole draft. (One loop, not four generators: -2 k a draft.)
            first, last = matches[0].first, matches[0].last
            for m in matches:
                rule = m.phrase.rule
                owners.add(rule.id)
                owners.add("*" + rule.language)
                if m.first < first:
                    first = m.first
                if m.last > last:
                    last = m.last
            within = _sentences(words.words, first, last)
            written = _as_written(words)
            # most drafts: no guard of the owners has all its words there, nothing to search
            # (only once the guards' table uses its sieve: a cold lint's reading the guards'
            # words cost more than the few guard searches they would spare)
            if not self.guards.sieve_ready or self._guard_words_made().may_match(
                written.words, within, owners
            ):
                found = self.guards.find(written, languages, owners, within)
                if found:
                    matches = [m for m in matches if not _guarded(m, found, words)]
        return matches

    def _guard_words_made(self) -> _GuardWords:
        """The words the guards need (`_GuardWords`): read back with the index, or made from
        the guards' table the first time they are asked for."""
        made = self._guard_words
        if made is None:
            made = self._guard_words = _GuardWords.of_table(self.guards)
        return made

    def near_misses(self, words: Words) -> list[Miss]:
        """Phrases that lined up somewhere in the words but were rejected, closest first."""
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(words.words):
            positions.setdefault(word, []).append(i)
        misses = []
        distinct = list(positions)
        for phrase in self.phrases:
            for anchor, k in _anchor_positions(phrase, words, positions, distinct, every=True):
                result = _align(phrase, words, anchor, k, explain=True)
                if isinstance(result, Miss):
                    misses.append(result)
        draft = words.words
        # Half the phrase lined up, and more than a lone one-letter word ("I").
        misses = [
            m
            for m in misses
            if 2 * m.progress >= len(m.phrase.words)
            and (m.progress > 1 or len(draft[m.anchor]) > 1)
        ]
        misses.sort(key=lambda m: (-m.progress / len(m.phrase.words), m.anchor))
        return misses

    def rules_in_reach(self, words: Words) -> set[str] | None:
        """The ids of the rules with a phrase form the sieve keeps for these draft words (a
        rule without one has no match in them: `search` aligns only the forms kept); None
        without a sieve (every form is tried). StoredPartError when a stored piece of a
        phrase's record does not fit."""
        table = self.table
        if not table.prefilter:
            return None
        return {table._owner(number) for number in table._numbers(words.words, None)}


def rule_severity() -> Severity:
    """Guards are never reported; their pseudo-rule still needs a severity."""
    return Severity.SUGGESTION


def _language_guard_rule(code: str) -> PhraseRule:
    """The pseudo-rule a language's guards are compiled under."""
    return PhraseRule(f"*{code}", rule_severity(), (), "", (), "", fuzzy=False, language=code)


def _rule_of(playbook: Playbook, ref: list[Any]) -> PhraseRule:
    """The rule a cached index refers to: ["rule" | "guard", number, id] or ["language", code,
    id]; ValueError when the playbook has no such rule."""
    kind, key, rule_id = ref
    if kind == "language" and isinstance(key, str):
        rule = _language_guard_rule(key)
    elif kind in ("rule", "guard") and isinstance(key, int) and 0 <= key < len(playbook.rules):
        rule = playbook.rules[key]
        rule = rule if kind == "rule" else _guard_rule(rule, rule.id)
    else:
        raise ValueError(f"no rule {ref!r}")
    if rule.id != rule_id:
        raise ValueError(f"rule {rule.id!r} where the index has {rule_id!r}")
    return rule


def _check_rule_ref(playbook: Playbook, ref: Any) -> None:
    """ValueError unless `ref` names a rule of the playbook as `_rule_of` reads it (without
    making a guard's pseudo-rule)."""
    kind, key, rule_id = ref
    if kind == "language" and isinstance(key, str):
        if rule_id != f"*{key}":
            raise ValueError(f"no rule {ref!r}")
    elif kind in ("rule", "guard") and isinstance(key, int) and 0 <= key < len(playbook.rules):
        if playbook.rules[key].id != rule_id:
            raise ValueError(f"rule {playbook.rules[key].id!r} where the index has {rule_id!r}")
    else:
        raise ValueError(f"no rule {ref!r}")


def _guard_rule(rule: PhraseRule, owner: str) -> PhraseRule:
    """The pseudo-rule a rule's guards are compiled under: same language, exact words (a
    typo must not turn a forbidden phrase into its own guard: "תזדרז" / "אזדרז")."""
    return replace(rule, id=owner, phrases=(), guards=(), examples=None, fuzzy=False)


def form_words(
    chunks: tuple[str, ...], words_of: Callable[[str], tuple[str, ...]]
) -> tuple[tuple[str, ...], frozenset[int]]:
    """The words of a form's chunks in turn, and the word indices a gap stands before."""
    if len(chunks) == 1:  # most forms: no gap
        return tuple(words_of(chunks[0])), _NO_GAPS
    return _gapped_words(chunks, words_of)


def compiled_form(
    rule: PhraseRule, pattern: str, words: tuple[str, ...], gaps: frozenset[int],
    fillers: frozenset[str], order: int, shared: dict[Any, Any] | None = None,
) -> CompiledPhrase:  # fmt: skip
    """A form of the rule's pattern from its (non-empty) words, its typo budget worked out
    from the rule's threshold; `shared`: see `_compiled_phrase`."""
    size = sum(map(len, words)) + len(words) - 1  # len(" ".join(words))
    budget = min(MAX_EDITS, size * (100 - rule.threshold) // 100) if rule.fuzzy else 0
    return _compiled_phrase(rule, pattern, words, gaps, budget, fillers, order, shared)


def _gapped_words(
    chunks: tuple[str, ...], words_of: Callable[[str], tuple[str, ...]]
) -> tuple[tuple[str, ...], frozenset[int]]:
    """The words of a form's chunks in turn, and the word indices a gap stands before."""
    words: list[str] = []
    gaps: set[int] = set()
    for chunk in chunks:
        if words:
            gaps.add(len(words))
        words.extend(words_of(chunk))
    gaps.discard(len(words))
    return tuple(words), frozenset(gaps) if gaps else _NO_GAPS


def _compiled_phrase(
    rule: PhraseRule, pattern: str, words: tuple[str, ...], gaps: frozenset[int], budget: int,
    fillers: frozenset[str], order: int, shared: dict[Any, Any] | None = None,
) -> CompiledPhrase:  # fmt: skip
    """A phrase form from its words and typo budget (compiled or read back from a cache).

    `shared`: the values of a compile's phrases so far; a field equal to one of them is that
    one (a compile keeps 100,000 forms: fewer objects for the garbage collector to walk).
    One function, no helpers: a cold lint builds a few hundred phrases here."""
    count = len(words)
    non_ascii = 0 if all(map(str.isascii, words)) else _non_ascii("".join(words))
    key_anchors: tuple[int, ...]
    if budget == 0:  # every word exact (most guards, every phrase of a strict rule)
        required, anchors, fuzzy_anchor = frozenset(words), tuple(range(count)), False
        allowances, keys, key_anchors = (0,) * count, _NO_WORDS, ()
    else:
        sizes = list(map(len, words))
        short: list[int] = []
        longer: list[int] = []
        for i, size in enumerate(sizes):  # one pass
            (short if size <= SHORT else longer).append(i)
        key_anchors = ()
        if len(longer) > budget:  # pigeonhole: one of budget + 1 longer words is exact
            costs = list(map(word_cost, words))  # a stable sort: ties stay in word order
            key_anchors = tuple(sorted(longer, key=costs.__getitem__)[: budget + 1])
        if 0 < budget <= MAX_EDITS:
            allowed = _ALLOWANCES[budget]
            allowances = tuple([allowed[size] if size < 9 else allowed[8] for size in sizes])
        else:
            allowances = tuple(_allowance(w, budget) for w in words)
        required = frozenset([words[i] for i in short])
        anchors = tuple(short) if short else tuple(range(count))
        fuzzy_anchor = not short and count <= budget
        keys = frozenset([words[i] for i in key_anchors]) if key_anchors else _NO_WORDS
    if shared is not None:
        same = shared.setdefault
        required, anchors, allowances, keys, key_anchors = map(
            same, (required, anchors, allowances, keys, key_anchors),
            (required, anchors, allowances, keys, key_anchors),
        )  # fmt: skip
    return CompiledPhrase(
        rule, pattern, words, budget, fillers, required, anchors, fuzzy_anchor, allowances,
        non_ascii, order, gaps, keys, key_anchors,
    )  # fmt: skip


def _non_ascii(text: str) -> int:
    """Characters of the text outside ASCII (counted in C: those its ASCII encoding drops)."""
    return len(text) - len(text.encode("ascii", "ignore"))


_NO_GAPS: frozenset[int] = frozenset()
_NO_WORDS: frozenset[str] = frozenset()

# _allowance(word, budget) by budget and word length (8 standing for 8 letters or more)
_ALLOWANCES = tuple(
    tuple(min(budget, 0 if size <= SHORT else 1 if size <= 7 else 2) for size in range(9))
    for budget in range(MAX_EDITS + 1)
)


class _Table:
    """Compiled phrases filed by their rarest word, searched together.

    A word that must be exact files its phrase under itself; a word that may carry typos
    files it under its deletion variants (every string made by deleting up to its allowance
    of letters), so a draft word finds it through its own variants: a symmetric deletion
    index, verified with the real distance. Draft words are looked up once and remembered.
    Phrases are filed by number; a table read back from the cache builds a phrase from its
    record the first time a draft needs it.
    """

    def __init__(self, phrases: list[CompiledPhrase], prefilter: bool) -> None:
        self._phrases: list[CompiledPhrase | None] = list(phrases)
        self._records: list[str] | _StoredLines = []
        self._patterns: list[str] = []
        self._rules: list[PhraseRule] = []
        self._fillers: list[frozenset[str]] = []
        self.count = len(phrases)
        self.prefilter = prefilter
        self._sieve: Sieve | None = None
        self._stored_sieve: Callable[[], bytes] | None = None  # read back: the sieve's text
        self._searched = 0
        self.sieve_after = 0  # compiled here: the sieve is built for the first draft
        self.vocabulary = frozenset(chain.from_iterable([p.words for p in phrases]))
        self.by_word: dict[str, list[int]] = {}
        # variant -> {filed word: phrase numbers (or their text, parsed when first used)}
        self.by_deletion: dict[str, dict[str, Any]] = {}
        # the deletion index as lines: compiled, by variant; read back, sorted (`to_data`) or
        # in buckets (`to_blobs`)
        self._deletion_lines: dict[str, str] | list[str] | _StoredBuckets = {}
        self._filed: dict[int, str] | None = None  # compiled: phrase number -> its filed word
        self.deletion_depth = 0
        self.deletion_ascii = False  # whether an ASCII draft word can be near a filed word
        self._near: dict[str, tuple[list[int], dict[str, list[int]]]] = {}
        self._near_found: set[str] = set()  # the words in _near that have phrases near them
        self._sides: list[list[tuple[_Side, ...] | None] | None] = [None] * len(phrases)
        self._gates: list[tuple[int, str] | None] | _StoredGates = [None] * len(phrases)
        self._fits: dict[tuple[str, int, frozenset[str]], dict[str, bool]] = {}
        costs = _FilingCosts(_patterns_using(phrases))
        filings: dict[str, list[tuple[int, int]]] = {}  # filed word -> (number, depth)
        self._filed = filed = {}
        for number, phrase in enumerate(phrases):
            word, depth = _form_filing(phrase.words, phrase.budget, costs)
            if depth == 0:
                self.by_word.setdefault(word, []).append(number)
                continue
            self.deletion_depth = max(self.deletion_depth, depth)
            self.deletion_ascii |= word.isascii() or _non_ascii(word) <= depth
            filings.setdefault(word, []).append((number, depth))
            filed[number] = word
        self._deletion_lines = _deletion_lines(filings)

    @property
    def phrases(self) -> list[CompiledPhrase]:
        """Every phrase of the table, in order."""
        return [self._phrase(n) for n in range(self.count)]

    def forms(self) -> Iterator[tuple[str, int, tuple[str, ...]]]:
        """(rule id, typo budget, words) of each phrase, built or not (from its record)."""
        for number, phrase in enumerate(self._phrases):
            if phrase is not None:
                yield phrase.rule.id, phrase.budget, phrase.words
            else:
                rule, _, budget, _, _, _, words = self._records[number].split("\t")
                yield self._rules[int(rule)].id, int(budget), tuple(words.split(" "))

    def _phrase(self, number: int) -> CompiledPhrase:
        phrase = self._phrases[number]
        if phrase is None:  # read back from the cache: built from its record on first use
            fields = self._records[number].split("\t")
            phrase = self._built(number, fields, tuple(fields[6].split(" ")))
        return phrase

    def _phrase_within(self, number: int, present: AbstractSet[str]) -> CompiledPhrase | None:
        """Phrase `number`, or None when its record shows that a draft whose phrase words are
        `present` cannot match it (`_may_match`): a cold lint builds a third fewer."""
        phrase = self._phrases[number]
        if phrase is None:
            fields = self._records[number].split("\t")
            words = tuple(fields[6].split(" "))
            if not _may_match(words, int(fields[2]), present):
                return None
            phrase = self._built(number, fields, words)
        return phrase

    def _built(self, number: int, fields: list[str], words: tuple[str, ...]) -> CompiledPhrase:
        """Phrase `number` built from its record's fields and words, and kept."""
        rule, pattern, budget, fillers, gaps, _, _ = fields
        phrase = self._phrases[number] = _compiled_phrase(
            self._rules[int(rule)], self._patterns[int(pattern)], words,
            frozenset(map(int, gaps.split(","))) if gaps else _NO_GAPS, int(budget),
            self._fillers[int(fillers)], number,
        )  # fmt: skip
        return phrase

    def _numbers_of(self, encoded: str) -> list[int]:
        """Phrase numbers read back from the deletion index, checked."""
        return _numbers(encoded, self.count)

    def _deleted(self, variant: str) -> dict[str, Any]:
        """A variant's entries from the deletion index's lines: {filed word: the numbers'
        text}; a line is "variant, then filed word and phrase numbers for each word"."""
        lines = self._deletion_lines
        key = f"{variant}\t"
        if isinstance(lines, dict):
            line = lines.get(variant)
        elif isinstance(lines, _StoredBuckets):
            line = lines.get(key)
        else:
            at = bisect_left(lines, key)
            line = lines[at] if at < len(lines) and lines[at].startswith(key) else None
        if line is None:
            return {}
        parts = line.split("\t")
        if len(parts) % 2 == 0:
            raise ValueError(f"deletion index line of {variant!r} does not pair up")
        return dict(zip(parts[1::2], parts[2::2], strict=True))

    def _gate_of(self, number: int) -> tuple[int, str]:
        """A phrase's typo budget and gate word ("" when it needs no exact word), from the
        phrase or, for a phrase not built yet, from its record."""
        gate = self._gates[number]
        if gate is None:
            phrase = self._phrases[number]
            if phrase is None:
                _, _, budget, _, _, _, words = self._records[number].split("\t")
                gate = (int(budget), _record_gate(words.split(" "), int(budget)))
            else:
                gate = (phrase.budget, _gate(phrase) if phrase.required else "")
            assert isinstance(self._gates, list)  # stored gates are never None
            self._gates[number] = gate
        return gate

    def _gated(self, numbers: list[int]) -> list[tuple[int, int, str]]:
        """Phrase numbers with each one's typo budget and gate word (`_gate_of`)."""
        gates = self._gates
        if isinstance(gates, _StoredGates):
            return gates.of(numbers)
        return [(n, *(gates[n] or self._gate_of(n))) for n in numbers]

    def to_data(
        self, rule_numbers: Mapping[int, int], filler_numbers: Mapping[frozenset[str], int]
    ) -> dict[str, Any]:
        """JSON-ready data for `from_data`. Phrases and the deletion index are lines of text
        (a phrase's words never hold white space), split when read and parsed when used:
        "rule, pattern, budget, fillers, gaps, filed word, words" and "variant, then each
        filed word and the phrases filed under it" (sorted: looked up by bisection)."""
        phrases = self.phrases
        patterns = list(dict.fromkeys(p.phrase for p in phrases))
        pattern_numbers = {p: n for n, p in enumerate(patterns)}
        lines = self._deletion_index()
        filed = {n: phrases[n].words.index(word) for n, word in self._filed_words(lines).items()}
        lines.sort()  # looked up by bisection when read back (no dict of every variant)
        records = [
            f"{rule_numbers[id(p.rule)]}\t{pattern_numbers[p.phrase]}\t{p.budget}\t"
            f"{filler_numbers[p.fillers]}\t{','.join(map(str, sorted(p.gaps)))}\t"
            f"{filed.get(n, '')}\t{' '.join(p.words)}"
            for n, p in enumerate(phrases)
        ]
        return {
            "patterns": patterns,
            "records": "\n".join(records),
            "vocabulary": " ".join(sorted(self.vocabulary)),
            "by_word": {word: self.by_word[word] for word in self.by_word},
            "by_deletion": "\n".join(lines),
            "deletion_depth": self.deletion_depth,
            "deletion_ascii": self.deletion_ascii,
        }

    def _deletion_index(self) -> list[str]:
        """Every line of the deletion index, in no particular order."""
        lines = self._deletion_lines
        if isinstance(lines, dict):
            return list(lines.values())
        if isinstance(lines, _StoredBuckets):
            return lines.lines()
        return list(lines)

    def _filed_words(self, lines: list[str]) -> dict[int, str]:
        """The word each phrase of the deletion index is filed under, by phrase number: noted
        while compiling, or read from the index's lines."""
        if self._filed is not None:
            return self._filed
        filed: dict[int, str] = {}
        for line in lines:
            parts = line.split("\t")
            for word, numbers in zip(parts[1::2], parts[2::2], strict=True):
                for n in self._numbers_of(numbers):
                    filed.setdefault(n, word)
        return filed

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], rules: list[PhraseRule], fillers: list[frozenset[str]]
    ) -> _Table:
        """The table `to_data` wrote; phrases are built from their records on first use."""
        patterns, records = data["patterns"], data["records"]
        if not isinstance(records, str):
            raise ValueError("phrase records are not text")
        lines = records.split("\n") if records else []
        table = cls._read_back(data, patterns, rules, fillers, len(lines))
        table._records = lines
        table.by_word = {
            str(w): [_number(n, table.count) for n in ns] for w, ns in data["by_word"].items()
        }
        deletion = data["by_deletion"]
        if not isinstance(deletion, str):
            raise ValueError("deletion index is not text")
        # Sorted "variant<TAB>numbers" lines, looked up by bisection when a draft word needs
        # them (`_deleted`): building a dict of every variant costs more than a cold lint.
        table._deletion_lines = deletion.split("\n") if deletion else []
        return table

    @classmethod
    def _read_back(
        cls, data: Mapping[str, Any], patterns: Any, rules: Any, fillers: list[frozenset[str]],
        count: int,
    ) -> _Table:  # fmt: skip
        """A table read back from the cache, its phrases, filing and deletion index not set."""
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ValueError("phrase patterns are not text")
        table = cls.__new__(cls)
        table._records = []
        table._patterns = patterns
        table._phrases = [None] * count
        table._rules = rules
        table._fillers = fillers
        table.count = count
        table.prefilter = True
        table._sieve = None
        table._stored_sieve = None
        table._searched = 0
        table.sieve_after = SIEVE_AFTER
        table.vocabulary = frozenset(str(data["vocabulary"]).split(" "))
        table.by_word = {}
        table.by_deletion = {}
        table._deletion_lines = []
        table._filed = None
        table.deletion_depth = int(data["deletion_depth"])
        table.deletion_ascii = bool(data["deletion_ascii"])
        table._near = {}
        table._near_found = set()
        table._sides = [None] * count
        table._gates = [None] * count
        table._fits = {}
        return table

    TEXTS = 8
    """Texts of a table in `to_blobs`: records, their offsets, typo budgets, gate words,
    deletion index lines, their buckets' offsets, the records' and the buckets' CRC-32s."""

    def to_blobs(
        self, rule_numbers: Mapping[int, int], data: dict[str, Any]
    ) -> tuple[dict[str, Any], list[bytes]]:
        """`to_data`'s `data` as JSON-ready data without the records and deletion index, and
        the texts `from_blobs` looks those up in: the records one after another with their
        offsets; each phrase's typo budget and gate word (by number); the deletion index's
        lines in buckets by the CRC-32 of their variant, with the buckets' offsets; the CRC-32
        of each record and each bucket (those two texts are checked piece by piece, as read:
        a cold lint reads a few hundred of the records and buckets, not megabytes)."""
        from assist.playbook.cache import PieceChecked

        records = [r.encode("utf-8") for r in data["records"].split("\n")] if self.count else []
        lines = data["by_deletion"].split("\n") if data["by_deletion"] else []
        gates = [self._gate_of(n) for n in range(self.count)]
        words = ["", *sorted({gate for _, gate in gates} - {""})]
        numbers = {word: n for n, word in enumerate(words)}
        buckets: list[list[str]] = [[] for _ in range(_bucket_count(len(lines)))]
        for line in lines:
            buckets[_bucket(line.partition("\t")[0], len(buckets))].append(line)
        bucketed = [("\n".join(bucket)).encode("utf-8") for bucket in buckets]
        meta = {key: value for key, value in data.items() if key not in ("records", "by_deletion")}
        meta["by_word"] = {w: " ".join(map(str, ns)) for w, ns in data["by_word"].items()}
        meta["gate_words"] = words
        meta["count"] = self.count
        meta["byteorder"] = sys.byteorder
        texts = [
            PieceChecked(b"".join(records)), _packed(_offsets_of(records)),
            bytes(budget for budget, _ in gates), _packed([numbers[gate] for _, gate in gates]),
            PieceChecked(b"".join(bucketed)), _packed(_offsets_of(bucketed)),
            _packed(list(map(zlib.crc32, records))), _packed(list(map(zlib.crc32, bucketed))),
        ]  # fmt: skip
        return meta, texts

    @classmethod
    def from_blobs(
        cls, data: Mapping[str, Any], rules: Any, fillers: list[frozenset[str]],
        texts: list[bytes],
    ) -> _Table:  # fmt: skip
        """The table `to_blobs` wrote; records, gates and deletion lines are read in place,
        each record, bucket and gate checked when first read (StoredPartError)."""
        if data["byteorder"] != sys.byteorder:
            raise ValueError("offsets written on a machine of the other byte order")
        records, offsets, budgets, gates, deletion, buckets, record_crcs, bucket_crcs = texts
        count = data["count"]
        if not isinstance(count, int) or len(budgets) != count:
            raise ValueError("typo budgets do not fit the records")
        table = cls._read_back(data, data["patterns"], rules, fillers, count)
        table._records = _StoredLines(
            records, _offsets(offsets, count, len(records)), _unpacked(record_crcs, count)
        )
        gate_words = [str(word) for word in data["gate_words"]]
        table._gates = _StoredGates(budgets, _unpacked(gates, count), gate_words)
        bucket_count = len(buckets) // 4 - 1
        if bucket_count < 1 or bucket_count & (bucket_count - 1):
            raise ValueError("deletion index buckets are not a power of two")
        table._deletion_lines = _StoredBuckets(
            deletion, _offsets(buckets, bucket_count, len(deletion)),
            _unpacked(bucket_crcs, bucket_count),
        )  # fmt: skip
        by_word = data["by_word"]
        if not isinstance(by_word, dict) or not all(isinstance(n, str) for n in by_word.values()):
            raise ValueError("exact-word filing is not text")
        table.by_word = _StoredNumbers(by_word, count)
        return table

    def _sieved(self) -> bool:
        """Whether drafts go through the sieve: at once for a compiled table; a table read
        back from the cache serves short runs without (building one reads every phrase)."""
        if not self.prefilter:
            return False
        if self._searched <= self.sieve_after:
            self._searched += 1
        return self.sieve_ready

    @property
    def sieve_ready(self) -> bool:
        """Whether the table has searched the drafts it waits for before using its sieve."""
        return self._searched > self.sieve_after

    def _numbers(self, words: list[str], languages: AbstractSet[str] | None) -> list[int]:
        """The sieve's candidates among all the table's phrases."""
        try:
            return self._made_sieve().numbers(words, languages)
        except StoredPartError:  # a stored piece of the sieve does not fit: built instead
            self._sieve = Sieve(self.phrases, MAX_FILLERS)
            return self._sieve.numbers(words, languages)

    def _made_sieve(self) -> Sieve:
        """The table's sieve, made when first asked for (`_new_sieve`)."""
        if self._sieve is None:
            self._sieve = self._new_sieve()
        return self._sieve

    def _new_sieve(self) -> Sieve:
        """The sieve read back from its stored text (a table read from the cache: no phrase
        built), or built from every phrase."""
        if self._stored_sieve is not None:
            try:
                return Sieve.from_text(self._stored_sieve(), MAX_FILLERS, self.count)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                pass  # not fitting: built from the phrases below
        return Sieve(self.phrases, MAX_FILLERS)

    def sieve_text(self) -> bytes:
        """The table's sieve as text for the cache (built now, and kept, when not yet)."""
        return self._made_sieve().to_text()

    def _owned_numbers(
        self, words: list[str], languages: AbstractSet[str] | None, rules: AbstractSet[str]
    ) -> list[int]:
        """The sieve's candidates among the phrases of these rule ids only (guards are
        searched for the few rules that matched): one pass of the table's sieve, whose cost
        is mostly per draft word, then its candidates of other rules dropped."""
        return [n for n in self._numbers(words, languages) if self._owner(n) in rules]

    def _owner(self, number: int) -> str:
        """Phrase `number`'s rule id (from its record when it is not built)."""
        phrase = self._phrases[number]
        if phrase is not None:
            return phrase.rule.id
        return self._rules[int(self._records[number].partition("\t")[0])].id

    def candidates(
        self, words: Words, present: AbstractSet[str], rules: AbstractSet[str] | None = None
    ) -> list[CompiledPhrase]:
        """Phrases that may match: filed under a present word, or near a draft word (and then
        only those whose gate, one of the words they need exactly, is present); with `rules`,
        only phrases of those rule ids (and whose gate is present), the others left unbuilt."""
        if not self.prefilter:
            every = self.phrases
            return every if rules is None else [p for p in every if p.rule.id in rules]
        by_word = self.by_word
        numbers: set[int] = set()
        for word in by_word.keys() & present:
            numbers.update(by_word[word])
        deletes = self.by_deletion or self._deletion_lines
        if deletes and (self.deletion_ascii or not words.source.text.isascii()):
            distinct = set(words.words)
            for word in distinct.difference(self._near):
                self._near_phrases(word)
            near = self._near
            for word in distinct & self._near_found:
                ungated, gated = near[word]
                numbers.update(ungated)
                for gate in gated.keys() & present:
                    numbers.update(gated[gate])
        known = self._phrases
        if rules is not None:  # guards of the rules that matched: a cold lint builds a third
            return [known[n] or self._phrase(n) for n in numbers if self._kept(n, rules, present)]
        found = [known[n] or self._phrase_within(n, present) for n in numbers]
        return [phrase for phrase in found if phrase is not None]

    def _kept(self, number: int, rules: AbstractSet[str], present: AbstractSet[str]) -> bool:
        """Whether phrase `number` is of one of `rules`, and (not built yet: from its record)
        its gate word is present, as a match needs."""
        phrase = self._phrases[number]
        if phrase is not None:
            return phrase.rule.id in rules
        if self._rules[int(self._records[number].partition("\t")[0])].id not in rules:
            return False
        gate = (self._gates[number] or self._gate_of(number))[1]
        return not gate or gate in present

    def _near_phrases(self, word: str) -> None:
        """Remember the phrases filed under a word within its typo allowance of this draft
        word: those that need no exact word, and the others by their gate word."""
        seen: set[int] = set()
        ungated: list[int] = []
        gated: dict[str, list[int]] = {}
        if len(word) > 1 and not is_break(word):
            by_deletion = self.by_deletion
            lines = self._deletion_lines
            size = len(word)
            for variant in deletions(word, min(self.deletion_depth, _draft_depth(size))):
                groups = by_deletion.get(variant)
                if groups is None:
                    groups = self._deleted(variant) if lines else None
                    if not groups:
                        continue
                    by_deletion[variant] = groups
                for filed, numbers in groups.items():
                    # One distance per filed word (word_distance's, at the widest allowance);
                    # each phrase filed under it then needs it within its own allowance.
                    edits = 0
                    if filed != word:
                        widest = _allowance(filed, MAX_EDITS)
                        if not widest or abs(len(filed) - size) > widest:
                            continue
                        edits = _distance(filed, word, widest)
                        if edits > widest:
                            continue
                    if isinstance(numbers, str):  # read back: parsed once, when first near
                        numbers = groups[filed] = self._gated(self._numbers_of(numbers))
                    for number, budget, gate in numbers:
                        # within the filed word's widest allowance, its own is the budget's
                        if number in seen or edits > budget:
                            continue
                        seen.add(number)
                        if gate:
                            gated.setdefault(gate, []).append(number)
                        else:
                            ungated.append(number)
        if len(self._near) > _NEAR_CACHE_SIZE:
            self._near.clear()
            self._near_found.clear()
        self._near[word] = (ungated, gated)
        if seen:
            self._near_found.add(word)

    def find(
        self,
        words: Words,
        languages: AbstractSet[str] | None = None,
        rules: AbstractSet[str] | None = None,
        within: tuple[int, int] | None = None,
    ) -> list[Match]:
        """Every occurrence of this table's phrases (best per rule where they overlap); with
        `languages`, the sieve skips phrases of other languages; with `rules`, only phrases
        of those rule ids are tried; with `within` (whole sentences, `_sentences`), only the
        occurrences in draft words [start, end) are looked for (no match crosses a sentence
        mark, and the anchors are chosen by their counts in the whole draft, as without)."""
        draft = words.words
        low, high = within if within is not None else (0, len(draft))
        if self._sieved():
            sieved = draft if within is None else draft[low:high]
            numbers = (
                self._numbers(sieved, languages)
                if rules is None
                else self._owned_numbers(sieved, languages, rules)
            )
            known = self._phrases
            candidates = [known[n] or self._phrase(n) for n in numbers]
            if not candidates:
                return []
            # 1-3 candidates: their words' places found in one pass over the draft, and only
            # their words asked about (not the vocabulary's): -50 k an ASCII finding draft
            wanted = set(chain.from_iterable([phrase.words for phrase in candidates]))
            if within is not None:  # (a match `within` has its words there)
                wanted.intersection_update(sieved)
            standing = _places(draft, wanted)
            present: AbstractSet[str] = set(standing)
            positions: Mapping[str, list[int]] | _Positions = standing
            counts: Counter[str] | None = None  # (their places say how often they stand)
        else:
            counts = Counter(draft)  # many candidates: counted, places found for the rarest
            present = self.vocabulary.intersection(counts)
            candidates = self.candidates(words, present, rules)
            if not candidates:
                return []
            positions = _Positions(draft, present)
        count = len(draft)
        ascii_draft = words.source.text.isascii()
        matches: dict[tuple[int, int], Match] = {}
        for phrase in candidates:
            if not phrase.required <= present or (ascii_draft and phrase.non_ascii > phrase.budget):
                continue
            if phrase.keys and present.isdisjoint(phrase.keys):
                continue  # pigeonhole: none of the words that must be exact is there
            if phrase.required:  # the usual case, as _anchor_positions does it, inline
                anchor = phrase.anchors[0]  # (one anchor, most phrases: no call)
                if len(phrase.anchors) > 1:
                    anchor, places = _rarest_anchor(phrase, positions, counts)
                else:
                    places = positions.get(phrase.words[anchor], ())
                pairs: Iterable[tuple[int, int]] = [(anchor, k) for k in places]
            else:  # (the draft's words, repeats and all: -31 k a fuzzy-anchored search)
                pairs = _anchor_positions(phrase, words, positions, draft)
            sides = self._sides[phrase.order] or self._unknown_sides(phrase)
            reach = -1  # the last draft word of this phrase's latest match
            for anchor, k in pairs:
                if k <= reach or not low <= k < high:
                    continue
                side = sides[anchor]
                if side is None:
                    side = self._neighbour_sides(phrase, anchor, sides)
                for step, fits, expected, allowance, fillers in side:
                    # Cheap pre-check: the neighbour can continue the phrase (remembered per
                    # draft word, as word, filler or typo).
                    kk = k + step
                    if not 0 <= kk < count:
                        break
                    got = draft[kk]
                    ok = fits.get(got)
                    if ok is None:
                        ok = fits[got] = _fits(got, expected, allowance, fillers)
                    if not ok:
                        break
                else:
                    match = _align(phrase, words, anchor, k, explain=False)
                    if isinstance(match, Match):
                        key = (phrase.order, match.first)
                        if key not in matches or matches[key].score < match.score:
                            matches[key] = match
                        reach = max(reach, match.last) if phrase.required else reach
        return _best_per_rule(list(matches.values()))

    def _unknown_sides(self, phrase: CompiledPhrase) -> list[tuple[_Side, ...] | None]:
        """A phrase's neighbour checks per anchor, none made yet (each is made when a draft
        first anchors the phrase at that word: a search uses one or two of its words)."""
        sides: list[tuple[_Side, ...] | None] = [None] * len(phrase.words)
        self._sides[phrase.order] = sides
        return sides

    def _neighbour_sides(
        self, phrase: CompiledPhrase, anchor: int, sides: list[tuple[_Side, ...] | None]
    ) -> tuple[_Side, ...]:
        """With the phrase's word `anchor` as the anchor, the neighbours a match needs: (step,
        remembered answers, expected word, typos allowed, fillers); none across a gap."""
        words = phrase.words
        found = []
        for j, step in ((anchor + 1, 1), (anchor - 1, -1)):
            if not 0 <= j < len(words) or max(j, anchor) in phrase.gaps:
                continue
            spec = (words[j], phrase.allowances[j], phrase.fillers)
            fits = self._fits.get(spec)
            if fits is None or len(fits) > _NEAR_CACHE_SIZE:
                fits = self._fits[spec] = {}
            found.append((step, fits, *spec))
        result = sides[anchor] = tuple(found)
        return result


class StoredPartError(ValueError):
    """A piece of a table read in place (a record, a deletion index bucket, a gate) does not
    fit its checksum or the table: the part is compiled again (assist.lint.layered.Part)."""


class _StoredLines:
    """Texts stored one after another (`_Table.to_blobs`), read by number in place, each
    checked against its CRC-32 the first time it is read (StoredPartError)."""

    __slots__ = ("crcs", "data", "offsets", "unchecked")

    def __init__(self, data: bytes, offsets: memoryview, crcs: memoryview) -> None:
        self.data = data
        self.offsets = offsets
        self.crcs = crcs
        self.unchecked = bytearray(b"\1") * len(crcs)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, number: int) -> str:
        offsets = self.offsets
        text = self.data[offsets[number] : offsets[number + 1]]
        if self.unchecked[number]:
            if zlib.crc32(text) != self.crcs[number]:
                raise StoredPartError(f"stored text {number} does not fit its checksum")
            self.unchecked[number] = 0
        return str(text, "utf-8")


class _StoredBuckets:
    """A deletion index as stored (`_Table.to_blobs`): its lines in buckets by the CRC-32 of
    their variant; a bucket is read only when a draft word's variant falls in it."""

    __slots__ = ("buckets", "mask")

    def __init__(self, data: bytes, offsets: memoryview, crcs: memoryview) -> None:
        self.buckets = _StoredLines(data, offsets, crcs)
        self.mask = len(self.buckets) - 1  # a power of two, less one

    def __len__(self) -> int:
        return len(self.buckets)

    def get(self, key: str) -> str | None:
        """The line that starts with `key` (a variant and a tab), or None."""
        text = self.buckets[zlib.crc32(key[:-1].encode("utf-8")) & self.mask]
        at = 0 if text.startswith(key) else text.find(f"\n{key}") + 1
        if not at and not text.startswith(key):
            return None
        end = text.find("\n", at)
        return text[at:] if end < 0 else text[at:end]

    def lines(self) -> list[str]:
        """Every line, in no particular order."""
        return [line for n in range(len(self.buckets)) for line in self.buckets[n].split("\n")
                if line]  # fmt: skip


class _StoredGates:
    """Each phrase's typo budget and gate word as stored (`_Table.to_blobs`), by number."""

    __slots__ = ("budgets", "numbers", "words")

    def __init__(self, budgets: bytes, numbers: memoryview, words: list[str]) -> None:
        self.budgets = budgets
        self.numbers = numbers
        self.words = words

    def __getitem__(self, number: int) -> tuple[int, str]:
        try:  # checked as read: a max() over every gate number cost a cold lint 3%
            return self.budgets[number], self.words[self.numbers[number]]
        except IndexError:
            raise StoredPartError(f"gate of phrase {number} does not fit the table") from None

    def of(self, numbers: list[int]) -> list[tuple[int, int, str]]:
        """Each of the phrase numbers with its budget and gate word (checked as read)."""
        budgets, gates, words = self.budgets, self.numbers, self.words
        try:
            return [(n, budgets[n], words[gates[n]]) for n in numbers]
        except IndexError:
            raise StoredPartError("a gate of these phrases does not fit the table") from None


class _StoredNumbers(dict[str, "Any"]):
    """Phrases filed under an exact word as stored ({word: their numbers' text}), each
    word's numbers parsed and checked when a draft first holds it."""

    def __init__(self, stored: dict[str, str], count: int) -> None:
        super().__init__(stored)
        self.count = count

    def __getitem__(self, word: str) -> list[int]:
        numbers = super().__getitem__(word)
        if isinstance(numbers, str):
            numbers = _numbers(numbers, self.count)
            self[word] = numbers
        return numbers


class _StoredRules:
    """The rules a stored index names (["rule" | "guard", number, id] or ["language", code,
    id]), each checked when read back and made when a phrase first needs it (a guard's
    pseudo-rule is a copy of its rule)."""

    def __init__(self, playbook: Playbook, refs: list[Any]) -> None:
        for ref in refs:
            _check_rule_ref(playbook, ref)
        self.playbook = playbook
        self.refs = refs
        self.made: list[PhraseRule | None] = [None] * len(refs)
        self.rules = _RulesByNumber(self)

    def rule(self, number: int) -> PhraseRule:
        """The rule of this number."""
        rule = self.made[number]
        if rule is None:
            rule = self.made[number] = _rule_of(self.playbook, self.refs[number])
        return rule

    def __iter__(self) -> Iterator[tuple[list[Any], PhraseRule]]:
        return iter([(ref, self.rule(n)) for n, ref in enumerate(self.refs)])

    def __len__(self) -> int:
        return len(self.refs)


class _RulesByNumber:
    """`_StoredRules` as the list of rules a table looks its records' rules up in."""

    __slots__ = ("stored",)

    def __init__(self, stored: _StoredRules) -> None:
        self.stored = stored

    def __getitem__(self, number: int) -> PhraseRule:
        return self.stored.rule(number)


def _deletion_lines(filings: Mapping[str, list[tuple[int, int]]]) -> dict[str, str]:
    """A compiled table's deletion index as lines by variant: "variant, then each filed word
    and the phrases filed under it", the words in the order of their first phrase. A variant
    that deletes k letters of a word files the phrases whose word may carry k typos or more."""
    groups: list[tuple[int, set[str], str]] = []
    for word, filed in filings.items():
        depths = {depth for _, depth in filed}
        if len(depths) == 1:  # the usual case: every variant files all of the word's phrases
            numbers = " ".join([str(n) for n, _ in filed])
            groups.append((filed[0][0], deletions(word, depths.pop()), f"\t{word}\t{numbers}"))
            continue
        for k, variants in enumerate(deletion_levels(word, max(depths))):
            phrases = [n for n, depth in filed if depth >= k]
            groups.append((phrases[0], variants, f"\t{word}\t{' '.join(map(str, phrases))}"))
    groups.sort(key=lambda group: group[0])  # a word's groups share no variant
    lines: dict[str, str] = {}
    for _, variants, tail in groups:
        fresh = {variant: variant + tail for variant in variants}
        for variant in fresh.keys() & lines.keys():  # another word filed there first
            fresh[variant] = lines[variant] + tail
        lines.update(fresh)
    return lines


def _bucket_count(lines: int) -> int:
    """Buckets for a deletion index of this many lines: a power of two, about four lines each."""
    count = 1
    while count * 4 < lines:
        count *= 2
    return count


def _bucket(variant: str, count: int) -> int:
    return zlib.crc32(variant.encode("utf-8")) & (count - 1)


def _offsets_of(texts: list[bytes]) -> list[int]:
    """Where each text starts when they are joined, and where the last one ends."""
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + len(text))
    return offsets


def _packed(numbers: list[int]) -> bytes:
    """Unsigned 32-bit numbers in this machine's byte order (read back without a copy)."""
    from array import array

    return array("I", numbers).tobytes()


def _unpacked(text: bytes, count: int) -> memoryview:
    """`count` numbers `_packed` wrote (ValueError, TypeError when they are not that)."""
    numbers = memoryview(text).cast("I")
    if numbers.itemsize != 4 or len(numbers) != count:
        raise ValueError("stored numbers do not fit")
    return numbers


def _offsets(text: bytes, count: int, size: int) -> memoryview:
    """The offsets of `count` texts joined into `size` bytes, as `_packed` wrote them."""
    offsets = _unpacked(text, count + 1)
    if offsets[0] != 0 or offsets[count] != size:
        raise ValueError("stored offsets do not fit")
    return offsets


_Side = tuple[int, dict[str, bool], str, int, frozenset[str]]


def _may_match(words: tuple[str, ...], budget: int, present: AbstractSet[str]) -> bool:
    """Whether a draft whose phrase words are `present` passes the first tests `_Table.find`
    makes of a phrase of these words and typo budget: every word it needs exactly is there
    (all of them without typos, else the short ones), and, when more of its longer words than
    its budget must line up, one of them is (its pigeonhole keys are some of those)."""
    if budget == 0:
        return frozenset(words) <= present
    longer = 0
    seen = False
    for word in words:
        if len(word) <= SHORT:
            if word not in present:
                return False
        else:
            longer += 1
            seen = seen or word in present
    return seen or longer <= budget


def _draft_depth(size: int) -> int:
    """Letters a draft word of this length needs deleted to meet, in the deletion index, every
    filed word it can be near: as many as the typos a filed word within reach may carry (two
    for one of 8 letters or more, so a draft word of 6 or more; one for 4 to 7 letters, so 3
    or more; none for shorter words, which must be exact). Each typo costs each side at most
    one deletion, and a variant's line holds every phrase whose word may carry that many."""
    return 2 if size >= 6 else 1 if size >= SHORT else 0


def _fits(got: str, expected: str, allowance: int, fillers: frozenset[str]) -> bool:
    """Whether a draft word can stand next to the anchor for the phrase word `expected`."""
    if got == expected or got in fillers:
        return True
    return bool(allowance) and _distance(expected, got, allowance) <= allowance


def _numbers(encoded: str, count: int) -> list[int]:
    """Phrase numbers read back from the cache as text ("3 17 42"), checked (ValueError):
    parsed and range-checked in C calls, a cold lint reads a few thousand."""
    numbers = list(map(int, encoded.split(" ")))
    if min(numbers) < 0 or max(numbers) >= count:
        raise ValueError(f"bad phrase number {next(n for n in numbers if not 0 <= n < count)}")
    return numbers


def _number(value: Any, count: int) -> int:
    """A phrase number read back from the cache, checked."""
    if not isinstance(value, int) or not 0 <= value < count:
        raise ValueError(f"bad phrase number {value!r}")
    return value


class _Positions:
    """Where each phrase word stands in the draft, found only for the words asked about: a
    search without the sieve (a table read back from the cache, its first drafts), whose
    candidates each ask about their rarest anchor; one scan a word costs less than indexing
    every draft word (a sieved search finds its candidates' words at once: `_places`)."""

    __slots__ = ("found", "present", "words")

    def __init__(self, words: list[str], present: AbstractSet[str]) -> None:
        self.words = words
        self.present = present
        self.found: dict[str, list[int]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self.present

    def get(self, word: str, default: Any = ()) -> Any:
        """The indices of `word` in the draft, or `default` when it is not there."""
        found = self.found.get(word)
        if found is None:
            if word not in self.present:
                return default
            found = self.found[word] = _occurrences(self.words, word)
        return found


def _places(words: list[str], wanted: AbstractSet[str]) -> dict[str, list[int]]:
    """Where each of the `wanted` words stands in `words` (those absent left out): the
    indices found in one C pass, then filed by word."""
    places: dict[str, list[int]] = {}
    for k in compress(range(len(words)), map(wanted.__contains__, words)):
        word = words[k]
        found = places.get(word)
        if found is None:
            places[word] = [k]
        else:
            found.append(k)
    return places


def _gate(phrase: CompiledPhrase) -> str:
    """The word of those a phrase needs exactly that is likely rarest in drafts."""
    return min(phrase.required, key=_gate_rank)


def _gate_rank(word: str) -> tuple[float, int, str]:
    return word_cost(word), -len(word), word


def _record_gate(words: list[str], budget: int) -> str:
    """`_gate` of the phrase a cached record describes ("" when it needs no exact word):
    the words it needs exactly are those of three letters or fewer, or all without typos."""
    required = {w for w in words if len(w) <= SHORT or budget == 0}
    return min(required, key=_gate_rank) if required else ""


def _occurrences(words: list[str], word: str) -> list[int]:
    """Indices of `word` in `words` (list.index scans in C)."""
    found: list[int] = []
    index = words.index
    at = -1
    try:
        while True:
            at = index(word, at + 1)
            found.append(at)
    except ValueError:
        return found


def _filing(phrase: CompiledPhrase, shared: Mapping[str, int]) -> tuple[str, int]:
    """The word a phrase is filed under and the typos that word may carry.

    The rarest word: likely rare in drafts (long, not common) and used by few other phrases,
    so that a draft containing it wakes few phrases.
    """
    return form_filing(phrase.words, phrase.budget, shared)


def form_filing(
    words: tuple[str, ...] | list[str], budget: int, shared: Mapping[str, int]
) -> tuple[str, int]:
    """`_filing` of the phrase form with these words and typo budget, from the fields
    `_compiled_phrase` gives it: a form without short words and with at most `budget` words
    is anchored (and filed) at its first word; words of three letters or fewer, or every
    word of a form without typos, must be exact (filed with no typos)."""
    return _form_filing(words, budget, _FilingCosts(shared))


def _patterns_using(phrases: list[CompiledPhrase]) -> Counter[str]:
    """How many patterns use each word (the forms of one pattern do not count against it)."""
    pattern_words: dict[tuple[str, str], set[str]] = {}
    for phrase in phrases:
        key = (phrase.rule.id, phrase.phrase)
        words = pattern_words.get(key)
        if words is None:
            words = pattern_words[key] = set()
        words.update(phrase.words)
    return Counter(chain.from_iterable(pattern_words.values()))


class _FilingCosts(dict[str, float]):
    """Word -> the cost of filing a phrase under it: likely in drafts (`word_cost`) and used
    by many patterns (`shared`); worked out once per word (a table files 100,000 forms)."""

    def __init__(self, shared: Mapping[str, int]) -> None:
        super().__init__()
        self.shared = shared

    def __missing__(self, word: str) -> float:
        cost = self[word] = word_cost(word) * sqrt(self.shared[word])
        return cost


def _form_filing(
    words: tuple[str, ...] | list[str], budget: int, filing_costs: Mapping[str, float]
) -> tuple[str, int]:
    """`form_filing` with the words' filing costs at hand."""
    if budget and len(words) <= budget and all(len(w) > SHORT for w in words):
        return words[0], _allowed(words[0], budget)  # fuzzy_anchor: where the matcher anchors it
    costs = list(map(filing_costs.__getitem__, words))
    best = costs.index(min(costs))  # the first of the cheapest
    word = words[best]
    return word, 0 if not budget or len(word) <= SHORT else _allowed(word, budget)


def _allowed(word: str, budget: int) -> int:
    """The typos a word of a form with this budget may carry (`_compiled_phrase`'s)."""
    if 0 < budget <= MAX_EDITS:
        return _ALLOWANCES[budget][min(len(word), 8)]
    return _allowance(word, budget)


def _as_written(words: Words) -> Words:
    """The words before prefix stripping (guards compare written words)."""
    if words.unstemmed is None:
        return words
    return Words(words.unstemmed, words.written_tokens, words.origin, words.costs, words.source)


def _canonical_stems(
    playbook: Playbook, contractions: Mapping[str, str], shapes_of: Callable[[str], Any],
    words_of: Callable[[str], tuple[str, ...]],
) -> dict[str, str]:  # fmt: skip
    """Hebrew/Arabic phrase words that are another phrase word with a prefix (ואתה -> אתה).

    Phrases and drafts both use the stem, so "אני צודק ואתה טועה" and "אתה טועה" agree.
    """
    texts = [p for r in playbook.rules for p in r.phrases]  # guards match words as written
    vocabulary = stem_vocabulary(texts, shapes_of, words_of)
    canonical: dict[str, str] = {}
    for word in sorted(vocabulary):  # sorted: the cache entry's bytes do not depend on hashing
        if len(word) >= 3 and is_prefixed_script(word):
            stem = stem_toward(word, vocabulary)
            if stem is not None:
                canonical[word] = stem
    for word, stem in canonical.items():  # a stem that is itself prefixed: follow it
        for _ in range(3):
            stem = canonical.get(stem, stem)
        canonical[word] = stem
    return canonical


def stem_vocabulary(
    phrases: Iterable[str], shapes_of: Callable[[str], Any],
    words_of: Callable[[str], tuple[str, ...]],
) -> set[str]:  # fmt: skip
    """The words of the phrases that are not ASCII text (those Hebrew/Arabic stems come
    from); a phrase that is not a valid pattern has none."""
    vocabulary: set[str] = set()
    for text in phrases:
        if text.isascii():
            continue
        try:
            shapes = shapes_of(text)
        except PatternError:
            continue
        for shape in shapes:
            for chunk in shape.chunks:
                vocabulary.update(words_of(chunk))
    return vocabulary


def _strip_prefixes(words: Words, vocabulary: frozenset[str], canonical: Mapping[str, str]) -> None:
    """Hebrew and Arabic words compared without a prefix when that makes a phrase word."""
    changed: list[str] | None = None
    for k, word in enumerate(words.words):
        if word in canonical:
            stem: str | None = canonical[word]
        elif word in vocabulary or len(word) < 3 or not is_prefixed_script(word):
            continue
        else:
            stem = stem_toward(word, vocabulary)
        if stem is not None:
            if changed is None:
                changed = list(words.words)
            changed[k] = stem
    if changed is not None:
        words.unstemmed = words.words
        words.words = changed


def _sentences(words: list[str], first: int, last: int) -> tuple[int, int]:
    """[start, end) of the draft words of the sentences that hold words first..last: from
    after the sentence mark before `first` to the one after `last` (or the draft's ends)."""
    start = first
    while start > 0 and words[start - 1] not in BREAK_TOKENS:
        start -= 1
    end = last + 1
    while end < len(words) and words[end] not in BREAK_TOKENS:
        end += 1
    return start, end


def _guarded(match: Match, guards: list[Match], words: Words) -> bool:
    """True when a guard of the match's rule or language overlaps it or stands right before
    it (a rule's own guards also right after it), in the same sentence."""
    rule = match.phrase.rule
    for guard in guards:
        owner = guard.phrase.rule.id
        if owner == rule.id:
            low, high = match.first - GUARD_REACH - 1, match.last + GUARD_REACH + 1
        elif owner == f"*{rule.language}":
            low, high = match.first - GUARD_REACH - 1, match.last
        else:
            continue
        if guard.last < low or guard.first > high:
            continue
        between = range(min(guard.last, match.last) + 1, max(guard.first, match.first))
        if not any(is_break(words.words[i]) for i in between):
            return True
    return False


class _GuardWords:
    """The words each owner's guards need: the guards' search is skipped where none of them
    can match (most drafts with a finding), never where one could.

    A guard has no typo budget (`_guard_rule`), so it matches only where every one of its
    words stands in the sentences searched. An owner (a rule id, or "*" and a language code)
    keeps its guards' distinct sets of words by key, each set's rarest word (`word_cost`):
    {key: the other words of each set}; an owner with a guard that could match otherwise (a
    typo budget, a sentence mark among its words) is None: always searched. Read back from the
    cache (`stored`), an owner's sets are parsed when a match of it first asks; a stored text
    that does not fit is made from the guards' table instead.
    """

    def __init__(
        self, owners: dict[str, dict[str, list[frozenset[str]]] | None],
        table: _Table | None = None, text: Callable[[], bytes] | None = None,
        places: Mapping[str, Any] | None = None,
    ) -> None:  # fmt: skip
        self._owners = owners  # owner -> its sets by key (parsed), None: always searched
        self._table = table  # read back: what the sets are made from when the text does not fit
        self._text = text
        self._places: Mapping[str, Any] = places or {}  # owner -> [start, end) in the text
        self._read: bytes | None = None

    @classmethod
    def of_table(cls, table: _Table) -> _GuardWords:
        """The sets of every owner's guards in the table."""
        sets: dict[str, dict[frozenset[str], None] | None] = {}
        for owner, budget, words in table.forms():
            found = sets.setdefault(owner, {})
            if found is None:
                continue
            if budget or not BREAK_TOKENS.isdisjoint(words):
                sets[owner] = None  # may match without every word, or across a sentence mark
            else:
                found[frozenset(words)] = None
        return cls({o: None if f is None else _keyed_sets(f) for o, f in sets.items()})

    @classmethod
    def stored(cls, table: _Table, text: Callable[[], bytes], places: Any) -> _GuardWords:
        """The sets `to_text` wrote (`text()`: that text, read when first needed; `places`:
        each owner's [start, end) in it, or None)."""
        if not isinstance(places, dict):
            raise ValueError("the guards' word places are not a mapping")
        return cls({}, table, text, places)

    def to_text(self) -> tuple[bytes, dict[str, list[int] | None]]:
        """Every owner's sets as one text, a line "key, then the other words" a set, and each
        owner's [start, end) in it (None: always searched), for `stored`."""
        texts: list[bytes] = []
        places: dict[str, list[int] | None] = {}
        size = 0
        for owner in sorted({*self._owners, *self._places}):
            keyed = self._sets_of(owner)
            if keyed is None:
                places[owner] = None
                continue
            lines = [f"{key}\t{' '.join(sorted(rest))}" for key in keyed for rest in keyed[key]]
            texts.append("\n".join(lines).encode("utf-8"))
            places[owner] = [size, size + len(texts[-1])]
            size += len(texts[-1])
        return b"".join(texts), places

    def may_match(
        self, words: list[str], within: tuple[int, int], owners: AbstractSet[str]
    ) -> bool:
        """Whether a guard of one of `owners` may match in draft words [start, end): every
        one of its words stands there."""
        sentence = set(words[within[0] : within[1]])
        for owner in owners:
            keyed = self._owners[owner] if owner in self._owners else self._sets_of(owner)
            if keyed is None:
                return True
            for key in keyed.keys() & sentence:
                if any(map(sentence.issuperset, keyed[key])):  # (the sets tested in C)
                    return True
        return False

    def _sets_of(self, owner: str) -> dict[str, list[frozenset[str]]] | None:
        """An owner's sets ({} when it has no guards), parsed from the stored text when first
        asked for."""
        if owner in self._owners:
            return self._owners[owner]
        if owner not in self._places:
            keyed: dict[str, list[frozenset[str]]] | None = {}
        else:
            try:
                keyed = self._parsed(self._places[owner])
            except (ValueError, TypeError, UnicodeDecodeError):  # made from the table instead
                assert self._table is not None  # only a stored text has places
                made = _GuardWords.of_table(self._table)
                self._owners, self._places = made._owners, {}
                return self._owners.get(owner, {})
        self._owners[owner] = keyed
        return keyed

    def _parsed(self, place: Any) -> dict[str, list[frozenset[str]]] | None:
        """The sets stored at `place` ([start, end) of the text; None: always searched)."""
        if place is None:
            return None
        start, end = place
        if self._read is None:
            self._read = self._text() if self._text is not None else b""
        if not 0 <= start < end <= len(self._read):
            raise ValueError("the guards' words lie outside their text")
        keyed: dict[str, list[frozenset[str]]] = {}
        for line in self._read[start:end].decode("utf-8").split("\n"):
            key, tab, rest = line.partition("\t")
            if not tab or not key:
                raise ValueError("a line of the guards' words has no key")
            keyed.setdefault(key, []).append(frozenset(rest.split()))
        return keyed


def _keyed_sets(sets: Iterable[frozenset[str]]) -> dict[str, list[frozenset[str]]]:
    """Sets of words by key, each one's rarest word (`word_cost`; ties: the first in order),
    in a fixed order (the cache's text does not depend on hashing)."""
    keyed: dict[str, list[frozenset[str]]] = {}
    for words in sorted(sets, key=sorted):
        key = min(sorted(words), key=word_cost)
        keyed.setdefault(key, []).append(words - {key})
    return keyed


def _merged_contractions(playbook: Playbook) -> dict[str, str]:
    merged: dict[str, str] = {}
    for language in playbook.languages.values():
        merged.update(language.contractions)
    return merged


def _anchor_positions(
    phrase: CompiledPhrase,
    words: Words,
    positions: Mapping[str, list[int]] | _Positions,
    choices: list[str],
    *,
    every: bool = False,
):
    """(phrase word index, draft word index) pairs where a match may be anchored; a fuzzy
    anchor is looked for among `choices`, the draft's words (distinct or not: the answer is
    the same, and rapidfuzz takes the draft's list for less than making it distinct).

    A match needs only one anchor (the rarest); `every` yields them all, for explanations.
    """
    if phrase.fuzzy_anchor:
        near = _near_words(phrase.words[0], phrase.budget, choices)
        if near:  # (the draft words in `near`, found in C)
            draft = words.words
            yield from zip(repeat(0), compress(range(len(draft)), map(near.__contains__, draft)))
        return
    if phrase.required and not every:  # short words must be exact: anchor on the rarest
        anchor, places = _rarest_anchor(phrase, positions)
        for k in places:
            yield anchor, k
        return
    exact = sum(map(positions.__contains__, phrase.words))
    if not every and exact < len(phrase.words) - phrase.budget:
        return  # each word not found exactly costs at least one typo: over budget
    # One of the pigeonhole words is exact in any match: anchoring on those is enough.
    for anchor in phrase.key_anchors if phrase.key_anchors and not every else phrase.anchors:
        for k in positions.get(phrase.words[anchor], ()):
            yield anchor, k


def _rarest_anchor(
    phrase: CompiledPhrase,
    positions: Mapping[str, list[int]] | _Positions,
    counts: Mapping[str, int] | None = None,
) -> tuple[int, Sequence[int]]:
    """The phrase's anchor (a word it needs exactly) that stands fewest times in the draft,
    the first of those on a tie, and where it stands: by the draft's `counts` when given,
    else every anchor word's places are found (a match needs the rarest one's anyway)."""
    words, anchors = phrase.words, phrase.anchors
    if len(anchors) == 1:
        return anchors[0], positions.get(words[anchors[0]], ())
    if counts is not None:
        sizes = [counts[words[j]] for j in anchors]
        anchor = anchors[sizes.index(min(sizes))]
        return anchor, positions.get(words[anchor], ())
    places = [positions.get(words[j], ()) for j in anchors]
    sizes = list(map(len, places))
    best = sizes.index(min(sizes))
    return anchors[best], places[best]


def _near_words(target: str, budget: int, candidates: list[str]) -> set[str]:
    """The draft words (`candidates`, repeats allowed) within the allowed typos of `target`:
    one C call, or, for a short draft while rapidfuzz is not imported yet (a cold run), a
    scan of the words of about the right length."""
    allowance = _allowance(target, budget)
    if len(candidates) <= _SCAN_WORDS and not _rapidfuzz_loaded():
        size = len(target)
        return {
            word
            for word in candidates
            if abs(len(word) - size) <= allowance
            and _distance(target, word, allowance) <= allowance
        }
    hits = _extract()(target, candidates, score_cutoff=allowance)
    return {word for word, _, _ in hits}


@cache
def _extract() -> Callable[..., list[tuple[str, float, int]]]:
    """rapidfuzz's `process.extract` of every choice by OSA distance, imported once (an
    import statement in the function costs each call a look-up through importlib)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return partial(process.extract, scorer=OSA.distance, limit=None)


def _rapidfuzz_loaded() -> bool:
    return "rapidfuzz.process" in sys.modules


def word_distance(expected: str, written: str, budget: int) -> int | None:
    """Edits between a phrase word and a draft word, or None if over the word's allowance."""
    if expected == written:
        return 0
    allowance = _allowance(expected, budget)
    if allowance == 0 or abs(len(expected) - len(written)) > allowance:
        return None
    edits = _distance(expected, written, allowance)
    return edits if edits <= allowance else None


def _distance(expected: str, written: str, allowance: int) -> int:
    """The optimal-string-alignment distance, or more than `allowance` when over it: one and
    two typos (all `_allowance` gives) are checked here, without importing rapidfuzz; a wider
    allowance falls to rapidfuzz's distance."""
    if allowance == 1:
        return _one_edit(expected, written)
    if allowance == 2:
        return _two_edits(expected, written)
    edits: int = _osa()(expected, written, score_cutoff=allowance)
    return edits


def _one_edit(a: str, b: str) -> int:
    """0 for equal words, 1 when one substitution, insertion, deletion or swap of neighbouring
    letters makes `b` of `a`, else 2 (tests/test_one_edit.py compares it with rapidfuzz)."""
    if a == b:
        return 0
    size, other = len(a), len(b)
    if abs(size - other) > 1:
        return 2
    i, shortest = 0, min(size, other)
    while i < shortest and a[i] == b[i]:
        i += 1
    if size == other:
        if a[i + 1 :] == b[i + 1 :]:
            return 1
        swapped = i + 1 < size and a[i] == b[i + 1] and a[i + 1] == b[i]
        return 1 if swapped and a[i + 2 :] == b[i + 2 :] else 2
    if size > other:
        return 1 if a[i + 1 :] == b[i:] else 2
    return 1 if a[i:] == b[i + 1 :] else 2


def _two_edits(a: str, b: str) -> int:
    """The distance of `_one_edit` up to 2, else 3: past the common beginning, one edit at the
    first differing letter (substitution, deletion, insertion or swap), then at most one more
    (the distance's recurrence, read from the front)."""
    edits = _one_edit(a, b)
    if edits < 2 or abs(len(a) - len(b)) > 2:
        return edits if edits < 2 else 3
    i, shortest = 0, min(len(a), len(b))
    while i < shortest and a[i] == b[i]:
        i += 1
    a, b = a[i:], b[i:]
    if not a or not b:
        return min(len(a) + len(b), 3)
    rest = min(_one_edit(a[1:], b[1:]), _one_edit(a[1:], b), _one_edit(a, b[1:]))
    if len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0]:
        rest = min(rest, _one_edit(a[2:], b[2:]))
    return min(1 + rest, 3)


def _allowance(expected: str, budget: int) -> int:
    """Typos a phrase word may carry: none for short words, one up to 7 letters, else two."""
    return min(budget, 0 if len(expected) <= SHORT else 1 if len(expected) <= 7 else 2)


@cache
def _osa():
    """rapidfuzz's optimal-string-alignment distance, imported on first use."""
    from rapidfuzz.distance import OSA

    return OSA.distance


def _align(
    phrase: CompiledPhrase, words: Words, anchor: int, k: int, *, explain: bool
) -> Match | Miss | None:
    """Match the phrase around draft word k (which lines up with phrase word `anchor`).

    A rejection is a Miss with its reason when `explain` is set, else None (the fast path).
    """
    tolerated: list[str] = []
    if words.words[k] == phrase.words[anchor] and k not in words.costs:
        edits: int | None = 0  # the usual case: anchors are exact words
    else:
        edits = _word_edits(phrase, words, anchor, k, phrase.budget, tolerated)
    if edits is None:
        return Miss(phrase, k, _mismatch(phrase, words, anchor, k), 0) if explain else None
    right = _extend(phrase, words, anchor, k, +1, phrase.budget - edits, tolerated, explain)
    if not isinstance(right, tuple):
        return right
    left = _extend(
        phrase, words, anchor, k, -1, phrase.budget - edits - right[1], tolerated, explain
    )
    if not isinstance(left, tuple):
        if left is None:
            return None
        return Miss(phrase, k, left.reason, len(phrase.words) - anchor + left.progress)
    total = edits + right[1] + left[1]
    score = round(100 * (1 - total / phrase.size))
    if score < phrase.rule.threshold and total:
        reason = f"score {score} is below the rule's threshold {phrase.rule.threshold}"
        return Miss(phrase, k, reason, len(phrase.words)) if explain else None
    return Match(phrase, left[0], right[0], total, score, tuple(dict.fromkeys(tolerated)))


def _extend(
    phrase: CompiledPhrase, words: Words, anchor: int, k: int, step: int, budget: int,
    tolerated: list[str], explain: bool,
) -> tuple[int, int] | Miss | None:  # fmt: skip
    """Walk from the anchor in one direction; (last draft index, edits), else the Miss or None."""
    start = k
    end = len(phrase.words) if step > 0 else -1
    edits = 0
    draft, costs, count = words.words, words.costs, len(words.words)
    for j in range(anchor + step, end, step):
        k += step
        fillers = 0
        skips = MAX_GAP if (j if step > 0 else j + 1) in phrase.gaps else 0
        while True:
            if 0 <= k < count and draft[k] == phrase.words[j] and k not in costs:
                break  # exact word: the common case, no edits
            if not 0 <= k < count or is_break(draft[k]):
                if not explain:
                    return None
                where = "the text ends" if not 0 <= k < count else "a sentence ends"
                return Miss(phrase, start, f"{where} before '{phrase.words[j]}'", abs(j - anchor))
            found = _word_edits(phrase, words, j, k, budget - edits, tolerated)
            if found is not None:
                edits += found
                break
            if words.words[k] in phrase.fillers and fillers < MAX_FILLERS:
                fillers += 1
                tolerated.append(f"filler '{words.written(k)}'")
                k += step
                continue
            if skips:
                skips -= 1
                tolerated.append(f"gap word '{words.written(k)}'")
                k += step
                continue
            if not explain:
                return None
            reason = _mismatch(phrase, words, j, k, budget - edits)
            return Miss(phrase, start, reason, abs(j - anchor))
    return k, edits


def _mismatch(phrase: CompiledPhrase, words: Words, j: int, k: int, budget: int = -1) -> str:
    """Why draft word k does not stand for phrase word j."""
    expected, written = phrase.words[j], words.words[k]
    if len(expected) <= SHORT:
        return f"'{written}' where the phrase has '{expected}' (short words must be exact)"
    if not phrase.rule.fuzzy:
        return f"'{written}' is not '{expected}' and the rule allows no typos"
    if budget == 0:
        return f"'{written}' is not '{expected}' and the phrase's typo budget is spent"
    return f"'{written}' where the phrase has '{expected}' (too different, not a filler word)"


def _word_edits(
    phrase, words: Words, j: int, k: int, budget: int, tolerated: list[str]
) -> int | None:
    """Edits for phrase word j against draft word k, counting a mistyped contraction."""
    if budget < 0:
        return None
    expected, written = phrase.words[j], words.words[k]
    edits = word_distance(expected, written, budget)
    if edits is None:
        return None
    cost = words.costs.get(k, 0)
    if edits + cost > budget:
        return None
    if edits:
        tolerated.append(f"typo '{written}' for '{expected}'")
    if cost:
        tolerated.append(f"mistyped contraction '{words.written(k)}'")
    elif words.written(k) != written:
        tolerated.append(f"contraction '{words.written(k)}'")
    return edits + cost


def _best_per_rule(matches: list[Match]) -> list[Match]:
    """Drop a rule's match when the same rule has a longer or better one overlapping it."""
    matches.sort(key=lambda m: (m.first, -(m.last - m.first), -m.score, m.phrase.order))
    kept: list[Match] = []
    reach: dict[str, int] = {}  # rule id -> last word covered by its kept matches
    for match in matches:
        rule = match.phrase.rule.id
        if match.first <= reach.get(rule, -1):
            continue
        kept.append(match)
        reach[rule] = match.last
    return kept


def inside_alternative(match: Match, words: Words, alternatives: list[tuple[str, ...]]) -> bool:
    """True when the match lies inside one of its rule's alternatives or exceptions.

    Sentence marks are ignored on both sides, so an alternative typed without its full stop
    (or with different punctuation) still counts.
    """
    draft = words.words
    first = draft[match.first]
    for alt in alternatives:
        if first in alt:  # the alternative holds the match's first word: try it at each place
            for j, word in enumerate(alt):
                if word == first and _alternative_at(alt, j, draft, match.first, match.last):
                    return True
    return False


def _alternative_at(alt: tuple[str, ...], j: int, draft: list[str], first: int, last: int) -> bool:
    """Whether the alternative stands in the draft with its word j at draft word `first`
    (sentence marks skipped) and reaches draft word `last`: its words are compared outwards
    from there, so most places fail at the first word."""
    k = first
    for word in reversed(alt[:j]):
        k -= 1
        while k >= 0 and draft[k] in BREAK_TOKENS:
            k -= 1
        if k < 0 or draft[k] != word:
            return False
    k = first
    for word in alt[j + 1 :]:
        k += 1
        while k < len(draft) and draft[k] in BREAK_TOKENS:
            k += 1
        if k >= len(draft) or draft[k] != word:
            return False
    return k >= last
