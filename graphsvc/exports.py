"""Streamed event-level exports: a cursor over the matching events feeds an incremental
writer, so the first bytes leave at once and memory stays flat whatever the size.

The cursor is opened before anything is returned: a bad filter or an unreachable database
fails as an ordinary error, before a response has started. Closing the returned iterator
(a server does when the client goes away) closes the cursor and frees its connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from graphsvc.graph.build import clean_text
from graphsvc.models import Actor, EventFilter
from graphsvc.render import MEDIA_TYPES
from graphsvc.render.streaming import csv as csv_lines
from graphsvc.render.streaming import (
    gexf,
    graphml,
    nodelink,
    stream_csv,
    stream_csv_lines,
    stream_gexf,
    stream_graphml,
    stream_node_link,
)
from graphsvc.render.streaming._common import filled
from graphsvc.row_template import RowTemplate
from graphsvc.rows import EventRow, NodeRecord
from graphsvc.store import Store

Document = Callable[[Iterable[NodeRecord], Iterable[bytes]], Iterator[bytes]]
# Per format: the document around rendered edges, the template the database renders, the
# Python writer of one row (for rows the database leaves to it), the separator of edges.
SQL_RENDERED: dict[str, tuple[Document, RowTemplate, Callable[[EventRow], bytes], bytes]] = {
    "graphml": (graphml.graphml_document, graphml.EDGE_TEMPLATE, graphml.edge_bytes, b""),
    "gexf": (gexf.gexf_document, gexf.EDGE_TEMPLATE, gexf.edge_bytes, b""),
    "json": (nodelink.node_link_document, nodelink.EDGE_TEMPLATE, nodelink.edge_json, b","),
    "csv": (
        graphml.graphml_document,
        csv_lines.LINE_TEMPLATE,
        csv_lines.csv_line,
        b"",
    ),  # no document
}
GraphWriter = Callable[[Iterable[NodeRecord], Iterable[Sequence[EventRow]]], Iterator[bytes]]
GRAPH_WRITERS: dict[str, GraphWriter] = {
    "graphml": stream_graphml,
    "gexf": stream_gexf,
    "json": stream_node_link,
}


def node_records(
    store: Store, actors: Mapping[str, Actor], filters: EventFilter
) -> Iterator[NodeRecord]:
    """The multigraph's nodes: actors with matching events, with labels, event counts and
    the span of their dated events (a generator, so the queries run only when the writer
    gets to the nodes)."""
    spans = store.actor_spans(filters)
    for code, count, _as_source, _as_target in store.actor_counts(filters):
        actor = actors.get(code)
        label = clean_text(actor.label) if actor else code
        first, last = spans.get(code, (None, None))
        yield NodeRecord(
            code,
            label,
            actor.kind if actor else "",
            count,
            first.isoformat() if first and last else "",
            last.isoformat() if first and last else "",
        )


def stream_events_export(
    store: Store, actors: Mapping[str, Actor], fmt: str, filters: EventFilter
) -> tuple[Iterator[bytes], str]:
    """(bytes chunks, media type) of the event-level ``fmt`` (graphml, gexf, json, csv):
    the per-event text rendered by the database where it can (PostgreSQL's COPY for CSV,
    ``Store.render_events`` otherwise), by the Python writers on in-memory SQLite."""
    if fmt == "csv" and (copy := store.copy_events_csv(filters)) is not None:
        return _closing(stream_csv_lines(copy), copy.close), MEDIA_TYPES[fmt]
    document, template, render_row, separator = SQL_RENDERED[fmt]
    rendered = store.render_events(filters, template)
    if rendered is not None:
        blocks = filled(rendered, render_row, separator)
        if fmt == "csv":
            body = stream_csv_lines(blocks)
        else:
            body = document(node_records(store, actors, filters), blocks)
        return _closing(body, rendered.close), MEDIA_TYPES[fmt]
    return python_rendered_export(store, actors, fmt, filters)


def python_rendered_export(
    store: Store, actors: Mapping[str, Actor], fmt: str, filters: EventFilter
) -> tuple[Iterator[bytes], str]:
    """The same bytes as ``stream_events_export``, every event written by the Python
    writers from plain rows (the reference the database's text is tested against)."""
    cursor = store.stream_events(filters, context=fmt == "csv")
    if fmt == "csv":
        body = stream_csv(cursor)
    else:
        body = GRAPH_WRITERS[fmt](node_records(store, actors, filters), cursor)
    return _closing(body, cursor.close), MEDIA_TYPES[fmt]


def _closing(chunks: Iterator[bytes], close: Callable[[], None]) -> Iterator[bytes]:
    """``chunks``, then ``close()`` however iteration ends (finished, failed or abandoned)."""
    try:
        yield from chunks
    finally:
        try:
            getattr(chunks, "close", lambda: None)()
        finally:
            close()
