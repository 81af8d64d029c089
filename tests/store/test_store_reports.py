"""Events, not reports, in the store (store/linker.py): links made in the ingest
transaction, rollups counting events, the event's heir on deletion, schema step 4."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from factories import make_article, make_event
from pg_schema import throwaway_schema
from sqlalchemy import func, select, text

from graphsvc.models import EventFilter
from graphsvc.store import Store
from graphsvc.store import migrate as migrate_module
from graphsvc.store.schema import events as events_table

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
EVERY_REPORT = EventFilter(reports=True)
CALL_SENTENCES = (
    "Putin called Erdogan about grain exports on Tuesday.",
    "Erdogan and Putin discussed grain exports by phone.",
    "The Kremlin said Putin phoned Erdogan on grain exports.",
)


def _report(n: int, **changes: object):  # type: ignore[no-untyped-def]
    return make_event(sentence=CALL_SENTENCES[n % 3], **changes)


def _rollup_count(store: Store) -> int:
    return sum(s.count for s in store.dyad_sums(EventFilter()))


def test_reports_in_one_batch_and_across_batches_are_one_event(store: Store) -> None:
    store.add_articles([(make_article("one"), [_report(0)]), (make_article("two"), [_report(1)])])
    store.add_article(make_article("three"), [_report(2, date=date(2021, 1, 14))])
    (event,) = store.query_events(EventFilter())[0]
    assert event.reports == 3 and event.event_id is None
    rows = store.query_events(EVERY_REPORT)[0]
    assert [r.event_id for r in rows] == [None, event.id, event.id]
    assert store.count_events(EventFilter()) == 1 and store.count_events(EVERY_REPORT) == 3
    assert _rollup_count(store) == 1
    assert store.actor_counts(EventFilter()) == [("RUS", 1, 1, 0), ("TUR", 1, 0, 1)]
    listed = store.event_reports(rows[2].id)  # any report's id gives its event's reports
    assert listed is not None and [e.id for e, _ in listed] == [r.id for r in rows]
    assert store.event_reports(10_000) is None


def test_link_false_stores_every_row_as_its_own_event(store: Store) -> None:
    store.add_articles([(make_article(f"day {i}"), [_report(i)]) for i in range(3)], link=False)
    assert store.count_events(EventFilter()) == 3 and _rollup_count(store) == 3


def test_an_article_never_reports_one_event_twice(store: Store) -> None:
    store.add_article(make_article("one"), [_report(0)])
    # two calls in two sentences of one article, a day apart: the extractor kept them
    # apart; only one links
    second = _report(2, date=date(2021, 1, 14), sentence_start=80)
    store.add_article(make_article("two"), [_report(1), second])
    events = store.query_events(EventFilter())[0]
    assert sorted(e.reports for e in events) == [1, 2]


def test_two_codes_of_one_sentence_are_one_report(store: Store) -> None:
    store.add_article(make_article("one"), [_report(0)])
    # "discussed … in a phone call": 040 and 041 from one sentence of the second article
    talks = _report(1, code="040", label="Hold talks", symmetric=True)
    store.add_article(make_article("two"), [talks, _report(1)])
    (event,) = store.query_events(EventFilter())[0]
    assert event.reports == 2
    assert [len(store.event_reports(event.id) or [])] == [2]  # one entry per article


def test_deleting_the_events_article_passes_it_to_the_oldest_report(store: Store) -> None:
    store.add_article(make_article("one", "a1"), [_report(0)])
    store.add_article(make_article("two", "a2"), [_report(1, date=date(2021, 1, 14))])
    store.add_article(make_article("three", "a3"), [_report(2)])
    ids = [r.id for r in store.query_events(EVERY_REPORT)[0]]
    assert store.delete_article("a1")
    (event,) = store.query_events(EventFilter())[0]
    assert (event.id, event.article_id, event.reports) == (ids[1], "a2", 2)
    assert [r.event_id for r in store.query_events(EVERY_REPORT)[0]] == [None, ids[1]]
    # the rollups follow the heir: its date now bounds the pair
    (sums,) = store.dyad_sums(EventFilter())
    assert (sums.count, sums.first_date) == (1, date(2021, 1, 14))
    assert store.delete_article("a3")  # a report goes: its event loses one
    (event,) = store.query_events(EventFilter())[0]
    assert (event.id, event.reports) == (ids[1], 1)
    assert store.delete_article("a2")
    assert store.query_events(EVERY_REPORT)[0] == [] and _rollup_count(store) == 0


def test_rollups_equal_the_canonical_rows_after_random_links_and_deletes(store: Store) -> None:
    import random

    rng = random.Random(3)
    for i in range(40):
        evs = [
            _report(rng.randrange(3), source=rng.choice(["RUS", "ARM"]),
                    date=date(2021, 1, 1 + rng.randrange(10)), symmetric=rng.random() < 0.3)
            for _ in range(rng.randrange(1, 4))
        ]  # fmt: skip
        store.add_article(make_article(f"story {i}", f"s{i}"), evs)
    for i in rng.sample(range(40), 12):
        store.delete_article(f"s{i}")
    rows = store.query_events(EVERY_REPORT)[0]
    canonical = [r for r in rows if r.event_id is None]
    assert _rollup_count(store) == len(canonical) == store.count_events(EventFilter())
    ids = {r.id for r in canonical}
    assert all(r.event_id in ids for r in rows if r.event_id is not None)
    for event in canonical:  # reports = articles with a row of the event
        articles = {r.article_id for r in rows if event.id in (r.id, r.event_id)}
        assert event.reports == len(articles)


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG_URL else []))
def reopenable_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_reports") as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'v2.db'}"


def test_a_version_2_store_is_brought_up_and_links_to_its_old_events(reopenable_url: str) -> None:
    store = Store(reopenable_url)
    store.add_article(make_article("old one"), [_report(0)])
    store.add_article(make_article("old two"), [replace(_report(1), date=date(2021, 3, 1))])
    with store.engine.begin() as conn:  # as graphsvc wrote it at schema version 2
        conn.execute(text("DROP INDEX ix_events_event_id"))
        conn.execute(text("ALTER TABLE events DROP COLUMN event_id"))
        conn.execute(text("ALTER TABLE events DROP COLUMN reports"))
        conn.execute(text("UPDATE meta SET value = 2 WHERE key = 'schema'"))
    store.close()
    store = Store(reopenable_url)
    try:
        with store.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == migrate_module.SCHEMA_VERSION >= 4
            assert conn.scalar(select(func.count()).select_from(events_table)) == 2
        assert [e.reports for e in store.query_events(EventFilter())[0]] == [1, 1]
        store.add_article(make_article("new"), [_report(2)])
        events = store.query_events(EventFilter())[0]
        assert [e.reports for e in events] == [2, 1] and _rollup_count(store) == 2
    finally:
        store.close()
