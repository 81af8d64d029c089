"""Pieces shared by the streaming writers: the edge attribute table, text clean-up and the
chunker that turns rendered text into ~64 KB bytes pieces."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

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
    SENTENCE,
    SOURCE_SECTOR,
    SOURCE_TEXT,
    SYMMETRIC,
    TARGET_SECTOR,
    TARGET_TEXT,
    EventRow,
    NodeRecord,
)

CHUNK_BYTES = 64 * 1024

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

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: str | None) -> str:
    """``""`` for None; characters XML 1.0 forbids removed (as graph.build.clean_text)."""
    if not value:
        return ""
    return _ILLEGAL.sub("", value) if _ILLEGAL.search(value) else value


_CONTROL = bytes(range(0x20))
SPLIT_ROWS = 16


class Template:
    """A per-event template whose chunks are rendered with the values as they are, then
    checked and fixed for the whole chunk at once, in C-speed passes over the bytes:

    - ``escapes`` (byte → reference) never occur in the template, so a value's ``&`` or
      ``\r`` is replaced in the whole chunk, and only when present;
    - ``markup`` bytes must occur exactly as often as the template has them per row, and no
      control byte outside ``allowed`` may occur (nor U+FFFE/U+FFFF): else a value brought
      markup or a character XML forbids, and the chunk is split and checked again, down to
      row-by-row escaping of the few rows that need it;
    - ``restore`` maps placeholder bytes of the template (e.g. \x01 for an attribute's
      quote, so that quotes in values can be escaped chunk-wide) back to markup.

    This costs well under 1 µs per event; a regex and an escape call per value, ~5 µs.
    """

    def __init__(
        self,
        template: str,
        *,
        markup: bytes,
        allowed: bytes = b"",
        escapes: tuple[tuple[bytes, bytes], ...] = ((b"&", b"&amp;"), (b"\r", b"&#13;")),
        restore: dict[int, int] | None = None,
    ) -> None:
        raw = template.encode("utf-8")
        self.template = template
        self._markup = tuple((bytes([m]), raw.count(bytes([m]))) for m in markup)
        escaped = b"".join(char for char, _ in escapes)
        self._forbidden = bytes(b for b in _CONTROL if b not in allowed and b not in escaped)
        self._escapes = escapes
        self._restore = (
            bytes.maketrans(bytes((restore or {}).keys()), bytes((restore or {}).values()))
            if restore
            else None
        )

    def _clean(self, text: str, data: bytes, rows: int) -> bool:
        # A str without wide characters answers these two at once.
        if "\ufffe" in text or "\uffff" in text:
            return False
        if len(data.translate(None, self._forbidden)) != len(data):
            return False
        return all(data.count(m) == rows * n for m, n in self._markup)

    def _finish(self, data: bytes) -> bytes:
        for char, ref in self._escapes:
            if char in data:
                data = data.replace(char, ref)
        return data.translate(self._restore) if self._restore else data

    def render(
        self,
        rows: Sequence[EventRow],
        fast: Callable[[Sequence[EventRow]], str],
        careful: Callable[[EventRow], str],
    ) -> bytes:
        """``fast(rows)`` where it checks clean, else smaller slices, else row by row
        (``careful`` escapes a row's values itself and is used as it is)."""
        text = fast(rows)
        data = text.encode("utf-8")
        if self._clean(text, data, len(rows)):
            return self._finish(data)
        if len(rows) > SPLIT_ROWS:
            step = SPLIT_ROWS if len(rows) <= SPLIT_ROWS * 16 else SPLIT_ROWS * 16
            return b"".join(
                self.render(rows[i : i + step], fast, careful) for i in range(0, len(rows), step)
            )
        return "".join([careful(row) for row in rows]).encode("utf-8")


class Chunker:
    """Collects rendered text; hands out bytes in pieces of CHUNK_BYTES (the rest waits)."""

    def __init__(self, size: int = CHUNK_BYTES) -> None:
        self.size = size
        self._rest = b""

    def feed(self, text: str | bytes) -> Iterator[bytes]:
        data = self._rest + (text if isinstance(text, bytes) else text.encode("utf-8"))
        end = len(data) - len(data) % self.size
        for start in range(0, end, self.size):
            yield data[start : start + self.size]
        self._rest = data[end:]

    def flush(self) -> Iterator[bytes]:
        if self._rest:
            yield self._rest
        self._rest = b""


def sorted_nodes(nodes: Iterable[NodeRecord]) -> list[NodeRecord]:
    """Nodes by code, as the graph builders add them."""
    return sorted(nodes, key=lambda n: n.code)
