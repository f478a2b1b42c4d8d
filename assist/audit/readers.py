"""Partitions of an archive, as the engines receive them: a list of messages read here, or a
slice that the worker reads itself (`read()`), so that reading scales with the workers.

`open_partitions` reads the export files of a preset: twcs archives are indexed here (pass 1:
bad rows and conversations) and then handed out as slices of the index, which every worker
process on this machine reads on its own; the generic and zendesk presets are read here in
order (a generic reply's `reply_to` depends on the rows before it) and sent as lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, runtime_checkable

from assist.audit.generic import GenericLayout, generic_messages
from assist.audit.records import Malformed, Message
from assist.audit.zendesk import zendesk_messages

CHUNK = 2_000
"""Messages per partition: large enough to amortise pickling, small enough to balance."""


@runtime_checkable
class Slice(Protocol):
    """A partition a worker reads itself: small to send (a file and a range), read in order."""

    def read(self) -> list[Message]:
        """The partition's messages in input order."""
        ...


Partition = Sequence[Message] | Slice
Item = Message | Malformed


def messages_of(partition: Partition) -> Sequence[Message]:
    """The messages of a partition: read when it is a slice, as it is when a list."""
    return partition.read() if isinstance(partition, Slice) else partition


def read_messages(
    paths: Iterable[Path], preset: str, layout: GenericLayout | None = None
) -> Iterator[Item]:
    """The messages of the export files in order, as the preset reads them."""
    if preset == "twcs":
        from assist.audit.twcs import twcs_messages

        return twcs_messages(paths)
    if preset == "generic":
        return generic_messages(paths, layout or GenericLayout())
    if preset == "zendesk":
        return zendesk_messages(paths)
    raise ValueError(f"unknown preset {preset!r}")


def chunked(items: Iterable[Item], size: int = CHUNK) -> Iterator[Malformed | list[Message]]:
    """Lists of `size` messages, the malformed rows passed on where they are met."""
    chunk: list[Message] = []
    for item in items:
        if isinstance(item, Malformed):
            yield item
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def open_partitions(
    paths: Iterable[Path], preset: str, layout: GenericLayout | None = None, size: int = CHUNK
) -> Iterator[Iterator[Malformed | Partition]]:
    """The archive as malformed rows and partitions of `size` messages, in input order; the
    slices stay readable until the with block is left."""
    if preset != "twcs":
        yield chunked(read_messages(paths, preset, layout), size)
        return
    from assist.audit.twcs import TwcsIndex

    with TwcsIndex(list(paths)) as index:

        def items() -> Iterator[Malformed | Partition]:
            yield from index.malformed()
            yield from index.slices(size)

        yield items()
