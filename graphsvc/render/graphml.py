"""GraphML export: valid against the GraphML XSD, read back by networkx and igraph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from graphsvc.render._xml import attr, attribute_types, literal, text

MEDIA_TYPE = "application/graphml+xml"
GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)

Keys = dict[str, tuple[str, type]]  # attribute name -> (key id, type)


def _keys(domain: str, prefix: str, records: Iterable[Mapping[str, Any]]) -> tuple[Keys, list[str]]:
    keys: Keys = {}
    lines = []
    for i, (name, kind) in enumerate(attribute_types(records).items()):
        key_id = f"{prefix}{i}"
        keys[name] = (key_id, kind)
        lines.append(
            f'  <key id="{key_id}" for="{domain}" attr.name="{attr(name)}"'
            f' attr.type="{GRAPHML_TYPES[kind]}"/>\n'
        )
    return keys, lines


def _data(keys: Keys, record: Mapping[str, Any], indent: str) -> Iterator[str]:
    for name, value in record.items():
        key = keys.get(name)
        if key is not None and value is not None:
            yield f'{indent}<data key="{key[0]}">{text(literal(value, key[1]))}</data>\n'


def _edge_ids(G: nx.Graph) -> dict[tuple[Any, Any, Any], str] | None:
    """Multigraph keys as edge ids when they are unique across the graph (event ids are)."""
    if not G.is_multigraph():
        return None
    ids = {(u, v, k): str(k) for u, v, k in G.edges(keys=True)}
    return ids if len(set(ids.values())) == len(ids) else None


def _edges(G: nx.Graph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    if G.is_multigraph():
        yield from G.edges(keys=True, data=True)
    else:
        for u, v, data in G.edges(data=True):
            yield u, v, None, data


def to_graphml(G: nx.Graph) -> bytes:
    """GraphML bytes (UTF-8) for a graph with flat attributes (str/int/float/bool).

    Node ids are written as given (keep them code-like: the schema wants NMTOKENs). For a
    multigraph with graph-wide unique keys (event ids) the keys become edge ids, so
    ``nx.read_graphml(..., force_multigraph=True, edge_key_type=str)`` returns them.
    """
    graph_keys, graph_lines = _keys("graph", "g", [G.graph])
    node_keys, node_lines = _keys("node", "n", (d for _, d in G.nodes(data=True)))
    edge_keys, edge_lines = _keys("edge", "e", (d for *_, d in _edges(G)))
    default = "directed" if G.is_directed() else "undirected"
    parts = [HEADER, *graph_lines, *node_lines, *edge_lines]
    parts.append(f'  <graph id="G" edgedefault="{default}">\n')
    parts.extend(_data(graph_keys, G.graph, "    "))
    for node, data in G.nodes(data=True):
        parts.append(f'    <node id="{attr(str(node))}">\n')
        parts.extend(_data(node_keys, data, "      "))
        parts.append("    </node>\n")
    ids = _edge_ids(G)
    for u, v, key, data in _edges(G):
        edge_id = f' id="{attr(ids[(u, v, key)])}"' if ids else ""
        parts.append(f'    <edge{edge_id} source="{attr(str(u))}" target="{attr(str(v))}">\n')
        parts.extend(_data(edge_keys, data, "      "))
        parts.append("    </edge>\n")
    parts.append("  </graph>\n</graphml>\n")
    return "".join(parts).encode("utf-8")
