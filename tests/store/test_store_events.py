"""Event queries: filters, keyset pages, SQL aggregates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from graphsvc.errors import InvalidInput
from graphsvc.models import Article, Event, EventFilter
from graphsvc.store import Store

D = date


@pytest.fixture
def loaded(
    store: Store,
    event_factory: Callable[..., Event],
    article_factory: Callable[..., Article],
) -> Store:
    """Two articles, eight events with varied dates, codes, quad classes and one negation."""

    def ev(
        source: str,
        target: str,
        code: str,
        quad: int,
        goldstein: float,
        when: date | None,
        **kw: Any,
    ) -> Event:
        # CAMEO roots are the first two digits of the code.
        return event_factory(
            source,
            target,
            code=code,
            root=code[:2],
            quad_class=quad,
            goldstein=goldstein,
            date=when,
            **kw,
        )

    store.add_article(
        article_factory("first article", "a1", title="First"),
        [
            ev("RUS", "TUR", "041", 1, 1.0, D(2021, 1, 13)),
            ev("TUR", "RUS", "042", 1, 1.9, D(2021, 1, 14)),
            ev("RUS", "AZE", "057", 1, 8.0, D(2020, 11, 10)),
            ev("ARM", "AZE", "190", 4, -10.0, D(2020, 10, 1)),
        ],
    )
    store.add_article(
        article_factory("second article", "a2", title="Second"),
        [
            ev("AZE", "ARM", "190", 4, -10.0, None),
            ev("USA", "RUS", "112", 3, -2.0, D(2021, 2, 1)),
            ev("RUS", "TUR", "061", 2, 6.4, D(2021, 3, 1)),
            ev("RUS", "USA", "111", 3, -2.0, D(2021, 1, 13), negated=True),
        ],
    )
    return store


def pairs(events: list[Event]) -> list[tuple[str, str, str]]:
    return [(e.source, e.target, e.code) for e in events]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), 7),
        (EventFilter(include_negated=True), 8),
        (EventFilter(date_from=D(2021, 1, 1)), 4),
        (EventFilter(date_to=D(2020, 12, 31)), 2),
        (EventFilter(date_from=D(2021, 1, 13), date_to=D(2021, 1, 14)), 2),
        (EventFilter(actors=frozenset({"AZE"})), 3),
        (EventFilter(actors=frozenset({"USA", "ARM"})), 3),
        (EventFilter(codes=frozenset({"190"})), 2),
        (EventFilter(roots=frozenset({"04"})), 2),
        (EventFilter(codes=frozenset({"057"}), roots=frozenset({"04"})), 3),
        (EventFilter(quad_classes=frozenset({3, 4})), 3),
        (EventFilter(quad_classes=frozenset({3}), include_negated=True), 2),
        (EventFilter(actors=frozenset({"RUS"}), quad_classes=frozenset({1})), 3),
        (EventFilter(actors=frozenset({"XXX"})), 0),
    ],
)
def test_filters(loaded: Store, flt: EventFilter, expected: int) -> None:
    events, cursor = loaded.query_events(flt)
    assert len(events) == expected == loaded.count_events(flt)
    assert cursor is None
    for e in events:
        assert flt.include_negated or not e.negated
        if flt.actors:
            assert e.source in flt.actors or e.target in flt.actors
        if flt.date_from:
            assert e.date is not None and e.date >= flt.date_from


def test_event_pages_by_id(loaded: Store) -> None:
    flt = EventFilter(include_negated=True)
    everything, _ = loaded.query_events(flt)
    got: list[Event] = []
    cursor: str | None = None
    while True:
        page, cursor = loaded.query_events(flt, limit=3, cursor=cursor)
        assert len(page) <= 3
        got += page
        if cursor is None:
            break
    assert got == everything
    assert [e.id for e in got] == sorted(e.id for e in got)  # type: ignore[type-var]


def test_event_page_exact_fit_has_no_cursor(loaded: Store) -> None:
    page, cursor = loaded.query_events(EventFilter(), limit=7)
    assert len(page) == 7 and cursor is None


@pytest.mark.parametrize("cursor", ["garbage", "WyJhIl0", "W10"])
def test_bad_event_cursor(loaded: Store, cursor: str) -> None:
    with pytest.raises(InvalidInput):
        loaded.query_events(EventFilter(), limit=2, cursor=cursor)


def test_scopes_actor_and_dyad(loaded: Store) -> None:
    flt = EventFilter()
    assert loaded.count_events(flt, actor="TUR") == 3
    assert loaded.count_events(flt, dyad=("RUS", "TUR", True)) == 2
    assert loaded.count_events(flt, dyad=("RUS", "TUR", False)) == 3
    assert loaded.count_events(flt, dyad=("TUR", "RUS", True)) == 1
    events, _ = loaded.query_events(flt, dyad=("ARM", "AZE", False), with_titles=True)
    assert {e.extra["article_title"] for e in events} == {"First", "Second"}


def test_latest_events_order(loaded: Store) -> None:
    latest = loaded.latest_events(EventFilter(), actor="RUS", limit=10)
    assert [e.date for e in latest] == [
        D(2021, 3, 1),
        D(2021, 2, 1),
        D(2021, 1, 14),
        D(2021, 1, 13),
        D(2020, 11, 10),
    ]
    undated = loaded.latest_events(EventFilter(), actor="ARM", limit=10)
    assert undated[-1].date is None


def test_actor_counts(loaded: Store) -> None:
    counts = {c: (n, s, t) for c, n, s, t in loaded.actor_counts(EventFilter())}
    assert counts == {
        "RUS": (5, 3, 2),
        "TUR": (3, 1, 2),
        "AZE": (3, 1, 2),
        "ARM": (2, 1, 1),
        "USA": (1, 1, 0),
    }
    ordered = [c for c, *_ in loaded.actor_counts(EventFilter())]
    assert ordered[0] == "RUS"


def test_actor_counts_count_self_loop_once(
    store: Store, event_factory: Callable[..., Event], article_factory: Callable[..., Article]
) -> None:
    store.add_article(article_factory("loop", "l"), [event_factory("RUS", "RUS")])
    assert store.actor_counts(EventFilter()) == [("RUS", 1, 1, 1)]


def test_partner_counts(loaded: Store) -> None:
    partners = {p["partner"]: p for p in loaded.partner_counts("RUS", EventFilter())}
    assert set(partners) == {"TUR", "AZE", "USA"}
    tur = partners["TUR"]
    assert (tur["count"], tur["cooperation"], tur["conflict"]) == (3, 3, 0)
    assert tur["mean_goldstein"] == pytest.approx((1.0 + 1.9 + 6.4) / 3)
    assert partners["USA"]["conflict"] == 1
    first = loaded.partner_counts("RUS", EventFilter())[0]
    assert first["partner"] == "TUR"


def test_counts_by(loaded: Store) -> None:
    assert loaded.counts_by("root", EventFilter(), actor="RUS") == {
        "04": 2,
        "05": 1,
        "06": 1,
        "11": 1,
    }
    assert loaded.counts_by("quad_class", EventFilter()) == {1: 3, 2: 1, 3: 1, 4: 2}
    assert loaded.counts_by("code", EventFilter(), dyad=("ARM", "AZE", False)) == {"190": 2}


def test_dyad_totals(loaded: Store) -> None:
    both = loaded.dyad_totals(EventFilter(), ("TUR", "RUS", False))
    assert both["count"] == 3
    assert both["first_date"] == D(2021, 1, 13) and both["last_date"] == D(2021, 3, 1)
    assert both["mean_goldstein"] == pytest.approx(3.1)
    none = loaded.dyad_totals(EventFilter(), ("USA", "ARM", False))
    assert none["count"] == 0 and none["mean_goldstein"] is None and none["first_date"] is None


def test_min_count_keeps_events_of_busy_ordered_pairs(loaded: Store) -> None:
    """min_count was applied by the graph builders only; /events and the counts ignored it."""
    busy = EventFilter(min_count=2)
    events, _ = loaded.query_events(busy)
    assert pairs(events) == [("RUS", "TUR", "041"), ("RUS", "TUR", "061")]
    assert loaded.count_events(busy) == 2
    # the pair is counted under the other filters, not over all events
    assert loaded.count_events(EventFilter(min_count=2, date_from=D(2021, 2, 1))) == 0
    assert loaded.count_events(EventFilter(min_count=2, roots=frozenset({"04", "06"}))) == 2
    assert loaded.count_events(EventFilter(min_count=3)) == 0
    # keyset pages and the aggregates see the same events
    first, cursor = loaded.query_events(busy, limit=1)
    rest, end = loaded.query_events(busy, limit=5, cursor=cursor)
    assert first + rest == events and end is None
    assert loaded.actor_counts(busy) == [("RUS", 2, 2, 0), ("TUR", 2, 0, 2)]
    assert loaded.counts_by("root", busy, actor="RUS") == {"04": 1, "06": 1}
    assert loaded.dyad_totals(busy, ("TUR", "RUS", False))["count"] == 2
