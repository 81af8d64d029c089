"""Graph builders: shapes, typed flat attributes, filters, and no mutation of inputs."""

from __future__ import annotations

import copy
import doctest
from collections import defaultdict
from datetime import date
from typing import Any

import networkx as nx
import pytest
from factories import make_event

import graphsvc.graph.build as build_module
from graphsvc.graph import build_dyad_graph, build_multigraph, clean_text, ego_graph
from graphsvc.models import Actor, Event

ACTORS = {
    "RUS": Actor("RUS", "Russia", "state"),
    "TUR": Actor("TUR", "Turkey", "state"),
    "AZE": Actor("AZE", "Azerbaijan", "state"),
    "ARM": Actor("ARM", "Armenia", "state"),
    "UNO": Actor("UNO", "United Nations", "igo"),
}
MULTI_ATTRS = {
    "event_id": int,
    "code": str,
    "root": str,
    "quad_class": int,
    "goldstein": float,
    "label": str,
    "date": str,
    "date_precision": str,
    "sentence": str,
    "article_id": str,
    "source_text": str,
    "target_text": str,
    "source_sector": str,
    "target_sector": str,
    "group_id": str,
    "symmetric": bool,
    "confidence": float,
    "negated": bool,
    "mentions": int,
}
DYAD_ATTRS = {
    "count": int,
    "mean_goldstein": float,
    "confidence": float,
    "cooperation": int,
    "conflict": int,
    "first_date": str,
    "last_date": str,
    "top_labels": str,
    "roots": str,
    "symmetric": int,
}


def ev(source: str, target: str, eid: int, **kw: Any) -> Event:
    kw.setdefault("goldstein", 1)  # an int on purpose: the graph must hold a float
    kw.setdefault("sentence", f"{source} and {target} talked.")
    kw.setdefault("article_id", "a1")
    return make_event(source, target, eid, **kw)


@pytest.fixture
def events() -> list[Event]:
    return [
        ev("RUS", "TUR", 1),
        ev("RUS", "TUR", 2, code="042", label="Make a visit", date=date(2021, 1, 20),
           confidence=0.4),
        ev("RUS", "TUR", 3, code="061", root="06", quad_class=2, goldstein=6.4, date=None),
        ev("TUR", "RUS", 4, code="112", root="11", quad_class=3, goldstein=-2.0),
        ev("ARM", "AZE", 5, code="190", root="19", quad_class=4, goldstein=-10.0,
           source_sector="MIL", group_id="g1", date=date(2020, 10, 1)),
        ev("AZE", "ARM", 6, code="043", symmetric=True, sentence="Bad\x0bchar\x00s"),
        ev("RUS", "XYZ", 7, extra={"k": "v"}),
    ]  # fmt: skip


def assert_flat_typed(pairs: list[dict[str, Any]], schema: dict[str, type]) -> None:
    for attrs in pairs:
        assert set(attrs) == set(schema)
        for name, value in attrs.items():
            assert type(value) is schema[name], (name, value)


def test_multigraph_one_edge_per_event(events: list[Event]) -> None:
    G = build_multigraph(events, ACTORS)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_edges() == len(events)
    assert G.number_of_edges("RUS", "TUR") == 3
    assert set(G["RUS"]["TUR"]) == {"1", "2", "3"}
    data = G.edges["ARM", "AZE", "5"]
    assert data["event_id"] == 5 and data["goldstein"] == -10.0 and data["source_sector"] == "MIL"
    assert data["target_sector"] == "" and data["group_id"] == "g1"
    assert G.edges["RUS", "TUR", "3"]["date"] == ""
    assert G.edges["AZE", "ARM", "6"]["sentence"] == "Badchars"
    assert_flat_typed([d for *_, d in G.edges(data=True)], MULTI_ATTRS)


def test_nodes_labels_kinds_counts(events: list[Event]) -> None:
    for G in (build_multigraph(events, ACTORS), build_dyad_graph(events, list(ACTORS.values()))):
        assert sorted(G) == ["ARM", "AZE", "RUS", "TUR", "XYZ"]
        assert G.nodes["RUS"] == {"label": "Russia", "kind": "state", "event_count": 5}
        assert G.nodes["XYZ"] == {"label": "XYZ", "kind": "", "event_count": 1}
        assert G.nodes["AZE"]["event_count"] == 2
        assert "UNO" not in G  # actors without events are no nodes


def test_self_loop_counts_once() -> None:
    G = build_dyad_graph([ev("RUS", "RUS", 1)], ACTORS)
    assert G.nodes["RUS"]["event_count"] == 1


ROOT_LABELS = {"04": "Consult", "06": "Engage in material cooperation", "11": "Disapprove"}


def test_dyad_graph_aggregates(events: list[Event]) -> None:
    G = build_dyad_graph(events, ACTORS, root_labels=ROOT_LABELS)
    assert isinstance(G, nx.DiGraph) and not G.is_multigraph()
    rt = G.edges["RUS", "TUR"]
    assert rt["count"] == 3
    assert rt["mean_goldstein"] == pytest.approx((1 + 1 + 6.4) / 3, abs=1e-3)
    assert (rt["cooperation"], rt["conflict"]) == (3, 0)
    assert (rt["first_date"], rt["last_date"]) == ("2021-01-13", "2021-01-20")
    # Event types by CAMEO root, most frequent first, named by root_labels.
    assert rt["top_labels"] == "Consult; Engage in material cooperation"
    assert rt["roots"] == "04; 06"
    assert build_dyad_graph(events, ACTORS).edges["RUS", "TUR"]["top_labels"] == "04; 06"
    tr = G.edges["TUR", "RUS"]
    assert (tr["count"], tr["conflict"], tr["mean_goldstein"]) == (1, 1, -2.0)
    # The mean extraction confidence of the dyad's events.
    assert rt["confidence"] == pytest.approx((1 + 0.4 + 1) / 3, abs=1e-3)
    # A symmetric event is one edge, in the direction the extractor emitted it.
    assert G.edges["AZE", "ARM"]["symmetric"] == 1
    assert_flat_typed([d for *_, d in G.edges(data=True)], DYAD_ATTRS)


def test_dyad_without_dates_has_empty_strings() -> None:
    G = build_dyad_graph([ev("RUS", "TUR", 1, date=None)], ACTORS)
    assert G.edges["RUS", "TUR"]["first_date"] == "" == G.edges["RUS", "TUR"]["last_date"]


def test_min_count_drops_small_dyads_and_their_nodes(events: list[Event]) -> None:
    dyads = build_dyad_graph(events, ACTORS, min_count=2)
    assert list(dyads.edges) == [("RUS", "TUR")]
    assert sorted(dyads) == ["RUS", "TUR"]
    assert dyads.nodes["RUS"]["event_count"] == 3
    multi = build_multigraph(events, ACTORS, min_count=2)
    assert multi.number_of_edges() == 3 and sorted(multi) == ["RUS", "TUR"]


def test_inputs_are_not_mutated(events: list[Event]) -> None:
    before_events, before_actors = copy.deepcopy(events), copy.deepcopy(ACTORS)
    build_multigraph(events, ACTORS)
    build_dyad_graph(events, ACTORS, min_count=1)
    assert events == before_events and before_actors == ACTORS


def test_one_type_per_attribute_name_across_graph(events: list[Event]) -> None:
    G = build_multigraph(events, ACTORS)
    seen: dict[str, set[type]] = defaultdict(set)
    for *_, data in G.edges(data=True):
        for name, value in data.items():
            seen[name].add(type(value))
    for _, data in G.nodes(data=True):
        for name, value in data.items():
            seen["node:" + name].add(type(value))
    assert all(len(types) == 1 for types in seen.values()), seen


def test_unstored_events_get_unique_keys() -> None:
    G = build_multigraph([ev("RUS", "TUR", None), ev("RUS", "TUR", None)], ACTORS)  # type: ignore[arg-type]
    assert G.number_of_edges() == 2
    assert {d["event_id"] for *_, d in G.edges(data=True)} == {-1}


def test_ego_graph_both_directions_and_copy(events: list[Event]) -> None:
    G = build_dyad_graph(events, ACTORS)
    ego = ego_graph(G, "TUR")
    assert sorted(ego) == ["RUS", "TUR"]
    assert set(ego.edges) == {("RUS", "TUR"), ("TUR", "RUS")}
    ego.add_edge("TUR", "ZZZ")
    ego.nodes["TUR"]["label"] = "changed"
    assert "ZZZ" not in G and G.nodes["TUR"]["label"] == "Turkey"
    wide = ego_graph(G, "ARM", radius=2)
    assert sorted(wide) == ["ARM", "AZE"]
    assert sorted(ego_graph(G, "XYZ")) == ["RUS", "XYZ"]
    multi_ego = ego_graph(build_multigraph(events, ACTORS), "TUR")
    assert multi_ego.number_of_edges() == 4
    with pytest.raises(KeyError):
        ego_graph(G, "NOPE")


def test_clean_text() -> None:
    assert clean_text(None) == ""
    assert clean_text("a\x00b\x1fc\td\ne\uffff") == "abc\td\ne"
    assert clean_text("ünï 🚀 <&>") == "ünï 🚀 <&>"


def test_module_doctest() -> None:
    result = doctest.testmod(build_module)
    assert result.attempted > 0 and result.failed == 0
