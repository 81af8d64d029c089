"""Build networkx graphs from events: the event multigraph and the aggregated dyad graph.

Every attribute is flattened to str/int/float/bool (``""`` for missing text) with one type
per name, so the graphs export to GraphML/GEXF/JSON unchanged. Inputs are never mutated.

>>> from datetime import date
>>> from graphsvc.models import Actor, DyadSums, Event
>>> e = Event("RUS", "TUR", "041", "04", 1, 1.0, "Discuss by telephone", date(2021, 1, 13),
...           "day", "Putin called Erdogan.", id=7)
>>> G = build_dyad_graph([e, e], {"RUS": Actor("RUS", "Russia")})
>>> G.edges["RUS", "TUR"]["count"], G.nodes["TUR"]["label"]
(2, 'TUR')
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

import networkx as nx

from graphsvc.models import Actor, DyadSums, Event

COOPERATION = frozenset({1, 2})
CONFLICT = frozenset({3, 4})
TOP_LABELS = 3

# Characters XML 1.0 cannot carry at all (GraphML/GEXF writers would emit broken files).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ActorsArg = Mapping[str, Actor] | Iterable[Actor]
G_ = TypeVar("G_", nx.DiGraph, nx.MultiDiGraph)


def clean_text(value: str | None) -> str:
    """``""`` for None; control characters that XML forbids removed."""
    return _XML_ILLEGAL.sub("", value) if value else ""


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _by_code(actors: ActorsArg) -> Mapping[str, Actor]:
    return actors if isinstance(actors, Mapping) else {a.code: a for a in actors}


def _node_attrs(code: str, actors: Mapping[str, Actor], count: int) -> dict[str, Any]:
    actor = actors.get(code)
    return {
        "label": clean_text(actor.label) if actor else code,
        "kind": actor.kind if actor else "",
        "event_count": count,
    }


def _dyad_sizes(events: list[Event]) -> Counter[tuple[str, str]]:
    return Counter((e.source, e.target) for e in events)


def touch_counts(edges: Iterable[tuple[str, str, int]]) -> Counter[str]:
    """Events touching each actor of ``(source, target, n)`` rows (a self-loop counts once)."""
    counts: Counter[str] = Counter()
    for source, target, n in edges:
        counts[source] += n
        if target != source:
            counts[target] += n
    return counts


def event_edge_attrs(event: Event) -> dict[str, Any]:
    """The flat, typed edge attributes of one event (``event_id`` -1 if never stored)."""
    return {
        "event_id": event.id if event.id is not None else -1,
        "code": event.code,
        "root": event.root,
        "quad_class": int(event.quad_class),
        "goldstein": float(event.goldstein),
        "label": clean_text(event.label),
        "date": _iso(event.date),
        "date_precision": event.date_precision,
        "sentence": clean_text(event.sentence),
        "article_id": clean_text(event.article_id),
        "source_text": clean_text(event.source_text),
        "target_text": clean_text(event.target_text),
        "source_sector": event.source_sector or "",
        "target_sector": event.target_sector or "",
        "group_id": clean_text(event.group_id),
        "symmetric": bool(event.symmetric),
        "confidence": float(event.confidence),
        "negated": bool(event.negated),
        "mentions": int(event.mentions),
    }


def build_multigraph(
    events: Iterable[Event], actors: ActorsArg, *, min_count: int = 1
) -> nx.MultiDiGraph:
    """One edge per event, keyed by the event id as a string.

    ``min_count`` keeps only events of ordered pairs with at least that many events.
    """
    listed = list(events)
    sizes = _dyad_sizes(listed)
    kept = [e for e in listed if sizes[(e.source, e.target)] >= min_count]
    by_code = _by_code(actors)
    counts = touch_counts((e.source, e.target, 1) for e in kept)
    G = nx.MultiDiGraph()
    G.add_nodes_from((code, _node_attrs(code, by_code, counts[code])) for code in sorted(counts))
    for i, event in enumerate(kept):
        key = str(event.id) if event.id is not None else f"n{i}"
        G.add_edge(event.source, event.target, key=key, **event_edge_attrs(event))
    return G


def sum_dyads(events: Iterable[Event]) -> list[DyadSums]:
    """Events summed per ordered pair, as the store's rollups sum them."""
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        groups[(event.source, event.target)].append(event)
    out = []
    for (source, target), group in groups.items():
        dates = [e.date for e in group if e.date is not None]
        out.append(
            DyadSums(
                source,
                target,
                len(group),
                dict(Counter(int(e.quad_class) for e in group)),
                dict(Counter(e.root for e in group)),
                sum(1 for e in group if e.symmetric),
                sum(float(e.goldstein) for e in group),
                min(dates) if dates else None,
                max(dates) if dates else None,
                sum(float(e.confidence) for e in group),
            )
        )
    return out


def build_dyad_graph(
    events: Iterable[Event],
    actors: ActorsArg,
    *,
    min_count: int = 1,
    root_labels: Mapping[str, str] | None = None,
) -> nx.DiGraph:
    """One edge per ordered pair (source, target) with counts, tone and dates of its events."""
    return dyad_graph_from_sums(
        sum_dyads(events), actors, min_count=min_count, root_labels=root_labels
    )


def dyad_graph_from_sums(
    rows: Iterable[DyadSums],
    actors: ActorsArg,
    *,
    min_count: int = 1,
    root_labels: Mapping[str, str] | None = None,
    activity: Mapping[str, int] | None = None,
) -> nx.DiGraph:
    """The dyad graph of per-pair sums (the store's rollups, or ``sum_dyads``).

    Nodes are the actors of the kept pairs with their ``event_count``, or, when
    ``activity`` is given (a page drawing part of a graph), exactly its actors with its
    counts.

    Edge attributes: count, mean_goldstein, cooperation, conflict, first_date, last_date,
    top_labels (the three most frequent CAMEO roots, by ``root_labels`` name), roots (the
    roots present) and symmetric (events stated as mutual).

    >>> from graphsvc.models import DyadSums
    >>> rows = [DyadSums("RUS", "TUR", 2, {1: 2}, {"04": 2}, 0, 2.0, None, None)]
    >>> G = dyad_graph_from_sums(rows, {}, root_labels={"04": "Consult"})
    >>> G.edges["RUS", "TUR"]["count"], G.edges["RUS", "TUR"]["top_labels"]
    (2, 'Consult')
    """
    kept = sorted(
        (r for r in rows if r.count >= min_count and r.count > 0),
        key=lambda r: (r.source, r.target),
    )
    by_code = _by_code(actors)
    if activity is None:
        counts: Mapping[str, int] = touch_counts((r.source, r.target, r.count) for r in kept)
    else:
        counts = activity
        kept = [r for r in kept if r.source in counts and r.target in counts]
    G = nx.DiGraph()
    G.add_nodes_from((code, _node_attrs(code, by_code, counts[code])) for code in sorted(counts))
    names = {root: clean_text(label) for root, label in (root_labels or {}).items()}
    for r in kept:
        G.add_edge(r.source, r.target, **_dyad_attrs(r, names))
    return G


def _dyad_attrs(r: DyadSums, root_labels: Mapping[str, str]) -> dict[str, Any]:
    roots = r.by_root
    present = sorted(root for root, n in roots.items() if n > 0)
    # A stable sort by count (descending) of roots in code order: ties go to the lower code.
    top = sorted(present, key=roots.__getitem__, reverse=True)[:TOP_LABELS]
    quads = r.by_quad_class
    return {
        "count": r.count,
        "mean_goldstein": round(r.goldstein_sum / r.count, 3),
        # The mean extraction confidence of the dyad's events (pages draw low ones apart).
        "confidence": round(r.confidence_sum / r.count, 3),
        "cooperation": quads.get(1, 0) + quads.get(2, 0),
        "conflict": quads.get(3, 0) + quads.get(4, 0),
        "first_date": r.first_date.isoformat() if r.first_date else "",
        "last_date": r.last_date.isoformat() if r.last_date else "",
        "top_labels": "; ".join(root_labels.get(root, root) for root in top),
        "roots": "; ".join(present),
        "symmetric": r.symmetric,
    }


def ego_graph(G: G_, center: str, *, radius: int = 1) -> G_:
    """A new graph: ``center``, the actors within ``radius`` hops either way, and the edges
    among them. An unknown ``center`` raises KeyError."""
    if center not in G:
        raise KeyError(center)
    # Hops along in- and out-edges directly: nx.ego_graph(undirected=True) walks an
    # undirected view of the whole graph, seconds for tens of thousands of dyads.
    seen, frontier = {center}, {center}
    for _ in range(radius):
        frontier = {n for f in frontier for n in (*G.pred[f], *G.succ[f])} - seen
        seen |= frontier
    return G.subgraph(seen).copy()
