"""A Triager whose compiled signals come from the playbook cache folder (an entry of kind
`signals`, keyed by the playbook's files: assist.lint.stored), so `assist triage` and the
reply checks do not compile them on every start."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from assist.lint.engine import Linter
from assist.lint.matcher import PhraseIndex
from assist.lint.stored import Blob, Note, entry_key, read_or_store
from assist.triage.engine import Triager
from assist.triage.signals import SignalIndex, signal_playbook

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from pathlib import Path

SIGNALS_FORMAT = "assist-signals-cache/1"


def stored_triager(
    linter: Linter, team_dirs: Iterable[Path], *, note: Note | None = None
) -> Triager:
    """The Triager of `linter`'s playbook, which was loaded from the built-ins and
    `team_dirs` (the CLI's `load`): its signals read back from the cache when current, else
    compiled and stored (`note`: one line when the entry cannot be written)."""
    playbook = linter.playbook
    key = entry_key(SIGNALS_FORMAT, team_dirs)
    if key is None:
        return Triager(playbook)

    def read(parts: list[Blob]) -> Triager:
        (texts,) = parts  # one part: ValueError otherwise
        index = PhraseIndex.from_blobs(signal_playbook(playbook), texts)
        return Triager(playbook, SignalIndex(playbook, index))

    def parts_of(triager: Triager) -> list[list[bytes]]:
        return [triager.index.index.to_blobs()]

    return read_or_store(
        "signals", SIGNALS_FORMAT, key, read, partial(Triager, playbook), parts_of, note
    )
