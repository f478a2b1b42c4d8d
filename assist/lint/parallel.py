"""Lint many inputs on several cores: local worker processes, results in input order.

The caller reads the inputs (assist.lint.inputs, so its limits apply) and this module hands
texts to the workers in chunks; each worker holds the compiled Linter (inherited when the
process is forked, else sent once). A run with few inputs starts no process at all.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator

from assist.lint.engine import FileResult, Keep, Linter, lint_input, selector
from assist.lint.inputs import DraftInput
from assist.record import replace

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)

CHUNK_DRAFTS = 64  # drafts per task: enough to amortise the hand-off between processes
CHUNK_CHARS = 1 << 20  # ...or this many characters, so a chunk of huge drafts stays small
Selection = tuple[tuple[str, ...] | None, tuple[str, ...], tuple[str, ...] | None]

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

_worker: tuple[Linter, Keep | None, bool] | None = None


def cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def lint_in_parallel(
    inputs: Iterable[DraftInput], linter: Linter, selection: Selection, jobs: int
) -> Iterator[FileResult]:
    """A FileResult per input, in input order, linted by up to `jobs` worker processes."""
    chunks = _chunks(inputs)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:  # too little work to be worth a process
        work = _lint_chunk(first, linter, selector(*selection), _detects(selection))
        yield from _results(first, work)
        return
    pool = _pool(linter, selection, jobs)
    pending: deque[tuple[list[DraftInput], Future[list[FileResult]]]] = deque()
    try:
        for chunk in _prepend((first, second), chunks):
            pending.append((chunk, pool.submit(_work, chunk)))
            if len(pending) > 2 * jobs:  # bounded read-ahead: memory stays flat
                done, future = pending.popleft()
                yield from _results(done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from _results(done, future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(linter: Linter, selection: Selection, jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(jobs, context, initializer=_start, initargs=(linter, selection))


def _start(linter: Linter, selection: Selection) -> None:
    global _worker
    _worker = (linter, selector(*selection), _detects(selection))


def _work(chunk: list[DraftInput]) -> list[FileResult]:
    assert _worker is not None, "worker not started"
    return _lint_chunk(chunk, *_worker)


def _lint_chunk(
    chunk: list[DraftInput], linter: Linter, keep: Keep | None, detect: bool
) -> list[FileResult]:
    # without the text (the main process has it) or the matches: less to send back
    return [
        replace(lint_input(linter, item, keep, detect=detect), text="", checked=None)
        for item in chunk
    ]


def _detects(selection: Selection) -> bool:
    """Each draft's language is detected unless languages were chosen (Linter.check)."""
    return selection[2] is None


def _results(chunk: list[DraftInput], results: list[FileResult]) -> Iterator[FileResult]:
    for item, result in zip(chunk, results, strict=True):
        yield replace(result, text=item.text) if item.text else result


def _chunks(inputs: Iterable[DraftInput]) -> Iterator[list[DraftInput]]:
    chunk: list[DraftInput] = []
    size = 0
    for item in inputs:
        chunk.append(item)
        size += len(item.text)
        if len(chunk) >= CHUNK_DRAFTS or size >= CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _prepend(
    first: tuple[list[DraftInput], ...], rest: Iterator[list[DraftInput]]
) -> Iterator[list[DraftInput]]:
    yield from first
    yield from rest
