"""What the graph page draws, as data: vis-network nodes and edges with the links they open,
each actor's communities and centralities within the drawn graph, a first layout, and the
page's summary texts.

The same dict is embedded in the page and answered by ``GET /view/data``, so the page can
refilter (the time control) by fetching it and updating its vis DataSets in place. Links come
from the API layer (``PageLinks``) so that this module stays free of routing.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import igraph as ig
import networkx as nx

from graphsvc.analysis.network import MEASURES, Partition, centrality, communities
from graphsvc.render.tooltips import count_of
from graphsvc.render.visdata import vis_records

# Tableau 10 without its grey, which marks actors outside the coloured communities.
COMMUNITY_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                     "#edc948", "#b07aa1", "#ff9da7", "#9c755f")  # fmt: skip
OTHER_COMMUNITY = "#bab0ac"
KIND_SHAPES = {"igo": "diamond"}  # everything else is a dot
SPACING = 110.0  # layout units per actor along the side of the square the layout fills
LAYOUT_ITERATIONS = 300
LAYOUT_SEED = 7
_LAYOUT_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Where a click goes: an actor's page and a dyad's page, filters carried over."""

    actor: Callable[[str], str]
    relation: Callable[[str, str], str]


@dataclass(frozen=True, slots=True)
class PageTotals:
    """What a page summarises: the whole scope, of which it may draw only a part."""

    actors: int
    dyads: int
    events: int
    dyads_among: int  # dyads between the drawn actors, before the page's dyad cap

    @classmethod
    def of(cls, G: nx.DiGraph, shown: nx.DiGraph) -> PageTotals:
        events = sum(int(d.get("count", 0)) for *_, d in G.edges(data=True))
        among = shown if shown is G else G.subgraph(shown.nodes)
        return cls(len(G), G.number_of_edges(), events, among.number_of_edges())


def community_colour(index: int) -> str:
    return COMMUNITY_COLOURS[index] if 0 <= index < len(COMMUNITY_COLOURS) else OTHER_COMMUNITY


def layout(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """A seeded Fruchterman-Reingold layout (igraph) of the undirected ties, scaled to a
    square of side ``SPACING * sqrt(n)``: the browser starts from it and only polishes it,
    which is what lets a few hundred actors settle in well under a second. Actors without
    a drawn tie go on a ring just around it (the layout would fling them far away)."""
    tied = sorted(n for n in G if any(m != n for m in G[n]))
    alone = sorted(n for n in G if n not in set(tied))
    placed = _force_layout(G, tied)
    side = SPACING * math.sqrt(max(len(G), 1))
    for i, name in enumerate(alone):
        angle = 2 * math.pi * i / len(alone)
        radius = 0.6 * side if tied else 0.3 * side
        placed[name] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
    return placed


def _force_layout(G: nx.Graph, names: list[str]) -> dict[str, tuple[float, float]]:
    n = len(names)
    if n == 0:
        return {}
    at = {name: i for i, name in enumerate(names)}
    ties = sorted(
        {(min(at[u], at[v]), max(at[u], at[v])) for u, v in G.subgraph(names).edges() if u != v}
    )
    g = ig.Graph(n=n, edges=ties, directed=False)
    start = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    # igraph's layout draws random displacements from its process-wide generator: a seeded
    # one for this call (the same graph, the same picture), then igraph's default again.
    with _LAYOUT_LOCK:
        ig.set_random_number_generator(random.Random(LAYOUT_SEED))
        try:
            coords = g.layout_fruchterman_reingold(seed=start, niter=LAYOUT_ITERATIONS).coords
        finally:
            ig.set_random_number_generator(random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = SPACING * math.sqrt(len(G)) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        name: (round((x - cx) * scale, 1), round((y - cy) * scale, 1))
        for name, (x, y) in zip(names, coords, strict=True)
    }


def summary_texts(
    drawn_actors: int, drawn_dyads: int, totals: PageTotals, cap: int
) -> dict[str, str]:
    """The page's one-line summary and, when it draws only part of the scope, a note."""
    counts = ((totals.actors, "actor"), (totals.dyads, "dyad"), (totals.events, "event"))
    notes = []
    if drawn_actors < totals.actors:
        notes.append(f"the {drawn_actors} most active of {totals.actors} actors (page cap {cap})")
    if drawn_dyads < totals.dyads_among:
        notes.append(f"the {drawn_dyads} busiest of their dyads")
    note = f"Showing {' and '.join(notes)}; narrow the filters to see the others." if notes else ""
    return {"summary": " · ".join(count_of(n, noun) for n, noun in counts), "note": note}


def _rounded(value: float) -> float | int:
    return value if isinstance(value, int) else round(float(value), 6)


def _community_legend(partition: Partition) -> list[dict[str, Any]]:
    return [
        {
            "index": i,
            "colour": community_colour(i),
            "size": len(c.members),
            "leaders": [m.label for m in c.members[:3]],
        }
        for i, c in enumerate(partition.communities[: len(COMMUNITY_COLOURS)])
    ]


def page_data(
    shown: nx.DiGraph,
    totals: PageTotals,
    *,
    interactions: nx.MultiDiGraph | None = None,
    links: PageLinks | None = None,
    cap: int = 150,
) -> dict[str, Any]:
    """Nodes, edges, communities and summary of the drawn graph ``shown`` (only read).

    Every node carries ``url`` (its actor page), ``community`` (index, -1 when alone),
    ``scores`` (degree, weighted_degree, pagerank, betweenness over event counts) and a
    starting position; every edge carries ``url`` (its dyad page), ``count`` and the mean
    ``confidence`` of its events (style: ``visdata.vis_records``).
    """
    nodes, edges = vis_records(shown, interactions)
    scores = {s.code: s for s in centrality(shown, weight="events")}
    partition = communities(shown, weight="events")
    member_of = {m.code: i for i, c in enumerate(partition.communities) for m in c.members}
    positions = layout(shown.to_undirected(as_view=True))
    for node in nodes:
        code = node["id"]
        score = scores[code]
        index = member_of.get(code, -1)
        x, y = positions[code]
        node.update(
            name=node["label"],
            community=index,
            color=community_colour(index),
            shape=KIND_SHAPES.get(str(shown.nodes[code].get("kind", "")), "dot"),
            scores={m: _rounded(getattr(score, m)) for m in MEASURES},
            x=x,
            y=y,
        )
        if links is not None:
            node["url"] = links.actor(code)
    for edge in edges:
        source, target = edge["from"], edge["to"]
        attrs = shown.edges[source, target]
        edge["count"] = int(attrs.get("count", 1))
        if attrs.get("confidence") is not None:
            edge["confidence"] = float(attrs["confidence"])
        if links is not None:
            edge["url"] = links.relation(source, target)
    return {
        "nodes": nodes,
        "edges": edges,
        "communities": _community_legend(partition),
        "modularity": round(partition.modularity, 4),
        **summary_texts(len(nodes), len(edges), totals, cap),
    }
