"""GraphML/GEXF exports: schema-valid, and read back by networkx and igraph unchanged."""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path

import igraph
import networkx as nx
import pytest
from factories import make_event
from stream_support import extract_schemas, validate_gexf, xmllint

from graphsvc.graph import build_dyad_graph, build_multigraph
from graphsvc.models import Actor, Event
from graphsvc.render import to_gexf, to_graphml

AWKWARD = "He said \"no\" <b>&amp; then</b> left — Ünïcödé ⚔️ 🇷🇺 'quoted' & <script>"
ACTORS = {
    "RUS": Actor("RUS", "Russia", "state"),
    "TUR": Actor("TUR", 'Türkiye "Turkey" <&>', "state"),
    "UNO": Actor("UNO", "United Nations 🇺🇳", "igo"),
}


# Every event carries text that XML must escape; the article id needs escaping too.
ev = partial(make_event, sentence=AWKWARD, article_id="a&1")


@pytest.fixture
def events() -> list[Event]:
    return [
        ev("RUS", "TUR", 10),
        ev("RUS", "TUR", 11, code="042", source_text='Putin <the> "leader"'),
        ev("RUS", "TUR", 12, quad_class=4, code="190", root="19", goldstein=-10.0, date=None),
        ev("TUR", "RUS", 13, negated=True, confidence=0.5, sentence="ctrl\x01char"),
        ev("UNO", "RUS", 14, symmetric=True, group_id="g<1>", source_sector="DIP"),
    ]


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        return extract_schemas(tmp_path_factory.mktemp("xsd"))
    except RuntimeError as exc:
        pytest.fail(str(exc))


def _graph(shape: str, events: list[Event]) -> nx.MultiDiGraph | nx.DiGraph:
    return (
        build_multigraph(events, ACTORS) if shape == "multi" else build_dyad_graph(events, ACTORS)
    )


@pytest.mark.parametrize("shape", ["multi", "dyad"])
def test_graphml_validates_against_xsd(
    shape: str, events: list[Event], schemas: Path, tmp_path: Path
) -> None:
    G = _graph(shape, events)
    path = tmp_path / "g.graphml"
    path.write_bytes(to_graphml(G))
    result = xmllint(schemas / "graphml.xsd", path)
    assert result.returncode == 0, result.stderr


def test_graphml_networkx_round_trip_keeps_parallel_edges(
    events: list[Event], tmp_path: Path
) -> None:
    G = build_multigraph(events, ACTORS)
    path = tmp_path / "g.graphml"
    path.write_bytes(to_graphml(G))
    H = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert isinstance(H, nx.MultiDiGraph)
    assert sorted(H.nodes) == sorted(G.nodes)
    assert H.number_of_edges() == G.number_of_edges() == 5
    assert H.number_of_edges("RUS", "TUR") == 3
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    for u, v, key, data in G.edges(keys=True, data=True):
        assert H.edges[u, v, key] == data  # same values and the same Python types
    assert H.edges["RUS", "TUR", "10"]["sentence"] == AWKWARD
    assert H.edges["TUR", "RUS", "13"]["sentence"] == "ctrlchar"
    # With networkx's default key type the ids come back as int keys: still parallel edges.
    assert sorted(nx.read_graphml(path, force_multigraph=True)["RUS"]["TUR"]) == [10, 11, 12]


def test_graphml_dyad_round_trip(events: list[Event], tmp_path: Path) -> None:
    G = build_dyad_graph(events, ACTORS)
    path = tmp_path / "d.graphml"
    path.write_bytes(to_graphml(G))
    H = nx.read_graphml(path)
    assert type(H) is nx.DiGraph
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert {(u, v): d for u, v, d in H.edges(data=True)} == {
        (u, v): d for u, v, d in G.edges(data=True)
    }


def test_graphml_reads_in_igraph(events: list[Event], tmp_path: Path) -> None:
    G = build_multigraph(events, ACTORS)
    path = tmp_path / "g.graphml"
    path.write_bytes(to_graphml(G))
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert sorted(g.vs["id"]) == sorted(G.nodes)
    assert sorted(g.vs["label"]) == sorted(d["label"] for _, d in G.nodes(data=True))
    assert sorted(g.es["event_id"]) == [10, 11, 12, 13, 14]
    assert set(g.es["sentence"]) == {AWKWARD, "ctrlchar"}
    assert sorted(g.es["negated"]) == [False, False, False, False, True]


def test_graphml_cleans_foreign_graphs(schemas: Path, tmp_path: Path) -> None:
    G = nx.DiGraph()
    G.add_node("A", label="bad\x00\x08 label")
    G.add_edge("A", "B", note="x\x1fy")
    before = copy.deepcopy(G)
    path = tmp_path / "f.graphml"
    path.write_bytes(to_graphml(G))
    assert xmllint(schemas / "graphml.xsd", path).returncode == 0
    assert nx.read_graphml(path).nodes["A"]["label"] == "bad label"
    assert nx.utils.graphs_equal(G, before) and G.nodes["A"]["label"] == "bad\x00\x08 label"


def test_exports_do_not_mutate_the_graph(events: list[Event]) -> None:
    G = build_multigraph(events, ACTORS)
    frozen = nx.freeze(G)
    before = copy.deepcopy(nx.node_link_data(G, edges="edges"))
    to_graphml(frozen)
    to_gexf(frozen)
    assert nx.node_link_data(G, edges="edges") == before


@pytest.mark.parametrize("shape", ["multi", "dyad"])
def test_gexf_validates_and_reads_back(
    shape: str, events: list[Event], schemas: Path, tmp_path: Path
) -> None:
    G = _graph(shape, events)
    path = tmp_path / "g.gexf"
    path.write_bytes(to_gexf(G))
    result = validate_gexf(schemas, path)
    assert result.returncode == 0, result.stderr
    H = nx.read_gexf(path)
    assert sorted(H.nodes) == sorted(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    assert {H.nodes[n]["label"] for n in H} == {d["label"] for _, d in G.nodes(data=True)}
    if shape == "multi":
        assert H.is_multigraph() and H.number_of_edges("RUS", "TUR") == 3
        sentences = {d["sentence"] for *_, d in H.edges(data=True)}
        assert AWKWARD in sentences
        assert {d["goldstein"] for *_, d in H.edges(data=True)} == {1.0, -10.0}
    else:
        assert H.edges["RUS", "TUR"]["count"] == 3


def test_graphml_types_for_foreign_graphs(schemas: Path, tmp_path: Path) -> None:
    """Mixed int/float -> double, other mixes -> string, None left out, graph data kept."""
    G = nx.MultiGraph(name="g & h")
    G.add_node("a", size=1, tag="x", flag=True)
    G.add_node("b", size=2.5, tag=3, flag=None)
    G.add_edge("a", "b", w=1)
    G.add_edge("a", "b", w=2)  # keys 0 and 1 ...
    G.add_edge("b", "a", w=3)  # ... and 0 again: not usable as graph-wide ids
    path = tmp_path / "foreign.graphml"
    path.write_bytes(to_graphml(G))
    assert xmllint(schemas / "graphml.xsd", path).returncode == 0
    H = nx.read_graphml(path, force_multigraph=True)
    assert not H.is_directed() and H.number_of_edges() == 3
    assert H.graph["name"] == "g & h"
    assert H.nodes["a"] == {"size": 1.0, "tag": "x", "flag": True}
    assert H.nodes["b"] == {"size": 2.5, "tag": "3"}
    assert sorted(d["w"] for *_, d in H.edges(data=True)) == [1, 2, 3]


def test_gexf_dyad_weights_are_counts(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "d.gexf"
    path.write_bytes(to_gexf(build_dyad_graph(events, ACTORS, root_labels={"04": "Consult"})))
    H = nx.read_gexf(path)
    assert H.edges["RUS", "TUR"]["weight"] == 3.0
    assert H.edges["RUS", "TUR"]["top_labels"].startswith("Consult")
