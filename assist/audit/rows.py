"""Raw rows of an export, streamed: CSV and JSON Lines with the standard library, Parquet
in record batches with pyarrow. Nothing holds a whole file; a bad row is reported, not fatal.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
MAX_FIELD = 1_000_000
"""Characters allowed in one CSV field: a runaway quote is a malformed row, not a 1 GB string."""


class ExportError(Exception):
    """A whole input cannot be read (missing, unknown format, no header, pyarrow missing)."""


@dataclass(frozen=True, slots=True)
class RawRow:
    """One record of an export: its values by column name, or why it could not be read."""

    line: int
    """1-based line where the record starts (the row index for Parquet)."""
    row: int
    """1-based record number after the header."""
    values: dict[str, object] | None
    error: str | None = None


def format_of(path: Path) -> str:
    """'csv', 'jsonl' or 'parquet' from the file name; ExportError for anything else."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        raise ExportError(f"{path}: unknown export format '{path.suffix}' (known: {known})")
    return kind


def read_rows(path: Path, columns: tuple[str, ...] | None = None) -> Iterator[RawRow]:
    """Every record of `path` in file order (`columns`: the only ones Parquet needs to read)."""
    kind = format_of(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    if kind == "csv":
        return _csv_rows(path)
    if kind == "jsonl":
        return _jsonl_rows(path)
    return _parquet_rows(path, columns)


def _csv_rows(path: Path) -> Iterator[RawRow]:
    csv.field_size_limit(MAX_FIELD)
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as stream:
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader)
        except (StopIteration, csv.Error) as exc:
            raise ExportError(f"{path}:1: no CSV header row ({exc or 'empty file'})") from None
        row = 0
        while True:
            start = reader.line_num + 1
            row += 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RawRow(start, row, None, f"not CSV: {exc}")
                continue
            if not fields:
                row -= 1  # a blank line is not a record
                continue
            if len(fields) != len(header):
                reason = f"{len(fields)} fields, the header has {len(header)}"
                yield RawRow(start, row, None, reason)
                continue
            yield _checked(RawRow(start, row, dict(zip(header, fields, strict=True))))


def _jsonl_rows(path: Path) -> Iterator[RawRow]:
    with path.open(encoding="utf-8", errors="surrogateescape") as stream:
        row = 0
        for line, text in enumerate(stream, 1):
            if not text.strip():
                continue
            row += 1
            try:
                value = json.loads(text)
            except ValueError as exc:
                yield RawRow(line, row, None, f"not JSON: {exc}")
                continue
            if not isinstance(value, dict):
                yield RawRow(line, row, None, "not a JSON object")
                continue
            yield _checked(RawRow(line, row, value))


def _parquet_rows(path: Path, columns: tuple[str, ...] | None) -> Iterator[RawRow]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        need = "reading Parquet needs pyarrow: pip install 'assist[parquet]'"
        raise ExportError(f"{path}: {need}") from None
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error types for a damaged file
        raise ExportError(f"{path}: not a Parquet file ({exc})") from None
    present = set(parquet.schema_arrow.names)
    wanted = [c for c in columns if c in present] if columns is not None else None
    row = 0
    for batch in parquet.iter_batches(batch_size=10_000, columns=wanted):
        for values in batch.to_pylist():
            row += 1
            yield RawRow(row, row, values)


def _checked(raw: RawRow) -> RawRow:
    """A row whose text is not valid UTF-8 is reported (the bytes were kept as surrogates)."""
    for value in raw.values.values() if raw.values else ():
        if isinstance(value, str) and not value.isascii() and not _encodable(value):
            return RawRow(raw.line, raw.row, None, "not valid UTF-8")
    return raw


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
