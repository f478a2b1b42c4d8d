"""A Reviewer whose compiled parts come from the playbook cache folder, so a cold `assist
lint --reply-to` (or `--input jsonl` with customer messages) does not compile them again.

An entry of kind `review` (assist.lint.stored) holds the context rules in force (built-in
`context.yaml`, then each team folder's `context/*.yaml`) and their reply-side and
customer-side phrases compiled; it is keyed by the playbook's files and every context
file's path, size and modification time, so an edit of a `context/` file is read at once.
Triage's signals come from their own entry (assist.triage.stored). The parts are for a
Linter loaded from exactly those team folders (the CLI's `load`); `ASSIST_NO_CACHE=1`
compiles them every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assist.errors import Location
from assist.lint.engine import Linter
from assist.lint.matcher import PhraseIndex
from assist.lint.stored import (
    NOT_FITTING,
    Blob,
    Note,
    entry_key,
    entry_path,
    read_parts,
    store_parts,
)
from assist.model import Severity
from assist.record import field_names
from assist.review.engine import Reviewer
from assist.review.rules import (
    RULES_FILE,
    ContextExample,
    ContextRule,
    ContextRules,
    context_rules,
    layered_rules,
    team_files,
)
from assist.triage import Triager
from assist.triage.stored import stored_triager

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

REVIEW_FORMAT = "assist-review-cache/1"
CLASSES: dict[str, Any] = {c.__name__: c for c in (ContextRules, ContextRule, ContextExample)}
"""The only classes a review entry may name (with Location and Severity)."""


def stored_reviewer(
    linter: Linter,
    team_dirs: Iterable[Path],
    *,
    context_dirs: Iterable[Path] | None = None,
    note: Note | None = None,
) -> Reviewer:
    """The Reviewer of `linter`'s playbook, which was loaded from the built-ins and
    `team_dirs` (the CLI's `load`), with the context rules of the built-in layer and each of
    `context_dirs`' `context/` (default: `team_dirs`): its parts read back from the cache
    when current, else compiled and stored (`note`: one line when the entry cannot be
    written). Raises PlaybookErrors when a context layer has a problem."""
    team_dirs = [Path(d) for d in team_dirs]
    contexts = team_dirs if context_dirs is None else [Path(d) for d in context_dirs]
    triager = stored_triager(linter, team_dirs, note=note)
    key = _key(team_dirs, contexts)
    if key is None:
        return Reviewer(linter, _rules(contexts), triager=triager)
    entry = entry_path("review", key)
    found = read_parts(entry, REVIEW_FORMAT, key)
    if found is not None:
        try:
            return _read_back(linter, triager, *found)
        except NOT_FITTING:
            pass  # compiled and stored again below
    reviewer = Reviewer(linter, _rules(contexts), triager=triager)
    document = {"format": REVIEW_FORMAT, "key": key, "rules": encode_rules(reviewer.rules)}
    parts = [reviewer.phrases.index.to_blobs(), reviewer.cues.index.to_blobs()]
    store_parts(entry, document, parts, note)
    return reviewer


def _key(team_dirs: list[Path], context_dirs: list[Path]) -> str | None:
    """The entry's key: the playbook's, the context folders and every context file's path,
    size and modification time; None: no caching."""
    try:
        files = [RULES_FILE, *team_files(context_dirs)]
        folders = [f"{d.resolve()}\0context" for d in context_dirs]
    except (OSError, RuntimeError):
        return None
    return entry_key(REVIEW_FORMAT, team_dirs, files, folders)


def _rules(context_dirs: list[Path]) -> ContextRules:
    return layered_rules(context_dirs) if context_dirs else context_rules()


def _read_back(
    linter: Linter, triager: Triager, document: dict[str, Any], parts: list[Blob]
) -> Reviewer:
    """The Reviewer a review entry describes (NOT_FITTING errors when it does not fit)."""
    rules = decode_rules(document["rules"])
    playbook = linter.playbook
    first, second = parts
    phrase_playbook = rules.phrase_playbook(playbook)
    phrases = Linter(phrase_playbook, PhraseIndex.from_blobs(phrase_playbook, first))
    customer_playbook = rules.customer_playbook(playbook)
    cues = Linter(customer_playbook, PhraseIndex.from_blobs(customer_playbook, second))
    return Reviewer(linter, rules, phrases=phrases, cues=cues, triager=triager)


def encode_rules(rules: ContextRules) -> Any:
    """The context rules as JSON-ready data (`decode_rules` reads it back)."""
    return _encode(rules)


def decode_rules(data: Any) -> ContextRules:
    """The context rules `encode_rules` wrote; ValueError (or TypeError, KeyError) for
    anything else. Only CLASSES, Location, Severity, tuples and frozensets of strings are
    made: a planted entry can never run code."""
    rules = _decode(data)
    if type(rules) is not ContextRules:
        raise ValueError("not context rules")
    return rules


def _encode(value: Any) -> Any:
    if isinstance(value, Severity):
        return {"severity": value.value}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Location):
        return {"at": [value.file, value.line, value.column]}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"set": sorted(value)}
    name = type(value).__name__
    cls = CLASSES.get(name)
    if cls is not type(value):
        raise ValueError(f"cannot store {name}")
    fields = {name: _encode(getattr(value, name)) for name in field_names(cls)}
    return {"of": name, "fields": fields}


def _decode(data: Any) -> Any:
    if data is None or isinstance(data, bool | int | str):
        return data
    if not isinstance(data, dict):
        raise ValueError("not stored context rules")
    if data.keys() == {"of", "fields"}:
        cls = CLASSES[data["of"]]
        fields = data["fields"]
        names = set(field_names(cls))
        if not isinstance(fields, dict) or fields.keys() != names:
            raise ValueError(f"fields of {cls.__name__} do not match")
        return cls(**{name: _decode(value) for name, value in fields.items()})
    if len(data) != 1:
        raise ValueError("not stored context rules")
    ((tag, value),) = data.items()
    if tag == "severity":
        return Severity(value)
    if tag == "at":
        file, line, column = value
        if not (isinstance(file, str) and type(line) is int and type(column) is int):
            raise ValueError("not a location")
        return Location(file, line, column)
    if tag == "tuple" and isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if tag == "set" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    raise ValueError(f"unexpected {tag!r} in stored context rules")
