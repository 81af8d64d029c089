"""Range readers (store.ranged) and the SQLite exports read by id ranges: ranges come back
in order whatever reader finished first, the readers share one snapshot (writes after the
export started are not in it, a write between their openings makes them start again), an
abandoned reader stops, and full exports take the ranged path while selective filters keep
one cursor."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import make_article, make_event

from graphsvc.exports import (
    SQL_RENDERED,
    node_records,
    python_rendered_export,
    stream_events_export,
)
from graphsvc.models import EventFilter
from graphsvc.render.streaming._common import filled
from graphsvc.render.streaming.csv import stream_csv_lines
from graphsvc.store import Store
from graphsvc.store.ranged import RangeReader, SnapshotsDiffer
from graphsvc.store.rendered import RenderedStream


def _events_db(path: Path, ids: list[int]) -> list[sqlite3.Connection]:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")  # readers keep their snapshot beside a writer
    db.executescript(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, v TEXT);"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER);"
        "INSERT INTO meta VALUES ('generation', 0);"
    )
    db.executemany("INSERT INTO events VALUES (?, ?)", [(i, f"e{i}") for i in ids])
    db.commit()
    db.close()
    return [sqlite3.connect(path, check_same_thread=False) for _ in range(3)]


SQL = (
    "SELECT count(*), group_concat(v, ',') "
    "FROM (SELECT v FROM events WHERE id >= ? AND id < ? ORDER BY id)"
)


@pytest.mark.parametrize("readers", [1, 2, 3])
def test_ranges_come_in_order_and_cover_every_id(tmp_path: Path, readers: int) -> None:
    ids = [1, 2, 5, 6, 7, 40, 41, 99, 100]
    conns = _events_db(tmp_path / "r.db", ids)
    reader = RangeReader(conns[:readers], SQL, lambda lo, hi: (lo, hi), width=4)
    try:
        got = list(reader)
    finally:
        reader.close()
    assert [lo for lo, _, _ in got] == list(range(1, 101, 4))
    assert all(hi == min(lo + 4, 101) for lo, hi, _ in got)
    values = [v for _, _, (n, text) in got if n for v in text.split(",")]
    assert values == [f"e{i}" for i in ids]


def test_readers_see_the_data_of_when_they_opened(tmp_path: Path) -> None:
    conns = _events_db(tmp_path / "r.db", list(range(1, 21)))
    reader = RangeReader(conns[:2], SQL, lambda lo, hi: (lo, hi), width=3)
    writer = sqlite3.connect(tmp_path / "r.db")
    writer.execute("DELETE FROM events WHERE id = 2")
    writer.execute("INSERT INTO events VALUES (21, 'e21')")
    writer.commit()
    try:
        got = [v for _, _, (n, text) in reader if n for v in text.split(",")]
    finally:
        reader.close()
    assert got == [f"e{i}" for i in range(1, 21)]


class _Versions:
    """A connection whose data version changes the first ``changes`` times it is read."""

    def __init__(self, conn: sqlite3.Connection, changes: int) -> None:
        self.conn, self.changes, self.reads = conn, changes, 0

    def execute(self, sql: str, *args: Any) -> Any:
        if "generation" in sql:
            self.reads += 1
            bumped = self.reads <= self.changes
            return self.conn.execute(f"SELECT 20, {self.reads if bumped else 0}")
        return self.conn.execute(sql, *args)


def test_readers_that_opened_on_different_data_start_again(tmp_path: Path) -> None:
    conns = _events_db(tmp_path / "r.db", list(range(1, 21)))
    flaky = _Versions(conns[1], changes=2)
    reader = RangeReader([conns[0], flaky], SQL, lambda lo, hi: (lo, hi), width=5)
    reader.close()
    assert flaky.reads == 3
    for conn in conns:
        conn.rollback()  # the caller ends the transactions
    with pytest.raises(SnapshotsDiffer):
        RangeReader([conns[0], _Versions(conns[1], changes=99)], SQL, lambda a, b: (a, b), width=5)


def test_an_abandoned_reader_stops(tmp_path: Path) -> None:
    conns = _events_db(tmp_path / "r.db", list(range(1, 2001)))
    reader = RangeReader(conns[:2], SQL, lambda lo, hi: (lo, hi), width=10, depth=1)
    first = next(iter(reader))
    assert first[0] == 1
    reader.close()
    assert not any(t.name.startswith("graphsvc-range") for t in threading.enumerate())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'ranged.db'}")
    for a in range(4):
        events = [
            make_event(
                "RUS", "TUR", date=date(2021, 1, 1 + i), sentence=f"plain sentence {a}.{i}",
                negated=i == 3, goldstein=(2.5, 0.1 + 0.2)[i % 2],
            )
            for i in range(7)
        ]  # fmt: skip
        store.add_article(make_article(f"article {a}"), events)
    yield store
    store.close()


def test_full_exports_read_by_ranges_selective_ones_by_one_cursor(store: Store) -> None:
    template = SQL_RENDERED["graphml"][1]
    for f, ranged in [
        (EventFilter(), True),
        (EventFilter(include_negated=True, quad_classes=frozenset({1})), True),
        (EventFilter(actors=frozenset({"RUS"})), False),
        (EventFilter(date_from=date(2021, 1, 2)), False),
        (EventFilter(min_count=2), False),
    ]:
        with RenderedStream(store.engine, f, template) as stream:
            assert (stream._ranges is not None) == ranged, f


def test_a_busy_pool_gets_one_cursor_not_readers(store: Store) -> None:
    template = SQL_RENDERED["graphml"][1]
    held = [store.engine.raw_connection() for _ in range(3)]  # 2 of the pool's 5 are left
    try:
        with RenderedStream(store.engine, EventFilter(), template) as stream:
            assert stream._ranges is None
    finally:
        for conn in held:
            conn.close()
    with RenderedStream(store.engine, EventFilter(), template) as stream:
        assert stream._ranges is not None


def _rendered(store: Store, fmt: str, f: EventFilter, width: int) -> bytes:
    """The export as stream_events_export makes it, with ranges of ``width`` ids."""
    document, template, render_row, separator = SQL_RENDERED[fmt]
    stream = RenderedStream(store.engine, f, template, chunk_rows=width)
    assert stream._ranges is not None
    blocks = filled(stream, render_row, separator)
    if fmt == "csv":
        return b"".join(stream_csv_lines(blocks))
    return b"".join(document(node_records(store, store.actors(), f), blocks))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_ranges_of_every_width_give_the_python_writers_bytes(store: Store, fmt: str) -> None:
    """Ranges cut between, inside and around rows left to Python (0.1 + 0.2 is not
    SQLite's to spell), with negated events (filtered out) leaving gaps in the ids."""
    want = b"".join(python_rendered_export(store, store.actors(), fmt, EventFilter())[0])
    assert want == b"".join(stream_events_export(store, store.actors(), fmt, EventFilter())[0])
    for width in (1, 2, 3, 5, 1000):
        assert _rendered(store, fmt, EventFilter(), width) == want, width
