"""A directed dyad a→b holds its own events and b→a's symmetric ones, never twice.

"Russia and Turkey held talks" is stored once, as RUS→TUR with symmetric=true; the graph
draws it both ways, so ``source=TUR&target=RUS`` must count it as well. Every aggregate
path is exercised: rollups without filters, whole and partial months (rollups + events),
quad-class filters (code rollup and events), monthly and daily series, lists and min_count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from factories import make_article, make_event

from graphsvc.models import Event, EventFilter
from graphsvc.store import Store

D = date


def _ev(source: str, target: str, quad: int, goldstein: float, day: date, **kw: Any) -> Event:
    code = {1: "043", 2: "070", 3: "130", 4: "190"}[quad]
    return make_event(
        source, target, code=code, root=code[:2], quad_class=quad, goldstein=goldstein,
        date=day, **kw,
    )  # fmt: skip


@pytest.fixture
def talks(store: Store) -> Store:
    store.add_article(
        make_article("talks", "a1"),
        [
            _ev("RUS", "TUR", 1, 4.0, D(2021, 1, 13), symmetric=True),  # mutual talks
            _ev("RUS", "TUR", 3, -4.0, D(2021, 2, 3)),
            _ev("TUR", "RUS", 2, 7.0, D(2021, 3, 5)),
            _ev("TUR", "RUS", 1, 3.0, D(2021, 3, 20), symmetric=True),
            _ev("TUR", "TUR", 1, 2.0, D(2021, 3, 21), symmetric=True),  # a self loop
            _ev("RUS", "ARM", 1, 3.0, D(2021, 1, 14), symmetric=True),  # another dyad
        ],
    )
    return store


FILTERS = [
    EventFilter(),
    EventFilter(date_from=D(2021, 1, 1), date_to=D(2021, 12, 31)),  # whole year
    EventFilter(date_from=D(2021, 1, 10), date_to=D(2021, 3, 25)),  # partial months
    EventFilter(quad_classes=frozenset({1, 2})),  # the code rollup
    EventFilter(quad_classes=frozenset({1, 2}), date_from=D(2021, 1, 1)),  # events
    EventFilter(include_negated=True),
]


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_directed_dyad_counts_the_reverse_symmetric_events(talks: Store, f: EventFilter) -> None:
    quads = f.quad_classes or frozenset({1, 2, 3, 4})
    for (a, b), want in {
        ("TUR", "RUS"): [(2, 7.0), (1, 3.0), (1, 4.0)],  # its own two and RUS→TUR's talks
        ("RUS", "TUR"): [(1, 4.0), (3, -4.0), (1, 3.0)],
    }.items():
        want = [(q, g) for q, g in want if q in quads]
        dyad = (a, b, True)
        totals = talks.dyad_totals(f, dyad)
        assert totals["count"] == len(want) == talks.count_events(f, dyad=dyad)
        assert totals["mean_goldstein"] == pytest.approx(sum(g for _, g in want) / len(want))
        assert sum(talks.counts_by("code", f, dyad=dyad).values()) == len(want)
        by_quad = talks.counts_by("quad_class", f, dyad=dyad)
        assert by_quad == {q: sum(1 for w, _ in want if w == q) for q in {w for w, _ in want}}
        monthly = talks.monthly_counts(f, dyad=dyad)
        daily = talks.daily_counts(f, dyad=dyad)
        for series in (monthly, daily):
            assert sum(sum(quads_) for _, quads_, _ in series) == len(want)
            assert sum(g for *_, g in series) == pytest.approx(sum(g for _, g in want))
        assert len(talks.query_events(f, dyad=dyad)[0]) == len(want)
        assert len(talks.latest_events(f, dyad=dyad, limit=10)) == len(want)


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_undirected_dyad_counts_each_event_once(talks: Store, f: EventFilter) -> None:
    quads = f.quad_classes or frozenset({1, 2, 3, 4})
    want = [q for q in (1, 3, 2, 1) if q in quads]
    for a, b in (("RUS", "TUR"), ("TUR", "RUS")):
        assert talks.count_events(f, dyad=(a, b, False)) == len(want)
        assert len(talks.latest_events(f, dyad=(a, b, False), limit=10)) == len(want)
        monthly = talks.monthly_counts(f, dyad=(a, b, False))
        assert sum(sum(q) for _, q, _ in monthly) == len(want)


def test_a_symmetric_self_loop_counts_once(talks: Store) -> None:
    assert talks.count_events(EventFilter(), dyad=("TUR", "TUR", True)) == 1
    assert len(talks.latest_events(EventFilter(), dyad=("TUR", "TUR", True), limit=9)) == 1


def test_a_directed_dyad_without_symmetric_events_is_unchanged(talks: Store) -> None:
    # RUS→ARM's talks are symmetric: ARM→RUS has one event, RUS→ARM one, both ways one.
    assert talks.count_events(EventFilter(), dyad=("ARM", "RUS", True)) == 1
    assert talks.count_events(EventFilter(), dyad=("RUS", "ARM", True)) == 1
    assert talks.count_events(EventFilter(), dyad=("RUS", "ARM", False)) == 1
    assert talks.count_events(EventFilter(), dyad=("TUR", "ARM", True)) == 0


def test_min_count_keeps_a_mirrored_pair_by_its_own_count(talks: Store) -> None:
    # RUS→TUR has 2 events, TUR→RUS 2: with min_count=2 both stay, so TUR→RUS shows 3.
    f = EventFilter(min_count=2)
    assert talks.count_events(f, dyad=("TUR", "RUS", True)) == 3
    assert len(talks.query_events(f, dyad=("TUR", "RUS", True))[0]) == 3
    assert sum(talks.counts_by("code", f, dyad=("TUR", "RUS", True)).values()) == 3
    # With min_count=3 no ordered pair qualifies: nothing, mirrored or not.
    f = EventFilter(min_count=3)
    assert talks.count_events(f, dyad=("TUR", "RUS", True)) == 0
    assert talks.query_events(f, dyad=("TUR", "RUS", True))[0] == []
