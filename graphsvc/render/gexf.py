"""GEXF 1.2 export (Gephi): valid against gexf.xsd, read back by networkx."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from graphsvc.render._xml import attr, attribute_types, literal

MEDIA_TYPE = "application/gexf+xml"
GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
    "  <meta><creator>graphsvc</creator></meta>\n"
)
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


def _weight(data: Mapping[str, Any]) -> str:
    """Gephi lays out and filters by weight: an explicit one, else a dyad's event count."""
    weight = data.get("weight", data.get("count"))
    return f' weight="{float(weight)!r}"' if isinstance(weight, int | float) else ""


def to_gexf(G: nx.Graph) -> bytes:
    """GEXF 1.2 bytes (UTF-8). Node/edge ``label`` become GEXF labels; other flat
    attributes become typed attvalues."""
    node_cols, node_decl = _columns("node", (d for _, d in G.nodes(data=True)), NODE_OWN)
    edge_cols, edge_decl = _columns("edge", (d for *_, d in G.edges(data=True)), EDGE_OWN)
    kind = "directed" if G.is_directed() else "undirected"
    parts = [HEADER, f'  <graph defaultedgetype="{kind}" mode="static">\n', node_decl, edge_decl]
    parts.append("    <nodes>\n")
    for node, data in G.nodes(data=True):
        label = attr(str(data.get("label", node)))
        values = _attvalues(node_cols, data)
        parts.append(f'      <node id="{attr(str(node))}" label="{label}">{values}</node>\n')
    parts.append("    </nodes>\n    <edges>\n")
    for u, v, edge_id, data in _edges(G):
        label = f' label="{attr(str(data["label"]))}"' if "label" in data else ""
        parts.append(
            f'      <edge id="{attr(edge_id)}" source="{attr(str(u))}" target="{attr(str(v))}"'
            f"{label}{_weight(data)}>{_attvalues(edge_cols, data)}</edge>\n"
        )
    parts.append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(parts).encode("utf-8")
