"""Dynamic GEXF (Gephi's timeline): event edges live on their day, dyad edges from their
first to their last event, nodes over their edges; undated edges carry no time. The
whole-graph and streamed writers agree, the documents validate and networkx reads them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from functools import partial
from pathlib import Path

import networkx as nx
import pytest
from factories import make_event
from stream_support import extract_schemas, row_of, validate_gexf

from graphsvc.graph import build_dyad_graph, build_multigraph
from graphsvc.models import Actor, Event
from graphsvc.render import to_gexf
from graphsvc.render.streaming import stream_gexf
from graphsvc.rows import NodeRecord

NS = {"g": "http://gexf.net/1.3"}
ACTORS = {"RUS": Actor("RUS", "Russia", "state"), "TUR": Actor("TUR", "Türkiye", "state")}
ev = partial(make_event, article_id="a1")


@pytest.fixture
def events() -> list[Event]:
    return [
        ev("RUS", "TUR", 1, date=date(2021, 3, 4)),
        ev("RUS", "TUR", 2, date=date(2020, 11, 30)),
        ev("TUR", "RUS", 3, date=None),
        ev("TUR", "USA", 4, date=date(2022, 1, 2)),
        ev("FRA", "DEU", 5, date=None),  # two nodes with no dated event
    ]


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract_schemas(tmp_path_factory.mktemp("xsd"))


def _spans(body: bytes, kind: str) -> dict[str, tuple[str | None, str | None]]:
    graph = ET.fromstring(body).find("g:graph", NS)
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    return {
        element.get("id", ""): (element.get("start"), element.get("end"))
        for element in graph.iterfind(f"g:{kind}s/g:{kind}", NS)
    }


NODE_SPANS = {
    "RUS": ("2020-11-30", "2021-03-04"),
    "TUR": ("2020-11-30", "2022-01-02"),
    "USA": ("2022-01-02", "2022-01-02"),
    "FRA": (None, None),
    "DEU": (None, None),
}
EDGE_SPANS = {
    "1": ("2021-03-04", "2021-03-04"),
    "2": ("2020-11-30", "2020-11-30"),
    "3": (None, None),
    "4": ("2022-01-02", "2022-01-02"),
    "5": (None, None),
}


def _streamed(events: list[Event]) -> bytes:
    nodes = [
        NodeRecord(code, code, "", 1, *(NODE_SPANS[code] if NODE_SPANS[code][0] else ("", "")))
        for code in NODE_SPANS
    ]
    return b"".join(stream_gexf(nodes, [[row_of(e) for e in events]]))


def test_event_edges_live_on_their_day_and_nodes_over_their_edges(
    events: list[Event], schemas: Path, tmp_path: Path
) -> None:
    for body in (to_gexf(build_multigraph(events, ACTORS)), _streamed(events)):
        assert _spans(body, "edge") == EDGE_SPANS
        assert _spans(body, "node") == NODE_SPANS
        path = tmp_path / "t.gexf"
        path.write_bytes(body)
        result = validate_gexf(schemas, path)
        assert result.returncode == 0, result.stderr
        G = nx.read_gexf(path)
        assert G.graph["mode"] == "dynamic"
        assert (G.edges["RUS", "TUR", "2"]["start"], G.edges["RUS", "TUR", "2"]["end"]) == (
            "2020-11-30",
            "2020-11-30",
        )
        assert "start" not in G.edges["TUR", "RUS", "3"]
        assert (G.nodes["TUR"]["start"], G.nodes["TUR"]["end"]) == ("2020-11-30", "2022-01-02")
        assert "start" not in G.nodes["FRA"]


def test_dyad_edges_span_their_first_to_last_event(
    events: list[Event], schemas: Path, tmp_path: Path
) -> None:
    body = to_gexf(build_dyad_graph(events, ACTORS))
    edges = ET.fromstring(body).iterfind("g:graph/g:edges/g:edge", NS)
    spans = {(e.get("source"), e.get("target")): (e.get("start"), e.get("end")) for e in edges}
    assert spans == {
        ("RUS", "TUR"): ("2020-11-30", "2021-03-04"),
        ("TUR", "RUS"): (None, None),
        ("TUR", "USA"): ("2022-01-02", "2022-01-02"),
        ("FRA", "DEU"): (None, None),
    }
    assert _spans(body, "node")["TUR"] == ("2020-11-30", "2022-01-02")
    path = tmp_path / "d.gexf"
    path.write_bytes(body)
    assert validate_gexf(schemas, path).returncode == 0
    H = nx.read_gexf(path)
    assert (H.edges["RUS", "TUR"]["start"], H.edges["RUS", "TUR"]["end"]) == (
        "2020-11-30",
        "2021-03-04",
    )


def test_a_graph_without_dates_is_dynamic_and_valid(schemas: Path, tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_edge("a", "b", date="not a date")  # not ISO: no span, no invalid document
    path = tmp_path / "f.gexf"
    path.write_bytes(to_gexf(G))
    assert validate_gexf(schemas, path).returncode == 0
    assert _spans(path.read_bytes(), "edge") == {"0": (None, None)}
