"""A Triager whose compiled signals come from the playbook cache folder (an entry of kind
`signals`, keyed by the playbook's files: assist.lint.stored), so `assist triage` and the
reply checks do not compile them on every start."""

from __future__ import annotations

from collections.abc import Iterable

from assist.lint.engine import Linter
from assist.lint.matcher import PhraseIndex
from assist.lint.stored import NOT_FITTING, Note, entry_key, read_parts, store_parts
from assist.playbook.cache import entry_file
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
    entry = entry_file("signals", key)
    found = read_parts(entry, SIGNALS_FORMAT, key)
    if found is not None and len(found[1]) == 1:
        try:
            index = PhraseIndex.from_blobs(signal_playbook(playbook), found[1][0])
            return Triager(playbook, SignalIndex(playbook, index))
        except NOT_FITTING:
            pass  # compiled and stored again below
    triager = Triager(playbook)
    document = {"format": SIGNALS_FORMAT, "key": key}
    store_parts(entry, document, [triager.index.index.to_blobs()], note)
    return triager
