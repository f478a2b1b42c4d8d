"""The team part's compiled index after an edit, made from the previous edit's stored data:
the rules that did not change keep their phrase forms (records), only the others are
compiled, and the filing and deletion index are worked out again from every form.

The result is the data a whole compile of the team part gives (`PhraseIndex.to_data`), equal
to the last character: a form is a function of its rule's compiled fields (`signature`) and
of what the whole team part shares (the languages, the contractions, the Hebrew/Arabic stems,
assist's code: the caller reuses only an entry made with the same built-in layer and code and
the same stems). A form's filing depends on how many patterns of its table use each of its
words, so it is worked out again for every form (it is cheap); the deletion index's lines
depend only on the filing (each filed word's phrase numbers and typos), so the lines of the
words whose filing did not change are kept as they are, and those of the others are made
again (all of them, when many changed).
"""

from __future__ import annotations

from collections import Counter

from assist.lint.matcher import (
    CompiledPhrase,
    PhraseIndex,
    _allowed,
    _deletion_lines,
    form_filing,
)
from assist.model import Language, PhraseRule, Playbook

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

# A table's phrase form as the records hold it: (rule number, pattern, typo budget, fillers,
# gaps, words, its number in the previous table or -1, the filed word's place there), the
# budget, gaps, words and place as the record's text.
Form = tuple[int, str, str, frozenset[str], str, str, int, str]
TABLES = (("phrases", ("rule",)), ("guards", ("guard", "language")))
"""Each table of the index's data and the kinds of rule reference whose forms it holds."""
REMADE_SHARE = 8  # more than 1/8 of the filed words changed: the deletion lines made anew


def signature(rule: PhraseRule) -> str:
    """Everything of a rule its compiled forms, guards and alternatives are made from (as the
    `repr` of plain strings, numbers and tuples: the same in every process)."""
    return repr(
        (
            rule.id, rule.language, rule.phrases, rule.guards, rule.fuzzy, rule.threshold,
            rule.word_order, tuple(map(str, rule.say)), rule.exceptions,
        )
    )  # fmt: skip


def language_signature(code: str, language: Language) -> str:
    """Everything of a language its guards' forms are made from (the contractions are the
    whole playbook's: the caller checks those)."""
    return repr((code, tuple(sorted(language.fillers)), language.guards))


def signatures(playbook: Playbook) -> list[str]:
    """The signature of each rule reference of an index of `playbook` (`PhraseIndex.to_data`'s
    "rules": a rule, its guards, then each language's guards)."""
    found = []
    for rule in playbook.rules:
        mark = signature(rule)
        found += [mark, mark]
    for code, language in sorted(playbook.languages.items()):
        found.append(language_signature(code, language))
    return found


def index_data(
    playbook: Playbook, canonical: dict[str, str], previous: Any, previous_signatures: Any
) -> tuple[dict[str, Any], list[str]] | None:
    """`PhraseIndex(playbook, canonical=canonical).to_data()` and `signatures(playbook)`,
    reusing the forms of `previous` (an index's data, its texts inline) for the references
    whose signature is in `previous_signatures`; None when `previous` does not fit (it was
    made with other stems or is not such data: compile it whole then). ValueError (or
    TypeError, KeyError, IndexError) for data that is not an index's."""
    if previous.get("canonical") != canonical:
        return None
    old_refs = previous["rules"]
    if not isinstance(previous_signatures, list) or len(previous_signatures) != len(old_refs):
        return None
    refs: list[list[Any]] = []
    for number, rule in enumerate(playbook.rules):
        refs += [["rule", number, rule.id], ["guard", number, rule.id]]
    refs += [["language", code, f"*{code}"] for code in sorted(playbook.languages)]
    marks = signatures(playbook)
    pairs = zip(old_refs, previous_signatures, strict=True)
    old = {(str(ref[0]), str(mark)): n for n, (ref, mark) in enumerate(pairs)}
    kept = [old.get((str(ref[0]), mark)) for ref, mark in zip(refs, marks, strict=True)]
    if len(refs) == len(old_refs) and all(k == n for n, k in enumerate(kept)):
        # every reference as before and in its place: the forms, numbers and filing too
        data = {key: previous[key] for key in ("fillers", "canonical", "alternatives")}
        return {
            "rules": refs,
            **data,
            "phrases": previous["phrases"],
            "guards": previous["guards"],
        }, marks
    compiled = _Compiled(playbook, canonical)
    fillers = [frozenset(map(str, f)) for f in previous["fillers"]]
    tables = {}
    for name, kinds in TABLES:
        table = previous[name]
        patterns = table["patterns"]
        records = table["records"].split("\n") if table["records"] else []
        by_rule: dict[int, list[tuple[int, list[str]]]] = {}
        for number, record in enumerate(records):
            fields = record.split("\t")
            by_rule.setdefault(int(fields[0]), []).append((number, fields))
        forms: list[Form] = []
        fresh: set[tuple[str, str, str]] = set()  # the triples `_Table` counts, of new forms
        for number, (ref, old_number) in enumerate(zip(refs, kept, strict=True)):
            if ref[0] not in kinds:
                continue
            if old_number is not None:
                for at, (_, pattern, budget, filler, gaps, filed, words) in by_rule.pop(
                    old_number, ()
                ):
                    text = patterns[int(pattern)]
                    forms.append(
                        (number, text, budget, fillers[int(filler)], gaps, words, at, filed)
                    )
            else:
                for phrase in compiled.forms(ref):
                    forms.append(_form(number, phrase))
                    fresh.update((ref[2], phrase.phrase, w) for w in phrase.words)
        removed = [item for items in by_rule.values() for item in items]
        gone = {
            (str(old_refs[int(fields[0])][2]), patterns[int(fields[1])], w)
            for _, fields in removed for w in fields[6].split(" ")
        }  # fmt: skip
        # the words used by more or fewer patterns than before (`_Table` counts them)
        counts = Counter(w for *_, w in fresh)
        counts.subtract(w for *_, w in gone)
        tables[name] = (forms, table, {w for w, n in counts.items() if n}, removed)
    used = sorted({form[3] for forms, *_ in tables.values() for form in forms}, key=sorted)
    filler_numbers = {f: n for n, f in enumerate(used)}
    alternatives = {}
    for ref, old_number in zip(refs, kept, strict=True):
        if ref[0] == "rule":
            rule_id = ref[2]
            alternatives[rule_id] = (
                previous["alternatives"][rule_id] if old_number is not None
                else [list(words) for words in compiled.alternatives(ref)]
            )  # fmt: skip
    data = {
        "rules": refs,
        "fillers": [sorted(f) for f in used],
        "canonical": canonical,
        "alternatives": alternatives,
    }
    for name, (forms, table, counted, removed) in tables.items():
        data[name] = _table_data(forms, refs, filler_numbers, table, counted, removed)
    return data, marks


class _Compiled:
    """The forms of the references that changed, compiled when first asked for."""

    def __init__(self, playbook: Playbook, canonical: dict[str, str]) -> None:
        self.playbook = playbook
        self.canonical = canonical
        self.index: PhraseIndex | None = None
        self.made: dict[int, tuple[list[CompiledPhrase], list[CompiledPhrase], Any]] = {}
        self.languages: dict[str, list[CompiledPhrase]] = {}

    def _compiler(self) -> PhraseIndex:
        if self.index is None:
            self.index = PhraseIndex.compiler(self.playbook, self.canonical)
        return self.index

    def _rule(self, number: int) -> tuple[list[CompiledPhrase], list[CompiledPhrase], Any]:
        made = self.made.get(number)
        if made is None:
            rule = self.playbook.rules[number]
            forms, (_, guards), alternatives = self._compiler().rule_forms(self.playbook, rule)
            made = self.made[number] = (forms, guards, alternatives)
        return made

    def forms(self, ref: list[Any]) -> list[CompiledPhrase]:
        """The compiled forms of a rule ("rule"), its guards ("guard") or a language's."""
        kind, key, _ = ref
        if kind == "language":
            language = self.playbook.languages[key]
            return self._compiler().language_guard_forms(key, language)[1]
        return self._rule(key)[0 if kind == "rule" else 1]

    def alternatives(self, ref: list[Any]) -> list[tuple[str, ...]]:
        """A rule's alternatives as words."""
        alternatives: list[tuple[str, ...]] = self._rule(ref[1])[2]
        return alternatives


def _form(number: int, phrase: CompiledPhrase) -> Form:
    gaps = ",".join(map(str, sorted(phrase.gaps)))
    words = " ".join(phrase.words)
    return number, phrase.phrase, str(phrase.budget), phrase.fillers, gaps, words, -1, ""


def _table_data(
    forms: list[Form], refs: list[list[Any]], filler_numbers: dict[frozenset[str], int],
    previous: Any, counted: set[str], removed: list[tuple[int, list[str]]],
) -> dict[str, Any]:  # fmt: skip
    """`_Table.to_data` of a table of these forms (in order): a form of `previous` (that
    table's data) none of whose words is in `counted` (those used by more or fewer patterns
    than before) is filed as it was; the deletion lines of the words whose filing is as
    before (`removed`: the previous forms that are gone) are kept."""
    split = [form[5].split(" ") for form in forms]
    old_exact = {n: w for w, numbers in previous["by_word"].items() for n in numbers}
    refiled = [
        n for n, (form, words) in enumerate(zip(forms, split, strict=True))
        if form[6] < 0 or not counted.isdisjoint(words)
    ]  # fmt: skip
    shared = _pattern_counts(forms, split, refs, {w for n in refiled for w in split[n]})
    refiled_set = set(refiled)
    by_word: dict[str, list[int]] = {}
    filings: dict[str, list[tuple[int, int]]] = {}
    old_filings: dict[str, list[tuple[int, int]]] = {}
    changed: set[str] = set()  # the deletion-filed words whose phrases are not as before
    for _, fields in removed:
        if fields[5]:
            changed.add(fields[6].split(" ")[int(fields[5])])
    filed_at: list[str] = []
    depth_most = 0
    near_ascii = False
    for number, (form, words) in enumerate(zip(forms, split, strict=True)):
        budget, old, filed = int(form[2]), form[6], form[7]
        if old >= 0:  # as it was filed: to compare with
            was = words[int(filed)] if filed else old_exact[old]
            was_depth = _allowed(was, budget) if filed else 0
        if number in refiled_set:
            word, depth = form_filing(words, budget, shared)
        else:
            word, depth = was, was_depth
        if old < 0 or (word, depth, number) != (was, was_depth, old):
            if depth:
                changed.add(word)
            if old >= 0 and was_depth:
                changed.add(was)
        if depth == 0:
            by_word.setdefault(word, []).append(number)
            filed_at.append("")
            continue
        depth_most = max(depth_most, depth)
        near_ascii |= word.isascii() or sum(not c.isascii() for c in word) <= depth
        filings.setdefault(word, []).append((number, depth))
        filed_at.append(str(words.index(word)))
    patterns = list(dict.fromkeys(f[1] for f in forms))
    pattern_numbers = {p: n for n, p in enumerate(patterns)}
    records = [
        f"{form[0]}\t{pattern_numbers[form[1]]}\t{form[2]}\t{filler_numbers[form[3]]}\t"
        f"{form[4]}\t{filed}\t{form[5]}"
        for form, filed in zip(forms, filed_at, strict=True)
    ]
    if changed:  # the previous filing of those words
        for old, record in enumerate(previous["records"].split("\n")):
            _, _, budget, _, _, filed, words = record.split("\t")
            if filed and (word := words.split(" ")[int(filed)]) in changed:
                old_filings.setdefault(word, []).append((old, _allowed(word, int(budget))))
    return {
        "patterns": patterns,
        "records": "\n".join(records),
        "vocabulary": " ".join(sorted({w for words in split for w in words})),
        "by_word": by_word,
        "by_deletion": _deletion_text(filings, old_filings, changed, previous["by_deletion"]),
        "deletion_depth": depth_most,
        "deletion_ascii": near_ascii,
    }


def _pattern_counts(
    forms: list[Form], split: list[list[str]], refs: list[list[Any]], wanted: set[str]
) -> dict[str, int]:
    """How many patterns (of a rule) use each of the `wanted` words, as `_Table` counts."""
    if not wanted:
        return {}
    users: dict[str, set[tuple[str, str]]] = {}
    for form, words in zip(forms, split, strict=True):
        for word in wanted.intersection(words):
            users.setdefault(word, set()).add((refs[form[0]][2], form[1]))
    return {word: len(found) for word, found in users.items()}


def _deletion_text(
    filings: dict[str, list[tuple[int, int]]], old: dict[str, list[tuple[int, int]]],
    changed: set[str], previous: str,
) -> str:  # fmt: skip
    """The deletion index's sorted lines (`_Table.to_data`'s) for this filing, from the
    previous table's lines (`previous`) with those of the `changed` words (`old`: their
    previous filing) made again."""
    changed = {w for w in changed if old.get(w) != filings.get(w)}
    if not changed:
        return previous
    if len(changed) * REMADE_SHARE > len(filings):
        lines = list(_deletion_lines(filings).values())
        lines.sort()
        return "\n".join(lines)
    # The lines of the changed words' variants, without their old tails, with the new ones,
    # put in place in the previous text (found by bisection on it, not split into lines).
    fresh = _deletion_lines({w: filings[w] for w in changed if w in filings})
    touched = set(fresh).union(_deletion_lines({w: old[w] for w in changed if w in old}))
    text = previous + "\n" if previous else ""
    pieces: list[str] = []
    start = 0
    for key in sorted(f"{variant}\t" for variant in touched):
        at = _line_at(text, key, start)
        pieces.append(text[start:at])
        tails: list[tuple[int, str]] = []
        end = text.find("\n", at) + 1 if text.startswith(key, at) else at
        if end > at:
            tails += _tails(text[at : end - 1], changed)
        start = end
        line = fresh.get(key[:-1])
        if line is not None:
            tails += _tails(line, set())
        if tails:
            tails.sort()
            pieces.append(key[:-1] + "".join(tail for _, tail in tails) + "\n")
    pieces.append(text[start:])
    return "".join(pieces)[:-1]


def _line_at(text: str, key: str, low: int) -> int:
    """Where in `text` (sorted lines, each ending with a line break) the first line at or
    after `key` starts, from offset `low` (a line's start) on: bisection on the text."""
    high = len(text)
    while low < high:
        middle = (low + high) // 2
        begin = text.rfind("\n", low, middle) + 1 or low  # the line holding `middle`
        if begin < low:
            begin = low
        end = text.find("\n", begin) + 1
        if text[begin : end - 1] < key:
            low = end
        else:
            high = begin
    return low


def _tails(line: str, leaving: set[str]) -> list[tuple[int, str]]:
    """A deletion line's "filed word and numbers" parts (by their first number), but those of
    the words `leaving`."""
    parts = line.split("\t")
    return [
        (int(numbers.partition(" ")[0]), f"\t{word}\t{numbers}")
        for word, numbers in zip(parts[1::2], parts[2::2], strict=True)
        if word not in leaving
    ]
