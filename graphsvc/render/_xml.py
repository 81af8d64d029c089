"""Make any graph safe for the XML writers (GraphML, GEXF)."""

from __future__ import annotations

from typing import Any, TypeVar

import networkx as nx

from graphsvc.graph import clean_text

G_ = TypeVar("G_", bound=nx.Graph)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}


def _dirty(data: dict[str, Any]) -> bool:
    return any(isinstance(v, str) and clean_text(v) != v for v in data.values())


def xml_safe(G: G_) -> G_:
    """``G`` itself when every string attribute is valid XML text, else a cleaned copy.

    Graphs from graphsvc.graph are clean already; this guards graphs built elsewhere.
    """
    edges = G.edges(data=True, keys=True) if G.is_multigraph() else G.edges(data=True)
    if not (
        _dirty(G.graph)
        or any(_dirty(d) for _, d in G.nodes(data=True))
        or any(_dirty(e[-1]) for e in edges)
    ):
        return G
    H = G.__class__()
    H.graph.update(_clean(G.graph))
    H.add_nodes_from((n, _clean(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, _clean(d)) for u, v, k, d in G.edges(data=True, keys=True))
    else:
        H.add_edges_from((u, v, _clean(d)) for u, v, d in G.edges(data=True))
    return H
