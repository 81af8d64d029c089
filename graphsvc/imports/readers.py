"""Rows of a dataset file, read lazily with their line numbers: plain or zipped (GDELT
ships ``.CSV.zip`` / ``.export.CSV.zip``), tab-separated without quoting (GDELT, ICEWS,
POLECAT) or comma-separated with quoting (ACLED), UTF-8 (a byte-order mark is dropped).

Memory stays constant: one line (one CSV record) at a time, and the bytes read are
counted for the progress display.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from graphsvc.imports.records import RowError

csv.field_size_limit(16 * 1024 * 1024)  # ACLED notes may be long; a record stays bounded


class Counting(io.RawIOBase):
    """A binary stream that counts the bytes read through it (for the progress bar)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


@dataclass
class Part:
    """One file to read: a plain file, or one member of a zip archive."""

    name: str  # as errors show it
    size: int  # uncompressed bytes
    stream: Counting


def total_size(paths: Sequence[Path]) -> int:
    """Uncompressed bytes of every file (zip members summed)."""
    total = 0
    for path in paths:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                total += sum(i.file_size for i in archive.infolist() if not i.is_dir())
        else:
            total += path.stat().st_size
    return total


@contextmanager
def _opened(path: Path, member: str | None) -> Iterator[BinaryIO]:
    if member is None:
        with path.open("rb") as fh:
            yield fh
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as fh:
        yield fh  # type: ignore[misc]


def parts(path: Path) -> Iterator[Part]:
    """The file, or each member of a zip archive in order (named FILE/MEMBER when several)."""
    if not zipfile.is_zipfile(path):
        with _opened(path, None) as fh:
            yield Part(str(path), path.stat().st_size, Counting(fh))
        return
    with zipfile.ZipFile(path) as archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
    for info in members:
        name = str(path) if len(members) == 1 else f"{path}/{info.filename}"
        with _opened(path, info.filename) as fh:
            yield Part(name, info.file_size, Counting(fh))


def tab_rows(part: Part) -> Iterator[tuple[int, list[str] | RowError]]:
    """(line number, fields) per non-empty line; a line that is not UTF-8 gives a RowError
    in place of its fields (the caller decides whether to stop)."""
    buffered = io.BufferedReader(part.stream, 1 << 16)
    for number, raw in enumerate(buffered, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, RowError(f"not UTF-8 (byte {exc.start + 1} of the line)")
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        line = line.rstrip("\r\n")
        if line:
            yield number, line.split("\t")


def csv_rows(part: Part) -> Iterator[tuple[int, list[str] | RowError]]:
    """(first line of the record, fields) per CSV record (RFC 4180 quoting, UTF-8)."""
    text = io.TextIOWrapper(io.BufferedReader(part.stream, 1 << 16), encoding="utf-8-sig",
                            newline="")  # fmt: skip
    reader = csv.reader(text)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            yield reader.line_num + 1, RowError(f"not UTF-8 (byte {exc.start + 1} of a block)")
            return  # the decoder cannot resume mid-stream
        except csv.Error as exc:
            yield start, RowError(f"CSV: {exc}")
            return
        if fields:
            yield start, fields
        start = reader.line_num + 1
