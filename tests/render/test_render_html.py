"""The graph page: local assets only, no inline script, escaped text, capped size."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import networkx as nx
import pytest
from factories import make_event

from graphsvc.graph import build_dyad_graph, build_multigraph
from graphsvc.models import Actor, Event, EventFilter
from graphsvc.render import filter_query, to_html
from graphsvc.render.html import json_for_script
from graphsvc.render.pagedata import community_colour
from graphsvc.render.style import edge_width, goldstein_colour, node_size

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HREF = '<a href="https://evil.example/">click</a>'
PAYLOADS = (SCRIPT, IMG, HREF)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


def graph_data(page: str) -> dict[str, Any]:
    for attrs, text in parse(page).scripts:
        if attrs.get("id") == "graph-data":
            return json.loads(text)
    raise AssertionError("no graph-data block")


def ev(source: str, target: str, eid: int, **kw: Any) -> Event:
    kw.setdefault("sentence", f"{source} spoke with {target}.")
    return make_event(source, target, eid, **kw)


def hostile_graphs() -> tuple[nx.DiGraph, nx.MultiDiGraph]:
    actors = [Actor("RUS", f"Russia {IMG}"), Actor("TUR", f"Turkey {SCRIPT}", "igo")]
    events = [
        ev("RUS", "TUR", 1, sentence=f"He wrote {SCRIPT} and {IMG}."),
        ev("RUS", "TUR", 2, label=f"Label {HREF}", sentence=f"See {HREF} & more"),
        ev("TUR", "RUS", 3, quad_class=4, goldstein=-10.0, sentence="</script><!-- x"),
    ]
    return build_dyad_graph(events, actors), build_multigraph(events, actors)


def test_no_remote_references_and_no_inline_script() -> None:
    dyads, multi = hostile_graphs()
    page = to_html(dyads, title="Graph", interactions=multi, filters=EventFilter())
    tags = parse(page)
    for tag, attrs in tags.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.I), (tag, value)
            assert not value.lower().startswith("javascript:")
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "style" not in attrs
    scripts = tags.scripts
    assert [a.get("src") for a, _ in scripts if a.get("src")] == [
        "/static/vis/vis-network.min.js",
        "/static/view.js",
    ]
    for attrs, text in scripts:
        # Either an external file or a data block the browser never executes.
        assert attrs.get("src") or attrs.get("type") == "application/json"
        assert attrs.get("src") is None or text.strip() == ""
    stylesheets = [a["href"] for t, a in tags.tags if t == "link" and a.get("rel") == "stylesheet"]
    assert stylesheets == ["/static/vis/vis-network.css", "/static/app.css", "/static/view.css"]


def test_no_url_scheme_anywhere_on_a_plain_page() -> None:
    G = build_dyad_graph([ev("RUS", "TUR", 1)], [Actor("RUS", "Russia")])
    page = to_html(G, title="Plain", filters=EventFilter(actors=frozenset({"RUS"})))
    assert "http://" not in page and "https://" not in page and "cdn" not in page.lower()


def test_payloads_never_appear_unescaped() -> None:
    dyads, multi = hostile_graphs()
    page = to_html(dyads, title=f"Title {SCRIPT} {IMG}", interactions=multi)
    for payload in (*PAYLOADS, "</script><!--"):
        assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the escaped heading
    assert page.count("<script") == 3  # two src scripts and the data block
    # The payloads survive as plain data: vis-network shows string titles as text.
    data = graph_data(page)
    titles = " ".join(str(x.get("title", "")) for x in data["nodes"] + data["edges"])
    labels = " ".join(x["label"] for x in data["nodes"])
    assert SCRIPT in labels and IMG in labels
    assert SCRIPT in titles and IMG in titles and HREF in titles and "</script><!-- x" in titles


def test_json_block_escapes_markup_characters() -> None:
    text = json_for_script({"s": "</script><b>&amp;\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": "</script><b>&amp;\u2028"}


def test_heading_and_title_escaped_with_asset_base() -> None:
    G = nx.DiGraph()
    page = to_html(G, title='A "quoted" <title>', asset_base='/x"y/')
    assert "<title>A &quot;quoted&quot; &lt;title&gt;</title>" in page
    assert "<h1>A &quot;quoted&quot; &lt;title&gt;</h1>" in page
    assert 'src="/x&quot;y/view.js"' in page
    assert "No events match" in page


def test_tooltips_list_dated_interactions() -> None:
    events = [
        ev("RUS", "TUR", i, date=date(2021, 1, i), sentence=f"Sentence {i}.") for i in range(1, 12)
    ]
    actors = [Actor("RUS", "Russia"), Actor("TUR", "Turkey")]
    page = to_html(
        build_dyad_graph(events, actors),
        title="t",
        interactions=build_multigraph(events, actors),
    )
    (edge,) = graph_data(page)["edges"]
    lines = edge["title"].split("\n")
    assert lines[0] == "Russia → Turkey: 11 events"
    assert "2021-01-11 · Discuss by telephone (041)" in lines
    assert "   “Sentence 11.”" in lines and "   “Sentence 1.”" not in lines
    assert lines[-1] == "… and 3 more"
    node = next(n for n in graph_data(page)["nodes"] if n["id"] == "RUS")
    assert node["title"] == "Russia (RUS)\nState · 11 events"


def test_counts_of_one_are_singular() -> None:
    """Tooltips and the summary said '1 events', '1 dyads'."""
    actors = [Actor("RUS", "Russia"), Actor("TUR", "Turkey")]
    events = [ev("RUS", "TUR", 1, date=date(2021, 1, 13), sentence="Russia called Turkey.")]
    page = to_html(
        build_dyad_graph(events, actors), title="t", interactions=build_multigraph(events, actors)
    )
    (edge,) = graph_data(page)["edges"]
    assert edge["title"].split("\n")[0] == "Russia → Turkey: 1 event"
    node = next(n for n in graph_data(page)["nodes"] if n["id"] == "TUR")
    assert node["title"] == "Turkey (TUR)\nState · 1 event"
    assert "2 actors · 1 dyad · 1 event<" in page


def test_layout_is_compact_and_repeatable() -> None:
    """Options behind legible labels: large haloed names, a compact layout, a fixed seed."""
    options = graph_data(to_html(nx.DiGraph(), title="t"))["options"]
    font = options["nodes"]["font"]
    assert font["size"] >= 22 and font["strokeWidth"] > 0
    assert options["physics"]["barnesHut"]["gravitationalConstant"] >= -5000
    assert options["layout"]["randomSeed"] == 7


def test_edge_encodings() -> None:
    actors = [Actor("RUS", "Russia"), Actor("TUR", "Turkey"), Actor("UNO", "UN", "igo")]
    events = [
        ev("RUS", "TUR", 1, goldstein=-10.0, quad_class=4),
        ev("RUS", "TUR", 2, goldstein=-10.0, quad_class=4),
        ev("TUR", "RUS", 3, goldstein=10.0),
        ev("UNO", "RUS", 4, symmetric=True),
    ]
    data = graph_data(to_html(build_dyad_graph(events, actors), title="t"))
    edges = {e["id"]: e for e in data["edges"]}
    assert edges["RUS>TUR"]["color"]["color"] == goldstein_colour(-10.0) == "#c62828"
    assert edges["TUR>RUS"]["color"]["color"] == goldstein_colour(10.0) == "#2e7d32"
    assert edges["RUS>TUR"]["width"] > edges["TUR>RUS"]["width"]
    assert edges["RUS>TUR"]["smooth"]["type"] == "curvedCW"  # reciprocal pair drawn apart
    assert edges["UNO>RUS"]["arrows"] == "to, from" and "smooth" not in edges["UNO>RUS"]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["RUS"]["size"] > nodes["UNO"]["size"]
    # colour is the community (one here), the kind is the shape
    assert nodes["UNO"]["color"] == nodes["RUS"]["color"] == community_colour(0)
    assert (nodes["UNO"]["shape"], nodes["RUS"]["shape"]) == ("diamond", "dot")
    assert data["options"]["edges"]["smooth"] is False
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 200


def test_scales() -> None:
    assert goldstein_colour(0) == "#9e9e9e"
    assert goldstein_colour(-50) == goldstein_colour(-10)
    assert goldstein_colour(-5) not in (goldstein_colour(-10), goldstein_colour(0))
    assert node_size(0, 0) == 8.0 and node_size(9, 9) == 40.0
    assert edge_width(1, 1) == 1.0 and edge_width(10, 10) == 8.0


def test_cap_keeps_most_active_and_says_so() -> None:
    codes = [f"C{i:02d}" for i in range(10)]
    events = [ev("HUB", code, i * 10 + j) for i, code in enumerate(codes) for j in range(i + 1)]
    G = build_dyad_graph(events, [])
    page = to_html(G, title="capped", cap=4)
    shown = {n["id"] for n in graph_data(page)["nodes"]}
    assert shown == {"HUB", "C09", "C08", "C07"}
    assert "Showing the 4 most active of 11 actors" in page
    assert all(e["from"] in shown and e["to"] in shown for e in graph_data(page)["edges"])
    assert "most active" not in to_html(G, title="all", cap=11)


def test_page_does_not_mutate_graphs() -> None:
    dyads, multi = hostile_graphs()
    before = (
        copy.deepcopy(nx.node_link_data(dyads, edges="edges")),
        copy.deepcopy(nx.node_link_data(multi, edges="edges")),
    )
    to_html(nx.freeze(dyads), title="t", interactions=nx.freeze(multi))
    after = nx.node_link_data(dyads, edges="edges"), nx.node_link_data(multi, edges="edges")
    assert after == before


def test_filter_form_and_downloads_carry_the_filters() -> None:
    f = EventFilter(
        date_from=date(2021, 1, 1),
        actors=frozenset({"RUS", "TUR"}),
        codes=frozenset({"041"}),
        quad_classes=frozenset({1, 4}),
        min_count=2,
    )
    query = filter_query(f)
    assert (
        query
        == "date_from=2021-01-01&actor=RUS&actor=TUR&code=041&quad_class=1&quad_class=4&min_count=2"
    )
    page = to_html(nx.DiGraph(), title="t", filters=f)
    tags = parse(page).tags
    inputs = {(a.get("name"), a.get("value")) for t, a in tags if t == "input"}
    assert ("date_from", "2021-01-01") in inputs and ("actor", "RUS,TUR") in inputs
    assert ("min_count", "2") in inputs
    assert '<option value="041" selected>041 ' in page  # in the CAMEO picker (test_form_widgets)
    checked = {a.get("value") for t, a in tags if t == "input" and "checked" in a}
    assert checked == {"1", "4"}
    hrefs = {a.get("href") for t, a in tags if t == "a"}
    assert f"/graph.graphml?{query}" in hrefs and f"/events.csv?{query}" in hrefs


@pytest.mark.parametrize("cap", [0, 1])
def test_tiny_caps(cap: int) -> None:
    G = build_dyad_graph([ev("RUS", "TUR", 1)], [])
    assert len(graph_data(to_html(G, title="t", cap=cap))["nodes"]) == cap


def test_edge_cap_keeps_busiest_dyads() -> None:
    events = [ev("HUB", f"C{i}", i * 10 + j) for i in range(6) for j in range(i + 1)]
    G = build_dyad_graph(events, [])
    page = to_html(G, title="edges", edge_cap=2)
    data = graph_data(page)
    assert {e["id"] for e in data["edges"]} == {"HUB>C5", "HUB>C4"}
    assert len(data["nodes"]) == 7  # nodes stay; only their lines are left out
    assert "the 2 busiest of their dyads" in page
    assert "busiest" not in to_html(G, title="all", edge_cap=6)


def test_shared_sentence_quoted_once() -> None:
    events = [
        ev("RUS", "TUR", 1, code="041", sentence="One sentence, two events."),
        ev("RUS", "TUR", 2, code="057", sentence="One sentence, two events."),
    ]
    page = to_html(
        build_dyad_graph(events, []), title="t", interactions=build_multigraph(events, [])
    )
    (edge,) = graph_data(page)["edges"]
    assert edge["title"].count("One sentence, two events.") == 1
    assert "(041)" in edge["title"] and "(057)" in edge["title"]
