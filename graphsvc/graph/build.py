"""Build networkx graphs from events: the event multigraph and the aggregated dyad graph.

Every attribute is flattened to str/int/float/bool (``""`` for missing text) with one type
per name, so the graphs export to GraphML/GEXF/JSON unchanged. Inputs are never mutated.

>>> from datetime import date
>>> from graphsvc.models import Actor, DyadCodeCount, Event
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

from graphsvc.models import Actor, DyadCodeCount, Event

COOPERATION = frozenset({1, 2})
CONFLICT = frozenset({3, 4})
TOP_LABELS = 3

# Characters XML 1.0 cannot carry at all (GraphML/GEXF writers would emit broken files).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

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


def _touch_counts(edges: Iterable[tuple[str, str, int]]) -> Counter[str]:
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
    counts = _touch_counts((e.source, e.target, 1) for e in kept)
    G = nx.MultiDiGraph()
    G.add_nodes_from((code, _node_attrs(code, by_code, counts[code])) for code in sorted(counts))
    for i, event in enumerate(kept):
        key = str(event.id) if event.id is not None else f"n{i}"
        G.add_edge(event.source, event.target, key=key, **event_edge_attrs(event))
    return G


def _dyad_attrs(group: list[Event]) -> dict[str, Any]:
    dates = [e.date for e in group if e.date is not None]
    labels = Counter(clean_text(e.label) for e in group)
    top = sorted(labels.items(), key=lambda item: (-item[1], item[0]))[:TOP_LABELS]
    return {
        "count": len(group),
        "mean_goldstein": round(sum(float(e.goldstein) for e in group) / len(group), 3),
        "cooperation": sum(1 for e in group if e.quad_class in COOPERATION),
        "conflict": sum(1 for e in group if e.quad_class in CONFLICT),
        "first_date": _iso(min(dates) if dates else None),
        "last_date": _iso(max(dates) if dates else None),
        "top_labels": "; ".join(label for label, _ in top),
        "codes": "; ".join(sorted({e.code for e in group})),
        "symmetric": sum(1 for e in group if e.symmetric),
    }


def build_dyad_graph(
    events: Iterable[Event], actors: ActorsArg, *, min_count: int = 1
) -> nx.DiGraph:
    """One edge per ordered pair (source, target) with counts, tone and dates of its events."""
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        groups[(event.source, event.target)].append(event)
    kept = {pair: group for pair, group in groups.items() if len(group) >= min_count}
    by_code = _by_code(actors)
    counts = _touch_counts((s, t, len(group)) for (s, t), group in kept.items())
    G = nx.DiGraph()
    G.add_nodes_from((code, _node_attrs(code, by_code, counts[code])) for code in sorted(counts))
    for (source, target), group in sorted(kept.items()):
        G.add_edge(source, target, **_dyad_attrs(group))
    return G


def dyad_graph_from_counts(
    rows: Iterable[DyadCodeCount], actors: ActorsArg, *, min_count: int = 1
) -> nx.DiGraph:
    """The dyad graph folded from per-(dyad, code) sums (the store's rollups): the same
    attributes as ``build_dyad_graph`` gives for the events those sums count.

    >>> from graphsvc.models import DyadCodeCount
    >>> rows = [DyadCodeCount("RUS", "TUR", "041", 1, 2, 2.0, 0, None, None, "Phone call")]
    >>> dyad_graph_from_counts(rows, {}).edges["RUS", "TUR"]["count"]
    2
    """
    groups: dict[tuple[str, str], list[DyadCodeCount]] = defaultdict(list)
    for row in rows:
        groups[(row.source, row.target)].append(row)
    kept = {pair: group for pair, group in groups.items() if sum(r.n for r in group) >= min_count}
    by_code = _by_code(actors)
    counts = _touch_counts((s, t, sum(r.n for r in group)) for (s, t), group in kept.items())
    G = nx.DiGraph()
    G.add_nodes_from((code, _node_attrs(code, by_code, counts[code])) for code in sorted(counts))
    for (source, target), group in sorted(kept.items()):
        G.add_edge(source, target, **_dyad_attrs_from_counts(group))
    return G


def _dyad_attrs_from_counts(group: list[DyadCodeCount]) -> dict[str, Any]:
    total = sum(r.n for r in group)
    firsts = [r.first_date for r in group if r.first_date is not None]
    lasts = [r.last_date for r in group if r.last_date is not None]
    labels: Counter[str] = Counter()
    for r in group:
        labels[clean_text(r.label)] += r.n
    top = sorted(labels.items(), key=lambda item: (-item[1], item[0]))[:TOP_LABELS]
    return {
        "count": total,
        "mean_goldstein": round(sum(r.goldstein_sum for r in group) / total, 3),
        "cooperation": sum(r.n for r in group if r.quad_class in COOPERATION),
        "conflict": sum(r.n for r in group if r.quad_class in CONFLICT),
        "first_date": _iso(min(firsts) if firsts else None),
        "last_date": _iso(max(lasts) if lasts else None),
        "top_labels": "; ".join(label for label, _ in top),
        "codes": "; ".join(sorted({r.code for r in group})),
        "symmetric": sum(r.symmetric_n for r in group),
    }


def ego_graph(G: G_, center: str, *, radius: int = 1) -> G_:
    """A new graph: ``center``, the actors within ``radius`` hops either way, and the edges
    among them. An unknown ``center`` raises KeyError."""
    if center not in G:
        raise KeyError(center)
    return nx.ego_graph(G, center, radius=radius, undirected=True)
