"""The network analyses as the service answers them: over its cached dyad graph, each answer
cached like the service's others, paths with the cooperative events of every hop.

``NetworkAnalysis`` takes the service's parts as callables, so this layer does not import
the service (which sits above it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

import networkx as nx

from graphsvc.analysis.network import (
    LOUVAIN_SEED,
    ActorScore,
    Measure,
    Partition,
    Weight,
    centrality,
    communities,
    cooperative_paths,
    hops,
    label_of,
)
from graphsvc.errors import InvalidInput
from graphsvc.models import Actor, Event, EventFilter

T = TypeVar("T")
COOPERATIVE_QUADS = frozenset({1, 2})


class Cached(Protocol):
    def __call__(self, kind: str, filters: EventFilter, build: Callable[[], T]) -> T: ...


class RecentByDyad(Protocol):
    def __call__(
        self, f: EventFilter, dyads: Iterable[tuple[str, str]], *, per_dyad: int
    ) -> dict[tuple[str, str], list[Event]]: ...


@dataclass(frozen=True, slots=True)
class Hop:
    source: str
    target: str
    cooperation: int  # cooperative events both ways
    conflict: int  # conflict events both ways
    events: tuple[Event, ...]  # most recent cooperative events both ways, newest first


@dataclass(frozen=True, slots=True)
class PathFound:
    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    weakest: int
    hops: tuple[Hop, ...]


@dataclass(frozen=True, slots=True)
class PathAnswer:
    source: Actor
    target: Actor
    length: int | None  # hops of the shortest paths; None when there is no path
    paths: tuple[PathFound, ...]


class NetworkAnalysis:
    """Centrality, communities and cooperative paths under an ``EventFilter``."""

    def __init__(
        self,
        *,
        graph: Callable[[EventFilter], nx.DiGraph],
        cached: Cached,
        recent_by_dyad: RecentByDyad,
        actor: Callable[[str], Actor],
    ) -> None:
        self._graph = graph
        self._cached = cached
        self._recent = recent_by_dyad
        self._actor = actor

    def centrality(
        self, filters: EventFilter, *, weight: Weight, sort: Measure = "pagerank"
    ) -> tuple[ActorScore, ...]:
        return self._cached(
            f"centrality:{weight}:{sort}",
            filters,
            lambda: tuple(centrality(self._graph(filters), weight=weight, sort=sort)),
        )

    def communities(
        self,
        filters: EventFilter,
        *,
        weight: Weight,
        resolution: float = 1.0,
        seed: int = LOUVAIN_SEED,
    ) -> Partition:
        if not resolution > 0:
            raise InvalidInput("resolution must be greater than 0.")
        return self._cached(
            f"communities:{weight}:{resolution!r}:{seed}",
            filters,
            lambda: communities(
                self._graph(filters), weight=weight, resolution=resolution, seed=seed
            ),
        )

    def path(
        self, source: str, target: str, filters: EventFilter, *, limit: int, per_hop: int
    ) -> PathAnswer:
        """The shortest paths over cooperative ties, each hop with its latest cooperative
        events. Unknown actors raise NotFound; known ones out of the graph have no path."""
        first, second = self._actor(source), self._actor(target)
        if first.code == second.code:  # the empty path: the actor reaches itself
            return PathAnswer(first, second, 0, (PathFound((first.code,), (first.label,), 0, ()),))
        return self._cached(
            f"path:{first.code}:{second.code}:{limit}:{per_hop}",
            filters,
            lambda: self._path(first, second, filters, limit, per_hop),
        )

    def _path(
        self, first: Actor, second: Actor, filters: EventFilter, limit: int, per_hop: int
    ) -> PathAnswer:
        G = self._graph(filters)
        found = cooperative_paths(G, first.code, second.code, limit=limit)
        if not found:
            return PathAnswer(first, second, None, ())
        pairs = hops(found)
        evidence = self._evidence(G, pairs, filters, per_hop)
        paths = tuple(
            PathFound(
                p.nodes,
                tuple(label_of(G, n) for n in p.nodes),
                p.weakest,
                tuple(evidence[pair] for pair in itertools.pairwise(p.nodes)),
            )
            for p in found
        )
        return PathAnswer(first, second, len(found[0].nodes) - 1, paths)

    def _evidence(
        self,
        G: nx.DiGraph,
        pairs: list[tuple[str, str]],
        filters: EventFilter,
        per_hop: int,
    ) -> dict[tuple[str, str], Hop]:
        """Each hop's counts (both directions) and latest cooperative events."""
        cooperative = filters.quad_classes & COOPERATIVE_QUADS or COOPERATIVE_QUADS
        # The hop's directions are the graph's edges, which already passed min_count.
        scope = replace(filters, quad_classes=cooperative, min_count=1)
        directed = [
            (u, v)
            for a, b in pairs
            for u, v in ((a, b), (b, a))
            if G.has_edge(u, v) and G.edges[u, v]["cooperation"] > 0
        ]
        recent = self._recent(scope, directed, per_dyad=per_hop) if per_hop else {}
        out = {}
        for a, b in pairs:
            both = [G.edges[u, v] for u, v in ((a, b), (b, a)) if G.has_edge(u, v)]
            events = sorted(
                (*recent.get((a, b), ()), *recent.get((b, a), ())),
                key=lambda e: (e.date.isoformat() if e.date else "", e.id or 0),
                reverse=True,
            )
            out[(a, b)] = Hop(
                a,
                b,
                sum(d["cooperation"] for d in both),
                sum(d["conflict"] for d in both),
                tuple(events[:per_hop]),
            )
        return out
