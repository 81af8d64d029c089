"""The graph page's data: links on nodes and edges, communities, centralities, layout,
summary texts, and the time control's histogram."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

import networkx as nx
import pytest

from graphsvc.analysis.network import centrality, communities
from graphsvc.api.urls import actor_graph_path, page_links, relation_page_path
from graphsvc.models import EventFilter
from graphsvc.render.html import page_html
from graphsvc.render.pagedata import (
    OTHER_COMMUNITY,
    PageTotals,
    community_colour,
    layout,
    page_data,
    summary_texts,
)
from graphsvc.render.timeline import Timeline, timeline_html


def _edge(G: nx.DiGraph, u: str, v: str, n: int) -> None:
    G.add_edge(u, v, count=n, cooperation=n, conflict=0, mean_goldstein=1.0)


def two_triangles() -> nx.DiGraph:
    """Two busy triangles joined by one thin tie, and an IGO."""
    G = nx.DiGraph()
    for code in ("RUS", "TUR", "IRN", "FRA", "DEU", "EU1"):
        G.add_node(code, label=f"{code} label", kind="igo" if code == "EU1" else "state",
                   event_count=1)  # fmt: skip
    for u, v in (("RUS", "TUR"), ("TUR", "IRN"), ("IRN", "RUS")):
        _edge(G, u, v, 10)
    for u, v in (("FRA", "DEU"), ("DEU", "EU1"), ("EU1", "FRA")):
        _edge(G, u, v, 10)
    _edge(G, "TUR", "FRA", 1)
    return G


def test_nodes_and_edges_link_to_their_pages_with_the_filters() -> None:
    G = two_triangles()
    f = EventFilter(date_from=date(2021, 1, 1), quad_classes=frozenset({1}))
    data = page_data(G, PageTotals.of(G, G), links=page_links(f))
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert nodes["RUS"]["url"] == "/view/actors/RUS?date_from=2021-01-01&quad_class=1"
    assert edges["TUR", "FRA"]["url"] == (
        "/view/relations/TUR/FRA?date_from=2021-01-01&quad_class=1"
    )
    assert len(edges) == G.number_of_edges() and all(e["url"] for e in edges.values())
    assert edges["TUR", "FRA"]["count"] == 1 and edges["RUS", "TUR"]["count"] == 10


@pytest.mark.parametrize("code", ["A/B", "X?y#z", "100%", "Zürich", "a b"])
def test_page_paths_percent_encode_each_code(code: str) -> None:
    path = actor_graph_path(code)
    segment = path.removeprefix("/view/actors/")
    assert "/" not in segment and "?" not in segment and "#" not in segment and " " not in segment
    assert unquote(segment) == code
    _, _, source, target = relation_page_path(code, "TUR", "a=1").split("?")[0].split("/")[1:]
    assert (unquote(source), target) == (code, "TUR")


def test_without_links_nodes_and_edges_have_no_url() -> None:
    G = two_triangles()
    data = page_data(G, PageTotals.of(G, G))
    assert all("url" not in n for n in data["nodes"]) and all("url" not in e for e in data["edges"])


def test_communities_and_scores_are_those_of_the_drawn_graph() -> None:
    G = two_triangles()
    data = page_data(G, PageTotals.of(G, G))
    nodes = {n["id"]: n for n in data["nodes"]}
    # the two triangles are the two communities; colours follow the community index
    assert nodes["RUS"]["community"] == nodes["TUR"]["community"] == nodes["IRN"]["community"]
    assert nodes["FRA"]["community"] == nodes["DEU"]["community"] == nodes["EU1"]["community"]
    assert nodes["RUS"]["community"] != nodes["FRA"]["community"]
    assert all(n["color"] == community_colour(n["community"]) for n in nodes.values())
    partition = communities(G, weight="events")
    assert [c["size"] for c in data["communities"]] == [
        len(c.members) for c in partition.communities
    ]
    # scores: as /analysis/centrality computes them, and degree checked by hand
    expected = {s.code: s for s in centrality(G, weight="events")}
    for code, node in nodes.items():
        assert node["scores"]["degree"] == expected[code].degree
        assert node["scores"]["pagerank"] == pytest.approx(expected[code].pagerank, abs=1e-6)
        assert node["scores"]["betweenness"] == pytest.approx(expected[code].betweenness, abs=1e-6)
    assert nodes["TUR"]["scores"]["degree"] == 3 and nodes["RUS"]["scores"]["degree"] == 2
    assert nodes["TUR"]["scores"]["weighted_degree"] == 10 + 10 + 1  # RUS>TUR, TUR>IRN, TUR>FRA
    assert nodes["TUR"]["scores"]["betweenness"] > nodes["RUS"]["scores"]["betweenness"]
    assert (nodes["EU1"]["shape"], nodes["RUS"]["shape"]) == ("diamond", "dot")


def test_an_actor_without_ties_is_outside_every_community() -> None:
    G = two_triangles()
    G.add_node("SOL", label="Alone", kind="state", event_count=0)
    node = {n["id"]: n for n in page_data(G, PageTotals.of(G, G))["nodes"]}["SOL"]
    assert node["community"] == -1 and node["color"] == OTHER_COMMUNITY
    assert community_colour(99) == OTHER_COMMUNITY


def test_layout_is_seeded_and_places_every_actor() -> None:
    G = two_triangles().to_undirected()
    first = layout(G)
    assert all(layout(G) == first for _ in range(5)) and set(first) == set(G)
    assert len(set(first.values())) == len(G)  # no two actors on one spot
    assert layout(nx.Graph()) == {}
    # an actor without ties sits on a ring around the others, not far away
    G.add_node("SOL")
    placed = layout(G)
    reach = max(max(abs(x), abs(y)) for code, (x, y) in placed.items() if code != "SOL")
    assert 0 < max(abs(c) for c in placed["SOL"]) <= 2 * reach


def test_summary_says_what_is_left_out() -> None:
    totals = PageTotals(actors=10, dyads=30, events=99, dyads_among=12)
    texts = summary_texts(4, 5, totals, cap=4)
    assert texts["summary"] == "10 actors · 30 dyads · 99 events"
    assert "the 4 most active of 10 actors (page cap 4)" in texts["note"]
    assert "the 5 busiest of their dyads" in texts["note"]
    assert summary_texts(10, 12, totals, cap=10)["note"] == ""


def test_timeline_fills_empty_months_between_the_first_and_the_last() -> None:
    rows = [(202111, (1, 0, 0, 1), 0.0), (202202, (0, 3, 0, 0), 0.0)]
    timeline = Timeline.from_rows(rows)
    assert timeline.months == ("2021-11", "2021-12", "2022-01", "2022-02")
    assert timeline.counts == (2, 0, 0, 3)
    assert Timeline.from_rows([]).months == ()


def test_timeline_selection_follows_the_filter_dates() -> None:
    timeline = Timeline.from_rows([(202101, (1, 0, 0, 0), 0.0), (202106, (1, 0, 0, 0), 0.0)])
    assert timeline.selection(None) == (0, 5)
    f = EventFilter(date_from=date(2021, 2, 15), date_to=date(2021, 4, 1))
    assert timeline.selection(f) == (1, 3)
    wide = EventFilter(date_from=date(2019, 1, 1), date_to=date(2030, 1, 1))
    assert timeline.selection(wide) == (0, 5)
    html = timeline_html(timeline, f)
    assert 'id="range-from" min="0" max="5" value="1"' in html
    assert 'id="range-to" min="0" max="5" value="3"' in html
    assert html.count('class="bar chosen"') == 3 and html.count("<rect") == 6
    assert "2021-01: 1 event</title>" in html
    assert timeline_html(Timeline((), ()), f) == ""


def test_the_page_embeds_months_counts_and_the_chosen_measure() -> None:
    G = two_triangles()
    timeline = Timeline.from_rows([(202101, (2, 0, 0, 0), 0.0)])
    page = page_html(
        page_data(G, PageTotals.of(G, G)), title="t", timeline=timeline, measure="pagerank"
    )
    assert '"months":["2021-01"]' in page and '"activity":[2]' in page
    assert '"measure":"pagerank"' in page
    assert '<option value="pagerank" selected>' in page
    assert 'class="gs-nav"' in page  # the site's navigation, as on every other page
