"""/changes over a constructed store where one dyad sours and the others hold steady."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from api_support import TestClient
from factories import make_article, make_event

from graphsvc.settings import Settings

SINCE = date(2021, 7, 1)
COOPERATE = {"code": "043", "root": "04", "quad_class": 1, "goldstein": 2.8}
FIGHT = {"code": "190", "root": "19", "quad_class": 4, "goldstein": -10.0}


@pytest.fixture
def souring(
    make_client: Callable[..., TestClient], tmp_path: Any, extractor: Any
) -> Iterator[TestClient]:
    """Six 30-day baseline windows before SINCE and the recent one: RUS–TUR and ARM–FRA
    talk four times a window; in the recent window RUS and TUR fight instead."""
    from graphsvc.service import GraphService

    service = GraphService(Settings(db=str(tmp_path / "changes.db")), extractor=extractor)
    for k in range(-6, 1):
        start = SINCE + timedelta(days=30 * k)
        events = []
        for i in range(4):
            day = start + timedelta(days=3 + 7 * i)
            rus_tur = FIGHT if k == 0 else COOPERATE
            source, target = ("TUR", "RUS") if i % 2 else ("RUS", "TUR")
            events.append(make_event(source, target, date=day, **rus_tur))
            events.append(make_event("ARM", "FRA", date=day, **COOPERATE))
        events.append(make_event("USA", "CHN", date=start + timedelta(days=1), **FIGHT))  # thin
        service.store.add_article(make_article(f"window {k}", f"w{k}", title=f"W{k}"), events)
    yield make_client(service=service)
    service.close()


def test_the_souring_dyad_is_listed_with_its_events(souring: TestClient) -> None:
    response = souring.get("/changes", params={"since": SINCE.isoformat(), "window": 30})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["since"], body["until"], body["window"], body["baselines"]) == (
        "2021-07-01", "2021-07-30", 30, 6
    )  # fmt: skip
    assert body["baseline_from"] == (SINCE - timedelta(days=180)).isoformat()
    assert body["dyads_scored"] == 3
    assert [(d["a"], d["b"]) for d in body["data"]] == [("RUS", "TUR")]  # steady, thin left out
    top = body["data"][0]
    assert top["souring"] and top["goldstein_z"] < -5
    assert top["recent"] == {"events": 4, "goldstein_mean": -10.0, "goldstein_sum": -40.0}
    assert top["baseline"] == {"events": 24, "events_per_window": 4.0, "goldstein_mean": 2.8}
    assert top["relation_url"] == "/view/relations/RUS/TUR"
    assert len(top["lowest"]) == 3 and all(e["goldstein"] == -10.0 for e in top["lowest"])
    assert all(e["article_id"] == "w0" and e["sentence"] for e in top["lowest"])
    assert all(e["date"] >= "2021-07-01" for e in top["highest"])


def test_defaults_end_at_the_newest_event(souring: TestClient) -> None:
    body = souring.get("/changes").json()
    assert body["until"] == "2021-07-25" and body["window"] == 30  # the last RUS–TUR fight
    assert body["data"] and body["data"][0]["a"] == "RUS"


def test_limits_and_thresholds(souring: TestClient) -> None:
    since = {"since": SINCE.isoformat(), "window": 30}
    assert souring.get("/changes", params={**since, "min_score": 1000}).json()["data"] == []
    loose = {**since, "min_baseline_events": 1, "min_baseline_windows": 1, "min_recent_events": 1}
    body = souring.get("/changes", params={**loose, "min_score": 0, "events": 0}).json()
    assert body["data"][0]["a"] == "RUS"
    assert {(d["a"], d["b"]) for d in body["data"]} == {
        ("RUS", "TUR"),
        ("ARM", "FRA"),
        ("CHN", "USA"),
    }
    assert all(d["lowest"] == d["highest"] == [] for d in body["data"])
    assert (
        souring.get("/changes", params={**loose, "min_score": 0, "limit": 1}).json()["count"] == 1
    )


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "2021-13-01"}, "since"),
        ({"since": "yesterday"}, "since"),
        ({"window": "0"}, "window"),
        ({"window": "1.5"}, "window"),
        ({"baselines": "1"}, "baselines"),
        ({"limit": "101"}, "limit"),
        ({"min_score": "-1"}, "min_score"),
        ({"min_score": "nan"}, "min_score"),
        ({"baselines": "25"}, "baselines"),
        ({"window": "367"}, "window"),
        ({"windows": "30"}, "windows"),
    ],
)
def test_bad_parameters_are_422s_naming_them(
    souring: TestClient, params: dict[str, str], named: str
) -> None:
    response = souring.get("/changes", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert named in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"since": "0001-01-05", "window": "366", "baselines": "24"},
        {"since": "9999-12-30", "window": "30"},
        {"since": "0001-01-01"},
        {"baselines": "3", "min_baseline_windows": "4"},  # a rule none can meet
    ],
)
def test_any_valid_request_is_answered(souring: TestClient, params: dict[str, str]) -> None:
    response = souring.get("/changes", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["data"] == []


def test_changes_are_documented(souring: TestClient) -> None:
    op = souring.get("/openapi.json").json()["paths"]["/changes"]["get"]
    assert "goldstein_z" in op["description"] and "422" in op["responses"]
    names = {p["name"] for p in op["parameters"]}
    assert {"since", "window", "baselines", "min_score", "limit", "events"} <= names


def test_the_start_page_lists_the_top_changes(souring: TestClient) -> None:
    page = souring.get("/")
    assert page.status_code == 200
    assert "Relationship changes" in page.text
    assert 'href="/view/relations/RUS/TUR"' in page.text
    assert "souring" in page.text and "/view/relations/ARM/FRA" not in page.text


def test_the_start_page_escapes_actor_labels(
    make_client: Callable[..., TestClient], tmp_path: Any, extractor: Any
) -> None:
    from graphsvc.models import Actor
    from graphsvc.service import GraphService

    service = GraphService(Settings(db=str(tmp_path / "escape.db")), extractor=extractor)
    service.store.upsert_actors([Actor("RUS", "<b>Russia</b>", "state")])
    events = [
        make_event("RUS", "TUR", date=SINCE + timedelta(days=30 * k + i), **COOPERATE)
        for k in range(-6, 0)
        for i in range(3)
    ] + [make_event("RUS", "TUR", date=SINCE + timedelta(days=i), **FIGHT) for i in range(3)]
    service.store.add_article(make_article("all", "all"), events)
    try:
        text = make_client(service=service).get("/").text
        assert "&lt;b&gt;Russia&lt;/b&gt; – " in text and "<b>Russia" not in text
    finally:
        service.close()


def test_an_empty_store_has_an_empty_panel(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "No dyad departs from its baseline" in page.text


def test_min_confidence_leaves_doubtful_events_out_of_the_windows(souring: TestClient) -> None:
    """ARM–FRA also fights in the recent window, but in events extracted with confidence 0.3:
    listed without a threshold, not with min_confidence=0.5 (nor are its events shown)."""
    store = souring.app.state.service.store  # type: ignore[attr-defined]
    doubtful = [make_event("ARM", "FRA", date=SINCE + timedelta(days=2 + i), confidence=0.3,
                           **FIGHT) for i in range(4)]  # fmt: skip
    store.add_article(make_article("doubtful fights", "d1"), doubtful)
    query = {"since": SINCE.isoformat(), "window": 30}
    everything = souring.get("/changes", params=query).json()["data"]
    assert {(d["a"], d["b"]) for d in everything} == {("RUS", "TUR"), ("ARM", "FRA")}
    confident = souring.get("/changes", params={**query, "min_confidence": 0.5}).json()["data"]
    assert [(d["a"], d["b"]) for d in confident] == [("RUS", "TUR")]
    assert all(e["confidence"] >= 0.5 for d in confident for e in d["lowest"] + d["highest"])
    refused = souring.get("/changes", params={**query, "min_confidence": 1.2})
    assert refused.status_code == 422 and "min_confidence" in refused.text
