"""Unknown query parameters are a 422 naming them (a misspelt filter used to answer with the
whole store), and /events filters by stored source and target."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import TestClient

PROBLEM = "application/problem+json"


def _problem(response: Any) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    return response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "unknown"),
    [
        ("/events?sourc=RUS", "sourc"),
        ("/events?limit=5&Actor=RUS", "Actor"),
        ("/graph?foo=1", "foo"),
        ("/graph.graphml?multi=true&bar=2", "bar"),
        ("/events.csv?date=2021-01-01", "date"),
        ("/actors?query=Putin", "query"),
        ("/relations?a=RUS&b=TUR&dir=1", "dir"),
        ("/analysis/centrality?measure=pagerank", "measure"),
        ("/changes?sinc=2021-01-01", "sinc"),
        ("/articles?search=talks", "search"),
        ("/healthz?probe=1", "probe"),
    ],
)
def test_an_unknown_query_parameter_is_422_naming_it(
    loaded: TestClient, path: str, unknown: str
) -> None:
    detail = _problem(loaded.get(path))
    assert f"Unknown query parameter '{unknown}'" in detail and "it takes:" in detail


def test_declared_parameters_still_answer(loaded: TestClient) -> None:
    for path in (
        "/events?limit=5&actor=RUS&root=04&quad_class=1",
        "/graph?multi=false&min_count=1",
        "/relations?a=RUS&b=TUR&interval=month",
        "/actors?q=Russia",
        "/articles?q=talks&limit=5",
    ):
        assert loaded.get(path).status_code == 200, path


def test_text_plain_article_fields_declared_by_hand_are_known(client: TestClient) -> None:
    headers = {"Content-Type": "text/plain"}
    text = b"Russia and Turkey held talks in Ankara on Wednesday."
    assert client.post("/articles?title=Talks", content=text, headers=headers).status_code == 201
    detail = _problem(client.post("/articles?titel=Talks", content=text, headers=headers))
    assert "'titel'" in detail and "title" in detail


def test_pages_read_their_forms_leniently(loaded: TestClient) -> None:
    response = loaded.get("/view?utm_source=newsletter", headers={"Accept": "text/html"})
    assert response.status_code == 200


def test_events_by_stored_source_and_target(loaded: TestClient) -> None:
    every = loaded.get("/events").json()["data"]
    assert len({(e["source"], e["target"]) for e in every}) >= 2
    for source, target in {(e["source"], e["target"]) for e in every}:
        for params in ({"source": source}, {"target": target}, {"source": source.lower(),
                                                                "target": target}):  # fmt: skip
            page = loaded.get("/events", params=params).json()
            want = [
                e["id"]
                for e in every
                if e["source"] == params.get("source", e["source"]).upper()
                and e["target"] == params.get("target", e["target"])
            ]
            assert [e["id"] for e in page["data"]] == want, params
            assert page["count"] == len(want), params
    assert loaded.get("/events", params={"source": "ZZZ"}).json()["count"] == 0
    assert "source" in _problem(loaded.get("/events", params={"source": "R\x00"}))
