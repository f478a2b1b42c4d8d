"""Check one parsed YAML document against the field specs and build model objects.

Every message is one line that names the entry, the key and what was expected, and every
problem points at the key or value to fix: `phrases.yaml:41:7: rule 'dont-know': 'say' must
be a non-empty list, not a string; ...`. Checks that need more than one file (duplicate ids,
overrides, references between entries) live in playbook.py.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable

from assist.errors import Location, PlaybookError
from assist.model import (
    MODES,
    PLACES,
    REPLY_FORMS,
    SEVERITIES,
    ChannelSwitch,
    Examples,
    NoteField,
    ReplyPart,
    ReplyTemplate,
    Severity,
    Tip,
    Wording,
)
from assist.playbook.fields import POSITIONS, RECOGNISERS, SECTIONS, TIME_WORDS, TOP_LEVEL, Spec
from assist.playbook.patterns import (
    CLASS_NAME,
    ClassError,
    PatternError,
    class_pattern,
    expand_classes,
    forms,
    resolve_classes,
)
from assist.playbook.yamlsource import Document, Path_
from assist.record import field, record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_PATTERN = ID_RE.pattern
Keys = tuple[str, ...]


@record(frozen=False)
class FileContent:
    """What one valid-enough playbook file contributes, plus the problems found in it."""

    file: str
    doc: Document | None = None
    """The document validated, kept so the merger can record where fields are set."""
    language: str = "en"
    fillers: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    classes: dict[str, str] = field(default_factory=dict)
    """Word classes (`classes:`) by name, each as resolved pattern text `{a|b|...}`."""
    negations: tuple[str, ...] = ()
    conditionals: tuple[str, ...] = ()
    intensifiers: tuple[str, ...] = ()
    contractions: dict[str, str] = field(default_factory=dict)
    time_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    entries: dict[str, list[Any]] = field(default_factory=dict)
    indices: dict[str, list[int]] = field(default_factory=dict)
    """For each section, the position in the file's list of every valid entry."""
    disable: list[tuple[str, Location]] = field(default_factory=list)
    errors: list[PlaybookError] = field(default_factory=list)


class _Invalid(Exception):
    def __init__(self, path: Path_, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def validate_document(doc: Document) -> FileContent:
    """Validate a whole file; every problem becomes a PlaybookError in `.errors`."""
    content = FileContent(doc.file, doc)
    if doc.data is None:
        return content
    if not isinstance(doc.data, dict):
        message = f"a playbook file must be a mapping of keys like 'rules:', not {_got(doc.data)}"
        content.errors.append(PlaybookError(doc.where(()), message))
        return content
    if "classes" in doc.data:  # before any pattern that names a class, wherever it is written
        _classes(doc, content, doc.data["classes"])
    for key, value in doc.data.items():
        if key == "classes":
            continue
        try:
            _top_level(doc, content, key, value)
        except _Invalid as exc:
            content.errors.append(PlaybookError(doc.where(exc.path), exc.message))
    return content


def _top_level(doc: Document, content: FileContent, key: Any, value: Any) -> None:
    if key not in TOP_LEVEL:
        raise _Invalid((key, "<key>"), f"unknown top-level key '{key}'{_suggest(key, TOP_LEVEL)}")
    path: Path_ = (key,)
    if key == "language":
        content.language = _text(value, path, "'language'")
    elif key == "fillers":
        words = _text_list(value, path, "'fillers'", empty=True)
        content.fillers = tuple(w.lower() for w in words)
    elif key in ("negations", "conditionals", "intensifiers"):
        words = _text_list(value, path, f"'{key}'", empty=True)
        setattr(content, key, tuple(w.lower() for w in words))
    elif key == "contractions":
        content.contractions = _contractions(value, path)
    elif key == "time-words":
        content.time_words = _time_words(value, path)
    elif key == "guards":
        content.guards = _patterns(value, path, "'guards'", "", content.classes)
    elif key == "disable":
        ids = _list(value, path, "'disable'", "rule ids", empty=True)
        content.disable = [
            (_id(rule_id, (*path, i), f"'disable' item {i + 1}"), doc.where((*path, i)))
            for i, rule_id in enumerate(ids)
        ]
    else:
        content.entries[key] = _section(doc, content, key, value)


def _section(doc: Document, content: FileContent, key: str, value: Any) -> list[Any]:
    label, cls, specs = SECTIONS[key]
    _list(value, (key,), f"'{key}'", f"{label} entries", empty=True)
    built = []
    indices = content.indices.setdefault(key, [])
    for i, item in enumerate(value):
        try:
            fields = _entry(item, (key, i), label, specs, content.classes)
        except _Invalid as exc:
            content.errors.append(PlaybookError(doc.where(exc.path), exc.message))
            continue
        origin = doc.where((key, i))
        if key in ("rules", "elements", "signals"):
            fields["language"] = content.language
        indices.append(i)
        if cls is dict:
            keys = tuple(str(k) for k in item if k != "id")
            built.append({**fields, "origin": origin, "keys": keys})
        else:
            built.append(cls(**fields, origin=origin))
    return built


def _entry(
    item: Any,
    path: Path_,
    label: str,
    specs: tuple[Spec, ...],
    classes: dict[str, str] | None = None,
) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise _Invalid(path, f"each {label} entry must be a mapping with an 'id', not {_got(item)}")
    entry_id = item.get("id")
    number = int(str(path[-1])) + 1
    name = f"{label} '{entry_id}'" if isinstance(entry_id, str) else f"{label} #{number}"
    by_key = {spec.key: spec for spec in specs}
    try:
        _check_keys(item, path, by_key)
        source = str(item["source"]) if isinstance(item.get("source"), str) else ""
        fields: dict[str, Any] = {}
        for spec in specs:
            if spec.key in item:
                value = item[spec.key]
                fields[spec.attr] = _value(spec, value, (*path, spec.key), source, classes)
            elif spec.required:
                raise _Invalid(path, f"missing required key '{spec.key}'")
            elif not label.endswith("override"):  # an override changes only the keys it names
                fields[spec.attr] = spec.default
    except _Invalid as exc:
        raise _Invalid(exc.path, f"{name}: {exc.message}") from None
    return fields


def _check_keys(item: dict[Any, Any], path: Path_, allowed: Iterable[str]) -> None:
    """Reject the first key of `item` that is not allowed, suggesting the closest one."""
    allowed = list(allowed)
    for key in item:
        if key not in allowed:
            raise _Invalid((*path, key, "<key>"), f"unknown key '{key}'{_suggest(key, allowed)}")


def _suggest(key: Any, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else the list of known keys."""
    known = list(known)
    import difflib  # only for a key that is not known: a valid file never needs it

    close = difflib.get_close_matches(str(key).lower(), known, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(sorted(known))})"


def _value(
    spec: Spec, value: Any, path: Path_, source: str, classes: dict[str, str] | None = None
) -> Any:
    """Check one value against its spec's kind and convert it for the model (patterns with
    the file's word classes expanded)."""
    key = f"'{spec.key}'"
    if value is None:
        raise _Invalid((*path, "<key>"), f"{key} has no value (fill it in or remove the key)")
    if spec.kind == "tip-list" and spec.required and value == []:
        raise _Invalid(path, f"{key} must list at least one tip")
    if spec.kind == "pattern-list":
        return _patterns(value, path, key, source, classes or {})
    return KINDS[spec.kind](value, path, key, source)


def _got(value: Any) -> str:
    """How a value reads in a message: 'a string', 'the number 3', 'an empty list'..."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, str):
        return "a string" if value.strip() else "an empty string"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return "a mapping" if value else "an empty mapping"


def _quote_hint(value: Any) -> str:
    """Unquoted `no`, `yes`, `12:30` or dates are not read as text by YAML."""
    if isinstance(value, bool | int | float | datetime.date):
        return "; put it in quotes to make it text"
    return ""


def _text(value: Any, path: Path_, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        message = f"{key} must be a non-empty string, not {_got(value)}{_quote_hint(value)}"
        raise _Invalid(path, message)
    return value.strip()


def _list(value: Any, path: Path_, key: str, what: str, *, empty: bool = False) -> list[Any]:
    if isinstance(value, list) and (value or empty):
        return value
    expected = f"a list of {what}" if empty else f"a non-empty list of {what}"
    hint = "; start each item on its own line with '- '" if isinstance(value, str) else ""
    raise _Invalid(path, f"{key} must be {expected}, not {_got(value)}{hint}")


def _text_list(value: Any, path: Path_, key: str, *, empty: bool = False) -> tuple[str, ...]:
    items = _list(value, path, key, "strings", empty=empty)
    if all(item.__class__ is str for item in items):  # the usual case: no item's label made
        texts = tuple([item.strip() for item in items])
        if all(texts):
            return texts
    return tuple(_text(item, (*path, i), f"{key} item {i + 1}") for i, item in enumerate(items))


def _patterns(
    value: Any, path: Path_, key: str, source: str, classes: dict[str, str] | None = None
) -> tuple[str, ...]:
    """A list of phrase patterns, each with the file's word classes (`@name`) expanded and
    checked by the pattern parser."""
    items = _text_list(value, path, key)
    expanded = []
    for i, item in enumerate(items):
        try:
            text = expand_classes(item, classes or {})
            forms(text)
        except PatternError as exc:
            raise _Invalid((*path, i), f"{key} item {i + 1}: {exc}") from None
        expanded.append(text)
    return tuple(expanded)


def _classes(doc: Document, content: FileContent, value: Any) -> None:
    """The file's `classes:` (name -> pattern text, or a list of alternatives), resolved into
    `content.classes`; each bad class is one error at its own line, and is left out."""
    path: Path_ = ("classes",)
    if not isinstance(value, dict):
        message = f"'classes' must be a mapping of class names to alternatives, not {_got(value)}"
        content.errors.append(PlaybookError(doc.where(path), message))
        return
    defined: dict[str, str] = {}
    for name, item in value.items():
        try:
            defined[_class_name(name)] = _class_value(item, (*path, name), name)
        except _Invalid as exc:
            content.errors.append(PlaybookError(doc.where(exc.path), exc.message))
    while defined:
        try:
            content.classes = resolve_classes(defined)
            return
        except ClassError as exc:  # drop the bad class, report it once, resolve the rest
            content.errors.append(PlaybookError(doc.where((*path, exc.name)), str(exc)))
            defined.pop(exc.name)


def _class_name(name: Any) -> str:
    if not isinstance(name, str) or not CLASS_NAME.fullmatch(name):
        shown = repr(name) if isinstance(name, str) else _got(name)
        message = (
            f"word class name {shown} must be lower-case letters, digits, '_' and inner dashes"
        )
        raise _Invalid(("classes", name, "<key>"), message)
    return name


def _class_value(item: Any, path: Path_, name: str) -> str:
    """One class definition as pattern text (a string is a pattern, a list its alternatives)."""
    label = f"word class '@{name}'"
    if isinstance(item, list):
        alternatives = _text_list(item, path, label)
        return class_pattern(alternatives)
    return class_pattern(_text(item, path, label))


def _word_order(value: Any, path: Path_, key: str, source: str) -> str:
    if value not in WORD_ORDERS:
        raise _Invalid(path, f"{key} must be one of {', '.join(WORD_ORDERS)}, not {value!r}")
    return str(value)


WORD_ORDERS = ("fixed", "free")


def _id(value: Any, path: Path_, key: str) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        shown = repr(value) if isinstance(value, str) else _got(value)
        raise _Invalid(path, f"{key} must be lower-case letters, digits and dashes, not {shown}")
    return value


def _id_list(value: Any, path: Path_, key: str, source: str) -> tuple[str, ...]:
    items = _list(value, path, key, "ids")
    return tuple(_id(item, (*path, i), f"{key} item {i + 1}") for i, item in enumerate(items))


def _switches(value: Any, path: Path_, key: str, source: str) -> tuple[ChannelSwitch, ...]:
    items = _list(value, path, key, "{to, text} mappings")
    switches = []
    for i, item in enumerate(items):
        where, label = (*path, i), f"{key} item {i + 1}"
        if not isinstance(item, dict):
            raise _Invalid(where, f"{label} must be a mapping with 'to' and 'text'")
        _check_fields(item, where, label, ("to", "text", "source"), ("to", "text"))
        to = _id_list(item["to"], (*where, "to"), f"{label} 'to'", source)
        text = _text(item["text"], (*where, "text"), f"{label} 'text'")
        item_source = _text(item.get("source", source), (*where, "source"), f"{label} 'source'")
        switches.append(ChannelSwitch(to, text, item_source))
    return tuple(switches)


TEMPLATE_KEYS = ("form", "title", "note", "parts", "source", "limit")
PART_KEYS = ("id", "label", "text", "source", "draft", "say", "place")


def _reply_template(value: Any, path: Path_, key: str, source: str) -> ReplyTemplate:
    """A channel's reply template: its form, how to use it, and its points in order."""
    if not isinstance(value, dict):
        raise _Invalid(path, f"{key} must be a mapping with 'form', 'title', 'note' and 'parts'")
    _check_fields(value, path, key, TEMPLATE_KEYS, ("form", "title", "note", "parts"))
    form = _choice(REPLY_FORMS)(value["form"], (*path, "form"), f"{key} 'form'", source)
    own = _text(value.get("source", source), (*path, "source"), f"{key} 'source'")
    limit = _char_count(value.get("limit", 0), (*path, "limit"), f"{key} 'limit'")
    items = _list(value["parts"], (*path, "parts"), f"{key} 'parts'", "points")
    parts = tuple(_reply_part(item, (*path, "parts", i), form, own) for i, item in enumerate(items))
    ids = [part.id for part in parts]
    again = next((n for n, part_id in enumerate(ids) if part_id in ids[:n]), None)
    if again is not None:
        raise _Invalid((*path, "parts", again), f"{key}: point '{ids[again]}' given twice")
    return ReplyTemplate(
        form=form,
        title=_text(value["title"], (*path, "title"), f"{key} 'title'"),
        note=_text(value["note"], (*path, "note"), f"{key} 'note'"),
        parts=parts,
        source=own,
        limit=limit,
    )


def _reply_part(item: Any, path: Path_, form: str, source: str) -> ReplyPart:
    label = f"'parts' item {int(str(path[-1])) + 1}"
    if not isinstance(item, dict):
        raise _Invalid(path, f"{label} must be a mapping with 'id', 'label' and 'text'")
    _check_fields(item, path, label, PART_KEYS, ("id", "label", "text"))
    place = ""
    if "place" in item or form == "public":
        place = _choice(PLACES)(item.get("place"), (*path, "place"), f"{label} 'place'", "")
    return ReplyPart(
        id=_id(item["id"], (*path, "id"), f"{label} 'id'"),
        label=_text(item["label"], (*path, "label"), f"{label} 'label'"),
        text=_text(item["text"], (*path, "text"), f"{label} 'text'"),
        source=_text(item.get("source", source), (*path, "source"), f"{label} 'source'"),
        draft=_id(item["draft"], (*path, "draft"), f"{label} 'draft'") if "draft" in item else None,
        say=_text(item["say"], (*path, "say"), f"{label} 'say'") if "say" in item else "",
        place=place,
    )


MAX_LIMIT = 10_000


def _char_count(value: Any, path: Path_, key: str) -> int:
    """A character count: a whole number from 0 (no limit) to MAX_LIMIT."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIMIT:
        raise _Invalid(path, f"{key} must be a whole number from 0 to {MAX_LIMIT}, not {value!r}")
    return value


def _tips(value: Any, path: Path_, key: str, source: str) -> tuple[Tip, ...]:
    items = _list(value, path, key, "tips (text, or text and source)", empty=True)
    tips = []
    for i, item in enumerate(items):
        where, label = (*path, i), f"{key} item {i + 1}"
        if not isinstance(item, dict):
            tips.append(Tip(_text(item, where, label), source))
            continue
        _check_fields(item, where, label, ("text", "source", "mode"), ("text",))
        text = _text(item["text"], (*where, "text"), f"{label} 'text'")
        tip_source = _text(item.get("source", source), (*where, "source"), f"{label} 'source'")
        mode = _mode(item.get("mode", ""), (*where, "mode"), f"{label} 'mode'", source)
        tips.append(Tip(text, tip_source, mode))
    return tuple(tips)


def _mode(value: Any, path: Path_, key: str, source: str) -> str:
    if value != "" and value not in MODES:
        raise _Invalid(path, f"{key} must be {' or '.join(MODES)}, not {value!r}")
    return str(value)


def _say_list(value: Any, path: Path_, key: str, source: str) -> tuple[str, ...]:
    """Plain wordings, or {text, mode} where a wording only fits spoken or written replies."""
    items = _list(value, path, key, "strings (or text and mode)")
    said: list[str] = []
    for i, item in enumerate(items):
        where, label = (*path, i), f"{key} item {i + 1}"
        if not isinstance(item, dict):
            said.append(_text(item, where, label))
            continue
        _check_fields(item, where, label, ("text", "mode"), ("text", "mode"))
        text = _text(item["text"], (*where, "text"), f"{label} 'text'")
        said.append(Wording(text, _mode(item["mode"], (*where, "mode"), f"{label} 'mode'", "")))
    return tuple(said)


def _check_fields(
    item: dict[Any, Any], path: Path_, label: str, allowed: tuple[str, ...], required: Keys
) -> None:
    """Keys of a small nested mapping (a tip, a note): no unknown ones, none missing."""
    try:
        _check_keys(item, path, allowed)
    except _Invalid as exc:
        raise _Invalid(exc.path, f"{label}: {exc.message}") from None
    for key in required:
        if key not in item:
            raise _Invalid(path, f"{label}: missing '{key}'")


def _tip_map(value: Any, path: Path_, key: str, source: str) -> dict[str, tuple[Tip, ...]]:
    if not isinstance(value, dict):
        raise _Invalid(path, f"{key} must be a mapping of id to a list of tips, not {_got(value)}")
    result = {}
    for ref, tips in value.items():
        ref_id = _id(ref, (*path, ref, "<key>"), f"{key} key")
        result[ref_id] = _tips(tips, (*path, ref), f"{key} '{ref}'", source)
    return result


def _notes(value: Any, path: Path_, key: str, source: str) -> tuple[NoteField, ...]:
    items = _list(value, path, key, "{id, prompt} mappings")
    notes = []
    for i, item in enumerate(items):
        where, label = (*path, i), f"{key} item {i + 1}"
        if not isinstance(item, dict):
            raise _Invalid(where, f"{label} must be a mapping with 'id' and 'prompt'")
        _check_fields(item, where, label, ("id", "prompt"), ("id", "prompt"))
        note_id = _id(item["id"], (*where, "id"), f"{label} 'id'")
        notes.append(NoteField(note_id, _text(item["prompt"], (*where, "prompt"), "'prompt'")))
    return tuple(notes)


def _examples(value: Any, path: Path_, key: str, source: str) -> Examples:
    if not isinstance(value, dict):
        message = f"{key} must be a mapping with 'flag' and/or 'pass' lists, not {_got(value)}"
        raise _Invalid(path, message)
    _check_fields(value, path, key, ("flag", "pass"), ())
    flag = _text_list(value.get("flag", []), (*path, "flag"), "'flag'", empty=True)
    passes = _text_list(value.get("pass", []), (*path, "pass"), "'pass'", empty=True)
    return Examples(flag, passes)


def _contractions(value: Any, path: Path_) -> dict[str, str]:
    if not isinstance(value, dict):
        message = f"'contractions' must map contracted to expanded forms, not {_got(value)}"
        raise _Invalid(path, message)
    result = {}
    for short, long in value.items():
        result[str(short).lower()] = _text(long, (*path, short), f"contraction '{short}'").lower()
    return result


def _time_words(value: Any, path: Path_) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        message = f"'time-words' must map categories to lists of words, not {_got(value)}"
        raise _Invalid(path, message)
    _check_keys(value, path, TIME_WORDS)
    return {
        str(kind): _text_list(words, (*path, kind), f"'time-words' '{kind}'")
        for kind, words in value.items()
    }


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Path_, str, str], str]:
    """A check for a value that must be one of `choices`."""

    def check(value: Any, path: Path_, key: str, source: str) -> str:
        if value not in choices:
            raise _Invalid(path, f"{key} must be one of {', '.join(choices)}, not {value!r}")
        return str(value)

    return check


def _severity(value: Any, path: Path_, key: str, source: str) -> Severity:
    if value not in SEVERITIES:
        raise _Invalid(path, f"{key} must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return Severity(value)


def _bool(value: Any, path: Path_, key: str, source: str) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(path, f"{key} must be true or false, not {value!r}")
    return value


def _percent(value: Any, path: Path_, key: str, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise _Invalid(path, f"{key} must be a whole number from 0 to 100, not {value!r}")
    return value


WEIGHT_RANGE = (0.1, 3.0)


def _weight(value: Any, path: Path_, key: str, source: str) -> float:
    low, high = WEIGHT_RANGE
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _Invalid(path, f"{key} must be a number from {low} to {high}, not {value!r}")
    return float(value)


KINDS: dict[str, Callable[[Any, Path_, str, str], Any]] = {
    "id": lambda value, path, key, source: _id(value, path, key),
    "text": lambda value, path, key, source: _text(value, path, key),
    "text-list": lambda value, path, key, source: _text_list(value, path, key),
    "pattern-list": _patterns,
    "word-order": _word_order,
    "id-list": _id_list,
    "switch-list": _switches,
    "reply-template": _reply_template,
    "tip-list": _tips,
    "say-list": _say_list,
    "mode": _mode,
    "tip-map": _tip_map,
    "note-list": _notes,
    "severity": _severity,
    "bool": _bool,
    "percent": _percent,
    "weight": _weight,
    "examples": _examples,
    "position": _choice(POSITIONS),
    "recogniser": _choice(RECOGNISERS),
}
"""Every field kind a Spec may name, with its check-and-convert function.

schema.py maps the same kinds to JSON Schema; a test keeps the two in step.
"""
