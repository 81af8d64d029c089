"""The interactive graph page: vis-network from local assets, no inline script, escaped text.

The page is written here rather than by pyvis's template, which links CDNs, inlines
scripts and switches tooltips to raw HTML. Graph data travels in a
``<script type="application/json">`` block that ``static/view.js`` reads, so a strict
Content-Security-Policy (``script-src 'self'``) holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlencode

import networkx as nx
import orjson

from graphsvc.models import EventFilter
from graphsvc.render.form_widgets import cameo_picker, search_box
from graphsvc.render.style import QUAD_LABELS
from graphsvc.render.tooltips import count_of
from graphsvc.render.visdata import VIS_OPTIONS, vis_records

DEFAULT_LINKS: tuple[tuple[str, str], ...] = (
    ("Home", "/"),
    ("Graph", "/view"),
    ("Articles", "/pages/articles"),
    ("API docs", "/docs"),
)
DOWNLOADS = (("GraphML", "/graph.graphml"), ("GEXF", "/graph.gexf"), ("JSON", "/graph"),
             ("CSV", "/events.csv"))  # fmt: skip
EDGE_CAP = 1500  # most dyads one page draws (the busiest)
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))  # fmt: skip


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> block or open a comment: <, > and & as \\u escapes."""
    text = orjson.dumps(data).decode("utf-8")
    for char, escaped in _JSON_ESCAPES:  # str.replace is much faster than translate here
        text = text.replace(char, escaped)
    return text


def top_nodes(G: nx.Graph, cap: int) -> list[str]:
    """The ``cap`` nodes with most events (ties by code), or all nodes if there are fewer."""
    ranked = sorted(G.nodes(data=True), key=lambda nd: (-int(nd[1].get("event_count", 0)), nd[0]))
    return [n for n, _ in ranked[: max(cap, 0)]]


def capped(G: nx.DiGraph, cap: int, edge_cap: int = EDGE_CAP) -> nx.DiGraph:
    """``G`` within both caps: ``G`` itself when it fits, else a new small graph of the
    ``cap`` most active actors and the ``edge_cap`` busiest dyads among them (built from
    those edges only, never a copy of everything the top actors share)."""
    if len(G) <= cap and G.number_of_edges() <= edge_cap:
        return G
    nodes = top_nodes(G, cap) if len(G) > cap else list(G)
    among = list(G.subgraph(nodes).edges(data=True))
    if len(among) > edge_cap:
        among.sort(key=lambda e: (-int(e[2].get("count", 1)), e[0], e[1]))
        among = among[:edge_cap]
    shown = G.__class__()
    shown.graph.update(G.graph)
    shown.add_nodes_from((n, G.nodes[n]) for n in nodes)
    shown.add_edges_from(among)
    return shown


def filter_query(f: EventFilter) -> str:
    """The query string the API reads back into the same filter."""
    params: list[tuple[str, str]] = []
    if f.date_from:
        params.append(("date_from", f.date_from.isoformat()))
    if f.date_to:
        params.append(("date_to", f.date_to.isoformat()))
    params += [("actor", a) for a in sorted(f.actors)]
    params += [("code", c) for c in sorted(f.codes)]
    params += [("root", r) for r in sorted(f.roots)]
    params += [("quad_class", str(q)) for q in sorted(f.quad_classes)]
    if f.min_count > 1:
        params.append(("min_count", str(f.min_count)))
    return urlencode(params)


def _filter_form(f: EventFilter, actor_text: str | None = None) -> str:
    quads = "".join(
        f'<label class="check"><input type="checkbox" name="quad_class" value="{q}"'
        f"{' checked' if q in f.quad_classes else ''}> {_e(label)}</label>"
        for q, label in QUAD_LABELS.items()
    )
    actors = ",".join(sorted(f.actors)) if actor_text is None else actor_text
    return (
        '<form class="filters" method="get" action="">'
        f'<label>From <input type="date" name="date_from" value="{_e(f.date_from or "")}"></label>'
        f'<label>To <input type="date" name="date_to" value="{_e(f.date_to or "")}"></label>'
        f'<label>Actors <input type="text" name="actor" value="{_e(actors)}"'
        ' placeholder="e.g. RUS, Putin" size="14"></label>'
        f"<fieldset><legend>Quad class</legend>{quads}</fieldset>"
        f'<label>Min. events <input type="number" name="min_count" min="1"'
        f' value="{f.min_count}"></label>{cameo_picker(f.roots, f.codes)}'
        '<button type="submit">Apply</button> <a href="?">Reset</a></form>'
    )


def _legend() -> str:
    return (
        '<section class="legend" aria-label="Legend"><h2>Legend</h2>'
        '<p><span class="ramp" aria-hidden="true"></span> Edge colour: mean Goldstein score, '
        "from −10 (conflict, red) through 0 (grey) to +10 (cooperation, green).</p>"
        '<p><span class="swatch state" aria-hidden="true"></span> State '
        '<span class="swatch igo" aria-hidden="true"></span> International organisation</p>'
        "<p>Node size: events the actor takes part in. Edge width: events in the dyad; "
        "arrows point from source to target (both ways for symmetric events such as "
        "meetings). Hover over a node or an edge for details.</p></section>"
    )


def _nav(links: Sequence[tuple[str, str]], f: EventFilter | None) -> str:
    items = [f'<a href="{_e(href)}">{_e(text)}</a>' for text, href in links]
    if f is not None:
        query = filter_query(f)
        items += [
            f'<a href="{_e(href + ("?" + query if query else ""))}" download>{_e(text)}</a>'
            for text, href in DOWNLOADS
        ]
    return f"<nav>{' · '.join(items)}{search_box()}</nav>"


@dataclass(frozen=True, slots=True)
class PageTotals:
    """What a page summarises: the whole graph, of which it may draw only a part."""

    actors: int
    dyads: int
    events: int
    dyads_among: int  # dyads between the drawn actors, before the page's dyad cap

    @classmethod
    def of(cls, G: nx.DiGraph, shown: nx.DiGraph) -> PageTotals:
        events = sum(int(d.get("count", 0)) for *_, d in G.edges(data=True))
        among = shown if shown is G else G.subgraph(shown.nodes)
        return cls(len(G), G.number_of_edges(), events, among.number_of_edges())


def _summary(shown: nx.DiGraph, totals: PageTotals, cap: int) -> str:
    counts = ((totals.actors, "actor"), (totals.dyads, "dyad"), (totals.events, "event"))
    text = " · ".join(count_of(n, noun) for n, noun in counts)
    parts = [f'<p class="summary">{_e(text)}</p>']
    notes = []
    if len(shown) < totals.actors:
        notes.append(f"the {len(shown)} most active of {totals.actors} actors (page cap {cap})")
    if shown.number_of_edges() < totals.dyads_among:
        notes.append(f"the {shown.number_of_edges()} busiest of their dyads")
    if notes:
        parts.append(
            f'<p class="note" role="status">Showing {" and ".join(notes)}; '
            "narrow the filters to see the others.</p>"
        )
    if totals.actors == 0:
        parts.append('<p class="empty">No events match these filters.</p>')
    return "".join(parts)


def to_html(
    G: nx.DiGraph,
    *,
    title: str,
    interactions: nx.MultiDiGraph | None = None,
    filters: EventFilter | None = None,
    cap: int = 150,
    edge_cap: int = EDGE_CAP,
    legend: bool = True,
    asset_base: str = "/static",
    links: Sequence[tuple[str, str]] = DEFAULT_LINKS,
) -> str:
    """A complete HTML page drawing the dyad graph ``G`` (read only, never mutated).

    ``interactions`` (the event multigraph) feeds the edge tooltips with dated sentences;
    ``filters`` adds the filter form and download links; more than ``cap`` nodes keeps the
    most active ones, more than ``edge_cap`` dyads the busiest ones, and the page says so.
    """
    shown = capped(G, cap, edge_cap)
    return page_html(
        shown,
        PageTotals.of(G, shown),
        title=title,
        interactions=interactions,
        filters=filters,
        cap=cap,
        legend=legend,
        asset_base=asset_base,
        links=links,
    )


def page_html(
    shown: nx.DiGraph,
    totals: PageTotals,
    *,
    title: str,
    interactions: nx.MultiDiGraph | None = None,
    filters: EventFilter | None = None,
    cap: int = 150,
    legend: bool = True,
    asset_base: str = "/static",
    links: Sequence[tuple[str, str]] = DEFAULT_LINKS,
    error: str | None = None,
    actor_text: str | None = None,
    after: str = "",
) -> str:
    """The page of ``shown``, the part of a bigger graph (``totals``) that it draws. With
    ``error`` (a filter that could not be read), the form again with the message instead
    of a graph; ``actor_text`` is the actor box as the user typed it. ``after`` is trusted,
    already escaped HTML placed below the graph (the actor page's partners and recent
    events)."""
    nodes, edges = vis_records(shown, interactions)
    data = {"nodes": nodes, "edges": edges, "options": VIS_OPTIONS}
    base = asset_base.rstrip("/")
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            '<link rel="icon" href="data:,">',  # no /favicon.ico request (404 noise)
            f'<link rel="stylesheet" href="{_e(base)}/vis/vis-network.css">',
            f'<link rel="stylesheet" href="{_e(base)}/view.css">',
            f'<script src="{_e(base)}/vis/vis-network.min.js" defer></script>',
            f'<script src="{_e(base)}/view.js" defer></script>',
            "</head><body>",
            f"<header>{_nav(links, filters)}<h1>{_e(title)}</h1>",
            _summary(shown, totals, cap) if error is None else "",
            "</header>",
            _filter_form(filters, actor_text) if filters is not None else "",
            f'<p class="form-error" role="alert">{_e(error)}</p>' if error is not None else "",
            "<main>",
            '<div id="graph" class="graph" data-state="loading" '
            f'data-nodes="{len(nodes)}" data-edges="{len(edges)}"></div>'
            if error is None
            else "",
            _legend() if legend else "",
            "</main>",
            after,
            f'<script type="application/json" id="graph-data">{json_for_script(data)}</script>',
            "</body></html>\n",
        ]
    )
