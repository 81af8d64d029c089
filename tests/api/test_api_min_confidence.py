"""min_confidence over HTTP, on SQLite and PostgreSQL: every filtered route keeps only the
events extracted with at least that confidence (a multiple of 0.05 is summed from the
rollups' confidence tiers, any other value from the events), edges carry their mean
confidence, and the page draws low-confidence edges apart."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from api_support import BACKENDS, TestClient, fake_api_client
from factories import make_article, make_event

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """RUS→TUR: 0.9 and 0.8; ARM→AZE: 0.5 (with a script in its sentence); USA→CHN: 0.72,
    between two tiers."""
    with fake_api_client(request.param, tmp_path_factory, "conf_api", []) as client:
        store = client.app.state.service.store  # type: ignore[attr-defined]
        store.add_articles([
            (make_article("First story of the confidence tests.", "c1"),
             [make_event("RUS", "TUR", confidence=0.9, date=date(2021, 1, 13)),
              make_event("RUS", "TUR", confidence=0.8, date=date(2021, 3, 2))]),
            (make_article("Second story of the confidence tests.", "c2"),
             [make_event("ARM", "AZE", confidence=0.5, date=date(2021, 2, 1),
                         sentence="Armenia <script>alert(1)</script> called Azerbaijan."),
              make_event("USA", "CHN", confidence=0.72, date=date(2021, 2, 5))]),
        ])  # fmt: skip
        yield client


def _edges(client: TestClient, query: str) -> dict[tuple[str, str], dict]:
    response = client.get(f"/graph?{query}")
    assert response.status_code == 200, response.text
    return {(e["source"], e["target"]): e for e in response.json()["edges"]}


@pytest.mark.parametrize(
    ("threshold", "pairs"),
    [
        ("0", {("RUS", "TUR"), ("ARM", "AZE"), ("USA", "CHN")}),
        ("0.5", {("RUS", "TUR"), ("ARM", "AZE"), ("USA", "CHN")}),
        ("0.7", {("RUS", "TUR"), ("USA", "CHN")}),  # a tier boundary: the rollups
        ("0.75", {("RUS", "TUR")}),  # between tiers (0.72 is left out): the events
        ("0.85", {("RUS", "TUR")}),
        ("1", set()),
    ],
)
def test_graph_keeps_the_edges_of_confident_events(
    client: TestClient, threshold: str, pairs: set[tuple[str, str]]
) -> None:
    edges = _edges(client, f"min_confidence={threshold}")
    assert set(edges) == pairs
    if ("RUS", "TUR") in edges:
        want = (2, 0.85) if float(threshold) <= 0.8 else (1, 0.9)
        got = edges[("RUS", "TUR")]
        assert (got["count"], got["confidence"]) == (want[0], pytest.approx(want[1]))


def test_every_filtered_route_honours_min_confidence(client: TestClient) -> None:
    events = client.get("/events?min_confidence=0.7").json()["data"]
    assert sorted(e["confidence"] for e in events) == [0.72, 0.8, 0.9]
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv?min_confidence=0.75").text)))
    assert sorted(float(r["confidence"]) for r in rows) == [0.8, 0.9]
    actors = {a["code"] for a in client.get("/actors?min_confidence=0.6").json()["data"]}
    assert actors == {"RUS", "TUR", "USA", "CHN"}
    relation = client.get("/relations?a=ARM&b=AZE&min_confidence=0.6").json()
    assert relation["count"] == 0
    assert client.get("/relations?a=ARM&b=AZE").json()["count"] == 1
    profile = client.get("/actors/RUS?min_confidence=0.85").json()
    assert profile["event_count"] == 1
    graphml = client.get("/graph.graphml?multi=false&min_confidence=0.7").text
    assert 'attr.name="confidence"' in graphml and "AZE" not in graphml
    gexf = client.get("/graph.gexf?multi=false&min_confidence=0.7").text
    assert 'title="confidence"' in gexf and "AZE" not in gexf


@pytest.mark.parametrize("value", ["1.5", "-0.1", "abc", "nan", "inf", ""])
@pytest.mark.parametrize("route", ["/graph", "/events", "/actors", "/graph.graphml"])
def test_a_threshold_outside_0_to_1_is_a_problem(
    client: TestClient, route: str, value: str
) -> None:
    response = client.get(f"{route}?min_confidence={value}")
    assert response.status_code == 422, (route, value)
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "min_confidence" in response.text


def test_the_openapi_documents_the_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/graph", "/events", "/actors", "/relations", "/graph.gexf"):
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        schema = params["min_confidence"]["schema"]
        assert (schema["minimum"], schema["maximum"]) == (0, 1), path
        assert "confidence" in params["min_confidence"]["description"]


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))


def test_the_page_draws_low_confidence_edges_dashed(client: TestClient) -> None:
    response = client.get("/view", headers={"accept": "text/html"})
    assert response.status_code == 200
    html = response.text
    edges = {e["id"]: e for e in _page_data(html)["edges"]}
    assert edges["ARM>AZE"]["dashes"] and edges["ARM>AZE"]["color"]["opacity"] < 1
    assert (edges["ARM>AZE"]["confidence"], edges["RUS>TUR"]["confidence"]) == (0.5, 0.85)
    assert "dashes" not in edges["RUS>TUR"] and "opacity" not in edges["RUS>TUR"]["color"]
    assert "Mean confidence 0.50 (low: drawn dashed)" in edges["ARM>AZE"]["title"]
    assert "Dashed, faint edge" in html and 'name="min_confidence"' in html
    assert "<script>alert(1)</script>" not in html  # the sentence stays escaped


def test_the_page_form_keeps_the_threshold_and_refuses_a_bad_one(client: TestClient) -> None:
    html = client.get("/view?min_confidence=0.7", headers={"accept": "text/html"}).text
    assert 'name="min_confidence" min="0" max="1" step="0.05" value="0.7"' in html
    ids = {e["id"] for e in _page_data(html)["edges"]}
    assert ids == {"RUS>TUR", "USA>CHN"}
    # the links of the page carry the threshold on
    assert "/view/relations/RUS/TUR?min_confidence=0.7" in html
    bad = client.get("/view?min_confidence=2", headers={"accept": "text/html"})
    assert bad.status_code == 422 and "min_confidence must be a number from 0 to 1" in bad.text
    dyad = client.get("/view/relations/RUS/TUR?min_confidence=0.85")
    assert dyad.status_code == 200
    assert 'name="min_confidence" min="0" max="1" step="0.05" value="0.85"' in dyad.text
