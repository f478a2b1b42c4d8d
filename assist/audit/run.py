"""An audit from start to end: messages -> partitions -> an engine -> summary and findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assist.audit.engines import run_dask, run_processes
from assist.audit.generic import GenericLayout, generic_messages
from assist.audit.outputs import FindingWriter
from assist.audit.records import ChunkResult, Malformed, Message
from assist.audit.summary import Summary
from assist.audit.twcs import twcs_messages
from assist.audit.work import Stages
from assist.audit.zendesk import zendesk_messages

CHUNK = 2_000
"""Messages per partition: large enough to amortise pickling, small enough to balance."""


@dataclass(frozen=True)
class Engine:
    """Where the per-message function runs."""

    kind: str = "local"
    """'local' (processes on this machine) or 'dask'."""
    jobs: int = 1
    """Local processes, or the workers of a local Dask cluster."""
    scheduler: str | None = None
    """Address of an existing Dask scheduler; None starts a local cluster."""


def read_messages(
    paths: Iterable[Path], preset: str, layout: GenericLayout | None = None
) -> Iterator[Message | Malformed]:
    """The messages of the export files in order, as the preset reads them."""
    if preset == "twcs":
        return twcs_messages(paths)
    if preset == "generic":
        return generic_messages(paths, layout or GenericLayout())
    if preset == "zendesk":
        return zendesk_messages(paths)
    raise ValueError(f"unknown preset {preset!r}")


def partitions(
    items: Iterable[Message | Malformed], summary: Summary, size: int = CHUNK
) -> Iterator[list[Message]]:
    """Lists of `size` messages; malformed rows go to the summary as they are met."""
    chunk: list[Message] = []
    for item in items:
        if isinstance(item, Malformed):
            summary.add_malformed(item)
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
    summary = Summary(
        against=stages.against is not None,
        triaged=stages.triager is not None,
        scoring=stages.scorer is not None,
    )
    chunks = partitions(items, summary, chunk_size)
    if engine.kind == "dask":
        results = run_dask(stages, chunks, engine.scheduler, engine.jobs)
    else:
        results = run_processes(stages, chunks, engine.jobs)
    for chunk in results:
        summary.add(chunk)
        if writer is not None:
            writer.write(chunk)
        if progress is not None:
            progress(chunk)
    return summary
