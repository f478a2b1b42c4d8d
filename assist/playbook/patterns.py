"""The small pattern syntax of playbook phrases: alternatives, optional words and gaps.

    I {will|'ll|am going to} {transfer|put} you [through] to {the|my|a} {manager|supervisor}

- `{a|b|c}`: one of the alternatives (each one or more words, may hold patterns itself);
- `[words]`: optional words;
- `...`: up to `MAX_GAP` arbitrary words of the same sentence;
- `@name`: a named word class of the language file (`classes:`), replaced by its
  alternatives when the file loads (`expand_classes`), so one family of synonyms is written
  once and shared by every pattern and guard of the file.

A plain phrase is a pattern with one form. A pattern is parsed once into the word sequences
it stands for (its forms), each a tuple of chunks separated by gaps; the matcher compiles every
form like a plain phrase. Parsing is linear in the pattern's length, and a pattern may stand
for at most `MAX_FORMS` forms, so matching cost stays bounded whatever a team writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from itertools import permutations, product

from assist.record import record

MAX_FORMS = 512  # word sequences one pattern may stand for
MAX_GAP = 3  # arbitrary words a `...` stands for
MAX_FREE_WORDS = 4  # free word order: phrases longer than this keep their order
GAP = "..."
_GAP_MARK = "\x00"
_APOSTROPHE_SPACE = re.compile(r"\s+(?=['\u2019])")  # "I 'll" -> "I'll"
_SPECIAL = "{}[]|"
CLASS_NAME = re.compile(r"[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*")
"""A word class name: lower-case letters, digits, '_' and inner dashes (`@shop-noun`)."""
_CLASS_REF = re.compile(r"(?<![\w@])@(" + CLASS_NAME.pattern + r")")  # not inside a@b.com


class PatternError(ValueError):
    """A phrase that is not a well-formed pattern; the message says where and why."""


@record
class Form:
    """One word sequence a pattern stands for: text chunks with a gap between each two."""

    chunks: tuple[str, ...]

    @property
    def text(self) -> str:
        """The form as a phrase (gaps shown as '...')."""
        return f" {GAP} ".join(self.chunks)


def is_pattern(phrase: str) -> bool:
    """True when the phrase uses any pattern syntax (a plain phrase is matched as written)."""
    return GAP in phrase or any(c in phrase for c in _SPECIAL)


def forms(phrase: str, *, free_order: bool = False) -> tuple[Form, ...]:
    """Every word sequence the pattern stands for, in the order written; PatternError if bad."""
    base = _written_forms(phrase)
    return _reordered(base) if free_order else base


@lru_cache(maxsize=8192)
def _written_forms(phrase: str) -> tuple[Form, ...]:
    """`forms` as written, remembered: loading, compiling and checking a playbook each ask
    for every pattern's forms (83,544 for the built-ins); a PatternError is never kept."""
    if not is_pattern(phrase):
        base: tuple[Form, ...] = (Form((phrase.strip(),)),)
    else:
        parser = _Parser(phrase)
        alternatives = parser.sequence()
        if parser.pos < len(phrase):
            raise PatternError(f"unexpected '{phrase[parser.pos]}' at character {parser.pos + 1}")
        # one Form per distinct chunks (the built-ins' 105,000 forms: half the time); every
        # chunk holds a word (`_chunks`)
        base = tuple(map(Form, dict.fromkeys(map(_chunks, alternatives))))
        if not base:
            raise PatternError("the pattern has no words")
    return base


def _chunks(items: tuple[str, ...]) -> tuple[str, ...]:
    """Items joined as written (so `you{'ll| will}` gives "you'll"), split at the gaps:
    PatternError unless every chunk holds a word."""
    if GAP in items:
        items = tuple([_GAP_MARK if item == GAP else item for item in items])
    chunks = tuple(map(_spaced, "".join(items).split(_GAP_MARK)))
    if not all(chunks):
        raise PatternError("'...' must stand between words, not at an end or twice in a row")
    return chunks


def _spaced(text: str) -> str:
    """The text's words one space apart, with none before an apostrophe ("I 'll" -> "I'll")."""
    text = " ".join(text.split())
    if "'" in text or "\u2019" in text:  # only then can the pattern below match
        return _APOSTROPHE_SPACE.sub("", text)
    return text


@record
class Reordering:
    """Free word order on a pattern whose reorderings would pass `MAX_FORMS`: the written
    forms are all kept, and as many of them as fit (in the order written) in every order."""

    wanted: int
    """Word sequences every order of every form would make."""
    kept: int
    """Word sequences kept (at most `MAX_FORMS`)."""
    reordered: int
    """Written forms kept in every order."""
    written: int
    """Written forms (the rest of them are kept in their written order only)."""


def reordering_limit(phrase: str) -> Reordering | None:
    """How free word order was cut short for this pattern, or None when every order of every
    form fits in `MAX_FORMS`; PatternError if the pattern is malformed."""
    base = forms(phrase)
    every = _every_order(base)
    if len(every) <= MAX_FORMS:
        return None
    kept, reordered = _within_budget(base)
    return Reordering(len(every), len(kept), reordered, len(base))


def _orders(form: Form) -> list[Form]:
    """Every order of a gap-less form's words (short forms only), the written one first."""
    words = form.chunks[0].split()
    if len(form.chunks) > 1 or len(words) > MAX_FREE_WORDS:
        return [form]
    return [Form((" ".join(order),)) for order in permutations(words)]


def _every_order(base: tuple[Form, ...]) -> dict[Form, None]:
    return dict.fromkeys(order for form in base for order in _orders(form))


def _within_budget(base: tuple[Form, ...]) -> tuple[dict[Form, None], int]:
    """The written forms in every order while the orders fit, keeping room for each later
    written form; (forms kept, how many written forms were reordered)."""
    kept: dict[Form, None] = {}
    reordered = 0
    for i, form in enumerate(base):
        new = [order for order in dict.fromkeys(_orders(form)) if order not in kept]
        if len(kept) + len(new) + len(base) - i - 1 <= MAX_FORMS:
            kept.update(dict.fromkeys(new))
            reordered += 1
        else:
            kept[form] = None
    return kept, reordered


def _reordered(base: tuple[Form, ...]) -> tuple[Form, ...]:
    """Free word order: every order of each gap-less form's words (short forms only); past
    `MAX_FORMS`, the written forms in every order while they fit and the rest as written
    (`reordering_limit` says so, for `assist playbook check`)."""
    every = _every_order(base)
    if len(every) <= MAX_FORMS:
        return tuple(every)
    return tuple(_within_budget(base)[0])


class _Parser:
    """Recursive descent over the pattern; each node yields its word-item sequences."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def sequence(self) -> list[tuple[str, ...]]:
        result: list[tuple[str, ...]] = [()]
        while self.pos < len(self.text) and self.text[self.pos] not in "|}]":
            part = self.item()
            if len(result) * len(part) > MAX_FORMS:
                raise PatternError(f"the pattern stands for more than {MAX_FORMS} word sequences")
            result = [a + b for a, b in product(result, part)]
        return result

    def item(self) -> list[tuple[str, ...]]:
        c = self.text[self.pos]
        if c in "{[":
            return self.group(c)
        if self.text.startswith(GAP, self.pos):
            self.pos += len(GAP)
            return [(GAP,)]
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _SPECIAL:
            if self.text.startswith(GAP, self.pos):
                break
            self.pos += 1
        return [(self.text[start : self.pos],)]

    def group(self, opener: str) -> list[tuple[str, ...]]:
        closer = "}" if opener == "{" else "]"
        start = self.pos
        self.pos += 1
        self.depth += 1
        if self.depth > 8:
            raise PatternError("groups nested more than 8 deep")
        options = self.sequence()
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            if opener == "[":
                raise PatternError(
                    f"'|' inside '[...]' at character {self.pos + 1}: use '[{{a|b}}]'"
                )
            self.pos += 1
            options += self.sequence()
        if self.pos >= len(self.text) or self.text[self.pos] != closer:
            raise PatternError(f"'{opener}' at character {start + 1} is never closed by '{closer}'")
        self.pos += 1
        self.depth -= 1
        if opener == "[":
            options = [(), *options]
        return list(dict.fromkeys(options))


@record
class Group:
    """One piece of pattern syntax as written: a choice `{a|b}`, optional words `[a]` or a
    `...` gap, for explaining a pattern (`assist playbook explain`)."""

    kind: str
    """'choice', 'optional' or 'gap'."""
    text: str
    """The group as written, brackets included ('...' for a gap)."""
    column: int
    """1-based character position of its first character in the pattern."""
    options: tuple[str, ...] = ()
    """A choice's alternatives, or an optional group's words, as written ('' for none)."""
    depth: int = 0
    """Groups it stands inside (0: at the top level of the pattern)."""
    before: str = ""
    """A gap: the word or group written just before it."""
    after: str = ""
    """A gap: the word or group written just after it."""


def outline(phrase: str) -> tuple[Group, ...]:
    """The choices, optional groups and gaps of a pattern, in the order written (a group
    inside another comes after it); PatternError if the pattern is malformed."""
    forms(phrase)  # the one parser decides what is well-formed
    if not is_pattern(phrase):
        return ()
    groups: list[Group] = []
    stack: list[tuple[str, int, list[int]]] = []  # opener, position, starts of its options
    i = 0
    while i < len(phrase):
        c = phrase[i]
        if phrase.startswith(GAP, i):
            before, after = _neighbour(phrase, i, -1), _neighbour(phrase, i + len(GAP), 1)
            groups.append(Group("gap", GAP, i + 1, (), len(stack), before, after))
            i += len(GAP)
            continue
        if c in "{[":
            stack.append((c, i, [i + 1]))
        elif c == "|":
            stack[-1][2].append(i + 1)
        elif c in "}]":
            opener, start, starts = stack.pop()
            ends = [s - 1 for s in starts[1:]] + [i]
            options = tuple(
                " ".join(phrase[s:e].split()) for s, e in zip(starts, ends, strict=True)
            )
            kind = "choice" if opener == "{" else "optional"
            groups.append(Group(kind, phrase[start : i + 1], start + 1, options, len(stack)))
        i += 1
    return tuple(sorted(groups, key=lambda g: g.column))


def _neighbour(phrase: str, at: int, step: int) -> str:
    """The word or whole group written next to position `at` (before it for step -1)."""
    i = at - 1 if step < 0 else at
    while 0 <= i < len(phrase) and phrase[i].isspace():
        i += step
    opens, closes = ("}]", "{[") if step < 0 else ("{[", "}]")
    edge, level = i, 0
    while 0 <= i < len(phrase):
        c = phrase[i]
        if c in opens:
            level += 1
        elif c in closes:
            if level == 0:
                break
            level -= 1
        elif level == 0 and (c.isspace() or c == "|" or _at_gap(phrase, i)):
            break
        i += step
    return phrase[i + 1 : edge + 1] if step < 0 else phrase[edge:i]


def _at_gap(phrase: str, i: int) -> bool:
    """True when character `i` is part of a `...` gap."""
    return any(phrase.startswith(GAP, j) for j in range(max(0, i - 2), i + 1))


class ClassError(PatternError):
    """A word class that cannot be resolved; `name` is the class whose definition is wrong."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@record
class ClassUse:
    """One `@name` written in a pattern, for explaining it."""

    name: str
    column: int
    """1-based character position of the '@' in the pattern as written."""
    alternatives: int
    """Word sequences the class stands for."""


def class_refs(pattern: str) -> tuple[tuple[str, int], ...]:
    """Each `@name` in the pattern with the 1-based column of its '@', in the order written."""
    if "@" not in pattern:
        return ()
    return tuple((m.group(1), m.start() + 1) for m in _CLASS_REF.finditer(pattern))


def class_pattern(value: str | tuple[str, ...] | list[str]) -> str:
    """A class definition as pattern text: a list is a choice of its items, a string a pattern
    of its own; either way one group, so `@name` always stands for one unit of a pattern."""
    if isinstance(value, str):
        return "{" + value.strip() + "}"
    return "{" + "|".join(item.strip() for item in value) + "}"


def expand_classes(pattern: str, classes: Mapping[str, str]) -> str:
    """The pattern with every `@name` replaced by the class's (resolved) pattern text;
    PatternError naming the character of an unknown class."""
    if "@" not in pattern:
        return pattern

    def replaced(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in classes:
            raise PatternError(_unknown_class(name, match.start() + 1, classes))
        return classes[name]

    return _CLASS_REF.sub(replaced, pattern)


def _unknown_class(name: str, at: int, classes: Mapping[str, str]) -> str:
    """The message for a `@name` the file does not define, with the names it does."""
    known = ", ".join(f"@{n}" for n in sorted(classes)) or "none defined in this file"
    return f"unknown word class '@{name}' at character {at} (known: {known})"


def resolve_classes(defined: Mapping[str, str]) -> dict[str, str]:
    """Each class's pattern text with the classes it names replaced, in the order defined;
    ClassError (naming the class) for an unknown name, a cycle, or a malformed pattern."""
    resolved: dict[str, str] = {}

    def resolve(name: str, trail: tuple[str, ...]) -> str:
        if name in resolved:
            return resolved[name]
        if name in trail:
            cycle = " -> ".join(f"@{n}" for n in (*trail[trail.index(name) :], name))
            raise ClassError(trail[0], f"word class '@{trail[0]}' refers to itself: {cycle}")
        text = defined[name]
        for ref, column in class_refs(text):
            if ref not in defined:  # column - 1: the column in the definition as written
                message = _unknown_class(ref, column - 1, defined)
                raise ClassError(name, f"word class '@{name}': {message}")
        text = _CLASS_REF.sub(lambda m: resolve(m.group(1), (*trail, name)), text)
        try:
            forms(text)
        except PatternError as exc:
            raise ClassError(name, f"word class '@{name}': {exc}") from None
        resolved[name] = text
        return text

    for name in defined:
        resolve(name, ())
    return resolved


def contract_classes(pattern: str, classes: Mapping[str, str]) -> str:
    """The pattern with each class's expansion written back as `@name` (the longest first),
    so an expanded phrase reads as its author wrote it."""
    if not classes or "{" not in pattern:
        return pattern
    for name, text in sorted(classes.items(), key=lambda item: -len(item[1])):
        pattern = pattern.replace(text, f"@{name}")
    return pattern


def class_uses(pattern: str, classes: Mapping[str, str]) -> tuple[ClassUse, ...]:
    """The classes a pattern as written names, with how many word sequences each stands for."""
    return tuple(
        ClassUse(name, column, len(forms(classes[name])))
        for name, column in class_refs(pattern)
        if name in classes
    )
