"""Streamed node-link JSON of the event multigraph (networkx's format, edges under "edges"):
``nx.node_link_graph(json.loads(body), edges="edges")`` reads it back as a MultiDiGraph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

from graphsvc.render.streaming._common import Chunker, clean, sorted_nodes
from graphsvc.row_template import Field, RowTemplate, parse_percent
from graphsvc.rows import EventRow, NodeRecord

PROLOG = '{"directed":true,"multigraph":true,"graph":{},"nodes":'
BETWEEN = ',"edges":['
FOOTER = "]}"
# Free text the graph builders clean of characters XML forbids.
CLEANED = ("label", "sentence", "article_id", "source_text", "target_text", "group_id")
# How such characters look in orjson's output (a false alarm only costs a second pass).
_SUSPECT = (b"\\u00", b"\\b", b"\\f", b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def _node(node: NodeRecord) -> dict[str, Any]:
    return {
        "label": clean(node.label),
        "kind": node.kind,
        "event_count": node.event_count,
        "id": node.code,
    }


def _record(row: EventRow) -> dict[str, Any]:
    (eid, source, target, code, root, quad, goldstein, label, date, precision, sentence,
     article, s_text, t_text, s_sector, t_sector, group, symmetric, confidence, negated,
     mentions, _trigger, _version) = row  # fmt: skip
    return {
        "event_id": eid,
        "code": code,
        "root": root,
        "quad_class": quad,
        "goldstein": float(goldstein),
        "label": label,
        "date": date,
        "date_precision": precision,
        "sentence": sentence,
        "article_id": article,
        "source_text": s_text,
        "target_text": t_text,
        "source_sector": s_sector,
        "target_sector": t_sector,
        "group_id": group,
        "symmetric": bool(symmetric),
        "confidence": float(confidence),
        "negated": bool(negated),
        "mentions": mentions,
        "source": source,
        "target": target,
        "key": str(eid),
    }


# The same edge object for the database to render (store.rendered), key by key as orjson
# writes _record's dict.
_JSON_FIELDS = (
    ("event_id", Field("id", "int")), ("code", Field("code", "json")),
    ("root", Field("root", "json")), ("quad_class", Field("quad_class", "int")),
    ("goldstein", Field("goldstein", "float")), ("label", Field("label", "json")),
    ("date", Field("date", "json")), ("date_precision", Field("date_precision", "json")),
    ("sentence", Field("sentence", "json")), ("article_id", Field("article_id", "json")),
    ("source_text", Field("source_text", "json")),
    ("target_text", Field("target_text", "json")),
    ("source_sector", Field("source_sector", "json")),
    ("target_sector", Field("target_sector", "json")),
    ("group_id", Field("group_id", "json")), ("symmetric", Field("symmetric", "bool_xml")),
    ("confidence", Field("confidence", "float")), ("negated", Field("negated", "bool_xml")),
    ("mentions", Field("mentions", "int")), ("source", Field("source", "json")),
    ("target", Field("target", "json")), ("key", Field("id", "int")),
)  # fmt: skip
_JSON_SPELLING = {"int": "%d", "float": "%r", "bool_xml": "%s", "json": '"%s"'}
EDGE_TEMPLATE = RowTemplate(
    "json",
    parse_percent(
        "{"
        + ",".join(
            f'"{key}":' + ('"%d"' if key == "key" else _JSON_SPELLING[field.kind])
            for key, field in _JSON_FIELDS
        )
        + "}",
        [field for _, field in _JSON_FIELDS],
    ),
    separator=b",",
)


def edge_json(row: EventRow) -> bytes:
    """One edge object (for a row the database left to Python)."""
    return edges_json([row])


def _cleaned(record: dict[str, Any]) -> dict[str, Any]:
    for name in CLEANED:
        record[name] = clean(record[name])
    return record


def edges_json(rows: Sequence[EventRow]) -> bytes:
    """The edge objects of a chunk, comma-separated (no brackets).

    orjson writes control characters as escapes, so one search of the output tells whether a
    value held a character XML forbids; only then are the values cleaned (as the graph
    builder does for every format) and the chunk written again.
    """
    data = orjson.dumps([_record(row) for row in rows])
    if any(mark in data for mark in _SUSPECT):
        data = orjson.dumps([_cleaned(_record(row)) for row in rows])
    return data[1:-1]


def stream_node_link(
    nodes: Iterable[NodeRecord], chunks: Iterable[Sequence[EventRow]]
) -> Iterator[bytes]:
    """node-link JSON bytes: the opening at once, the nodes, then the edges chunk by chunk."""
    return node_link_document(nodes, (edges_json(rows) for rows in chunks if rows))


def node_link_document(nodes: Iterable[NodeRecord], edges: Iterable[bytes]) -> Iterator[bytes]:
    """node-link JSON bytes around ``edges``, pieces of edge objects already rendered and
    comma-separated within each piece (empty pieces are skipped)."""
    yield PROLOG.encode("utf-8")
    out = Chunker()
    yield from out.feed(orjson.dumps([_node(n) for n in sorted_nodes(nodes)]))
    yield from out.feed(BETWEEN)
    first = True
    for body in edges:
        if not body:
            continue
        yield from out.feed(body if first else b"," + body)
        first = False
    yield from out.feed(FOOTER)
    yield from out.flush()
