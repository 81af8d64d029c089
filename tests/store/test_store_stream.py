"""Streamed event rows: the same events as query_events under every filter, in id order
and fixed-size chunks; the connection is released when the consumer stops early."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from factories import make_article, make_event
from sqlalchemy import event as sa_event

from graphsvc.models import EventFilter
from graphsvc.rows import ROW_FIELDS
from graphsvc.store import Store
from graphsvc.store.engine import single_connection

D = date
PAIRS = [("RUS", "TUR"), ("TUR", "RUS"), ("ARM", "AZE"), ("AZE", "ARM"), ("USA", "CHN")]
FILTERS = [
    EventFilter(),
    EventFilter(date_from=D(2021, 1, 5), date_to=D(2021, 1, 20)),
    EventFilter(actors=frozenset({"AZE"})),
    EventFilter(codes=frozenset({"190"}), roots=frozenset({"04"})),
    EventFilter(quad_classes=frozenset({1, 4})),
    EventFilter(min_count=3),
    EventFilter(min_count=4, actors=frozenset({"RUS", "ARM"})),
    EventFilter(include_negated=True),
    EventFilter(include_negated=True, min_count=5),
]


@pytest.fixture
def filled(store: Store) -> Store:
    """25 events over 5 dyads with varied dates, codes and quad classes, some negated or
    undated, in three articles."""
    for a in range(3):
        events = []
        for i in range(a * 9, min(a * 9 + 9, 25)):
            source, target = PAIRS[i % 5] if i % 7 else PAIRS[0]
            code = ("041", "190", "112", "057")[i % 4]
            events.append(
                make_event(
                    source,
                    target,
                    code=code,
                    root=code[:2],
                    quad_class=(1, 4, 3, 2)[i % 4],
                    date=None if i % 6 == 5 else D(2021, 1, 1 + i),
                    negated=i % 8 == 3,
                    symmetric=i % 5 == 0,
                    group_id=f"g{i}" if i % 3 == 0 else None,
                    source_sector="GOV" if i % 2 else None,
                    sentence=f'Event {i}: "{source}" & {target}.',
                )
            )
        store.add_article(make_article(f"article {a}", f"a{a}"), events)
    return store


def all_rows(store: Store, f: EventFilter, chunk_rows: int = 4) -> list[tuple[Any, ...]]:
    with store.stream_events(f, chunk_rows=chunk_rows) as stream:
        chunks = list(stream)
    assert all(len(c) <= chunk_rows for c in chunks)
    return [tuple(r) for c in chunks for r in c]


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_stream_gives_the_events_query_events_gives(filled: Store, f: EventFilter) -> None:
    expected, _ = filled.query_events(f)
    rows = all_rows(filled, f)
    assert [r[0] for r in rows] == [e.id for e in expected]  # same set, id order
    for row, event in zip(rows, expected, strict=True):
        values = dict(zip(ROW_FIELDS, row, strict=True))
        assert values.pop("date") == (event.date.isoformat() if event.date else "")
        for name in ("symmetric", "negated"):
            assert bool(values.pop(name)) is getattr(event, name)
        for name in ("source_sector", "target_sector", "group_id"):
            assert values.pop(name) == (getattr(event, name) or "")
        assert values == {name: getattr(event, name) for name in values}


def test_rows_are_plain_and_chunks_full_but_the_last(filled: Store) -> None:
    with filled.stream_events(EventFilter(include_negated=True), chunk_rows=10) as stream:
        sizes = [len(chunk) for chunk in stream]
    assert sizes == [10, 10, 5]


def test_an_empty_result_yields_no_chunk(filled: Store) -> None:
    with filled.stream_events(EventFilter(actors=frozenset({"QQQ"}))) as stream:
        assert list(stream) == []


def _checked_out(store: Store) -> int:
    return store.engine.pool.checkedout()  # type: ignore[attr-defined]


def _lock_is_free(store: Store) -> bool:
    """True when another thread can take the store's lock (in-memory SQLite)."""
    taken: list[bool] = []

    def probe() -> None:
        lock = store._lock
        got = lock.acquire(timeout=2)  # type: ignore[attr-defined]
        taken.append(got)
        if got:
            lock.release()  # type: ignore[attr-defined]

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return taken == [True]


def test_closing_a_consumer_early_releases_the_connection(filled: Store) -> None:
    """A web server closes the response's generator when the client goes away."""
    stream = filled.stream_events(EventFilter(), chunk_rows=2)

    def consumer() -> Iterator[int]:
        try:
            for chunk in stream:
                yield len(chunk)
        finally:
            stream.close()

    body = consumer()
    assert next(body) == 2
    if single_connection(filled.engine):
        assert _lock_is_free(filled)  # never held between chunks
    else:
        assert _checked_out(filled) == 1  # the open cursor holds its connection
    body.close()
    if not single_connection(filled.engine):
        assert _checked_out(filled) == 0
    assert list(stream) == []  # closed for good
    assert len(all_rows(filled, EventFilter())) > 0  # and the store still answers


def test_abandoned_iteration_releases_the_connection(filled: Store) -> None:
    stream = filled.stream_events(EventFilter(), chunk_rows=2)
    chunks = iter(stream)
    next(chunks)
    chunks.close()  # the generator's finally closes the stream
    if not single_connection(filled.engine):
        assert _checked_out(filled) == 0
    else:
        assert _lock_is_free(filled)


def test_chunks_can_be_read_from_other_threads(filled: Store) -> None:
    """Starlette resumes a sync iterator on any worker thread: each next() on a new one."""
    expected = [e.id for e in filled.query_events(EventFilter())[0]]
    chunks = iter(filled.stream_events(EventFilter(), chunk_rows=3))
    ids: list[int] = []
    while True:
        with ThreadPoolExecutor(max_workers=1) as pool:
            chunk = pool.submit(next, chunks, None).result()
        if chunk is None:
            break
        ids += [r[0] for r in chunk]
    assert ids == expected
    assert _lock_is_free(filled) if single_connection(filled.engine) else True


def test_min_count_runs_the_busy_dyad_query_once(filled: Store) -> None:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa_event.listen(filled.engine, "before_cursor_execute", record)
    try:
        rows = all_rows(filled, EventFilter(min_count=3), chunk_rows=2)
    finally:
        sa_event.remove(filled.engine, "before_cursor_execute", record)
    assert len(rows) > 4  # several chunks
    assert sum("GROUP BY" in s.upper() for s in statements) == 1
