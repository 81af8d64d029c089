"""GEXF 1.3 export (Gephi): a dynamic graph, valid against the GEXF 1.3 schema, read back by
networkx.

Time: the graph is ``mode="dynamic"`` with ``timeformat="date"``, so Gephi's timeline can
play it. An event edge lives on its day (``start`` = ``end`` = its date); a dyad edge from
its first to its last event (``first_date``, ``last_date``); a node from the first to the
last day of its edges. An undated edge carries no time and Gephi shows it at every moment;
so does a node none of whose edges is dated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from graphsvc.render._xml import attr, attribute_types, literal

MEDIA_TYPE = "application/gexf+xml"
GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
NAMESPACE = "http://gexf.net/1.3"
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<gexf xmlns="{NAMESPACE}" version="1.3">\n'
    "  <meta><creator>graphsvc</creator></meta>\n"
)
GRAPH = '  <graph defaultedgetype="{kind}" mode="dynamic" timeformat="date">\n'

# Written as GEXF's own attributes rather than as attvalues.
NODE_OWN = frozenset({"label"})
EDGE_OWN = frozenset({"label", "weight"})

Columns = dict[str, tuple[str, type]]


def _columns(
    cls: str, records: Iterable[Mapping[str, Any]], own: frozenset[str]
) -> tuple[Columns, str]:
    types = attribute_types(records, skip=own)
    columns = {name: (str(i), kind) for i, (name, kind) in enumerate(types.items())}
    if not columns:
        return columns, ""
    rows = "".join(
        f'      <attribute id="{i}" title="{attr(name)}" type="{GEXF_TYPES[kind]}"/>\n'
        for name, (i, kind) in columns.items()
    )
    return columns, f'    <attributes class="{cls}" mode="static">\n{rows}    </attributes>\n'


def _attvalues(columns: Columns, record: Mapping[str, Any]) -> str:
    values = "".join(
        f'<attvalue for="{columns[name][0]}" value="{attr(literal(value, columns[name][1]))}"/>'
        for name, value in record.items()
        if value is not None and name in columns
    )
    return f"<attvalues>{values}</attvalues>" if values else ""


def _edges(G: nx.Graph) -> Iterator[tuple[Any, Any, str, dict[str, Any]]]:
    """Edges with ids: multigraph keys when unique across the graph, else a counter."""
    if G.is_multigraph():
        triples = list(G.edges(keys=True, data=True))
        unique = len({str(k) for _, _, k, _ in triples}) == len(triples)
        for i, (u, v, k, data) in enumerate(triples):
            yield u, v, str(k) if unique else str(i), data
    else:
        for i, (u, v, data) in enumerate(G.edges(data=True)):
            yield u, v, str(i), data


Span = tuple[str, str]  # (start, end) as ISO dates
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: Any) -> str | None:
    return value if isinstance(value, str) and _ISO_DATE.fullmatch(value) else None


def edge_span(data: Mapping[str, Any]) -> Span | None:
    """An event edge's day, or a dyad edge's first and last days; None when undated."""
    day = _day(data.get("date"))
    if day:
        return day, day
    first, last = _day(data.get("first_date")), _day(data.get("last_date"))
    return (first, last) if first and last else None


def span_attrs(span: Span | None) -> str:
    """`` start="…" end="…"`` for a span (ISO dates need no escaping), else nothing."""
    return f' start="{span[0]}" end="{span[1]}"' if span else ""


def _node_spans(G: nx.Graph) -> dict[Any, Span]:
    """Each node's first and last day over its dated edges."""
    spans: dict[Any, Span] = {}
    for u, v, data in G.edges(data=True):
        span = edge_span(data)
        if span is None:
            continue
        for node in (u, v):
            seen = spans.get(node)
            spans[node] = span if seen is None else (min(seen[0], span[0]), max(seen[1], span[1]))
    return spans


def _weight(data: Mapping[str, Any]) -> str:
    """Gephi lays out and filters by weight: an explicit one, else a dyad's event count."""
    weight = data.get("weight", data.get("count"))
    return f' weight="{float(weight)!r}"' if isinstance(weight, int | float) else ""


def to_gexf(G: nx.Graph) -> bytes:
    """GEXF 1.3 bytes (UTF-8), dynamic (see the module's docstring). Node/edge ``label``
    become GEXF labels; other flat attributes become typed attvalues."""
    node_cols, node_decl = _columns("node", (d for _, d in G.nodes(data=True)), NODE_OWN)
    edge_cols, edge_decl = _columns("edge", (d for *_, d in G.edges(data=True)), EDGE_OWN)
    kind = "directed" if G.is_directed() else "undirected"
    parts = [HEADER, GRAPH.format(kind=kind), node_decl, edge_decl]
    parts.append("    <nodes>\n")
    spans = _node_spans(G)
    for node, data in G.nodes(data=True):
        label = attr(str(data.get("label", node)))
        values = _attvalues(node_cols, data)
        parts.append(
            f'      <node id="{attr(str(node))}" label="{label}"{span_attrs(spans.get(node))}>'
            f"{values}</node>\n"
        )
    parts.append("    </nodes>\n    <edges>\n")
    for u, v, edge_id, data in _edges(G):
        label = f' label="{attr(str(data["label"]))}"' if "label" in data else ""
        parts.append(
            f'      <edge id="{attr(edge_id)}" source="{attr(str(u))}" target="{attr(str(v))}"'
            f"{label}{_weight(data)}{span_attrs(edge_span(data))}>"
            f"{_attvalues(edge_cols, data)}</edge>\n"
        )
    parts.append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(parts).encode("utf-8")
