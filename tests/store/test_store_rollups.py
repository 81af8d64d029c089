"""The rollup-backed aggregates equal the same aggregates computed from the event rows.

A seeded random store (dates across month boundaries, undated and negated events, self
loops, two datasets, confidences on and between the rollups' tier boundaries) is queried
with random filters — partial and whole months, actors, codes, quad classes, min_count,
datasets, min_confidence on a tier boundary (rollups) or between (events) — and every
aggregate is compared with a plain Python count over
``query_events`` (the reference). Additions in several batches and deletions are mixed in,
so the rollups' upserts and recomputations are both exercised.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, timedelta

import pytest
from factories import make_article, make_event

from graphsvc.graph import sum_dyads
from graphsvc.models import DyadSums, Event, EventFilter
from graphsvc.store import Store
from graphsvc.store.aggregates import split_range

ACTORS = ["RUS", "TUR", "ARM", "AZE", "USA", "CHN"]
CODES = [("041", "04", 1, 1.0), ("057", "05", 1, 8.0), ("070", "07", 2, 7.0),
         ("112", "11", 3, -2.0), ("190", "19", 4, -10.0)]  # fmt: skip
START = date(2020, 11, 20)
# On tier boundaries (0.5, 0.55, 0.7: 0.7 * 20 is 14.000000000000002 in floats), between
# them, and the top.
CONFIDENCES = [0.3, 0.5, 0.55, 0.6, 0.7, 0.72, 0.9, 0.999, 1.0]
THRESHOLDS = [0.0, 0.0, 0.0, 0.5, 0.55, 0.7, 0.72, 0.95, 1.0, 0.61, 0.333]


def _random_event(rng: random.Random) -> Event:
    code, root, quad, goldstein = rng.choice(CODES)
    undated = rng.random() < 0.08
    return make_event(
        rng.choice(ACTORS),
        rng.choice(ACTORS),  # self loops included on purpose
        code=code,
        root=root,
        quad_class=quad,
        goldstein=goldstein,
        label=f"label {code}",
        date=None if undated else START + timedelta(days=rng.randrange(120)),
        negated=rng.random() < 0.1,
        symmetric=rng.random() < 0.3,
        confidence=rng.choice(CONFIDENCES),
        dataset=rng.choice(["graphsvc", "graphsvc", "gdelt"]),
    )


@pytest.fixture
def filled(store: Store) -> Store:
    rng = random.Random(7)
    batch = []
    for i in range(60):
        events = [_random_event(rng) for _ in range(rng.randrange(0, 6))]
        batch.append((make_article(f"article {i}", f"a{i}"), events))
        if len(batch) == 15:
            store.add_articles(batch)
            batch = []
    for i in (3, 17, 42):
        assert store.delete_article(f"a{i}")
    return store


def _random_filter(rng: random.Random) -> EventFilter:
    def some_day() -> date | None:
        return START + timedelta(days=rng.randrange(-5, 125)) if rng.random() < 0.6 else None

    date_from, date_to = some_day(), some_day()
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    if rng.random() < 0.2 and date_from:  # whole months now and then
        date_from = date_from.replace(day=1)
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        actors=frozenset(rng.sample(ACTORS, rng.choice([0, 0, 1, 2]))),
        codes=frozenset(c[0] for c in rng.sample(CODES, rng.choice([0, 0, 1, 2]))),
        quad_classes=frozenset(rng.sample([1, 2, 3, 4], rng.choice([0, 0, 2]))),
        min_count=rng.choice([1, 1, 2, 3]),
        include_negated=rng.random() < 0.3,
        min_confidence=rng.choice(THRESHOLDS),
        datasets=frozenset(rng.choice([(), (), ("gdelt",), ("graphsvc", "gdelt")])),
        exclude_datasets=frozenset(rng.choice([(), (), (), ("graphsvc",)])),
    )


def _kept_by_hand(store: Store, f: EventFilter) -> list[Event]:
    """The events ``f`` keeps, with its dataset and confidence filters applied here in
    Python (min_count too, since it counts after them) rather than by the store."""
    loose = replace(f, min_confidence=0.0, datasets=frozenset(),
                    exclude_datasets=frozenset(), min_count=1)  # fmt: skip
    kept = [
        e
        for e in store.query_events(loose)[0]
        if e.confidence >= f.min_confidence - 1e-7
        and (not f.datasets or e.dataset in f.datasets)
        and e.dataset not in f.exclude_datasets
    ]
    sizes = Counter((e.source, e.target) for e in kept)
    return [e for e in kept if sizes[(e.source, e.target)] >= f.min_count]


def _reference(events: list[Event]) -> dict:
    actors: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for e in events:
        actors[e.source][0] += 1
        actors[e.source][1] += 1
        actors[e.target][2] += 1
        if e.target != e.source:
            actors[e.target][0] += 1
    return {
        "actors": sorted((c, n, s, t) for c, (n, s, t) in actors.items()),
        "by_code": dict(Counter(e.code for e in events)),
        "by_root": dict(Counter(e.root for e in events)),
        "by_quad": dict(Counter(e.quad_class for e in events)),
        "count": len(events),
        "goldstein": sum(e.goldstein for e in events),
        "first": min((e.date for e in events if e.date), default=None),
        "last": max((e.date for e in events if e.date), default=None),
        "months": Counter(
            (e.date.year * 100 + e.date.month, e.quad_class) for e in events if e.date
        ),
    }


def test_aggregates_equal_a_count_over_the_events(filled: Store) -> None:
    rng = random.Random(11)
    for _ in range(60):
        f = _random_filter(rng)
        events = filled.query_events(f)[0]  # the reference: the filtered rows themselves
        assert sorted(e.id for e in events) == sorted(e.id for e in _kept_by_hand(filled, f))
        want = _reference(events)
        assert sorted(filled.actor_counts(f)) == want["actors"], f
        assert filled.counts_by("code", f) == want["by_code"], f
        totals = filled.dyad_totals(f)
        assert totals["count"] == want["count"] == filled.count_events(f), f
        assert (totals["first_date"], totals["last_date"]) == (want["first"], want["last"]), f
        if events:
            assert totals["mean_goldstein"] == pytest.approx(want["goldstein"] / len(events))
        months = {
            (m, q + 1): n
            for m, quads, _ in filled.monthly_counts(f)
            for q, n in enumerate(quads)
            if n
        }
        assert months == dict(want["months"]), f
        assert filled.counts_by("root", f) == want["by_root"], f
        assert filled.counts_by("quad_class", f) == want["by_quad"], f


def test_scoped_aggregates_equal_the_scoped_events(filled: Store) -> None:
    rng = random.Random(5)
    for _ in range(30):
        f = _random_filter(rng)
        a, b = rng.sample(ACTORS, 2)
        directed = rng.random() < 0.5
        dyad_events = filled.query_events(f, dyad=(a, b, directed))[0]
        assert filled.count_events(f, dyad=(a, b, directed)) == len(dyad_events), f
        partners = {p["partner"]: p["count"] for p in filled.partner_counts(a, f)}
        mine = filled.query_events(f, actor=a)[0]
        want = Counter(e.target if e.source == a else e.source for e in mine)
        assert partners == dict(want), f


def test_dyad_sums_equal_the_sums_of_the_events(filled: Store) -> None:
    rng = random.Random(2)
    for _ in range(30):
        f = _random_filter(rng)
        got = {(s.source, s.target): s for s in filled.dyad_sums(f)}
        want = {(s.source, s.target): s for s in sum_dyads(filled.query_events(f)[0])}
        assert got.keys() == want.keys(), f
        for pair, mine in got.items():
            ref = want[pair]
            assert (mine.count, mine.by_root, mine.symmetric) == (
                ref.count, ref.by_root, ref.symmetric
            ), f  # fmt: skip
            assert {q: n for q, n in mine.by_quad_class.items() if n} == ref.by_quad_class, f
            assert mine.goldstein_sum == pytest.approx(ref.goldstein_sum), f
            assert mine.mean_confidence == pytest.approx(ref.mean_confidence), f
            assert (mine.first_date, mine.last_date) == (ref.first_date, ref.last_date), f


def _rounded(s: DyadSums) -> DyadSums:
    """Float sums in another order (PostgreSQL's plans differ by scope) differ in the last
    bits."""
    return replace(s, confidence_sum=round(s.confidence_sum, 9))


def test_dyad_counts_and_chosen_pairs_agree_with_dyad_sums(filled: Store) -> None:
    rng = random.Random(4)
    for _ in range(30):
        f = _random_filter(rng)
        sums = {(s.source, s.target): s for s in filled.dyad_sums(f)}
        counts = filled.dyad_counts(f)
        assert {(s, t): n for s, t, n in counts} == {p: s.count for p, s in sums.items()}, f
        assert len(counts) == len(sums), f
        chosen = [*rng.sample(sorted(sums), min(len(sums), 5)), ("QQQ", "RUS")]
        got = {(s.source, s.target): _rounded(s) for s in filled.dyad_sums(f, pairs=chosen)}
        assert got == {p: _rounded(sums[p]) for p in chosen if p in sums}, f
    assert filled.dyad_sums(EventFilter(), pairs=[]) == []


def test_recent_by_dyad_gives_each_pairs_latest_matching_events(filled: Store) -> None:
    rng = random.Random(8)
    for _ in range(15):
        f = _random_filter(rng)
        matching = filled.query_events(f)[0]
        pairs = sorted({(e.source, e.target) for e in matching})
        asked = [*rng.sample(pairs, min(len(pairs), 6)), ("QQQ", "RUS")]
        got = filled.recent_by_dyad(f, asked, per_dyad=3)
        assert list(got) == asked, f
        for pair, found in got.items():
            mine = [e for e in matching if (e.source, e.target) == pair]
            assert len(found) == min(3, len(mine)), f
            assert {e.id for e in found} <= {e.id for e in mine}, f
            dated = [e.date for e in found if e.date]
            assert dated == sorted(dated, reverse=True), f
            # nothing left out is more recent than the oldest dated event given
            if dated and len(mine) > len(found):
                rest = [e.date for e in mine if e.id not in {x.id for x in found} and e.date]
                assert all(d <= dated[-1] for d in rest), f
    assert filled.recent_by_dyad(EventFilter(), [], per_dyad=3) == {}


@pytest.mark.parametrize("years", [True, False])
def test_split_range_covers_a_range_exactly_once(years: bool) -> None:
    """Whole years, whole months and days of partly covered months: disjoint, and together
    exactly the days of the range (either end may be open)."""
    low, high = date(2015, 1, 1), date(2024, 12, 31)
    every_day = [low + timedelta(days=i) for i in range((high - low).days + 1)]

    def covered(kind: str, first: object, last: object, day: date) -> bool:
        value = {"days": day, "month": day.year * 100 + day.month, "year": day.year}[kind]
        return (first is None or value >= first) and (last is None or value <= last)

    rng = random.Random(3)
    for _ in range(150):
        ends = []
        for _ in range(2):
            day = date(2016, 1, 1) + timedelta(days=rng.randrange(2800))
            day = rng.choice([day, day.replace(day=1), day.replace(month=1, day=1),
                              day.replace(month=12, day=31), None])  # fmt: skip
            ends.append(day)
        start, end = ends
        if start and end and start > end:
            start, end = end, start
        parts = split_range(start, end, years=years)
        assert years or all(kind != "year" for kind, *_ in parts)
        for day in every_day:
            inside = (start is None or day >= start) and (end is None or day <= end)
            hits = sum(covered(kind, a, b, day) for kind, a, b in parts)
            assert hits == (1 if inside else 0), (start, end, parts, day)


def test_rollups_are_rebuilt_for_a_store_made_without_them(
    tmp_path, event_factory, article_factory
) -> None:
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    store.add_article(article_factory("x", "x"), [event_factory(), event_factory("ARM", "AZE")])
    with store.engine.begin() as conn:  # as a store written before the rollups existed
        for table in ("pair_totals", "pair_years", "pair_months", "code_totals"):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("UPDATE meta SET value = 0 WHERE key = 'rollup'"))
    store.close()
    reopened = Store(url)
    try:
        assert reopened.count_events(EventFilter()) == 2
        assert sorted(c for c, *_ in reopened.actor_counts(EventFilter())) == [
            "ARM", "AZE", "RUS", "TUR"
        ]  # fmt: skip
    finally:
        reopened.close()


def test_concurrent_writers_keep_the_rollups_exact(tmp_path) -> None:
    """Writers in parallel (separate Store objects, as separate processes would be) on the
    same pairs: no deadlock, no lost update — the rollups still equal the events."""
    import os
    import threading

    from pg_schema import throwaway_schema

    def run(url: str) -> None:
        stores = [Store(url) for _ in range(4)]
        errors: list[BaseException] = []

        def write(k: int) -> None:
            rng = random.Random(k)
            try:
                for b in range(6):
                    batch = [
                        (make_article(f"w{k} b{b} a{i}", f"w{k}-{b}-{i}"),
                         [_random_event(rng) for _ in range(4)])
                        for i in range(10)
                    ]  # fmt: skip
                    stores[k].add_articles(batch)
            except BaseException as exc:  # reported below, with the others
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            assert not errors, errors
            everything = EventFilter(include_negated=True)
            events = stores[0].query_events(everything)[0]  # one row per event
            every_report = EventFilter(include_negated=True, reports=True)
            assert len(stores[0].query_events(every_report)[0]) == 4 * 6 * 10 * 4
            assert sorted(stores[0].actor_counts(everything)) == _reference(events)["actors"]
        finally:
            for s in stores:
                s.close()

    run(f"sqlite:///{tmp_path / 'concurrent.db'}")
    pg_url = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
    if pg_url:
        with throwaway_schema(pg_url, "graphsvc_rollup") as url:
            run(url)


@pytest.mark.parametrize("years", [True, False])
def test_split_range_at_the_ends_of_the_calendar(years: bool) -> None:
    """The first and last representable days are valid bounds (a date filter of 0001-01-01
    answered 500: one day before it does not exist)."""
    first_month = ("days", date.min, date(1, 1, 20))
    assert split_range(None, date(1, 1, 20), years=years) == [first_month]
    assert split_range(date.min, date(1, 1, 20), years=years) == [first_month]
    assert split_range(None, date.min, years=years) == [("days", date.min, date.min)]
    last_days = ("days", date(9999, 12, 5), date.max)
    assert split_range(date(9999, 12, 5), None, years=years) == [last_days]
    assert split_range(date(9999, 12, 5), date.max, years=years) == [last_days]
