"""Store.actor_spans: each actor's first and last dated event under a filter, from the
rollups, equal to what the events themselves say (the dynamic GEXF's node spans)."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_article, make_event

from graphsvc.models import Event, EventFilter
from graphsvc.store import Store

PAIRS = [("RUS", "TUR"), ("TUR", "RUS"), ("ARM", "AZE"), ("RUS", "USA"), ("FRA", "FRA")]
FILTERS = [
    EventFilter(),
    EventFilter(date_from=date(2020, 3, 1), date_to=date(2021, 6, 30)),
    EventFilter(date_from=date(2020, 2, 10), date_to=date(2020, 2, 20)),
    EventFilter(actors=frozenset({"AZE"})),
    EventFilter(quad_classes=frozenset({4})),
    EventFilter(min_count=4),
    EventFilter(include_negated=True),
]


def _events() -> list[Event]:
    out = []
    for i in range(40):
        source, target = PAIRS[i % len(PAIRS)]
        day = None if i % 7 == 3 else date(2019 + i % 3, 1 + i % 12, 1 + (3 * i) % 28)
        quad = (1, 4)[i % 2]
        out.append(
            make_event(source, target, code=("041", "190")[i % 2], root=("04", "19")[i % 2],
                       quad_class=quad, date=day, negated=i % 11 == 5)
        )  # fmt: skip
    # FRA's only event is undated: it has a span of (None, None).
    out.append(make_event("FRA", "DEU", date=None))
    return out


def _reference(events: list[Event], f: EventFilter) -> dict[str, tuple[date | None, date | None]]:
    def matches(e: Event) -> bool:
        return (
            (f.include_negated or not e.negated)
            and (f.date_from is None or (e.date is not None and e.date >= f.date_from))
            and (f.date_to is None or (e.date is not None and e.date <= f.date_to))
            and (not f.actors or bool({e.source, e.target} & f.actors))
            and (not f.quad_classes or e.quad_class in f.quad_classes)
        )

    kept = [e for e in events if matches(e)]
    sizes: dict[tuple[str, str], int] = {}
    for e in kept:
        sizes[(e.source, e.target)] = sizes.get((e.source, e.target), 0) + 1
    spans: dict[str, tuple[date | None, date | None]] = {}
    for e in kept:
        if sizes[(e.source, e.target)] < f.min_count:
            continue
        for code in (e.source, e.target):
            first, last = spans.get(code, (None, None))
            if e.date is not None:
                first = e.date if first is None else min(first, e.date)
                last = e.date if last is None else max(last, e.date)
            spans[code] = (first, last)
    return spans


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_actor_spans_equal_the_events(store: Store, f: EventFilter) -> None:
    events = _events()
    store.add_article(make_article("spans"), events)
    want = _reference(events, f)
    assert want  # every filter here matches something
    assert store.actor_spans(f) == want
    assert set(store.actor_spans(f)) == {code for code, *_ in store.actor_counts(f)}
