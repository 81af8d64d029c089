"""Read endpoints: actors, relations, events, graph, exports, ontology, health."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from api_support import STORY_ARM_AZE, STORY_RUS_TUR, TestClient


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_actors_with_counts_and_search(loaded: TestClient) -> None:
    body = loaded.get("/actors").json()
    by_code = {a["code"]: a for a in body["data"]}
    assert {"RUS", "TUR", "ARM", "AZE"} <= set(by_code)
    assert body["count"] == len(body["data"])
    for actor in by_code.values():
        assert actor["event_count"] >= 1
        assert actor["label"]
        assert actor["kind"] in ("state", "igo")
    hits = loaded.get("/actors", params={"q": "arm"}).json()["data"]
    assert "ARM" in {a["code"] for a in hits}
    assert "TUR" not in {a["code"] for a in hits}


def test_actor_profile(loaded: TestClient) -> None:
    response = loaded.get("/actors/rus")  # codes are case-insensitive
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "RUS"
    assert body["event_count"] >= 1
    assert "TUR" in [p["code"] for p in body["partners"]]
    counts = [p["count"] for p in body["partners"]]
    assert counts == sorted(counts, reverse=True)
    assert sum(body["by_root"].values()) == body["event_count"]
    assert sum(body["by_quad_class"].values()) == body["event_count"]
    assert body["recent_events"]
    assert all("RUS" in (e["source"], e["target"]) for e in body["recent_events"])


def test_relations_undirected_and_directed(loaded: TestClient) -> None:
    undirected = loaded.get("/relations", params={"a": "TUR", "b": "RUS"}).json()
    assert undirected["directed"] is False
    assert undirected["count"] >= 1
    assert undirected["count"] == len(undirected["events"])
    assert sum(undirected["by_code"].values()) == undirected["count"]
    for event in undirected["events"]:
        assert {event["source"], event["target"]} == {"RUS", "TUR"}
        assert event["sentence"]
        assert event["article_title"] == STORY_RUS_TUR["title"]
    forward = loaded.get("/relations", params={"source": "RUS", "target": "TUR"}).json()
    backward = loaded.get("/relations", params={"source": "TUR", "target": "RUS"}).json()
    assert forward["directed"] is True
    assert forward["count"] <= undirected["count"] and backward["count"] <= undirected["count"]
    assert all(e["source"] == "RUS" or e["symmetric"] for e in forward["events"])


def test_relations_and_profiles_carry_a_time_series(loaded: TestClient) -> None:
    body = loaded.get("/relations", params={"a": "RUS", "b": "TUR", "interval": "month"}).json()
    assert body["interval"] == "month"
    assert sum(p["count"] for p in body["series"]) == sum(1 for e in body["events"] if e["date"])
    for point in body["series"]:
        assert sum(point["by_quad_class"].values()) == point["count"]
        assert point["period"] == point["start"][:7]
    profile = loaded.get("/actors/RUS", params={"interval": "year"}).json()
    assert profile["interval"] == "year" and profile["series"]
    assert sum(p["count"] for p in profile["series"]) <= profile["event_count"]
    bad = loaded.get("/relations", params={"a": "RUS", "b": "TUR", "interval": "fortnight"})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_relations_date_filter(loaded: TestClient) -> None:
    body = loaded.get("/relations", params={"a": "RUS", "b": "TUR", "date_to": "2020-12-31"}).json()
    assert body["count"] == 0 and body["events"] == []


def test_relations_need_a_complete_pair(loaded: TestClient) -> None:
    for params in ({}, {"source": "RUS"}, {"a": "RUS"}, {"source": "RUS", "b": "TUR"}):
        response = loaded.get("/relations", params=params)
        assert response.status_code == 422, params
        assert "source and target" in response.json()["detail"]


def test_events_filters(loaded: TestClient) -> None:
    everything = loaded.get("/events").json()
    assert everything["count"] == len(everything["data"]) >= 2
    rus = loaded.get("/events", params={"actor": "RUS"}).json()["data"]
    assert rus and all("RUS" in (e["source"], e["target"]) for e in rus)
    both = loaded.get("/events", params=[("actor", "ARM"), ("actor", "AZE")]).json()["data"]
    also = loaded.get("/events", params={"actor": "ARM,AZE"}).json()["data"]
    assert [e["id"] for e in both] == [e["id"] for e in also]
    january_13 = loaded.get(
        "/events", params={"date_from": "2021-01-13", "date_to": "2021-01-13"}
    ).json()["data"]
    assert all(e["date"] == "2021-01-13" for e in january_13)
    root = everything["data"][0]["root"]
    by_root = loaded.get("/events", params={"root": root}).json()["data"]
    assert by_root and all(e["root"] == root for e in by_root)
    code = everything["data"][0]["code"]
    by_code = loaded.get("/events", params={"code": code}).json()["data"]
    assert by_code and all(e["code"] == code for e in by_code)
    quad = everything["data"][0]["quad_class"]
    by_quad = loaded.get("/events", params={"quad_class": quad}).json()["data"]
    assert by_quad and all(e["quad_class"] == quad for e in by_quad)


def test_events_cursor_pages_cover_everything_once(loaded: TestClient) -> None:
    everything = [e["id"] for e in loaded.get("/events").json()["data"]]
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = loaded.get("/events", params=params).json()
        seen.extend(e["id"] for e in page["data"])
        cursor = page["next"]
        if not cursor:
            break
    assert seen == everything == sorted(everything)


def test_events_limit_is_capped(make_client: Callable[..., TestClient]) -> None:
    client = make_client(events_page_max=5)
    assert client.get("/events", params={"limit": 5}).status_code == 200
    response = client.get("/events", params={"limit": 6})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("limit must be at most 5;")


def test_graph_node_link_json(loaded: TestClient) -> None:
    response = loaded.get("/graph")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    dyads = nx.node_link_graph(data, edges="edges")
    assert isinstance(dyads, nx.DiGraph) and not dyads.is_multigraph()
    assert {"RUS", "TUR"} <= set(dyads.nodes)
    multi = nx.node_link_graph(loaded.get("/graph", params={"multi": "true"}).json(), edges="edges")
    assert multi.is_multigraph()
    assert multi.number_of_edges() == len(loaded.get("/events").json()["data"])
    only_arm = nx.node_link_graph(
        loaded.get("/graph", params={"actor": "ARM"}).json(), edges="edges"
    )
    assert all("ARM" in (u, v) for u, v in only_arm.edges)


def test_graphml_download(loaded: TestClient, tmp_path: Path) -> None:
    response = loaded.get("/graph.graphml")
    assert response.status_code == 200
    assert "xml" in response.headers["content-type"]
    assert response.headers["content-disposition"] == 'attachment; filename="graphsvc.graphml"'
    path = tmp_path / "g.graphml"
    path.write_bytes(response.content)
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.number_of_edges() == len(loaded.get("/events").json()["data"])
    assert graph.nodes["RUS"]["label"]


def test_gexf_json_and_csv_downloads(loaded: TestClient, tmp_path: Path) -> None:
    gexf = loaded.get("/graph.gexf")
    assert gexf.status_code == 200
    assert "xml" in gexf.headers["content-type"]
    assert gexf.headers["content-disposition"] == 'attachment; filename="graphsvc.gexf"'
    (tmp_path / "g.gexf").write_bytes(gexf.content)
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() >= 4


@pytest.mark.parametrize("query", ["", "?date_from=2021-01-12", "?actor=ARM"])
def test_gexf_is_dynamic_with_the_events_dates(
    loaded: TestClient, tmp_path: Path, query: str
) -> None:
    """Gephi's timeline: each event edge on its day, each node from its first to its last
    dated event (under the same filter), both from the store."""
    path = tmp_path / "t.gexf"
    path.write_bytes(loaded.get(f"/graph.gexf{query}").content)
    G = nx.read_gexf(path)
    assert G.graph["mode"] == "dynamic"
    events = loaded.get(f"/events{query}").json()["data"]
    assert events and G.number_of_edges() == len(events)
    by_id = {data["id"]: data for *_, data in G.edges(data=True)}  # a DiGraph if no parallels
    days: dict[str, list[str]] = {}
    for event in events:
        data = by_id[str(event["id"])]
        if event["date"]:
            assert data["start"] == data["end"] == event["date"]
            days.setdefault(event["source"], []).append(event["date"])
            days.setdefault(event["target"], []).append(event["date"])
        else:
            assert "start" not in data
    assert days
    for code, data in G.nodes(data=True):
        want = (min(days[code]), max(days[code])) if code in days else (None, None)
        assert (data.get("start"), data.get("end")) == want


def test_graphml_edges_carry_their_dates(loaded: TestClient, tmp_path: Path) -> None:
    """Event edges their date; dyad edges (multi=false) their first and last dates."""
    path = tmp_path / "e.graphml"
    path.write_bytes(loaded.get("/graph.graphml").content)
    multi = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    dates = {str(e["id"]): e["date"] or "" for e in loaded.get("/events").json()["data"]}
    assert {k: d["date"] for *_, k, d in multi.edges(keys=True, data=True)} == dates
    path.write_bytes(loaded.get("/graph.graphml?multi=false").content)
    dyads = nx.read_graphml(path)
    for source, target, data in dyads.edges(data=True):
        relation = [
            e["date"]
            for e in loaded.get("/events", params={"actor": source}).json()["data"]
            if (e["source"], e["target"]) == (source, target) and e["date"]
        ]
        assert (data["first_date"], data["last_date"]) == (min(relation), max(relation))

    as_json = loaded.get("/graph.json")
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_json.headers["content-disposition"] == 'attachment; filename="graphsvc.json"'
    assert "edges" in json.loads(as_json.content)

    as_csv = loaded.get("/events.csv", params={"actor": "RUS"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.headers["content-disposition"] == 'attachment; filename="graphsvc-events.csv"'
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert rows and all("RUS" in (r["source"], r["target"]) for r in rows)
    assert len(rows) == len(loaded.get("/events", params={"actor": "RUS"}).json()["data"])
    labels = {a["code"]: a["label"] for a in loaded.get("/actors").json()["data"]}
    for row in rows:
        assert row["source_label"] == labels[row["source"]] != row["source"]
        assert row["target_label"] == labels[row["target"]]
        article = loaded.get(f"/articles/{row['article_id']}").json()
        assert (row["article_title"], row["article_url"], row["article_published"]) == (
            article["title"] or "",
            article["url"] or "",
            article["published"] or "",
        )


def test_ontology(client: TestClient) -> None:
    codes = {c["code"]: c for c in client.get("/ontology").json()}
    assert codes["041"]["root"] == "04"
    assert codes["041"]["quad_class"] == 1
    assert -10 <= codes["190"]["goldstein"] < 0
    assert codes["190"]["quad_class"] == 4


def test_min_count_is_honoured_by_events_csv_and_graph_alike(client: TestClient) -> None:
    """GET /events ignored min_count while /events.csv and the graphs applied it."""
    stories = [
        {"text": "Russia and Turkey held talks in Ankara on Wednesday.", "published": "2021-01-13"},
        {"text": "Russia and Turkey held talks in Moscow on Monday.", "published": "2021-03-01"},
        STORY_ARM_AZE,
    ]
    for story in stories:
        assert client.post("/articles", json=story).status_code == 201
    everything = client.get("/events").json()
    pairs = Counter((e["source"], e["target"]) for e in everything["data"])
    assert max(pairs.values()) >= 2 and min(pairs.values()) == 1, pairs
    busy = {pair for pair, n in pairs.items() if n >= 2}

    listed = client.get("/events", params={"min_count": 2}).json()
    assert {(e["source"], e["target"]) for e in listed["data"]} == busy
    assert listed["count"] == len(listed["data"]) == sum(pairs[p] for p in busy)
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv?min_count=2").text)))
    assert sorted(int(r["event_id"]) for r in rows) == [e["id"] for e in listed["data"]]
    multi = nx.node_link_graph(
        client.get("/graph", params={"multi": "true", "min_count": 2}).json(), edges="edges"
    )
    assert multi.number_of_edges() == listed["count"]
    first = client.get("/events", params={"min_count": 2, "limit": 1}).json()
    assert first["count"] == listed["count"] and len(first["data"]) == 1
    if listed["count"] > 1:
        rest = client.get(
            "/events", params={"min_count": 2, "limit": 500, "cursor": first["next"]}
        ).json()
        assert [e["id"] for e in first["data"] + rest["data"]] == [e["id"] for e in listed["data"]]
