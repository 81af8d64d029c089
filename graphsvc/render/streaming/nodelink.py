"""Streamed node-link JSON of the event multigraph (networkx's format, edges under "edges"):
``nx.node_link_graph(json.loads(body), edges="edges")`` reads it back as a MultiDiGraph."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

from graphsvc.render.streaming._common import Chunker, clean, sorted_nodes
from graphsvc.rows import EventRow, NodeRecord

PROLOG = '{"directed":true,"multigraph":true,"graph":{},"nodes":'
BETWEEN = ',"edges":['
FOOTER = "]}"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _node(node: NodeRecord) -> dict[str, Any]:
    return {
        "label": clean(node.label),
        "kind": node.kind,
        "event_count": node.event_count,
        "id": node.code,
    }


def edges_json(rows: Sequence[EventRow]) -> bytes:
    """The edge objects of a chunk, comma-separated (no brackets)."""
    illegal = _ILLEGAL.search
    records = []
    add = records.append
    for row in rows:
        (eid, source, target, code, root, quad, goldstein, label, date, precision, sentence,
         article, s_text, t_text, s_sector, t_sector, group, symmetric, confidence, negated,
         mentions, _trigger, _version) = row  # fmt: skip
        group = group or ""
        if illegal("".join((label, sentence, article, s_text, t_text, group))):
            # Rare: drop what XML forbids, as the graph builder does for every format.
            label, sentence, article = clean(label), clean(sentence), clean(article)
            s_text, t_text, group = clean(s_text), clean(t_text), clean(group)
        add(
            {
                "event_id": eid,
                "code": code,
                "root": root,
                "quad_class": quad,
                "goldstein": float(goldstein),
                "label": label,
                "date": date or "",
                "date_precision": precision,
                "sentence": sentence,
                "article_id": article,
                "source_text": s_text,
                "target_text": t_text,
                "source_sector": s_sector or "",
                "target_sector": t_sector or "",
                "group_id": group,
                "symmetric": bool(symmetric),
                "confidence": float(confidence),
                "negated": bool(negated),
                "mentions": mentions,
                "source": source,
                "target": target,
                "key": str(eid),
            }
        )
    return orjson.dumps(records)[1:-1]


def stream_node_link(
    nodes: Iterable[NodeRecord], chunks: Iterable[Sequence[EventRow]]
) -> Iterator[bytes]:
    """node-link JSON bytes: the opening at once, the nodes, then the edges chunk by chunk."""
    yield PROLOG.encode("utf-8")
    out = Chunker()
    yield from out.feed(orjson.dumps([_node(n) for n in sorted_nodes(nodes)]))
    yield from out.feed(BETWEEN)
    first = True
    for rows in chunks:
        if not rows:
            continue
        body = edges_json(rows)
        yield from out.feed(body if first else b"," + body)
        first = False
    yield from out.feed(FOOTER)
    yield from out.flush()
