"""Streamed events CSV: the columns, quoting and formula guard of ``render.csv``, row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from graphsvc.render.csv import COLUMNS, FORMULA_START, TEXT_COLUMNS
from graphsvc.render.streaming._common import CHUNK_BYTES, Chunker
from graphsvc.row_template import Field, RowTemplate, parse_percent
from graphsvc.rows import EventRow

_TRUE_FALSE = ("False", "True")  # as csv.writer writes Python booleans
F = FORMULA_START


def _cells(rows: Sequence[EventRow]) -> list[tuple[Any, ...]]:
    """CSV cells in COLUMNS order from rows of ``graphsvc.rows.CSV_ROW_FIELDS``; the columns
    of render.csv's TEXT_COLUMNS get its formula guard, inlined (no function call per cell
    in the hot loop)."""
    return [
        (
            eid, date, precision, source,
            "'" + s_label if s_label.startswith(F) else s_label,
            target,
            "'" + t_label if t_label.startswith(F) else t_label,
            code, root, quad, goldstein,
            "'" + label if label.startswith(F) else label,
            "'" + s_text if s_text.startswith(F) else s_text,
            s_sector,
            "'" + t_text if t_text.startswith(F) else t_text,
            t_sector,
            "'" + trigger if trigger.startswith(F) else trigger,
            "'" + group if group.startswith(F) else group,
            _TRUE_FALSE[symmetric], _TRUE_FALSE[negated], confidence, mentions,
            "'" + article if article.startswith(F) else article,
            "'" + title if title.startswith(F) else title,
            "'" + url if url.startswith(F) else url,
            published,
            "'" + sentence if sentence.startswith(F) else sentence,
            version,
        )
        for (eid, source, target, code, root, quad, goldstein, label, date, precision, sentence,
             article, s_text, t_text, s_sector, t_sector, group, symmetric, confidence, negated,
             mentions, trigger, version, s_label, t_label, title, url, published) in rows
    ]  # fmt: skip


# Cells that often need quoting (prose: commas): the database tests each of them. The
# others rarely do, so the database writes them raw and screens the row (Field.screen).
_PROSE = frozenset({"sentence", "article_title"})


def _template_field(name: str) -> Field:
    if name == "event_id":
        return Field("id", "int")
    if name in ("quad_class", "mentions"):
        return Field(name, "int")
    if name in ("goldstein", "confidence"):
        return Field(name, "float")
    if name in ("symmetric", "negated"):
        return Field(name, "bool_py")
    return Field(name, "csv_guard" if name in TEXT_COLUMNS else "csv", screen=name not in _PROSE)


# The same line for the database to render (store.rendered, SQLite; PostgreSQL has COPY).
LINE_TEMPLATE = RowTemplate(
    "csv",
    parse_percent(",".join(["%s"] * len(COLUMNS)) + "\r\n",
                  [_template_field(name) for name in COLUMNS]),
    context=True,
)  # fmt: skip


def csv_line(row: EventRow) -> bytes:
    """One CSV line (for a row the database left to Python)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_cells([row]))
    return buffer.getvalue().encode("utf-8")


def _header() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(COLUMNS)
    return buffer.getvalue().encode("utf-8")


CSV_HEADER = _header()


def stream_csv_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The header row at once, then CSV lines rendered elsewhere (by the database), joined
    into pieces of about CHUNK_BYTES."""
    yield CSV_HEADER
    pending: list[bytes] = []
    size = 0
    for line in lines:
        pending.append(line)
        size += len(line)
        if size >= CHUNK_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def stream_csv(chunks: Iterable[Sequence[EventRow]]) -> Iterator[bytes]:
    """UTF-8 CSV (RFC 4180 quoting, CRLF line ends): the header row at once, then the rows
    (``graphsvc.rows.CSV_ROW_FIELDS``: a store stream opened with ``context=True``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield CSV_HEADER
    out = Chunker()
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_cells(rows))
        yield from out.feed(buffer.getvalue())
    yield from out.flush()
