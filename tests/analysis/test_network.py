"""graphsvc.analysis.network on small hand-made graphs: edge cases the API tests do not reach."""

from __future__ import annotations

import doctest

import networkx as nx
import pytest

from graphsvc.analysis import network
from graphsvc.analysis.network import centrality, communities, cooperative_paths


def dyads(*edges: tuple[str, str, int, int]) -> nx.DiGraph:
    """(source, target, cooperation, conflict) -> a dyad graph as the service builds it."""
    G = nx.DiGraph()
    for source, target, coop, conflict in edges:
        G.add_edge(source, target, count=coop + conflict, cooperation=coop, conflict=conflict)
    return G


def test_module_doctest() -> None:
    result = doctest.testmod(network)
    assert result.attempted > 0 and result.failed == 0


def test_empty_graph_answers_empty() -> None:
    G = nx.DiGraph()
    assert centrality(G, weight="events") == []
    partition = communities(G, weight="events")
    assert partition.communities == () and partition.modularity == 0.0


def test_actors_without_ties_of_the_weight_keep_zero_scores() -> None:
    G = dyads(("RUS", "TUR", 3, 0), ("AZE", "ARM", 0, 2))
    scores = {s.code: s for s in centrality(G, weight="cooperation")}
    assert set(scores) == {"RUS", "TUR", "AZE", "ARM"}
    assert scores["AZE"].degree == 0 and scores["AZE"].weighted_degree == 0
    assert sum(s.pagerank for s in scores.values()) == pytest.approx(1.0)
    assert scores["TUR"].pagerank > scores["RUS"].pagerank  # acted on, not acting
    found = communities(G, weight="cooperation")
    assert [[m.code for m in c.members] for c in found.communities] == [["RUS", "TUR"]]


def test_self_loops_are_left_out() -> None:
    G = dyads(("RUS", "RUS", 9, 0), ("RUS", "TUR", 1, 0))
    scores = {s.code: s for s in centrality(G, weight="events")}
    assert scores["RUS"].degree == 1 and scores["RUS"].weighted_degree == 1


def test_two_actor_graph_has_zero_betweenness() -> None:
    scores = centrality(dyads(("RUS", "TUR", 1, 0)), weight="events")
    assert [s.betweenness for s in scores] == [0.0, 0.0]


def test_paths_go_either_way_and_rank_the_strongest_first() -> None:
    G = dyads(
        ("RUS", "TUR", 0, 5),  # conflict only: no shortcut
        ("AZE", "RUS", 1, 0),  # walked against its direction
        ("AZE", "TUR", 1, 0),
        ("RUS", "ARM", 4, 0),
        ("ARM", "TUR", 3, 0),
    )
    found = cooperative_paths(G, "RUS", "TUR")
    assert [(p.nodes, p.weakest) for p in found] == [
        (("RUS", "ARM", "TUR"), 3),
        (("RUS", "AZE", "TUR"), 1),
    ]
    assert cooperative_paths(G, "RUS", "TUR", limit=1) == found[:1]
    assert cooperative_paths(G, "RUS", "XYZ") == []
    assert cooperative_paths(G, "RUS", "RUS") == []
