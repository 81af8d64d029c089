"""The interactive graph page: vis-network from local assets, no inline script, escaped text.

The page is written here rather than by pyvis's template, which links CDNs, inlines
scripts and switches tooltips to raw HTML. Graph data travels in a
``<script type="application/json">`` block that ``static/view.js`` reads, so a strict
Content-Security-Policy (``script-src 'self'``) holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

import networkx as nx
import orjson

from graphsvc.analysis.network import Measure
from graphsvc.imports.records import DATASETS as DATASET_NAMES
from graphsvc.models import EventFilter
from graphsvc.render.form_widgets import cameo_picker
from graphsvc.render.pagedata import PageTotals, page_data
from graphsvc.render.sitenav import site_nav
from graphsvc.render.style import LOW_CONFIDENCE, QUAD_LABELS
from graphsvc.render.timeline import Timeline, timeline_html
from graphsvc.render.visdata import VIS_OPTIONS

MEASURE_LABELS: dict[str, str] = {
    "weighted_degree": "events (weighted degree)",
    "degree": "partners (degree)",
    "pagerank": "PageRank",
    "betweenness": "betweenness",
}
DEFAULT_MEASURE: Measure = "weighted_degree"
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
    params += [("dataset", d) for d in sorted(f.datasets)]
    params += [("exclude_dataset", d) for d in sorted(f.exclude_datasets)]
    if f.min_confidence > 0:
        params.append(("min_confidence", repr(f.min_confidence)))
    return urlencode(params)


def _filter_form(f: EventFilter, actor_text: str | None = None) -> str:
    quads = "".join(
        f'<label class="check"><input type="checkbox" name="quad_class" value="{q}"'
        f"{' checked' if q in f.quad_classes else ''}> {_e(label)}</label>"
        for q, label in QUAD_LABELS.items()
    )
    actors = ",".join(sorted(f.actors)) if actor_text is None else actor_text
    # Datasets: none ticked is all of them; an exclusion from a URL is kept as it came.
    datasets = "".join(
        f'<label class="check"><input type="checkbox" name="dataset" value="{_e(name)}"'
        f"{' checked' if name in f.datasets else ''}> {_e(name)}</label>"
        for name in DATASET_NAMES
    ) + "".join(
        f'<input type="hidden" name="exclude_dataset" value="{_e(name)}">'
        for name in sorted(f.exclude_datasets)
    )
    return (
        '<form class="filters" id="filters" method="get" action="">'
        f'<label>From <input type="date" name="date_from" value="{_e(f.date_from or "")}"></label>'
        f'<label>To <input type="date" name="date_to" value="{_e(f.date_to or "")}"></label>'
        f'<label>Actors <input type="text" name="actor" value="{_e(actors)}"'
        ' placeholder="e.g. RUS, Putin" size="14"></label>'
        f"<fieldset><legend>Quad class</legend>{quads}</fieldset>"
        f"<fieldset><legend>Datasets</legend>{datasets}</fieldset>"
        f'<label>Min. events <input type="number" name="min_count" min="1"'
        f' value="{f.min_count}"></label>'
        '<label title="Events extracted with at least this confidence (0 to 1)">Min. '
        'confidence <input type="number" name="min_confidence" min="0" max="1" step="0.05"'
        f' value="{_e(repr(f.min_confidence)) if f.min_confidence else ""}" placeholder="0">'
        f"</label>{cameo_picker(f.roots, f.codes)}"
        '<button type="submit">Apply</button> <a href="?">Reset</a></form>'
    )


def _legend() -> str:
    quads = "; ".join(f"{q} {label.lower()}" for q, label in QUAD_LABELS.items())
    return (
        '<section class="legend" aria-label="Legend"><h2>Legend</h2>'
        '<p><span class="ramp" aria-hidden="true"></span> Edge colour: mean Goldstein score '
        "of the dyad's events, from −10 (conflict, red) through 0 (grey) to +10 "
        "(cooperation, green).</p>"
        f"<p>Quad classes (the filter's boxes): {_e(quads)}.</p>"
        "<p>Node colour: community (Louvain, over event counts, among the drawn actors); "
        'grey: outside the coloured ones.</p><ul class="communities" id="communities"></ul>'
        '<p><span class="shape dot" aria-hidden="true"></span> State '
        '<span class="shape diamond" aria-hidden="true"></span> International organisation. '
        "Node size: the measure chosen above. Edge width: events in the dyad; arrows point "
        "from source to target (both ways for symmetric events such as meetings). "
        "Click a node for its actor page, an edge for its dyad page.</p>"
        '<p><span class="dashed" aria-hidden="true"></span> Dashed, faint edge: mean '
        f"confidence below {LOW_CONFIDENCE:g}, less often right (Min. confidence hides "
        "such events).</p></section>"
    )


def _side_panel(measure: str) -> str:
    """Size/rank measure, the top actors by it (filled by view.js) and the dyad threshold."""
    options = "".join(
        f'<option value="{m}"{" selected" if m == measure else ""}>{_e(label)}</option>'
        for m, label in MEASURE_LABELS.items()
    )
    return (
        '<section class="ranking" aria-label="Top actors">'
        '<label>Size and rank by <select id="measure" name="size" form="filters">'
        f"{options}</select></label>"
        '<ol class="top-actors" id="top-actors"></ol>'
        '<label class="threshold">Hide dyads with fewer than '
        '<input type="range" id="threshold" min="1" max="1" value="1"> '
        '<output id="threshold-value" for="threshold">1</output> events</label></section>'
    )


def _downloads(f: EventFilter) -> str:
    query = filter_query(f)
    links = [
        f'<a href="{_e(href + ("?" + query if query else ""))}" data-base="{_e(href)}" '
        f"download>{_e(text)}</a>"
        for text, href in DOWNLOADS
    ]
    return f'<p class="downloads">Download: {" · ".join(links)}</p>'


def _nav(links: Sequence[tuple[str, str]] | None) -> str:
    """The site's one navigation (templates/nav.html), or the given links (a saved page)."""
    if links is None:
        return site_nav()
    items = " · ".join(f'<a href="{_e(href)}">{_e(text)}</a>' for text, href in links)
    return f'<header class="gs-nav"><nav>{items}</nav></header>'


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
    links: Sequence[tuple[str, str]] | None = None,
) -> str:
    """A complete HTML page drawing the dyad graph ``G`` (read only, never mutated).

    ``interactions`` (the event multigraph) feeds the edge tooltips with dated sentences;
    ``filters`` adds the filter form and download links; more than ``cap`` nodes keeps the
    most active ones, more than ``edge_cap`` dyads the busiest ones, and the page says so.
    ``links`` replaces the site's navigation (for a page saved outside the service).
    """
    shown = capped(G, cap, edge_cap)
    data = page_data(shown, PageTotals.of(G, shown), interactions=interactions, cap=cap)
    return page_html(
        data,
        title=title,
        filters=filters,
        legend=legend,
        asset_base=asset_base,
        links=links,
    )


def page_html(
    data: dict[str, Any],
    *,
    title: str,
    filters: EventFilter | None = None,
    timeline: Timeline | None = None,
    measure: Measure = DEFAULT_MEASURE,
    ego: str | None = None,
    legend: bool = True,
    asset_base: str = "/static",
    links: Sequence[tuple[str, str]] | None = None,
    error: str | None = None,
    actor_text: str | None = None,
    after: str = "",
) -> str:
    """The page drawing ``data`` (``pagedata.page_data``): graph, ranking panel, legend,
    and with ``filters`` the filter form and downloads, with ``timeline`` the time control.
    With ``error`` (a filter that could not be read), the form again with the message
    instead of a graph; ``actor_text`` is the actor box as the user typed it."""
    base = asset_base.rstrip("/")
    payload = {**data, "options": VIS_OPTIONS, "measure": measure, "ego": ego}
    if timeline is not None:
        payload["months"] = timeline.months
        payload["activity"] = timeline.counts
    note = data.get("note", "")
    empty = "" if data["nodes"] else '<p class="empty">No events match these filters.</p>'
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            '<link rel="icon" href="data:,">',  # no /favicon.ico request (404 noise)
            f'<link rel="stylesheet" href="{_e(base)}/vis/vis-network.css">',
            f'<link rel="stylesheet" href="{_e(base)}/app.css">',
            f'<link rel="stylesheet" href="{_e(base)}/view.css">',
            f'<script src="{_e(base)}/vis/vis-network.min.js" defer></script>',
            f'<script src="{_e(base)}/view.js" defer></script>',
            "</head><body>",
            _nav(links),
            f'<div class="page-head"><h1>{_e(title)}</h1>',
            f'<p class="summary" id="summary">{_e(data.get("summary", ""))}</p>'
            if error is None
            else "",
            f'<p class="note" id="note" role="status"{"" if note else " hidden"}>{_e(note)}</p>',
            empty if error is None else "",
            _downloads(filters) if filters is not None else "",
            "</div>",
            _filter_form(filters, actor_text) if filters is not None else "",
            f'<p class="form-error" role="alert">{_e(error)}</p>' if error is not None else "",
            '<main class="workbench"><div class="graph-column">',
            timeline_html(timeline, filters) if timeline is not None and error is None else "",
            '<div id="graph" class="graph" data-state="loading" '
            f'data-nodes="{len(data["nodes"])}" data-edges="{len(data["edges"])}"></div>'
            if error is None
            else "",
            "</div>",
            f'<aside class="side">{_legend() if legend else ""}{_side_panel(measure)}</aside>',
            "</main>",
            after,
            f'<script type="application/json" id="graph-data">{json_for_script(payload)}</script>',
            "</body></html>\n",
        ]
    )
