"""The graph page's server side over HTTP, on SQLite and PostgreSQL: GET /view/data (what the
time control refetches), the links it carries, and the page's activity histogram checked
against the events GET /events lists."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator

import pytest
from api_support import BACKENDS, TestClient, fake_api_client

PROBLEM = "application/problem+json"
STORIES = [
    ("Russia and Turkey held talks. Russia and Turkey met again.", "2021-01-13"),
    ("Armenia and Azerbaijan signed a deal.", "2021-01-11"),
    ("France and Germany agreed on energy.", "2021-03-02"),
    ("Russia and France spoke by phone.", "2021-11-30"),
    ("Turkey and Armenia opened a border crossing.", "2021-11-01"),
    ("Germany and Turkey discussed trade.", None),  # undated: in no month
]

BODIES = [
    {"text": text, **({"published": published} if published else {})} for text, published in STORIES
]


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    with fake_api_client(request.param, tmp_path_factory, "h9page_api", BODIES) as client:
        yield client


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))


def _all_events(client: TestClient) -> list[dict]:
    events, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/events", params=params).json()
        events += page["data"]
        cursor = page["next"]
        if not cursor:
            return events


def test_histogram_counts_equal_the_events_per_month(client: TestClient) -> None:
    data = _page_data(client.get("/view").text)
    per_month = Counter(e["date"][:7] for e in _all_events(client) if e["date"])
    assert data["months"] == ["2021-01", *(f"2021-{m:02d}" for m in range(2, 12))]
    assert dict(zip(data["months"], data["activity"], strict=True)) == {
        m: per_month.get(m, 0) for m in data["months"]
    }
    assert sum(data["activity"]) == sum(per_month.values()) == 6  # the undated one is out


def test_view_data_draws_the_dyads_of_the_graph_json(client: TestClient) -> None:
    params = {"date_from": "2021-01-01", "date_to": "2021-03-31"}
    data = client.get("/view/data", params=params).json()
    graph = client.get("/graph", params=params).json()
    drawn = {(e["from"], e["to"]) for e in data["edges"]}
    assert drawn == {(e["source"], e["target"]) for e in graph["edges"]}
    assert {n["id"] for n in data["nodes"]} == {n["id"] for n in graph["nodes"]}
    counts = {(e["source"], e["target"]): e["count"] for e in graph["edges"]}
    assert {(e["from"], e["to"]): e["count"] for e in data["edges"]} == counts
    query = "date_from=2021-01-01&date_to=2021-03-31"
    for edge in data["edges"]:
        assert edge["url"] == f"/view/relations/{edge['from']}/{edge['to']}?{query}"
    for node in data["nodes"]:
        assert node["url"] == f"/view/actors/{node['id']}?{query}"
        assert set(node["scores"]) == {"degree", "weighted_degree", "pagerank", "betweenness"}
        assert isinstance(node["community"], int)
    assert data["summary"].startswith(f"{len(data['nodes'])} actors")


def test_a_narrower_range_draws_fewer_edges(client: TestClient) -> None:
    everything = client.get("/view/data").json()
    november = client.get(
        "/view/data", params={"date_from": "2021-11-01", "date_to": "2021-11-30"}
    ).json()
    assert {(e["from"], e["to"]) for e in november["edges"]} == {("RUS", "FRA"), ("TUR", "ARM")}
    assert len(november["edges"]) < len(everything["edges"])


def test_view_data_of_an_ego_is_its_neighbourhood(client: TestClient) -> None:
    data = client.get("/view/data", params={"ego": "rus"}).json()
    assert {n["id"] for n in data["nodes"]} == {"RUS", "TUR", "FRA"}


@pytest.mark.parametrize(
    ("params", "status", "word"),
    [
        ({"ego": "XQZ"}, 404, "XQZ"),
        ({"ego": "R-S"}, 422, "ego"),
        ({"date_from": "soon"}, 422, "date_from"),
        ({"quad_class": "9"}, 422, "quad_class"),
    ],
)
def test_view_data_bad_input_is_a_problem(
    client: TestClient, params: dict, status: int, word: str
) -> None:
    response = client.get("/view/data", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert word in response.json()["detail"]


def test_pages_take_the_size_measure(client: TestClient) -> None:
    page = client.get("/view/actors/RUS", params={"size": "betweenness"})
    assert page.status_code == 200
    assert '<option value="betweenness" selected>' in page.text
    assert _page_data(page.text)["ego"] == "RUS"
    bad = client.get("/view", params={"size": "loudness"}, headers={"Accept": "application/json"})
    assert bad.status_code == 422 and "size" in bad.json()["detail"]


def test_view_data_is_documented(client: TestClient) -> None:
    op = client.get("/openapi.json").json()["paths"]["/view/data"]["get"]
    assert op["summary"] and {"200", "404", "422"} <= set(op["responses"])
    example = op["responses"]["200"]["content"]["application/json"]["example"]
    assert example["nodes"][0]["url"].startswith("/view/actors/")
    assert "ego" in {p["name"] for p in op["parameters"]}
