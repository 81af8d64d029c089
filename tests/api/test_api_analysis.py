"""/analysis/* over HTTP on SQLite and PostgreSQL: every answer equals networkx computed
independently on the dyad graph exported as GraphML (``/graph.graphml?multi=false``) under
the same filters; paths avoid conflict-only ties; bad input answers problem+json."""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from api_support import TestClient
from factories import make_article, make_event
from pg_schema import throwaway_schema

from graphsvc.api.app import create_app
from graphsvc.models import Actor, Event
from graphsvc.service import GraphService
from graphsvc.settings import Settings
from graphsvc.store import Store

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PROBLEM = "application/problem+json"
ATTR = {"events": "count", "cooperation": "cooperation", "conflict": "conflict"}
KIND = {1: ("041", 1.0), 2: ("057", 8.0), 3: ("112", -2.0), 4: ("190", -10.0)}

# (source, target, quad class, how many, day of 2021): two cooperating blocs joined by one
# late TUR->DEU tie; RUS->USA is conflict only (a shortcut a cooperative path must skip).
TIES = [
    ("RUS", "TUR", 1, 5, date(2021, 1, 5)),
    ("TUR", "RUS", 1, 3, date(2021, 1, 9)),
    ("RUS", "AZE", 2, 4, date(2021, 1, 12)),
    ("AZE", "ARM", 2, 2, date(2021, 2, 1)),
    ("ARM", "AZE", 4, 3, date(2021, 2, 3)),
    ("ARM", "RUS", 1, 3, date(2021, 2, 8)),
    ("TUR", "AZE", 1, 2, date(2021, 2, 10)),
    ("USA", "GBR", 1, 5, date(2021, 1, 6)),
    ("GBR", "FRA", 2, 4, date(2021, 1, 20)),
    ("FRA", "DEU", 1, 3, date(2021, 2, 2)),
    ("DEU", "USA", 1, 2, date(2021, 2, 14)),
    ("USA", "FRA", 3, 2, date(2021, 2, 20)),
    ("USA", "FRA", 1, 1, date(2021, 2, 21)),
    ("TUR", "DEU", 1, 1, date(2021, 3, 1)),
    ("RUS", "USA", 4, 6, date(2021, 1, 15)),
    ("IRN", "ISR", 3, 2, date(2021, 1, 25)),
    ("RUS", "RUS", 1, 2, date(2021, 1, 30)),
]
QUERIES: list[dict[str, Any]] = [
    {},
    {"date_to": "2021-02-28"},
    {"quad_class": "1,3"},
    {"min_count": 3},
    {"actor": "RUS,USA"},
]


def tie_events() -> list[Event]:
    events = []
    for source, target, quad, n, day in TIES:
        code, goldstein = KIND[quad]
        for i in range(n):
            events.append(
                make_event(
                    source, target, code=code, root=code[:2], quad_class=quad,
                    goldstein=goldstein, date=date(day.year, day.month, day.day + i),
                )
            )  # fmt: skip
    return events


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_analysis") as url:
            store = Store(url)
            yield store
            store.close()
        return
    store = Store(f"sqlite:///{tmp_path / 'analysis.db'}")
    yield store
    store.close()


@pytest.fixture
def service(store: Store) -> Iterator[GraphService]:
    store.upsert_actors([Actor("RUS", "Russia"), Actor("TUR", "Turkey"), Actor("CHN", "China")])
    events = tie_events()
    for i, start in enumerate(range(0, len(events), 10)):
        store.add_article(make_article(f"story {i}", f"a{i}"), events[start : start + 10])
    service = GraphService(Settings(db="unused.db"), store=store)
    yield service
    service.close()


@pytest.fixture
def client(service: GraphService) -> TestClient:
    return TestClient(create_app(Settings(db="unused.db"), service), raise_server_exceptions=False)


# -- the same measures, computed here from the export ----------------------------------------


def exported(client: TestClient, params: dict[str, Any]) -> nx.DiGraph:
    response = client.get("/graph.graphml", params={**params, "multi": "false"})
    assert response.status_code == 200, response.text
    return nx.read_graphml(io.BytesIO(response.content))


def directed_ties(G: nx.DiGraph, attr: str) -> nx.DiGraph:
    D = nx.DiGraph()
    D.add_nodes_from(sorted(G))
    D.add_weighted_edges_from(
        sorted((u, v, d[attr]) for u, v, d in G.edges(data=True) if u != v and d[attr] > 0)
    )
    return D


def undirected_ties(G: nx.DiGraph, attr: str) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(sorted(G))
    for u, v, w in sorted(directed_ties(G, attr).edges(data="weight")):
        before = U.edges[u, v]["weight"] if U.has_edge(u, v) else 0
        U.add_edge(u, v, weight=before + w)
    return U


def pagerank(D: nx.DiGraph) -> dict[str, float]:
    """networkx's Google matrix and its leading left eigenvector (nx.pagerank needs SciPy)."""
    nodes = list(D)
    M = nx.google_matrix(D, alpha=0.85, weight="weight", nodelist=nodes)
    values, vectors = np.linalg.eig(M.T)
    leading = vectors[:, np.argmax(values.real)].real
    return dict(zip(nodes, leading / leading.sum(), strict=True))


def betweenness(U: nx.Graph) -> dict[str, float]:
    for _, _, d in U.edges(data=True):
        d["distance"] = 1 / d["weight"]
    return nx.betweenness_centrality(U, weight="distance", normalized=True)


# -- centrality -------------------------------------------------------------------------------


@pytest.mark.parametrize("params", QUERIES, ids=range(len(QUERIES)))
@pytest.mark.parametrize("weight", ["events", "cooperation", "conflict"])
def test_centrality_matches_networkx_on_the_export(
    client: TestClient, weight: str, params: dict[str, Any]
) -> None:
    G = exported(client, params)
    D, U = directed_ties(G, ATTR[weight]), undirected_ties(G, ATTR[weight])
    ranks, between = pagerank(D), betweenness(U)
    response = client.get(
        "/analysis/centrality", params={**params, "weight": weight, "limit": 1000}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["weight"] == weight and body["count"] == len(G)
    scores = {s["code"]: s for s in body["data"]}
    assert set(scores) == set(G)
    for code, s in scores.items():
        assert s["degree"] == U.degree(code)
        assert s["weighted_degree"] == U.degree(code, weight="weight")
        assert s["pagerank"] == pytest.approx(ranks[code], abs=2e-6)
        assert s["betweenness"] == pytest.approx(between[code], abs=2e-6)
    listed = [s["pagerank"] for s in body["data"]]
    assert listed == sorted(listed, reverse=True)


def test_centrality_sort_and_limit(client: TestClient) -> None:
    coop = {"weight": "cooperation", "sort": "betweenness"}
    everyone = client.get("/analysis/centrality", params={**coop, "limit": 1000})
    top = client.get("/analysis/centrality", params={**coop, "limit": 2}).json()
    assert top["data"] == everyone.json()["data"][:2] and top["count"] == 10
    # TUR and DEU carry the only bridge between the blocs.
    assert {s["code"] for s in top["data"]} == {"TUR", "DEU"}
    labels = {s["code"]: s["label"] for s in everyone.json()["data"]}
    assert labels["RUS"] == "Russia" and labels["ISR"] == "ISR"


def test_conflict_weight_drops_cooperative_ties(client: TestClient) -> None:
    scores = {
        s["code"]: s
        for s in client.get("/analysis/centrality", params={"weight": "conflict"}).json()["data"]
    }
    assert scores["RUS"]["degree"] == 1 and scores["RUS"]["weighted_degree"] == 6
    assert scores["TUR"]["degree"] == 0 and scores["TUR"]["betweenness"] == 0


# -- communities ------------------------------------------------------------------------------


@pytest.mark.parametrize("params", QUERIES, ids=range(len(QUERIES)))
@pytest.mark.parametrize("weight", ["events", "cooperation"])
def test_communities_match_networkx_louvain_on_the_export(
    client: TestClient, weight: str, params: dict[str, Any]
) -> None:
    U = undirected_ties(exported(client, params), ATTR[weight])
    U.remove_nodes_from([n for n in list(U) if U.degree(n) == 0])
    expected = nx.community.louvain_communities(U, weight="weight", seed=42)
    response = client.get("/analysis/communities", params={**params, "weight": weight})
    assert response.status_code == 200, response.text
    body = response.json()
    found = [frozenset(m["code"] for m in c["members"]) for c in body["data"]]
    assert set(found) == {frozenset(c) for c in expected}
    assert body["modularity"] == pytest.approx(
        nx.community.modularity(U, expected, weight="weight"), abs=2e-6
    )
    assert [c["size"] for c in body["data"]] == sorted((len(c) for c in found), reverse=True)
    for community in body["data"]:
        members = [m["code"] for m in community["members"]]
        assert community["internal_weight"] == U.subgraph(members).size(weight="weight")
        strengths = [m["weighted_degree"] for m in community["members"]]
        assert strengths == sorted(strengths, reverse=True)


def test_communities_split_the_two_blocs(client: TestClient) -> None:
    body = client.get("/analysis/communities", params={"weight": "cooperation"}).json()
    found = {frozenset(m["code"] for m in c["members"]) for c in body["data"]}
    assert found == {
        frozenset({"RUS", "TUR", "AZE", "ARM"}),
        frozenset({"USA", "GBR", "FRA", "DEU"}),
    }
    assert body["seed"] == 42 and body["resolution"] == 1.0 and body["modularity"] > 0.3
    again = client.get("/analysis/communities", params={"weight": "cooperation"}).json()
    assert again == body


# -- paths ------------------------------------------------------------------------------------


def cooperative(G: nx.DiGraph) -> nx.Graph:
    return undirected_ties(G, "cooperation")


def test_path_skips_the_conflict_only_tie(client: TestClient) -> None:
    T = cooperative(exported(client, {}))
    response = client.get("/analysis/path", params={"from": "rus", "to": "USA", "limit": 50})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["source"] == {"code": "RUS", "label": "Russia"}
    assert body["target"] == {"code": "USA", "label": "USA"}
    assert body["length"] == nx.shortest_path_length(T, "RUS", "USA") == 3
    paths = [tuple(a["code"] for a in p["actors"]) for p in body["data"]]
    assert set(paths) == {tuple(p) for p in nx.all_shortest_paths(T, "RUS", "USA")}
    for p in body["data"]:
        nodes = [a["code"] for a in p["actors"]]
        pairs = list(itertools.pairwise(nodes))
        assert ("RUS", "USA") not in pairs
        assert [(h["source"], h["target"]) for h in p["hops"]] == pairs
        assert p["weakest"] == min(T.edges[a, b]["weight"] for a, b in pairs)
    weakest = [p["weakest"] for p in body["data"]]
    assert weakest == sorted(weakest, reverse=True)


def test_path_hops_carry_their_latest_cooperative_events(client: TestClient) -> None:
    G = exported(client, {})
    body = client.get("/analysis/path", params={"from": "ARM", "to": "TUR", "events": 2}).json()
    assert body["length"] == 2
    for hop in (h for p in body["data"] for h in p["hops"]):
        pair = {hop["source"], hop["target"]}
        both = [G.edges[u, v] for u, v in itertools.permutations(pair) if G.has_edge(u, v)]
        assert hop["cooperation"] == sum(d["cooperation"] for d in both)
        assert hop["conflict"] == sum(d["conflict"] for d in both)
        events = hop["events"]
        assert 0 < len(events) <= 2
        assert all({e["source"], e["target"]} == pair and e["quad_class"] in (1, 2) for e in events)
        dates = [e["date"] for e in events]
        assert dates == sorted(dates, reverse=True)
    # ARM-AZE has conflict events too, and the newest event of that tie is conflict.
    hop = next(
        h for p in body["data"] for h in p["hops"] if {h["source"], h["target"]} == {"ARM", "AZE"}
    )
    assert hop["conflict"] == 3 and [e["code"] for e in hop["events"]] == ["057", "057"]


def test_path_under_filters_and_without_a_cooperative_way(client: TestClient) -> None:
    before_bridge = client.get(
        "/analysis/path", params={"from": "RUS", "to": "USA", "date_to": "2021-02-28"}
    )
    assert before_bridge.status_code == 200
    assert before_bridge.json()["length"] is None and before_bridge.json()["data"] == []
    conflict_only = client.get("/analysis/path", params={"from": "IRN", "to": "ISR"}).json()
    assert conflict_only["length"] is None
    no_events = client.get("/analysis/path", params={"from": "CHN", "to": "RUS"}).json()
    assert no_events["length"] is None and no_events["source"]["label"] == "China"


def test_path_from_an_actor_to_itself_is_the_empty_path(client: TestClient) -> None:
    """A schema-valid request (from = to) is answered, not refused: length 0, one path of
    the actor alone, no hop."""
    body = client.get("/analysis/path", params={"from": "rus", "to": "RUS"}).json()
    assert body["length"] == 0
    paths = [([a["code"] for a in p["actors"]], p["hops"], p["weakest"]) for p in body["data"]]
    assert paths == [(["RUS"], [], 0)]


def test_cached_answers_follow_new_events(client: TestClient, service: GraphService) -> None:
    assert client.get("/analysis/path", params={"from": "RUS", "to": "USA"}).json()["length"] == 3
    service.store.add_article(make_article("new ties", "new"), [make_event("USA", "RUS")])
    after = client.get("/analysis/path", params={"from": "RUS", "to": "USA"}).json()
    assert after["length"] == 1


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "status", "needle"),
    [
        ("/analysis/path", {"from": "RUS", "to": "XYZ"}, 404, "XYZ"),
        ("/analysis/path", {"from": "QQQ", "to": "RUS"}, 404, "QQQ"),
        ("/analysis/path", {"from": "RUS"}, 422, "'to'"),
        ("/analysis/path", {"from": "RUS", "to": "TUR", "limit": 0}, 422, "'limit'"),
        ("/analysis/centrality", {"weight": "goldstein"}, 422, "'weight'"),
        ("/analysis/centrality", {"sort": "closeness"}, 422, "'sort'"),
        ("/analysis/centrality", {"limit": 0}, 422, "'limit'"),
        ("/analysis/communities", {"weight": "all"}, 422, "'weight'"),
        ("/analysis/communities", {"resolution": 0}, 422, "'resolution'"),
        ("/analysis/communities", {"quad_class": 5}, 422, "quad_class"),
    ],
)
def test_bad_input_is_a_problem(
    client: TestClient, path: str, params: dict[str, Any], status: int, needle: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and needle in body["detail"]


def test_openapi_documents_the_analysis_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/analysis/centrality", "/analysis/communities", "/analysis/path"):
        responses = paths[route]["get"]["responses"]
        assert PROBLEM in responses["422"]["content"]
    assert PROBLEM in paths["/analysis/path"]["get"]["responses"]["404"]["content"]
    names = {p["name"] for p in paths["/analysis/path"]["get"]["parameters"]}
    assert {"from", "to", "date_from", "actor", "quad_class", "min_count"} <= names
