"""`--out FILE`: every finding, one row each, written as partitions arrive (Parquet, CSV or
JSON Lines, by the file's extension) for pandas, DuckDB or a spreadsheet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from assist.audit.records import ChunkResult
from assist.cells import neutralise

COLUMNS = (
    "conversation",
    "message",
    "agent",
    "time",
    "rule",
    "severity",
    "offset",
    "length",
    "matched",
    "score",
)


class OutputError(Exception):
    """The output file cannot be written (unknown extension, folder missing, pyarrow missing)."""


class FindingWriter(Protocol):
    """Writes the findings of each partition, then closes the file."""

    def write(self, chunk: ChunkResult) -> None: ...

    def close(self) -> None: ...


def rows(chunk: ChunkResult) -> Iterator[dict[str, Any]]:
    """One row per finding of the partition, in message order."""
    for result in chunk.results:
        for hit in result.hits:
            yield {
                "conversation": result.conversation,
                "message": result.message,
                "agent": result.agent,
                "time": result.time,
                "rule": hit.rule,
                "severity": hit.severity,
                "offset": hit.offset,
                "length": hit.length,
                "matched": hit.matched,
                "score": hit.score,
            }


def neutralised(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with ' (kept as text)."""
    return neutralise(value) if isinstance(value, str) else value


def open_writer(path: Path) -> FindingWriter:
    """The writer for the file's extension: .parquet, .csv or .jsonl."""
    kind = path.suffix.lower()
    try:
        if kind == ".csv":
            return CsvWriter(path.open("w", encoding="utf-8", newline=""))
        if kind in (".jsonl", ".ndjson"):
            return JsonLinesWriter(path.open("w", encoding="utf-8"))
        if kind == ".parquet":
            return ParquetWriter(path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    raise OutputError(f"{path}: unknown output format '{kind}' (known: .csv, .jsonl, .parquet)")


class CsvWriter:
    """CSV with a header row; text cells that start like a formula are neutralised."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.writer = csv.writer(stream)
        self.writer.writerow(COLUMNS)

    def write(self, chunk: ChunkResult) -> None:
        """Append the partition's findings."""
        for row in rows(chunk):
            self.writer.writerow([neutralised(row[c]) for c in COLUMNS])

    def close(self) -> None:
        """Flush and close the file."""
        self.stream.close()


class JsonLinesWriter:
    """One JSON object per finding and line, text exactly as in the archive."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, chunk: ChunkResult) -> None:
        """Append the partition's findings."""
        for row in rows(chunk):
            self.stream.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Flush and close the file."""
        self.stream.close()


class ParquetWriter:
    """A Parquet file written one row group per partition with findings."""

    def __init__(self, path: Path) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            need = "writing Parquet needs pyarrow: pip install 'assist[parquet]'"
            raise OutputError(f"{path}: {need}") from None
        self.pa = pa
        self.schema = pa.schema(
            [(c, pa.string()) for c in COLUMNS[:6]]
            + [
                ("offset", pa.int64()),
                ("length", pa.int64()),
                ("matched", pa.string()),
                ("score", pa.int64()),
            ]
        )
        self.writer = pq.ParquetWriter(path, self.schema)

    def write(self, chunk: ChunkResult) -> None:
        """Append the partition's findings as a row group."""
        batch = list(rows(chunk))
        if batch:
            self.writer.write_table(self.pa.Table.from_pylist(batch, schema=self.schema))

    def close(self) -> None:
        """Write the footer and close the file."""
        self.writer.close()
