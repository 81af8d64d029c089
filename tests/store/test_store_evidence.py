"""What the evidence pages read: a dyad's events page by page newest first, and an actor's
events per partner and month (the sparklines), both checked against the event rows."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from factories import make_article, make_event

from graphsvc.cursors import decode_newest_cursor, encode_newest_cursor
from graphsvc.models import Event, EventFilter
from graphsvc.store import Store

ACTORS = ["RUS", "TUR", "ARM", "AZE"]
START = date(2020, 12, 20)


def _random_event(rng: random.Random) -> Event:
    quad = rng.choice([1, 2, 3, 4])
    return make_event(
        rng.choice(ACTORS),
        rng.choice(ACTORS),
        quad_class=quad,
        goldstein=[3.0, 7.0, -2.0, -10.0][quad - 1],
        # few distinct days, so that many events share a date (ties broken by id)
        date=None if rng.random() < 0.15 else START + timedelta(days=rng.randrange(0, 90, 3)),
        negated=rng.random() < 0.1,
    )


@pytest.fixture
def filled(store: Store) -> Store:
    rng = random.Random(3)
    batch = []
    for i in range(40):
        batch.append((make_article(f"text {i}", f"a{i}"), [_random_event(rng) for _ in range(5)]))
    store.add_articles(batch)
    return store


def _random_filter(rng: random.Random) -> EventFilter:
    def day() -> date | None:
        return START + timedelta(days=rng.randrange(-3, 93)) if rng.random() < 0.5 else None

    first, last = sorted([day() or date.min, day() or date.max])
    return EventFilter(
        date_from=None if first == date.min else first,
        date_to=None if last == date.max else last,
        quad_classes=frozenset(rng.sample([1, 2, 3, 4], rng.choice([0, 0, 2]))),
        min_count=rng.choice([1, 1, 3]),
    )


def _newest_first(events: list[Event]) -> list[int | None]:
    dated = sorted((e for e in events if e.date), key=lambda e: (e.date, e.id), reverse=True)
    undated = sorted((e for e in events if not e.date), key=lambda e: e.id or 0, reverse=True)
    return [e.id for e in dated + undated]


@pytest.mark.parametrize("directed", [False, True])
def test_dyad_pages_walk_every_event_newest_first_once(filled: Store, directed: bool) -> None:
    rng = random.Random(8)
    for _ in range(12):
        f = _random_filter(rng)
        a, b = rng.sample(ACTORS, 2)
        dyad = (a, b, directed)
        want = _newest_first(filled.query_events(f, dyad=dyad)[0])
        got: list[int | None] = []
        before = None
        while True:
            page = filled.latest_events(f, dyad=dyad, limit=4, before=before)
            got += [e.id for e in page]
            if len(page) < 4:
                break
            # through the cursor's text form, as the page's "Older" link carries it
            cursor = encode_newest_cursor(page[-1].date, page[-1].id or 0)
            before = decode_newest_cursor(cursor, filled.dialect)
        assert got == want, (f, dyad)


def test_a_page_starting_among_undated_events_reads_only_older_undated_ones(
    filled: Store,
) -> None:
    f = EventFilter()
    everything = _newest_first(filled.query_events(f, actor="RUS")[0])
    undated = [e for e in filled.query_events(f, actor="RUS")[0] if e.date is None]
    assert len(undated) >= 2
    pivot = max(e.id or 0 for e in undated)
    page = filled.latest_events(f, actor="RUS", limit=1000, before=(None, pivot))
    assert [e.id for e in page] == everything[everything.index(pivot) + 1 :]
    assert all(e.date is None for e in page)


def test_partner_months_equal_a_count_over_the_events(filled: Store) -> None:
    rng = random.Random(4)
    for _ in range(25):
        f = _random_filter(rng)
        actor = rng.choice(ACTORS)
        partners = rng.sample(ACTORS, rng.choice([1, 2, 4]))
        mine = filled.query_events(f, actor=actor)[0]
        want = Counter(
            (e.target if e.source == actor else e.source, e.date.year * 100 + e.date.month)
            for e in mine
            if e.date
        )
        got = filled.partner_months(actor, f, partners)
        assert set(got) == set(partners)
        for partner in partners:
            expected = {m: n for (p, m), n in want.items() if p == partner}
            assert got[partner] == expected, (f, actor, partner)


def test_partner_months_of_no_partners_is_empty(filled: Store) -> None:
    assert filled.partner_months("RUS", EventFilter(), []) == {}
