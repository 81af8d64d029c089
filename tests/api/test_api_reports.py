"""Events, not reports, over HTTP: three outlets' write-ups of one call posted to
/articles are one event with three reports in /events, /events/{id}/reports, the CSV and
the relation; `unit=reports` lists every report."""

from __future__ import annotations

import csv
import io

import pytest
from api_support import TestClient
from linking_writeups import CALL

FRA_DEU = {"actor": ["FRA", "DEU"], "root": "04"}


@pytest.fixture
def reported(client: TestClient) -> TestClient:
    for story in CALL:
        response = client.post("/articles", json=story)
        assert response.status_code == 201, response.text
    return client


def test_one_event_with_three_reports(reported: TestClient) -> None:
    body = reported.get("/events", params=FRA_DEU).json()
    (event,) = body["data"]
    assert body["count"] == 1
    assert event["reports"] == 3 and event["event_id"] == event["id"]
    assert event["article_id"] == CALL[0]["id"]
    listed = reported.get(f"/events/{event['id']}/reports")
    assert listed.status_code == 200
    answer = listed.json()
    assert answer["event_id"] == event["id"] and answer["reports"] == 3
    assert [r["article_id"] for r in answer["data"]] == [s["id"] for s in CALL]
    assert [r["article_source"] for r in answer["data"]] == [s["source"] for s in CALL]
    assert all(r["sentence"] for r in answer["data"])
    assert answer["data"][2]["article_published"] == CALL[2]["published"]


def test_unit_reports_lists_every_articles_row(reported: TestClient) -> None:
    body = reported.get("/events", params={**FRA_DEU, "unit": "reports"}).json()
    rows = body["data"]
    assert body["count"] == len(rows) >= 3
    assert {r["article_id"] for r in rows} == {s["id"] for s in CALL}
    (event_id,) = {r["event_id"] for r in rows}
    # any report's id answers with its event's reports
    other = next(r for r in rows if r["id"] != event_id)
    assert reported.get(f"/events/{other['id']}/reports").json()["event_id"] == event_id


def test_csv_counts_events_unless_asked_for_reports(reported: TestClient) -> None:
    def rows(**params: str) -> list[dict[str, str]]:
        response = reported.get("/events.csv", params={**FRA_DEU, **params})
        assert response.status_code == 200
        return list(csv.DictReader(io.StringIO(response.text)))

    assert len(rows()) == 1
    assert {r["article_id"] for r in rows(unit="reports")} == {s["id"] for s in CALL}


def test_relation_and_actor_counts_see_one_event(reported: TestClient) -> None:
    relation = reported.get("/relations", params={"a": "FRA", "b": "DEU", "root": "04"}).json()
    assert relation["count"] == 1


@pytest.mark.parametrize(
    ("path", "status"),
    [("/events/999999/reports", 404), ("/events/0/reports", 422),
     ("/events/abc/reports", 422), ("/events/99999999999/reports", 422)],
)  # fmt: skip
def test_unknown_or_bad_event_ids(reported: TestClient, path: str, status: int) -> None:
    response = reported.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    if status == 404:
        assert "No event with id 999999" in response.json()["detail"]


def test_bad_unit_is_a_422_naming_it(reported: TestClient) -> None:
    response = reported.get("/events", params={"unit": "articles"})
    assert response.status_code == 422 and "unit" in response.text


def test_dyad_page_says_how_many_articles_reported_the_event(reported: TestClient) -> None:
    page = reported.get("/view/relations/FRA/DEU", headers={"Accept": "text/html"})
    assert page.status_code == 200
    (event,) = reported.get("/events", params=FRA_DEU).json()["data"]
    assert f'href="/events/{event["id"]}/reports">reported by 3 articles</a>' in page.text


def test_a_new_report_refreshes_cached_answers(client: TestClient) -> None:
    params = {"a": "FRA", "b": "DEU", "root": "04"}
    for story in CALL[:2]:
        assert client.post("/articles", json=story).status_code == 201
    first = client.get("/relations", params=params).json()
    assert [e["reports"] for e in first["events"]] == [2]
    assert client.post("/articles", json=CALL[2]).status_code == 201
    again = client.get("/relations", params=params).json()
    assert again["count"] == 1 and [e["reports"] for e in again["events"]] == [3]
