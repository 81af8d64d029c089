"""Events, not reports, through the real ingest path (real coder, SQLite and PostgreSQL):
three write-ups of one call from different outlets are one event with three reports."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from factories import api_support
from linking_writeups import CALL, LATER_CALL
from pg_schema import throwaway_schema

from graphsvc.models import ArticleInput, EventFilter
from graphsvc.service import GraphService
from graphsvc.settings import Settings

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="module")
def extractor() -> object:
    return api_support().session_extractor()


@pytest.fixture(params=BACKENDS)
def service(request: pytest.FixtureRequest, tmp_path: Path, extractor: object) -> Iterator:
    def build(url: str) -> GraphService:
        return GraphService(Settings(db=url), extractor=extractor)  # type: ignore[arg-type]

    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_linking") as url:
            svc = build(url)
            yield svc
            svc.close()
        return
    svc = build(str(tmp_path / "graphsvc.db"))
    yield svc
    svc.close()


def _ingest(service: GraphService, story: dict) -> None:
    item = ArticleInput(
        text=story["text"], id=story["id"], title=story["title"], source=story["source"],
        published=date.fromisoformat(story["published"]),
    )  # fmt: skip
    assert service.ingest(item).created


def _calls(service: GraphService, *, reports: bool = False) -> list:
    f = EventFilter(actors=frozenset({"FRA", "DEU"}), roots=frozenset({"04"}), reports=reports)
    return service.store.query_events(f)[0]


def test_three_write_ups_of_one_call_are_one_event_with_three_reports(service) -> None:
    for story in CALL:
        _ingest(service, story)
    rows = _calls(service, reports=True)
    assert {r.article_id for r in rows} == {s["id"] for s in CALL}  # every outlet coded it
    (event,) = _calls(service)
    assert event.reports == 3
    assert event.article_id == CALL[0]["id"]  # the first report stays the event's own row
    reports = service.event_reports(event.id)
    assert sorted(a.source for _, a in reports) == ["Daily Ledger", "Harbour Post", "Northwire"]
    assert {e.event_id or e.id for e, _ in reports} == {event.id}
    # The graph and the counts see one event between the two leaders.
    sums = service.store.dyad_sums(EventFilter(roots=frozenset({"04"})))
    assert sum(s.count for s in sums if {s.source, s.target} == {"FRA", "DEU"}) == 1
    assert service.dyad_graph(EventFilter(roots=frozenset({"04"}))).number_of_edges() == 1


def test_a_call_a_week_later_is_another_event(service) -> None:
    for story in (*CALL, LATER_CALL):
        _ingest(service, story)
    events = _calls(service)
    (first,) = [e for e in events if e.article_id == CALL[0]["id"]]
    assert first.reports == 3
    later = [e for e in _calls(service, reports=True) if e.article_id == LATER_CALL["id"]]
    assert later and all(e.event_id is None and e.reports == 1 for e in later)
    assert {e.article_id for e in events} == {CALL[0]["id"], LATER_CALL["id"]}


def test_deleting_the_events_own_article_promotes_the_next_report(service) -> None:
    for story in CALL:
        _ingest(service, story)
    (before,) = _calls(service)
    service.delete_article(CALL[0]["id"])
    (after,) = _calls(service)
    assert after.id != before.id and after.article_id == CALL[1]["id"]
    assert after.event_id is None and after.reports == 2
    assert {e.event_id or e.id for e, _ in service.event_reports(after.id)} == {after.id}
    sums = service.store.dyad_sums(EventFilter(roots=frozenset({"04"})))
    assert sum(s.count for s in sums if {s.source, s.target} == {"FRA", "DEU"}) == 1
    service.delete_article(CALL[2]["id"])  # a report goes: the event keeps one
    (last,) = _calls(service)
    assert last.id == after.id and last.reports == 1
