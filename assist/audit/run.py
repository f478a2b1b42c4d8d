"""An audit from start to end: messages -> partitions -> an engine -> summary and findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from assist.audit.engines import run_dask, run_processes
from assist.audit.outputs import FindingWriter
from assist.audit.readers import CHUNK, Partition, chunked, open_partitions, read_messages
from assist.audit.records import ChunkResult, Malformed, Message
from assist.audit.summary import Summary
from assist.audit.work import Stages

__all__ = ["CHUNK", "Engine", "audit", "audit_partitions", "open_partitions", "read_messages"]


@dataclass(frozen=True)
class Engine:
    """Where the per-message function runs."""

    kind: str = "local"
    """'local' (processes on this machine) or 'dask'."""
    jobs: int = 1
    """Local processes, or the workers of a local Dask cluster."""
    scheduler: str | None = None
    """Address of an existing Dask scheduler; None starts a local cluster."""


def partitions(
    items: Iterable[Message | Malformed], summary: Summary, size: int = CHUNK
) -> Iterator[list[Message]]:
    """Lists of `size` messages; malformed rows go to the summary as they are met."""
    for item in chunked(items, size):
        if isinstance(item, Malformed):
            summary.add_malformed(item)
        else:
            yield item


def audit(
    items: Iterable[Message | Malformed],
    stages: Stages,
    engine: Engine,
    *,
    writer: FindingWriter | None = None,
    progress: Callable[[ChunkResult], None] | None = None,
    chunk_size: int = CHUNK,
) -> Summary:
    """Run every message through the stages on `engine`; write findings; return the totals.

    Results are summed in input order, so every engine gives the same summary and file.
    """
    return audit_partitions(
        chunked(items, chunk_size), stages, engine, writer=writer, progress=progress
    )


def audit_partitions(
    parts: Iterable[Malformed | Partition],
    stages: Stages,
    engine: Engine,
    *,
    writer: FindingWriter | None = None,
    progress: Callable[[ChunkResult], None] | None = None,
) -> Summary:
    """`audit` of an archive already cut into partitions (`readers.open_partitions`): lists of
    messages or slices the workers read themselves, malformed rows among them in order."""
    summary = Summary(
        against=stages.against is not None,
        triaged=stages.triager is not None,
        scoring=stages.scorer is not None,
    )

    def chunks() -> Iterator[Partition]:
        for part in parts:
            if isinstance(part, Malformed):
                summary.add_malformed(part)
            else:
                yield part

    if engine.kind == "dask":
        results = run_dask(stages, chunks(), engine.scheduler, engine.jobs)
    else:
        results = run_processes(stages, chunks(), engine.jobs)
    for chunk in results:
        summary.add(chunk)
        if writer is not None:
            writer.write(chunk)
        if progress is not None:
            progress(chunk)
    return summary
