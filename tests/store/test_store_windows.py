"""Per-window dyad sums (relationship change) equal a count over the events, both backends."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from factories import make_article, make_event

from graphsvc.models import EventFilter
from graphsvc.store import Store

ACTORS = ["RUS", "TUR", "ARM", "AZE"]
START = date(2021, 1, 1)


@pytest.fixture
def spread(store: Store) -> Store:
    rng = random.Random(9)
    for i in range(20):
        events = [
            make_event(
                rng.choice(ACTORS),
                rng.choice(ACTORS),  # self loops left out by the sums
                goldstein=rng.choice([-10.0, -4.4, 1.0, 3.4, 7.0]),
                date=START + timedelta(days=rng.randrange(-10, 130)),
                negated=rng.random() < 0.1,
            )
            for _ in range(rng.randrange(1, 8))
        ]
        store.add_article(make_article(f"spread {i}", f"s{i}"), events)
    return store


def test_window_sums_equal_the_events(spread: Store) -> None:
    """Negated events and self-loops are left out, as the statistic wants."""
    starts = [START + timedelta(days=20 * k) for k in range(6)]
    end = starts[-1] + timedelta(days=19)
    want: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for e in spread.query_events(EventFilter())[0]:
        if e.source == e.target or not (starts[0] <= e.date <= end):
            continue
        window = max(i for i, s in enumerate(starts) if e.date >= s)
        sums = want[(*sorted((e.source, e.target)), window)]
        sums[0] += 1
        sums[1] += e.goldstein
        sums[2] += e.goldstein**2
    got = {(a, b, w): [n, s, q] for a, b, w, n, s, q in spread.window_sums(starts, end)}
    assert got.keys() == want.keys()
    for key, (n, total, squares) in got.items():
        assert n == want[key][0]
        assert total == pytest.approx(want[key][1]) and squares == pytest.approx(want[key][2])


def test_extreme_events_are_the_dyads_lowest_and_highest(spread: Store) -> None:
    first, last = START, START + timedelta(days=119)
    both = [
        e
        for e in spread.query_events(EventFilter(), dyad=("RUS", "TUR", False))[0]
        if first <= e.date <= last
    ]
    lowest = spread.extreme_events(("RUS", "TUR"), first, last, lowest=True, limit=3)
    highest = spread.extreme_events(("TUR", "RUS"), first, last, lowest=False, limit=3)
    scores = sorted(e.goldstein for e in both)
    assert [e.goldstein for e in lowest] == scores[:3]
    assert [e.goldstein for e in highest] == scores[::-1][:3]
    assert all(e.article_id and e.sentence for e in lowest + highest)
    assert spread.extreme_events(("RUS", "XXX"), first, last, lowest=True, limit=3) == []


def test_last_event_date(spread: Store) -> None:
    events = spread.query_events(EventFilter(include_negated=True))[0]
    assert spread.last_event_date() == max(e.date for e in events if e.date)
