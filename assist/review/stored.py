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

import json
import os
from collections.abc import Iterable
from functools import partial

from assist.errors import Location
from assist.lint.engine import Linter
from assist.lint.matcher import PhraseIndex
from assist.lint.stored import (
    Blob,
    Note,
    entry_key,
    read_or_store,
)
from assist.playbook.cache import stat_lines
from assist.playbook.codec import encode, loads
from assist.review.engine import Reviewer
from assist.review.rules import (
    RULES_NAME,
    ContextExample,
    ContextRule,
    ContextRules,
    context_rules,
    layered_rules,
    team_files,
)
from assist.score.stored import stored_scorer
from assist.triage import Triager
from assist.triage.stored import stored_triager

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # pathlib: a cold `lint --reply-to` reads the entry without it
    from pathlib import Path

REVIEW_FORMAT = "assist-review-cache/2"
"""Format 2: the context rules are a text of their own, written and read by
assist.playbook.codec (format 1 had them in the entry's JSON, in a codec of its own)."""
CLASSES: dict[str, type] = {
    c.__name__: c for c in (ContextRules, ContextRule, ContextExample, Location)
}
"""The only classes a review entry may name (with the Severity enum)."""


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
    team_dirs = _paths(team_dirs)
    contexts = team_dirs if context_dirs is None else _paths(context_dirs)
    triager = stored_triager(linter, team_dirs, note=note)
    stored_scorer(linter, team_dirs)  # the Reviewer's scorer_for(linter) is this one
    key = _key(team_dirs, contexts)
    if key is None:
        return Reviewer(linter, _rules(contexts), triager=triager)

    def build() -> Reviewer:
        return Reviewer(linter, _rules(contexts), triager=triager)

    return read_or_store(
        "review", REVIEW_FORMAT, key, partial(_read_back, linter, triager), build, _parts, note
    )


def _parts(reviewer: Reviewer) -> list[list[bytes]]:
    """A review entry's parts: the rules, then the phrase and cue indexes' texts."""
    rules = [encode_rules(reviewer.rules)]
    return [rules, reviewer.phrases.index.to_blobs(), reviewer.cues.index.to_blobs()]


def _key(team_dirs: list[Path], context_dirs: list[Path]) -> str | None:
    """The entry's key: the playbook's, the context folders and every context file's path,
    size and modification time; None: no caching."""
    try:
        files = team_files(context_dirs)
        folders = [f"{d.resolve()}\0context" for d in context_dirs]
    except (OSError, RuntimeError):
        return None
    builtin = stat_lines([], [os.path.realpath(RULES_NAME)], resolved=True)  # (no pathlib)
    if builtin is None:
        return None
    return entry_key(REVIEW_FORMAT, team_dirs, files, [*builtin, *folders])


def _paths(folders: Iterable[Path]) -> list[Path]:
    """The folders as Paths (pathlib imported only when there are any)."""
    folders = list(folders)
    if not folders:
        return folders
    from pathlib import Path

    return [Path(d) for d in folders]


def _rules(context_dirs: list[Path]) -> ContextRules:
    return layered_rules(context_dirs) if context_dirs else context_rules()


def _read_back(linter: Linter, triager: Triager, parts: list[Blob]) -> Reviewer:
    """The Reviewer a review entry's parts describe (NOT_FITTING errors when they do not
    fit)."""
    rules_text, first, second = parts
    rules = decode_rules(rules_text(0))
    playbook = linter.playbook
    phrase_playbook = rules.phrase_playbook(playbook)
    phrases = Linter(phrase_playbook, PhraseIndex.from_blobs(phrase_playbook, first))
    customer_playbook = rules.customer_playbook(playbook)
    cues = Linter(customer_playbook, PhraseIndex.from_blobs(customer_playbook, second))
    return Reviewer(linter, rules, phrases=phrases, cues=cues, triager=triager)


def encode_rules(rules: ContextRules) -> bytes:
    """The context rules as JSON text (`decode_rules` reads it back)."""
    return json.dumps(encode(rules, types=CLASSES), ensure_ascii=False).encode("utf-8")


def decode_rules(text: bytes | str) -> ContextRules:
    """The context rules `encode_rules` wrote; ValueError (CodecError, or TypeError,
    KeyError) for anything else. Only CLASSES, Severity, tuples, frozensets, dicts, strings
    and numbers are made (assist.playbook.codec): a planted entry can never run code."""
    rules = loads(text, types=CLASSES)
    if type(rules) is not ContextRules:
        raise ValueError("not context rules")
    return rules
