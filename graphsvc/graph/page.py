"""What a graph page draws when the dyad graph is too big to draw whole.

A page shows at most ``node_cap`` actors (the most active ones) and, among them, the busiest
dyads; it also states how much it left out. Both are decided from per-pair counts alone —
``(source, target, events)`` triples the store aggregates — so a page over millions of
events neither builds the whole dyad graph nor reads the sums of pairs it will not draw.

>>> page = cut([("RUS", "TUR", 5), ("TUR", "RUS", 2), ("ARM", "AZE", 1)], node_cap=2)
>>> page.nodes, page.pairs, page.actors, page.dyads, page.events, page.dyads_among
(('RUS', 'TUR'), (('RUS', 'TUR'), ('TUR', 'RUS')), 4, 3, 8, 2)
>>> cut([("RUS", "TUR", 5), ("ARM", "AZE", 1)], node_cap=5, ego="ARM").nodes
('ARM', 'AZE')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graphsvc.graph.build import touch_counts

Pair = tuple[str, str, int]  # (source, target, events)


@dataclass(frozen=True, slots=True)
class PageCut:
    """The actors a page draws and the totals of the scope it summarises."""

    nodes: tuple[str, ...]  # drawn actors, most active first (ties by code)
    pairs: tuple[tuple[str, str], ...]  # drawn dyads, busiest first (ties by source, target)
    activity: Mapping[str, int]  # events touching each drawn actor (in the whole filter)
    actors: int  # actors of the scope (the ego's neighbourhood on an actor's page)
    dyads: int  # ordered pairs of the scope
    events: int  # events of those pairs
    dyads_among: int  # pairs between drawn actors (a page may draw only the busiest)


def neighbourhood(pairs: Iterable[Pair], center: str) -> set[str]:
    """``center`` and every actor sharing a pair with it, either way."""
    found = {center}
    for source, target, _ in pairs:
        if source == center:
            found.add(target)
        elif target == center:
            found.add(source)
    return found


def cut(
    pairs: Iterable[Pair], *, node_cap: int, edge_cap: int = 1500, ego: str | None = None
) -> PageCut:
    """The page of ``pairs`` (the whole filter's), or of ``ego``'s neighbourhood: actors
    within one hop and the pairs among them, ranked by their activity in the whole filter;
    at most ``node_cap`` actors and the ``edge_cap`` busiest pairs between them."""
    pairs = list(pairs)
    counts = touch_counts(pairs)
    if ego is None:
        scope_nodes: set[str] = set(counts)
        scoped = pairs
    else:
        scope_nodes = neighbourhood(pairs, ego)
        scoped = [p for p in pairs if p[0] in scope_nodes and p[1] in scope_nodes]
    ranked = sorted(scope_nodes, key=lambda code: (-counts[code], code))
    drawn = tuple(ranked[: max(node_cap, 0)])
    shown = set(drawn)
    among = [p for p in scoped if p[0] in shown and p[1] in shown]
    busiest = sorted(among, key=lambda p: (-p[2], p[0], p[1]))[: max(edge_cap, 0)]
    return PageCut(
        nodes=drawn,
        pairs=tuple((s, t) for s, t, _ in busiest),
        activity={code: counts[code] for code in drawn},
        actors=len(scope_nodes),
        dyads=len(scoped),
        events=sum(n for _, _, n in scoped),
        dyads_among=len(among),
    )
