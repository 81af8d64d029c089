"""Pieces shared by the streaming writers: the edge attribute table, text clean-up and the
chunker that turns rendered text into ~1 MB bytes pieces."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from graphsvc.row_template import Field
from graphsvc.rows import (
    ARTICLE_ID,
    CODE,
    CONFIDENCE,
    DATE,
    DATE_PRECISION,
    GOLDSTEIN,
    GROUP_ID,
    ID,
    LABEL,
    MENTIONS,
    NEGATED,
    QUAD_CLASS,
    ROOT,
    ROW_FIELDS,
    SENTENCE,
    SOURCE_SECTOR,
    SOURCE_TEXT,
    SYMMETRIC,
    TARGET_SECTOR,
    TARGET_TEXT,
    EventRow,
    NodeRecord,
)

# What the server sends at once (api.streaming takes one per thread hop). 1 MB rather than
# 64 KB: a 1M-event GraphML was ~14,000 sends, each an ASGI/asyncio round and a piece of
# HTTP chunked framing for the client to parse; 100k-event exports ran ~1.5-2x faster.
CHUNK_BYTES = 1 << 20

# (name, row index, type) in the order of graph.build.event_edge_attrs.
EDGE_ATTRS: tuple[tuple[str, int, type], ...] = (
    ("event_id", ID, int),
    ("code", CODE, str),
    ("root", ROOT, str),
    ("quad_class", QUAD_CLASS, int),
    ("goldstein", GOLDSTEIN, float),
    ("label", LABEL, str),
    ("date", DATE, str),
    ("date_precision", DATE_PRECISION, str),
    ("sentence", SENTENCE, str),
    ("article_id", ARTICLE_ID, str),
    ("source_text", SOURCE_TEXT, str),
    ("target_text", TARGET_TEXT, str),
    ("source_sector", SOURCE_SECTOR, str),
    ("target_sector", TARGET_SECTOR, str),
    ("group_id", GROUP_ID, str),
    ("symmetric", SYMMETRIC, bool),
    ("confidence", CONFIDENCE, float),
    ("negated", NEGATED, bool),
    ("mentions", MENTIONS, int),
)
# The node attributes of the event multigraph (graph.build._node_attrs).
NODE_ATTRS: tuple[tuple[str, type], ...] = (("label", str), ("kind", str), ("event_count", int))
TRUE_FALSE = ("false", "true")  # indexed by a bool or a 0/1 from SQLite

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value: str | None) -> str:
    """``""`` for None; characters XML 1.0 forbids removed (as graph.build.clean_text)."""
    if not value:
        return ""
    return _ILLEGAL.sub("", value) if _ILLEGAL.search(value) else value


_KINDS = {int: "int", float: "float", bool: "bool_xml"}


def field_of(index: int, kind: type, text_kind: str) -> Field:
    """The template field of the event row value at ``index`` written as ``kind`` (str
    values as ``text_kind``)."""
    return Field(ROW_FIELDS[index], _KINDS.get(kind, text_kind))  # type: ignore[arg-type]


def filled(
    chunks: Iterable[tuple[list[bytes | None], dict[int, EventRow]]],
    render_row: Callable[[EventRow], bytes],
    separator: bytes = b"",
) -> Iterator[bytes]:
    """The text of each chunk of database-rendered events, joined by ``separator``, with
    the rows the database left to Python (``store.rendered``) written by ``render_row``."""
    for texts, rows in chunks:
        for position, row in rows.items():
            texts[position] = render_row(row)
        yield separator.join(texts)  # type: ignore[arg-type]


class Chunker:
    """Collects rendered text; hands out bytes in pieces of CHUNK_BYTES (the rest waits).

    Each byte is copied once, into the piece that carries it: a big block (a range of
    database-rendered events, several MB) is cut through a memoryview, and small texts
    wait in a list rather than being added to a growing bytes object."""

    def __init__(self, size: int = CHUNK_BYTES) -> None:
        self.size = size
        self._parts: list[bytes | memoryview] = []
        self._held = 0

    def feed(self, text: str | bytes) -> Iterator[bytes]:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if self._held + len(data) < self.size:
            if data:
                self._parts.append(data)
                self._held += len(data)
            return
        view = memoryview(data)
        first = self.size - self._held  # completes the waiting piece
        self._parts.append(view[:first])
        yield b"".join(self._parts)
        end = first + (len(data) - first) // self.size * self.size
        for start in range(first, end, self.size):
            yield view[start : start + self.size].tobytes()
        rest = view[end:].tobytes()
        self._parts = [rest] if rest else []
        self._held = len(rest)

    def flush(self) -> Iterator[bytes]:
        if self._held:
            yield b"".join(self._parts)
        self._parts, self._held = [], 0


def sorted_nodes(nodes: Iterable[NodeRecord]) -> list[NodeRecord]:
    """Nodes by code, as the graph builders add them."""
    return sorted(nodes, key=lambda n: n.code)
