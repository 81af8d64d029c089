"""The dataset filter: every aggregate read with it equals a GROUP BY over the events of
those datasets (summed from the rollups, which are keyed by dataset since schema 7)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from factories import make_article, make_event
from support import every_event

from graphsvc.imports.runner import Summary
from graphsvc.models import EventFilter
from graphsvc.store import Store

Run = Callable[..., Summary]


@pytest.fixture
def mixed(store: Store, run: Run) -> Store:
    """GDELT 1.0, ACLED and ICEWS events beside three extracted ones."""
    run("gdelt1", "gdelt1_20240119.export.CSV")
    run("acled", "acled_2024-02.csv")
    run("icews", "icews_events_2019.tab")
    store.add_article(
        make_article("Russian and Ukrainian envoys spoke by phone.", "own-1"),
        [make_event("RUS", "UKR", date=date(2024, 1, 20)),
         make_event("TUR", "RUS", code="042", root="04", date=date(2024, 2, 11)),
         make_event("RUS", "UKR", code="190", root="19", quad_class=4, goldstein=-10.0,
                    date=date(2024, 1, 22))],
    )  # fmt: skip
    return store


OTHERS = [
    EventFilter(),
    EventFilter(date_from=date(2024, 1, 17)),
    EventFilter(roots=frozenset({"19"})),
]


def _expected(store: Store, keep: Callable[[str], bool], f: EventFilter) -> Counter:
    """Per ordered pair, the events of the kept datasets under the other filters."""
    pairs: Counter = Counter()
    for e in every_event(store):
        if not keep(e.dataset):
            continue
        if f.date_from and (e.date is None or e.date < f.date_from):
            continue
        if f.roots and e.root not in f.roots:
            continue
        pairs[(e.source, e.target)] += 1
    return pairs


@pytest.mark.parametrize(
    ("datasets", "excluded"),
    [({"acled"}, set()), ({"graphsvc"}, set()), (set(), {"gdelt1"}),
     ({"gdelt1", "acled"}, {"acled"}), (set(), {"graphsvc", "icews"})],
)  # fmt: skip
@pytest.mark.parametrize("other", OTHERS)
def test_dyad_counts_by_dataset_equal_the_events_of_those_datasets(
    mixed: Store, datasets: set[str], excluded: set[str], other: EventFilter
) -> None:
    f = EventFilter(date_from=other.date_from, roots=other.roots,
                    datasets=frozenset(datasets), exclude_datasets=frozenset(excluded))  # fmt: skip

    def keep(name: str) -> bool:
        return (not datasets or name in datasets) and name not in excluded

    expected = _expected(mixed, keep, f)
    assert expected  # every case keeps some events
    got = Counter({(s, t): n for s, t, n in mixed.dyad_counts(f)})
    assert got == expected
    assert sum(n for _, n, _, _ in mixed.actor_counts(f)) >= sum(expected.values())
    assert mixed.count_events(f) == sum(expected.values())
    listed, _ = mixed.query_events(f, limit=10_000)
    assert Counter((e.source, e.target) for e in listed) == expected
    assert all(keep(e.dataset) for e in listed)


def test_without_a_dataset_filter_the_rollups_count_every_dataset(mixed: Store) -> None:
    total = sum(n for _, _, n in mixed.dyad_counts(EventFilter()))
    assert total == mixed.count_events(EventFilter()) == 10 + 4 + 8 + 3
