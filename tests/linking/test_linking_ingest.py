"""Events, not reports, through the real ingest path (real coder, SQLite and PostgreSQL):
three write-ups of one call from different outlets are one event with three reports."""

from __future__ import annotations

from linking_writeups import CALL, LATER_CALL, calls, ingest

from graphsvc.models import EventFilter


def test_three_write_ups_of_one_call_are_one_event_with_three_reports(service) -> None:
    for story in CALL:
        ingest(service, story)
    rows = calls(service, reports=True)
    assert {r.article_id for r in rows} == {s["id"] for s in CALL}  # every outlet coded it
    (event,) = calls(service)
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
        ingest(service, story)
    events = calls(service)
    (first,) = [e for e in events if e.article_id == CALL[0]["id"]]
    assert first.reports == 3
    later = [e for e in calls(service, reports=True) if e.article_id == LATER_CALL["id"]]
    assert later and all(e.event_id is None and e.reports == 1 for e in later)
    assert {e.article_id for e in events} == {CALL[0]["id"], LATER_CALL["id"]}


def test_deleting_the_events_own_article_promotes_the_next_report(service) -> None:
    for story in CALL:
        ingest(service, story)
    (before,) = calls(service)
    service.delete_article(CALL[0]["id"])
    (after,) = calls(service)
    assert after.id != before.id and after.article_id == CALL[1]["id"]
    assert after.event_id is None and after.reports == 2
    assert {e.event_id or e.id for e, _ in service.event_reports(after.id)} == {after.id}
    sums = service.store.dyad_sums(EventFilter(roots=frozenset({"04"})))
    assert sum(s.count for s in sums if {s.source, s.target} == {"FRA", "DEU"}) == 1
    service.delete_article(CALL[2]["id"])  # a report goes: the event keeps one
    (last,) = calls(service)
    assert last.id == after.id and last.reports == 1
