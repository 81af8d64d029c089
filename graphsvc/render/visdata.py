"""Node and edge records for vis-network, assembled with a pyvis Network.

pyvis is used for its node/edge bookkeeping only (``add_node``/``add_edge``, never
``from_nx``, which mutates the graph it is given); the page itself is written by html.py.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graphsvc.render.style import (
    LOW_CONFIDENCE,
    LOW_CONFIDENCE_DASHES,
    LOW_CONFIDENCE_OPACITY,
    edge_width,
    goldstein_colour,
    kind_colour,
    node_size,
)
from graphsvc.render.tooltips import edge_tooltip, node_tooltip

# Straight edges and a short stabilisation: seconds, not minutes, for a few hundred nodes.
# Labels stay legible when the whole graph is fitted into the page: the layout is kept
# compact (moderate repulsion, short springs) and labels are large with a white halo, so
# the demo corpus (~45 actors) shows names of about 11 px instead of 5 px.
VIS_OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "nodes": {
        "shape": "dot",
        "borderWidth": 1,
        "font": {"size": 24, "face": "sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
    },
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "selectionWidth": 2,
    },
    "physics": {
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -4000,
            "springLength": 120,
            "springConstant": 0.03,
            "damping": 0.35,
            "avoidOverlap": 0.3,
        },
        # The server lays the graph out (render.pagedata.layout): physics only polishes it.
        "stabilization": {"enabled": True, "iterations": 20, "updateInterval": 25, "fit": True},
        "minVelocity": 1.5,
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    # A fixed seed: the same graph gets the same layout on every reload.
    "layout": {"randomSeed": 7, "improvedLayout": False},
}
RECIPROCAL_CURVE = {"enabled": True, "type": "curvedCW", "roundness": 0.15}


def _network() -> Any:
    from pyvis.network import Network  # imported late: pyvis pulls in IPython

    return Network(directed=True)


def preload() -> None:
    """Import pyvis now (about 0.6 s, most of it IPython) instead of in the first page."""
    _network()


def vis_records(
    G: nx.DiGraph, interactions: nx.MultiDiGraph | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(nodes, edges) for vis.DataSet from a dyad graph; ``G`` is only read."""
    net = _network()
    max_nodes = max((d.get("event_count", 0) for _, d in G.nodes(data=True)), default=0)
    for code, attrs in G.nodes(data=True):
        net.add_node(
            code,
            label=str(attrs.get("label") or code),
            title=node_tooltip(code, attrs),
            size=node_size(int(attrs.get("event_count", 0)), max_nodes),
            color=kind_colour(str(attrs.get("kind", ""))),
            shape="dot",
        )
    max_edges = max((d.get("count", 1) for *_, d in G.edges(data=True)), default=1)
    for u, v, attrs in G.edges(data=True):
        colour = goldstein_colour(float(attrs.get("mean_goldstein", 0.0)))
        options: dict[str, Any] = {
            "id": f"{u}>{v}",
            "title": edge_tooltip(G, u, v, interactions),
            "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False},
            "width": edge_width(int(attrs.get("count", 1)), max_edges),
        }
        confidence = attrs.get("confidence")
        if confidence is not None and float(confidence) < LOW_CONFIDENCE:
            options["dashes"] = LOW_CONFIDENCE_DASHES
            options["color"]["opacity"] = LOW_CONFIDENCE_OPACITY
            options["low_confidence"] = True
        if attrs.get("symmetric", 0) and attrs.get("symmetric") == attrs.get("count"):
            options["arrows"] = "to, from"
        if G.has_edge(v, u) and u != v:
            options["smooth"] = RECIPROCAL_CURVE
        net.add_edge(u, v, **options)
    return list(net.nodes), list(net.edges)
