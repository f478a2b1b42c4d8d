"""Engines: run `audit_chunk` over a stream of partitions, in order, bounded in flight.

Local processes (`multiprocessing`, the stages sent once per worker) or a Dask cluster (the
stages scattered once to every worker). Both yield ChunkResults in input order, so every
engine's output is identical to one process's. A partition is a list of messages or a slice
(readers.py) that the worker reads itself: then only a file name and a range travel to it,
and reading is shared out like the checking.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from assist.audit.readers import Partition, Slice, messages_of
from assist.audit.records import ChunkResult
from assist.audit.work import Stages, audit_chunk

Chunks = Iterable[Partition]


class EngineError(Exception):
    """An engine cannot start (Dask not installed, scheduler unreachable)."""


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_serial(stages: Stages, chunks: Chunks) -> Iterator[ChunkResult]:
    """One process, no pickling: the reference every other engine must match."""
    for index, chunk in enumerate(chunks):
        yield audit_chunk(stages, messages_of(chunk), index)


def audit_partition(stages: Stages, partition: Partition, index: int) -> ChunkResult:
    """Read the partition if it is a slice, then `audit_chunk` it (what every worker runs)."""
    return audit_chunk(stages, messages_of(partition), index)


_worker_stages: Stages | None = None


def _init_worker(stages: Stages) -> None:
    global _worker_stages
    _worker_stages = stages


def _audit_in_worker(job: tuple[int, Partition]) -> ChunkResult:
    assert _worker_stages is not None, "worker started without stages"
    index, chunk = job
    return audit_partition(_worker_stages, chunk, index)


def run_processes(stages: Stages, chunks: Chunks, jobs: int) -> Iterator[ChunkResult]:
    """`jobs` local processes; results in input order; at most 2 partitions queued per job."""
    chunks = iter(chunks)
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    ahead = [c for c in (first, second) if c is not None]
    if jobs <= 1 or second is None:  # one partition: starting processes would only cost time
        yield from run_serial(stages, itertools.chain(ahead, chunks))
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if os.name != "posix" else "forkserver")
    with context.Pool(jobs, initializer=_init_worker, initargs=(stages,)) as pool:
        pending: deque[Any] = deque()
        for job in enumerate(itertools.chain(ahead, chunks)):
            pending.append(pool.apply_async(_audit_in_worker, (job,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def run_dask(
    stages: Stages, chunks: Chunks, scheduler: str | None, workers: int
) -> Iterator[ChunkResult]:
    """On a Dask cluster at `scheduler`, or a local one of `workers` processes when None."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the Dask engine needs dask: pip install 'assist[dask]'") from None
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=50,
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=10)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        yield from _on_client(client, stages, chunks, local=scheduler is None)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _on_client(
    client: Any, stages: Stages, chunks: Chunks, local: bool = True
) -> Iterator[ChunkResult]:
    """Submit the partitions, at most two per worker thread in flight, and yield the results
    in order. A slice is read by the worker when the cluster runs on this machine (`local`);
    a remote worker cannot open this machine's files, so it is read here and sent."""
    capacity = max(1, sum(client.nthreads().values()))
    shared = client.scatter(stages, broadcast=True)
    pending: deque[Any] = deque()
    for index, chunk in enumerate(chunks):
        part = chunk if local or not isinstance(chunk, Slice) else list(chunk.read())
        future = client.submit(audit_partition, shared, part, index, pure=False)
        pending.append(future)
        if len(pending) >= 2 * capacity:
            yield _taken(pending.popleft())
    while pending:
        yield _taken(pending.popleft())


def _taken(future: Any) -> ChunkResult:
    """The future's result, the future released at once (the cluster forgets the task)."""
    result: ChunkResult = future.result()
    future.release()
    return result
