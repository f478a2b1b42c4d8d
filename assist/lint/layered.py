"""A playbook's phrase index in parts, for the playbook cache: one part per language of the
built-in playbook, read from the cache only when a draft needs it, and one for what team
layers add or change, compiled on its own after an edit of a team folder.

Each part is a PhraseIndex over some of the rules; they are searched together and the
matches of built-in rules that team layers override or disable are dropped. The result is
the one a whole compile of the merged playbook gives: a rule's matches depend only on its own
phrases and guards, its language's guards and fillers, every language's contractions, the
Hebrew/Arabic stems and the phrase vocabulary (prefix stripping of drafts), and parts are used
only when those are the same as in a whole compile (`split_linter`, `layered_linter`). A part
whose every phrase form has more non-ASCII letters than typos it allows cannot match an ASCII
draft (the matcher skips such forms), so an ASCII draft never reads it: a cold `assist lint`
of an English draft parses the English and Finnish parts only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from functools import partial

from assist.lint.engine import Checked, Keep, Linter
from assist.lint.matcher import (
    SIEVE_AFTER,
    CompiledPhrase,
    Match,
    Miss,
    PhraseIndex,
    StoredPartError,
    _canonical_stems,
    stem_vocabulary,
)
from assist.lint.normalize import Words, chunk_words
from assist.model import PhraseRule, Playbook
from assist.playbook.cache import NOT_FITTING
from assist.playbook.patterns import forms
from assist.record import replace

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any


class Part:
    """Some of the rules compiled into a PhraseIndex, built or read from the cache on first use.

    `hidden`: rules of the part that team layers override or disable (their matches are
    dropped). `ascii`: whether any of its phrase forms can match an ASCII draft. `compiler`:
    for a part read from the cache, how to compile it instead (`compiled_again`).
    """

    def __init__(
        self, rules: tuple[PhraseRule, ...], load: Callable[[], PhraseIndex], *, ascii: bool,
        hidden: frozenset[str] = frozenset(), compiler: Callable[[], PhraseIndex] | None = None,
    ) -> None:  # fmt: skip
        self.rules = rules
        self.languages = frozenset(rule.language for rule in rules)
        self._load: Callable[[], PhraseIndex] | None = load
        self._index: PhraseIndex | None = None
        self.ascii = ascii
        self.hidden = hidden
        self._compile = compiler
        # a team part made from stored data: (that data, its signatures, the whole vocabulary
        # of the data it was made from), kept for the entry
        self.stored: tuple[dict[str, Any], list[str], str] | None = None

    @property
    def index(self) -> PhraseIndex:
        """The part's compiled index (read from its data the first time)."""
        if self._index is None:
            assert self._load is not None
            self._index = self._load()
            self._load = None
        return self._index

    def hiding(self, hidden: frozenset[str]) -> Part:
        """The same part with the rules in `hidden` (of any part) dropped from its matches."""
        part = Part(
            self.rules, self._load or (lambda: self.index), ascii=self.ascii,
            compiler=self._compile,
        )  # fmt: skip
        part._index = self._index
        part.hidden = frozenset(r.id for r in self.rules if r.id in hidden)
        return part

    def compiled_again(self, problem: StoredPartError) -> PhraseIndex:
        """The part compiled from its rules, in place of the index read from the cache, a
        piece of which (checked only when a draft first reads it) did not fit: `problem`,
        raised again for a part that was not read from the cache."""
        if self._compile is None:
            raise problem
        self._index = self._compile()
        self._load = self._compile = None
        return self._index

    @property
    def phrases(self) -> list[CompiledPhrase]:
        """The part's phrase forms (every stored record read)."""
        try:
            return self.index.phrases
        except StoredPartError as problem:
            return self.compiled_again(problem).phrases


class LayeredIndex(PhraseIndex):
    """A PhraseIndex made of parts (assist.lint.layered): what callers use of a PhraseIndex
    (`words_of`, `search`, `near_misses`, `phrases`, `alternatives`, `vocabulary`,
    `canonical`, `contractions`), with the whole playbook's vocabulary and stems, and results
    in the order one index over the whole playbook gives."""

    def __init__(
        self, parts: list[Part], rank: Mapping[str, int], contractions: dict[str, str],
        vocabulary: frozenset[str] | str, canonical: dict[str, str],
        alternatives: Mapping[str, list[tuple[str, ...]]],
        users: Callable[[], dict[str, frozenset[str]]] | None = None,
    ) -> None:  # fmt: skip
        # No PhraseIndex.__init__: the parts' indexes do the matching.
        self.parts = parts
        self._users = users
        self.rank = rank  # rule id -> its place in the playbook (ties break by it)
        self.contractions = contractions
        self.prefilter = True
        self._vocabulary = vocabulary
        self.canonical = canonical
        self.alternatives = alternatives  # type: ignore[assignment]  # read-only, lazy

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every phrase word of the playbook; stored as text, split when first read (only a
        draft with letters beyond ASCII needs it: 4.6 M instructions of a cold lint)."""
        if isinstance(self._vocabulary, str):
            self._vocabulary = frozenset(self._vocabulary.split(" ")) - {""}
        return self._vocabulary

    @vocabulary.setter
    def vocabulary(self, words: frozenset[str]) -> None:
        self._vocabulary = words

    def word_users(self) -> dict[str, frozenset[str]] | None:
        """Each word of the vocabulary with the ids of the rules whose phrase forms hold it
        (what a team layer that hides rules drops from the vocabulary); None when not known
        (worked out or read when first asked for; an index made of stored parts without them,
        or whose stored text does not fit)."""
        if self._users is None:
            return None
        try:
            return self._users()
        except NOT_FITTING:
            self._users = None
            return None

    @property
    def phrases(self) -> list[CompiledPhrase]:
        """Every compiled phrase form, in the playbook's rule order."""
        found = [p for part in self.parts for p in part.phrases if p.rule.id not in part.hidden]
        found.sort(key=lambda p: (self.rank[p.rule.id], p.order))
        return found

    def to_data(self) -> dict[str, Any]:
        """Not stored whole: the cache keeps the parts (`split_data`, `layer_data`)."""
        raise TypeError("an index in parts is cached as its parts")

    def search(self, words: Words, languages: AbstractSet[str] | None = None) -> list[Match]:
        """Every part's matches (hidden rules' dropped), in the order one index gives;
        `languages`: only parts holding rules of those languages are read and searched."""
        words = self._stemmed(words)
        ascii_draft = words.source.text.isascii()
        wanted = languages
        found: list[Match] = []
        searched = 0
        for part in self.parts:
            if ascii_draft and not part.ascii:
                continue  # none of its forms can match an ASCII draft
            if wanted is not None and wanted.isdisjoint(part.languages):
                continue  # the caller keeps none of its rules' findings
            try:
                matches = part.index.search(words, languages)
            except StoredPartError as problem:  # searched again, compiled: the same matches
                matches = part.compiled_again(problem).search(words, languages)
            if part.hidden:
                matches = [m for m in matches if m.phrase.rule.id not in part.hidden]
            searched += bool(matches)
            found.extend(matches)
        if searched > 1:
            rank = self.rank
            found.sort(
                key=lambda m: (
                    m.first, -(m.last - m.first), -m.score, rank[m.phrase.rule.id],
                    m.phrase.order,
                )
            )  # fmt: skip
        return found

    def rules_in_reach(self, words: Words) -> set[str] | None:
        """Every part's rules in reach of the words (PhraseIndex.rules_in_reach; hidden rules
        left out, parts that cannot match an ASCII draft skipped for one); None when a part
        has no sieve."""
        ascii_draft = words.source.text.isascii()
        found: set[str] = set()
        for part in self.parts:
            if ascii_draft and not part.ascii:
                continue
            try:
                owners = part.index.rules_in_reach(words)
            except StoredPartError as problem:  # compiled again, as a search does
                owners = part.compiled_again(problem).rules_in_reach(words)
            if owners is None:
                return None
            found.update(owners - part.hidden)
        return found

    def near_misses(self, words: Words) -> list[Miss]:
        """Every part's near misses, closest first (ties in the playbook's order)."""
        words = self._stemmed(words)
        misses: list[Miss] = []
        for part in self.parts:
            try:
                found = part.index.near_misses(words)
            except StoredPartError as problem:
                found = part.compiled_again(problem).near_misses(words)
            misses.extend(m for m in found if m.phrase.rule.id not in part.hidden)
        rank = self.rank
        misses.sort(
            key=lambda m: (
                -m.progress / len(m.phrase.words), m.anchor, rank[m.phrase.rule.id],
                m.phrase.order,
            )
        )  # fmt: skip
        return misses

    def _stemmed(self, words: Words) -> Words:
        """The words with prefixes stripped toward the whole vocabulary and marked as done (on
        a copy), so that no part strips them again toward its own vocabulary."""
        if words.unstemmed is not None or words.source.text.isascii():
            return words
        from assist.lint.matcher import _strip_prefixes

        copy = Words(words.words, words.written_tokens, words.origin, words.costs, words.source)
        _strip_prefixes(copy, self.vocabulary, self.canonical)
        if copy.unstemmed is None:
            copy.unstemmed = copy.words
        return copy


class PartedLinter(Linter):
    """A Linter over a LayeredIndex that searches only the parts holding rules a check keeps
    (the draft's language when it is detected, `--language`): the others' matches would be
    dropped, so they are neither read from the cache nor searched."""

    def _check(
        self, text: str, path: str, keep: Keep | None, languages: frozenset[str] | None = None
    ) -> Checked:
        if languages is None and keep is not None:  # --language, --rule: the kept rules' own
            languages = frozenset(r.language for r in self.playbook.rules if keep(r.id, r.language))
        return super()._check(text, path, keep, languages)


def split_linter(playbook: Playbook) -> Linter:
    """The playbook compiled one language at a time (a whole compile when the languages'
    stems would differ from the whole playbook's)."""
    groups: dict[str, list[PhraseRule]] = {}
    for rule in playbook.rules:
        groups.setdefault(rule.language, []).append(rule)
    if len(groups) < 2:
        return Linter(playbook)
    contractions = _contractions(playbook)
    words_of = _chunk_reader(contractions)
    canonical = _stems(playbook.rules, contractions, words_of)
    parts = []
    for code, rules in groups.items():
        index = PhraseIndex(_part_playbook(playbook, rules, code))
        if not _same_stems(index, rules, canonical, words_of):
            return Linter(playbook)
        parts.append(Part(tuple(rules), _given(index), ascii=_reaches_ascii(index)))
    vocabulary = frozenset().union(*(part.index.vocabulary for part in parts))
    users = partial(_users_of, parts)
    return _linter(playbook, parts, contractions, vocabulary, canonical, users)


def split_data(linter: Linter) -> tuple[dict[str, Any], list[bytes]]:
    """A Linter in parts as JSON-ready data and each part's index as texts of its own
    (blobs the data names by number, read only when a draft needs that part, and then looked
    up in place: `PhraseIndex.to_blobs`). A Linter compiled whole: its cache data, no blobs."""
    index = linter.index
    if not isinstance(index, LayeredIndex):
        return linter.cache_data(), []
    blobs: list[bytes] = []
    numbers = []
    for part in index.parts:
        numbers.append(len(blobs))
        blobs += part.index.to_blobs()
    data: dict[str, Any] = {
        "parts": [
            {"rules": [rule.id for rule in part.rules], "ascii": part.ascii, "index": number}
            for number, part in zip(numbers, index.parts, strict=True)
        ],
        "vocabulary": " ".join(sorted(index.vocabulary)),
        "canonical": index.canonical,
    }
    users = index.word_users()
    if users is not None:  # a text read only by a check of team layers that hide rules
        blobs.append(_users_text(users, linter.playbook))
        data["users"] = len(blobs) - 1
    return data, blobs


def from_split_data(playbook: Playbook, data: Any, blob: Callable[[int], bytes]) -> Linter:
    """The Linter `split_data` described, for this very playbook, with `blob` giving the texts
    stored beside it; its parts are read when first needed. ValueError (or TypeError,
    KeyError, IndexError) when it does not fit."""
    if not isinstance(data, dict) or "parts" not in data:
        return Linter.from_cache_data(playbook, data)
    rules = {rule.id: rule for rule in playbook.rules}
    parts = []
    for stored in data["parts"]:
        part_rules = tuple(rules[str(rule_id)] for rule_id in stored["rules"])
        number = stored["index"]
        if not isinstance(number, int) or not part_rules:
            raise ValueError("not a part")
        code = part_rules[0].language
        part_playbook = _part_playbook(playbook, part_rules, code)
        load = _blob_reader(part_playbook, blob, number)
        compiler = partial(PhraseIndex, part_playbook)
        parts.append(Part(part_rules, load, ascii=bool(stored["ascii"]), compiler=compiler))
    if sorted(r.id for part in parts for r in part.rules) != sorted(rules):
        raise ValueError("the parts do not cover the playbook's rules")
    canonical = {str(k): str(v) for k, v in data["canonical"].items()}
    users = None
    if "users" in data:
        users = partial(_users_read, playbook, blob, data["users"])
    return _linter(
        playbook, parts, _contractions(playbook), str(data["vocabulary"]), canonical, users
    )


def layered_linter(
    base: Linter, playbook: Playbook, previous: tuple[Any, Callable[[int], bytes]] | None = None
) -> Linter | None:
    """A Linter for `playbook` (the built-in one with team layers merged) that reuses `base`
    (the built-in playbook compiled, in parts or whole) and compiles only the rules the layers
    added or changed; with `previous` (the team part's `layer_data` of an earlier version of
    the same team folders, over the same built-in layer, and its texts), only the rules that
    changed since (assist.lint.incremental).

    None when the layers change what the built-in phrases were compiled with (a language's
    fillers, contractions or guards, or the Hebrew/Arabic stems): compile it whole then.
    """
    built = base.playbook
    if playbook.languages != built.languages:
        return None
    merged = {rule.id: rule for rule in playbook.rules}
    # (the merged playbook holds the very built-in rule objects the layers left as they are)
    hidden = frozenset(
        r.id for r in built.rules if merged.get(r.id) is not r and merged.get(r.id) != r
    )
    known = {r.id for r in built.rules}
    team_rules = tuple(r for r in playbook.rules if r.id not in known or r.id in hidden)
    contractions = base.index.contractions
    base_stems = base.index.canonical
    canonical = base_stems
    # The stems come from the words of non-ASCII phrases: the same as the built-in playbook's
    # when neither the rules the layers hide nor the ones they bring have any.
    hidden_rules = [r for r in built.rules if r.id in hidden]
    words_of = _chunk_reader(contractions)
    if _stem_vocabulary(hidden_rules, words_of) or _stem_vocabulary(team_rules, words_of):
        canonical = _stems(playbook.rules, contractions, words_of)
        if canonical != base_stems:
            return None
    # The team rules use the whole playbook's stems, as a whole compile gives them.
    team_playbook = _team_playbook(playbook, team_rules)
    reused = None if previous is None else _reused(team_playbook, canonical, *previous)
    if reused is not None:  # read from its data, as a cached run reads it
        data, marks = reused
        team_part = Part(team_rules, _reader(team_playbook, data, None), ascii=True)
        team_part.stored = (data, marks, str(previous[0]["vocabulary"]))  # type: ignore[index]
        team_words = frozenset(data["phrases"]["vocabulary"].split(" ")) - {""}
    else:
        team = PhraseIndex(team_playbook, canonical=canonical)
        for table in (team.table, team.guards):  # a one-draft run after an edit skips the sieve
            table.sieve_after = SIEVE_AFTER  # as the parts read back from the cache do
        team_part = Part(team_rules, _given(team), ascii=True)
        team_words = team.vocabulary
    parts = [part.hiding(hidden) for part in _parts(base)]
    parts.append(team_part)
    if hidden:  # the words of the rules still in force
        vocabulary = _vocabulary_without(base, hidden) | team_words
    else:
        vocabulary = base.index.vocabulary | team_words
    return _linter(playbook, parts, contractions, vocabulary, canonical)


def _reused(
    team_playbook: Playbook, canonical: dict[str, str], previous: Any,
    texts: Callable[[int], bytes],
) -> tuple[dict[str, Any], list[str]] | None:  # fmt: skip
    """The team part's index data (texts inline) and signatures, made from the previous
    version's (`layer_data`): None when it does not fit (compiled whole then)."""
    from assist.lint.incremental import index_data

    try:
        old = dict(previous["team"])
        for table, name in TEAM_TEXTS:
            old[table] = {**old[table], name: texts(_text_number(old[table][name])).decode()}
        marks = json.loads(texts(_text_number(previous["signatures"])))
        return index_data(team_playbook, canonical, old, marks)
    except NOT_FITTING:
        return None


def _text_number(number: Any) -> int:
    if not isinstance(number, int):
        raise ValueError("not a text number")
    return number


def only_rules(linter: Linter, rule_ids: AbstractSet[str]) -> Linter | None:
    """A Linter that finds in any text what `linter` finds of the rules `rule_ids` and
    nothing else, searching only the parts that hold them (with the whole playbook's words
    and stems); None when `linter` is not in parts (it would search everything)."""
    index = linter.index
    if not isinstance(index, LayeredIndex):
        return None
    parts = []
    for part in index.parts:
        if any(r.id in rule_ids and r.id not in part.hidden for r in part.rules):
            others = frozenset(r.id for r in part.rules if r.id not in rule_ids)
            parts.append(part.hiding(part.hidden | others))
    return _linter(linter.playbook, parts, index.contractions, index.vocabulary, index.canonical)


TEAM_TEXTS = (("phrases", "records"), ("phrases", "by_deletion"), ("guards", "records"))
"""The team index's long texts (`PhraseIndex.to_data`), stored beside the entry's JSON."""


def layer_data(linter: Linter) -> tuple[dict[str, Any], list[bytes]] | None:
    """The team part of a layered Linter as JSON-ready data and texts stored beside it (the
    team index's phrase records and deletion index, by number: written and read without JSON
    escapes); None for a whole one."""
    from assist.playbook.codec import encode

    index = linter.index
    if not isinstance(index, LayeredIndex):
        return None
    *base, team = index.parts
    vocabulary = None
    if team.stored is not None:  # made from the previous version's data: not compiled
        team_data, marks, vocabulary = team.stored
        team_data = {**team_data, **{table: dict(team_data[table]) for table, _ in TEAM_TEXTS}}
    else:
        from assist.lint.incremental import signatures

        team_data = team.index.to_data()
        marks = signatures(_team_playbook(linter.playbook, team.rules))
    texts = []
    for table, name in TEAM_TEXTS:
        texts.append(team_data[table][name].encode("utf-8"))
        team_data[table][name] = len(texts) - 1
    texts.append(json.dumps(marks, ensure_ascii=False).encode("utf-8"))
    data = {
        "base_rules": [
            [rule.id, encode(rule) if rule.id in part.hidden else None]
            for part in base
            for rule in part.rules
        ],
        "team_rules": [rule.id for rule in team.rules],
        "vocabulary": _vocabulary_text(index.vocabulary, vocabulary),
        "canonical": index.canonical,
        "team": team_data,
        "signatures": len(texts) - 1,  # what the team part was compiled from (incremental)
    }
    return data, texts


def _vocabulary_text(vocabulary: frozenset[str], previous: str | None) -> str:
    """The words, sorted, joined by spaces; from `previous` (an earlier version's, as sorted)
    by dropping and adding words (two sorted runs: merged in one pass)."""
    if previous is None:
        return " ".join(sorted(vocabulary))
    before = previous.split(" ")
    words = [w for w in before if w in vocabulary]
    added = vocabulary.difference(before)
    if added:
        words += sorted(added)
        words.sort()
    return " ".join(words)


def from_layer_data(
    playbook: Playbook, base_data: Any, blob: Callable[[int], bytes], data: Any,
    texts: Callable[[int], bytes],
) -> Linter:  # fmt: skip
    """The layered Linter `layer_data` described, for this merged playbook, with the built-in
    Linter read back from its own cache entry's data (`blob`: that entry's texts) and `texts`
    giving the team entry's; ValueError (or TypeError, KeyError, IndexError) when they do not
    fit."""
    from assist.playbook.codec import decode

    merged = {rule.id: rule for rule in playbook.rules}
    base_rules: list[PhraseRule] = []
    hidden: set[str] = set()
    for rule_id, stored in data["base_rules"]:
        rule = merged[rule_id] if stored is None else decode(stored)
        if not isinstance(rule, PhraseRule) or rule.id != rule_id:
            raise ValueError(f"not the built-in rule {rule_id!r}")
        if stored is not None:
            hidden.add(rule_id)
        base_rules.append(rule)
    # The built-in playbook's rules as built in, with the merged playbook's other entries
    # (an index reads only the rules and the languages, which layering keeps the same).
    built = Playbook(rules=tuple(base_rules), languages=playbook.languages)
    base = from_split_data(built, base_data, blob)
    team_rules = tuple(merged[rule_id] for rule_id in data["team_rules"])
    team = _reader(_team_playbook(playbook, team_rules), data["team"], texts)
    parts = [part.hiding(frozenset(hidden)) for part in _parts(base)]
    parts.append(Part(team_rules, team, ascii=True))
    vocabulary = frozenset(str(data["vocabulary"]).split(" ")) - {""}
    canonical = {str(k): str(v) for k, v in data["canonical"].items()}
    return _linter(playbook, parts, base.index.contractions, vocabulary, canonical)


class LinterLayering:
    """The playbook cache's builder of Linters in parts (assist.playbook.cache.Layering)."""

    def split(self, playbook: Playbook) -> Linter:
        """See `split_linter`."""
        return split_linter(playbook)

    def split_data(self, value: Linter) -> tuple[Any, list[bytes]]:
        """See `split_data`."""
        return split_data(value)

    def from_split_data(
        self, playbook: Playbook, data: Any, blob: Callable[[int], bytes]
    ) -> Linter:
        """See `from_split_data`."""
        return from_split_data(playbook, data, blob)

    def layered(
        self, base: Linter, playbook: Playbook,
        previous: tuple[Any, Callable[[int], bytes]] | None = None,
    ) -> Linter | None:  # fmt: skip
        """See `layered_linter`."""
        return layered_linter(base, playbook, previous)

    def layer_data(self, value: Linter) -> tuple[Any, list[bytes]] | None:
        """See `layer_data`."""
        return layer_data(value)

    def from_layer_data(
        self, playbook: Playbook, base_data: Any, blob: Callable[[int], bytes], data: Any,
        texts: Callable[[int], bytes],
    ) -> Linter:  # fmt: skip
        """See `from_layer_data`."""
        return from_layer_data(playbook, base_data, blob, data, texts)


class WholeLayering:
    """The playbook cache's builder of Linters compiled whole (assist.playbook.cache.Layering):
    the built-in playbook's index stored as `PhraseIndex.to_blobs` texts (read in place, each
    piece when a draft first needs it), for a process that lints many drafts of any language
    (`default_linter`): one index searched per draft, where parts search each that may match.
    Team layers are compiled whole with the built-ins (`layered` gives None)."""

    def split(self, playbook: Playbook) -> Linter:
        """The playbook compiled whole."""
        return Linter(playbook)

    def split_data(self, value: Linter) -> tuple[Any, list[bytes]]:
        """The whole index as texts (its sieves built now when not yet: stored with it)."""
        if isinstance(value.index, LayeredIndex):
            raise TypeError("an index in parts is cached as its parts")
        return {"whole": True}, value.index.to_blobs()

    def from_split_data(
        self, playbook: Playbook, data: Any, blob: Callable[[int], bytes]
    ) -> Linter:
        """The Linter `split_data` described (ValueError when it is not one)."""
        if data != {"whole": True}:
            raise ValueError("not an index compiled whole")
        return Linter(playbook, PhraseIndex.from_blobs(playbook, blob))

    def layered(
        self, base: Linter, playbook: Playbook,
        previous: tuple[Any, Callable[[int], bytes]] | None = None,
    ) -> Linter | None:  # fmt: skip
        """None: a playbook with team layers is compiled whole."""
        return None

    def layer_data(self, value: Linter) -> tuple[Any, list[bytes]] | None:
        """None: the value was built whole (the cache stores its `cache_data`)."""
        return None

    def from_layer_data(
        self, playbook: Playbook, base_data: Any, blob: Callable[[int], bytes], data: Any,
        texts: Callable[[int], bytes],
    ) -> Linter:  # fmt: skip
        """Never stored (`layer_data` gives None): ValueError."""
        raise ValueError("no team layer data for an index compiled whole")


def _linter(
    playbook: Playbook, parts: list[Part], contractions: dict[str, str],
    vocabulary: frozenset[str] | str, canonical: dict[str, str],
    users: Callable[[], dict[str, frozenset[str]]] | None = None,
) -> Linter:  # fmt: skip
    rank = {rule.id: n for n, rule in enumerate(playbook.rules)}
    alternatives = _Alternatives(parts)
    index = LayeredIndex(parts, rank, contractions, vocabulary, canonical, alternatives, users)
    return PartedLinter(playbook, index)


def _vocabulary_without(base: Linter, hidden: frozenset[str]) -> frozenset[str]:
    """The built-in vocabulary without the words that only the `hidden` rules' phrases hold:
    from the words' rules when the base knows them, else from every phrase form."""
    index = base.index
    users = index.word_users() if isinstance(index, LayeredIndex) else None
    if users is None:
        return frozenset(
            w for part in _parts(base) for p in part.phrases if p.rule.id not in hidden
            for w in p.words
        )  # fmt: skip
    return index.vocabulary.difference(w for w, rules in users.items() if rules <= hidden)


def _users_of(parts: list[Part]) -> dict[str, frozenset[str]]:
    """Each phrase word of the parts with the ids of the rules whose forms hold it."""
    users: dict[str, set[str]] = {}
    for part in parts:
        for phrase in part.phrases:
            for word in phrase.words:
                users.setdefault(word, set()).add(phrase.rule.id)
    return {word: frozenset(rules) for word, rules in users.items()}


def _users_text(users: Mapping[str, frozenset[str]], playbook: Playbook) -> bytes:
    """The words' rules as stored: JSON of {word: [rule numbers in the playbook]}, sorted."""
    number = {rule.id: n for n, rule in enumerate(playbook.rules)}
    rows = {word: sorted(number[r] for r in users[word]) for word in sorted(users)}
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _users_read(
    playbook: Playbook, blob: Callable[[int], bytes], number: Any
) -> dict[str, frozenset[str]]:
    """The words' rules `_users_text` stored in text `number` (ValueError, TypeError...
    when they do not fit this playbook)."""
    if not isinstance(number, int):
        raise ValueError("not a text number")
    rules = playbook.rules
    users: dict[str, frozenset[str]] = {}
    for word, numbers in json.loads(blob(number)).items():
        if not numbers or any(not isinstance(n, int) or n < 0 for n in numbers):
            raise ValueError(f"not rule numbers of {word!r}")
        users[str(word)] = frozenset(rules[n].id for n in numbers)
    return users


class _Alternatives(Mapping[str, list[tuple[str, ...]]]):
    """Each rule's say-instead wordings and exceptions as words, from the part that holds the
    rule in force (read when a match of the rule needs them)."""

    def __init__(self, parts: list[Part]) -> None:
        self.owner = {r.id: part for part in parts for r in part.rules if r.id not in part.hidden}

    def __getitem__(self, rule_id: str) -> list[tuple[str, ...]]:
        return self.owner[rule_id].index.alternatives[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.owner)

    def __len__(self) -> int:
        return len(self.owner)


def _parts(linter: Linter) -> list[Part]:
    """A Linter's parts (one for a Linter compiled whole)."""
    index = linter.index
    if isinstance(index, LayeredIndex):
        return index.parts
    return [Part(linter.playbook.rules, _given(index), ascii=True)]


def _given(index: PhraseIndex) -> Callable[[], PhraseIndex]:
    return lambda: index


def _reader(
    playbook: Playbook, data: Any, texts: Callable[[int], bytes] | None
) -> Callable[[], PhraseIndex]:
    """Reads the team part's index from its data and the texts stored beside it (`TEAM_TEXTS`;
    None: they are in the data) on first use; data that does not fit (the entry's checksums
    held, so written by something else) is compiled again."""

    def read() -> PhraseIndex:
        try:
            if texts is None:
                return PhraseIndex.from_data(playbook, data)
            tables = {table: dict(data[table]) for table, _ in TEAM_TEXTS}
            for table, name in TEAM_TEXTS:
                number = tables[table][name]
                if not isinstance(number, int):
                    raise ValueError(f"no text of the team's {table} {name}")
                tables[table][name] = texts(number).decode("utf-8")
            return PhraseIndex.from_data(playbook, {**data, **tables})
        except NOT_FITTING:
            return PhraseIndex(playbook)

    return read


def _blob_reader(
    playbook: Playbook, blob: Callable[[int], bytes], first: int
) -> Callable[[], PhraseIndex]:
    """Reads a part's index from the texts `PhraseIndex.to_blobs` wrote (from number `first`
    on) on first use; texts that do not fit (the entry's checksums held, so written by
    something else) are compiled again."""

    def read() -> PhraseIndex:
        try:
            return PhraseIndex.from_blobs(playbook, lambda n: blob(first + n))
        except NOT_FITTING:
            return PhraseIndex(playbook)

    return read


def _part_playbook(playbook: Playbook, rules: Iterable[PhraseRule], code: str) -> Playbook:
    """The rules of one language with every language (their contractions count everywhere)
    but only that language's guards."""
    return _with_guards_of(playbook, tuple(rules), {code})


def _team_playbook(playbook: Playbook, rules: tuple[PhraseRule, ...]) -> Playbook:
    """The team layers' rules with every language, but only their languages' guards (a
    language's guards cancel only its own rules' matches)."""
    return _with_guards_of(playbook, rules, {rule.language for rule in rules})


def _with_guards_of(playbook: Playbook, rules: tuple[PhraseRule, ...], codes: set[str]) -> Playbook:
    languages = {
        name: language if name in codes else replace(language, guards=())
        for name, language in playbook.languages.items()
    }
    return Playbook(rules=rules, languages=languages)


def _reaches_ascii(index: PhraseIndex) -> bool:
    """Whether any phrase form of the index can match an ASCII draft (matcher: an ASCII draft
    skips a form with more non-ASCII letters than typos it allows)."""
    return any(p.non_ascii <= p.budget for p in index.phrases)


def _contractions(playbook: Playbook) -> dict[str, str]:
    merged: dict[str, str] = {}
    for language in playbook.languages.values():
        merged.update(language.contractions)
    return merged


def _chunk_reader(contractions: Mapping[str, str]) -> Callable[[str], tuple[str, ...]]:
    """`phrase_words` of a pattern chunk, each chunk's and each space-separated piece's words
    worked out once (`chunk_words`, as a compile does): the stems of the whole built-in
    playbook in 0.12 s of CPU instead of 0.88 s."""
    chunks: dict[str, tuple[str, ...]] = {}
    pieces: dict[str, tuple[str, ...]] = {}

    def words_of(chunk: str) -> tuple[str, ...]:
        found = chunks.get(chunk)
        if found is None:
            found = chunks[chunk] = chunk_words(chunk, contractions, pieces)
        return found

    return words_of


def _stems(
    rules: Iterable[PhraseRule], contractions: Mapping[str, str],
    words_of: Callable[[str], tuple[str, ...]],
) -> dict[str, str]:  # fmt: skip
    """The Hebrew/Arabic stems a whole compile of these rules uses (matcher's); `words_of`:
    a chunk's words with these contractions (`_chunk_reader`)."""
    return _canonical_stems(Playbook(rules=tuple(rules)), contractions, forms, words_of)


def _same_stems(
    index: PhraseIndex, rules: Iterable[PhraseRule], canonical: Mapping[str, str],
    words_of: Callable[[str], tuple[str, ...]],
) -> bool:  # fmt: skip
    """Whether the index compiled its rules' words to the stems a whole compile uses."""
    words = _stem_vocabulary(rules, words_of)
    return all(index.canonical.get(w, w) == canonical.get(w, w) for w in words)


def _stem_vocabulary(
    rules: Iterable[PhraseRule], words_of: Callable[[str], tuple[str, ...]]
) -> set[str]:
    """The words of the rules' phrases that are not ASCII text (those the stems come from)."""
    phrases = (text for rule in rules for text in rule.phrases)
    return stem_vocabulary(phrases, forms, words_of)
