"""bench/make_store.py: exact counts, consistent offsets, determinism, power-law activity."""

from __future__ import annotations

import statistics
import sys
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import make_store  # noqa: E402
from synthetic import Generator  # noqa: E402

from graphsvc.models import EventFilter  # noqa: E402
from graphsvc.store.store import Store  # noqa: E402

ALL = EventFilter(include_negated=True)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("bench") / "synthetic.db"
    assert make_store.main(["--events", "500", "--db", str(path), "--seed", "7", "--quiet"]) == 0
    opened = Store(f"sqlite:///{path}")
    yield opened
    opened.close()


def test_writes_exactly_the_requested_events(store: Store) -> None:
    events, _ = store.query_events(ALL)
    assert len(events) == 500
    per_article = Counter(e.article_id for e in events)
    assert store.count_articles() == len(per_article)
    assert set(per_article.values()) <= set(range(1, 7))
    assert len(store.actors()) == 200


def test_offsets_point_at_the_texts(store: Store) -> None:
    events, _ = store.query_events(ALL)
    texts: dict[str, str] = {}
    for e in events:
        if e.article_id not in texts:
            stored = store.get_article(e.article_id)
            assert stored is not None
            texts[e.article_id] = stored[0].text
        text = texts[e.article_id]
        assert text[e.sentence_start : e.sentence_start + len(e.sentence)] == e.sentence
        for part in ("trigger", "source", "target"):
            start, end = getattr(e, f"{part}_start"), getattr(e, f"{part}_end")
            assert text[start:end] == getattr(e, f"{part}_text") != ""
            # Each span lies inside the event's own sentence.
            assert e.sentence_start <= start < end <= e.sentence_start + len(e.sentence)


def test_events_are_coded_from_the_ontology(store: Store) -> None:
    from graphsvc.extract.ontology import load_ontology

    onto = load_ontology()
    events, _ = store.query_events(ALL)
    for e in events:
        entry = onto.get(e.code)
        assert (e.root, e.quad_class, e.goldstein, e.label) == (
            entry.root,
            entry.quad_class,
            entry.goldstein,
            entry.label,
        )
        assert e.source != e.target
    groups = Counter(e.group_id for e in events if e.group_id)
    assert all(n == 3 for n in groups.values())


def test_activity_is_power_law_like(store: Store) -> None:
    events, _ = store.query_events(ALL)
    activity = Counter()
    for e in events:
        activity[e.source] += 1
        activity[e.target] += 1
    counts = sorted(activity.values(), reverse=True)
    assert counts[0] >= 10 * statistics.median(counts)
    # Mostly dated, a few undated; a few negated, some symmetric.
    assert 0 < sum(e.date is None for e in events) < 0.1 * len(events)
    assert sum(e.negated for e in events) < 0.05 * len(events)
    assert sum(e.symmetric for e in events) > 0


def test_same_seed_same_data_other_seed_other_data() -> None:
    def stories(seed: int) -> list[tuple[str, list[tuple]]]:
        return [
            (a.text, [(e.source, e.target, e.code, e.date, e.trigger_start) for e in evs])
            for a, evs in Generator(seed).articles(300)
        ]

    assert stories(3) == stories(3)
    assert stories(3) != stories(4)


def test_refuses_a_store_that_already_has_events(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    args = ["--events", "20", "--db", str(path), "--quiet"]
    assert make_store.main(args) == 0
    with pytest.raises(SystemExit, match="already holds 20 events"):
        make_store.main(args)


def test_resume_continues_where_a_run_stopped(tmp_path: Path) -> None:
    def stored(path: Path) -> list[tuple]:
        s = Store(f"sqlite:///{path}")
        try:
            events, _ = s.query_events(ALL)
            return [(e.article_id, e.source, e.target, e.code, e.sentence_start) for e in events]
        finally:
            s.close()

    whole = tmp_path / "whole.db"
    assert make_store.main(["--events", "300", "--db", str(whole), "--quiet"]) == 0
    # A run that stopped after its first batches: the first 40 stories of the same seed.
    part = tmp_path / "part.db"
    store = Store(f"sqlite:///{part}")
    try:
        store.add_articles(list(islice(Generator(1).articles(300), 40)))
    finally:
        store.close()
    with pytest.raises(SystemExit, match="does not hold the first stories of seed 2"):
        make_store.main(["--events", "300", "--db", str(part), "--seed", "2", "--resume"])
    assert make_store.main(["--events", "300", "--db", str(part), "--resume", "--quiet"]) == 0
    assert stored(part) == stored(whole)
    resumed = Store(f"sqlite:///{part}")
    try:
        assert len(resumed.actors()) == 200  # none from the refused seed
    finally:
        resumed.close()
