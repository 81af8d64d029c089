"""Streamed events CSV: the columns, quoting and formula guard of ``render.csv``, row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from graphsvc.render.csv import COLUMNS, FORMULA_START, TEXT_COLUMNS
from graphsvc.render.streaming._common import Chunker
from graphsvc.rows import ROW_FIELDS, EventRow

_FIELD = {name: ROW_FIELDS.index(name) for name in ROW_FIELDS} | {"event_id": 0}
# Row positions of the CSV columns; these go through the spreadsheet-formula guard.
_ORDER = tuple(_FIELD[name] for name in COLUMNS)
_GUARDED = tuple(
    i for i, name in enumerate(COLUMNS)
    if name in TEXT_COLUMNS
)  # fmt: skip
_BOOLS = tuple(i for i, name in enumerate(COLUMNS) if name in {"symmetric", "negated"})
_TRUE_FALSE = ("False", "True")  # as csv.writer writes Python booleans


def _cells(r: EventRow) -> list[Any]:
    cells = [r[i] for i in _ORDER]
    for i in _GUARDED:
        value = cells[i]
        if value and value.startswith(FORMULA_START):
            cells[i] = "'" + value
    for i in _BOOLS:
        cells[i] = _TRUE_FALSE[cells[i]]
    return cells


def stream_csv(chunks: Iterable[Sequence[EventRow]]) -> Iterator[bytes]:
    """UTF-8 CSV (RFC 4180 quoting, CRLF line ends): the header row at once, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield buffer.getvalue().encode("utf-8")
    out = Chunker()
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(_cells, rows))  # None is written as an empty cell
        yield from out.feed(buffer.getvalue())
    yield from out.flush()
