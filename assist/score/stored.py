"""A Scorer whose compiled element cues and time patterns come from the playbook cache folder
(an entry of kind `scorer`, keyed by the playbook's files: assist.lint.stored), so a cold
`assist score` or `assist lint --reply-to` does not fold every cue phrase and time word again
(about 45 M instructions for the built-in playbook; reading the entry back costs a tenth).

The entry holds one JSON text: `ElementIndex.to_data` (each exact cue's words by its rarest
word, the exceptions' words, the fillers) and `TimeRecogniser.to_data` (each language's
when-pattern source and word sets). Fuzzy elements' index is compiled from the playbook as
before. A missing, damaged or foreign entry is compiled and written again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from assist.lint.engine import Linter
from assist.lint.stored import Blob, Note, entry_key, read_or_store
from assist.score.elements import ElementIndex
from assist.score.engine import Scorer, keep_scorer, known_scorer
from assist.score.timeframe import TimeRecogniser

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from pathlib import Path

SCORER_FORMAT = "assist-scorer-cache/3"
"""Format 3: each language's when-pattern also as `re` compiled it (timeframe.program)."""


def stored_scorer(linter: Linter, team_dirs: Iterable[Path], *, note: Note | None = None) -> Scorer:
    """The Scorer of `linter`'s playbook, which was loaded from the built-ins and `team_dirs`
    (the CLI's `load`): its cues and time patterns read back from the cache when current,
    else compiled and stored (`note`: one line when the entry cannot be written; the CLI
    passes none, its other entries say it). Read or
    built once per Linter in a process: `scorer_for(linter)` gives the same Scorer after."""
    known = known_scorer(linter)
    if known is not None:
        return known
    key = entry_key(SCORER_FORMAT, team_dirs)
    if key is None:
        return keep_scorer(Scorer(linter))

    def read(parts: list[Blob]) -> Scorer:
        (text,) = parts  # one part: ValueError otherwise
        return keep_scorer(_read_back(linter, text(0)))

    def build() -> Scorer:
        return keep_scorer(Scorer(linter))

    def parts_of(scorer: Scorer) -> list[list[bytes]]:
        return [[encode_scorer(scorer)]]

    return read_or_store("scorer", SCORER_FORMAT, key, read, build, parts_of, note)


def encode_scorer(scorer: Scorer) -> bytes:
    """The scorer's compiled cues and time patterns as JSON text (`_read_back` reads it)."""
    data = {"cues": scorer.cues.to_data(), "time": scorer.time.to_data()}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _read_back(linter: Linter, text: bytes) -> Scorer:
    """The Scorer the entry's text describes (NOT_FITTING errors when it does not fit)."""
    data = json.loads(text)
    playbook = linter.playbook
    cues = ElementIndex.from_data(playbook, data["cues"])
    time = TimeRecogniser.from_data(playbook.languages, data["time"])
    return Scorer(linter, cues, time)
