"""Event text rendered by the database (store.rendered) is byte for byte the Python
writers' text: for every format, on SQLite files and PostgreSQL, for awkward strings and
floats (hypothesis), under filters, across chunk edges; rows the database cannot spell go
to Python in place; abandoning a stream frees its connection."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from factories import make_article, make_event
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg_schema import throwaway_schema

from graphsvc.exports import SQL_RENDERED, python_rendered_export, stream_events_export
from graphsvc.models import Actor, Event, EventFilter
from graphsvc.store import Store
from graphsvc.store.rendered import RenderedStream

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite-file"] + (["postgresql"] if PG_URL else [])
FORMATS = ("graphml", "gexf", "json", "csv")
ALL = EventFilter(include_negated=True)

# Characters every writer treats specially somewhere: XML markup and quotes, line breaks,
# controls XML forbids, noncharacters, CSV separators and formula starts, JSON's backslash,
# printf's percent, non-ASCII and astral characters.
AWKWARD = ['"', "&", "<", ">", "\r", "\n", "\t", "\x01", "\x08", "\x0b", "\x1f", "\x7f",
           "\ufffe", "\uffff", "\ufffd", ",", "\\", "=", "-", "+", "@", "'", "%", "%s", " ",
           "é", "ß", "😀", "\u2028", "\uff1d", "&amp;", "]]>"]  # fmt: skip
FLOATS = [2.0, -0.0, 0.0, 1e-05, 0.0001, 0.00012, 0.1 + 0.2, 1 / 3, -10.0, 10.0, 5e-324,
          9.999999999999998, 0.7999999999999999, 6.666666666666666]  # fmt: skip


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_rendered") as url:
            store = Store(url)
            try:
                yield store
            finally:
                store.close()
        return
    store = Store(f"sqlite:///{tmp_path / 'rendered.db'}")
    yield store
    store.close()


def _both(store: Store, fmt: str, f: EventFilter) -> tuple[bytes, bytes]:
    """(database-rendered export, Python-written export) of the same events."""
    actors = store.actors()
    rendered, _ = stream_events_export(store, actors, fmt, f)
    python, _ = python_rendered_export(store, actors, fmt, f)
    return b"".join(rendered), b"".join(python)


def _texts(nul: bool, size: int) -> st.SearchStrategy[str]:
    pieces = AWKWARD + (["\x00"] if nul else [])
    alphabet = st.one_of(
        st.sampled_from(pieces), st.characters(codec="utf-8", exclude_characters="\x00")
    )
    return st.lists(alphabet, max_size=size).map(lambda parts: "".join(parts)[:size])


def _events(nul: bool) -> st.SearchStrategy[list[Event]]:
    floats = st.one_of(st.sampled_from(FLOATS), st.floats(-10, 10))
    confidences = st.one_of(st.sampled_from([f for f in FLOATS if 0 <= f <= 1]), st.floats(0, 1))
    event = st.builds(
        make_event,
        source=_texts(nul, 6).map(lambda s: "A" + s),
        target=_texts(nul, 6).map(lambda s: "B" + s),
        code=_texts(nul, 8),
        root=_texts(nul, 4),
        label=_texts(nul, 12),
        sentence=_texts(nul, 30),
        source_text=_texts(nul, 8),
        target_text=_texts(nul, 8),
        trigger_text=_texts(nul, 8),
        source_sector=st.none() | _texts(nul, 16),
        target_sector=st.none() | _texts(nul, 16),
        group_id=st.none() | _texts(nul, 20),
        date_precision=_texts(nul, 6),
        extractor_version=_texts(nul, 10),
        goldstein=floats,
        confidence=confidences,
        date=st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31)),
        symmetric=st.booleans(),
        negated=st.booleans(),
        mentions=st.integers(0, 2**31 - 1),
    )
    return st.lists(event, min_size=1, max_size=6)


_articles = itertools.count()


@pytest.mark.parametrize("backend", BACKENDS)
def test_awkward_values_render_as_the_python_writers(backend: str, tmp_path: Path) -> None:
    """Property: whatever the strings and floats, every format's bytes are the same."""
    nul = backend != "postgresql"  # PostgreSQL text cannot hold NUL

    def check(store: Store, events: list[Event], title: str, url: str) -> None:
        number = next(_articles)
        article = make_article(f"article {number}", f"a{number}{title[:20]}", title=title, url=url)
        store.add_article(article, events)
        for fmt in FORMATS:
            got, want = _both(store, fmt, ALL)
            assert got == want, fmt

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(events=_events(nul), title=_texts(nul, 12), url=_texts(nul, 12))
    def run(events: list[Event], title: str, url: str) -> None:
        check(store, events, title.replace("/", "").strip() or "t", url)

    if backend == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_rendered") as db:
            store = Store(db)
            try:
                run()
            finally:
                store.close()
    else:
        store = Store(f"sqlite:///{tmp_path / 'awkward.db'}")
        try:
            run()
        finally:
            store.close()


FILTERS = [
    ALL,
    EventFilter(),
    EventFilter(date_from=date(2021, 1, 5), date_to=date(2021, 1, 20)),
    EventFilter(actors=frozenset({"AZE"})),
    EventFilter(codes=frozenset({"190"}), quad_classes=frozenset({4})),
    EventFilter(min_count=3),
]


@pytest.fixture
def filled(store: Store) -> Store:
    """39 events: quotes (rendered by the database) and ampersands, line breaks and a
    control character (left to Python) among plain ones, dated and undated."""
    texts = ["plain", 'with "quotes"', "a & b", "line\nbreak", "bell\x07", "=1+1", "ünï – ✓"]
    pairs = [("RUS", "TUR"), ("ARM", "AZE"), ("AZE", "ARM")]
    for a in range(3):
        events = []
        for i in range(a * 13, a * 13 + 13):
            source, target = pairs[i % 3]
            code = ("041", "190", "112")[i % 3]
            events.append(
                make_event(
                    source, target, code=code, root=code[:2], quad_class=(1, 4, 3)[i % 3],
                    goldstein=(-10.0, 2.8, 3.0, 1e-05)[i % 4], confidence=(1.0, 0.333)[i % 2],
                    sentence=f"{texts[i % len(texts)]} sentence {i}",
                    date=None if i % 6 == 5 else date(2021, 1, 1 + i % 28),
                    negated=i % 8 == 3, symmetric=i % 5 == 0,
                    group_id=f"g{i}" if i % 3 == 0 else None,
                )
            )  # fmt: skip
        article = make_article(f"article {a}", ("=a0", "plain,1", 'q"2')[a], title='T "x", y')
        store.add_article(article, events)
    store.upsert_actors([Actor("RUS", "Russia & co", "state"), Actor("ARM", "+Armenia", "state")])
    return store


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_filtered_exports_equal_the_python_writers(filled: Store, fmt: str, f: EventFilter) -> None:
    got, want = _both(filled, fmt, f)
    assert got == want
    assert len(want) > 1000


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_plain_rows_are_rendered_by_the_database_awkward_ones_by_python(
    filled: Store, fmt: str
) -> None:
    template = SQL_RENDERED[fmt][1]
    stream = filled.render_events(ALL, template)
    assert stream is not None
    texts: list[bytes | None] = []
    left: list[int] = []
    for chunk, rows in stream:
        left += [len(texts) + i for i in rows]
        texts += chunk
    events, _ = filled.query_events(ALL)
    refused = "\n\x07" if fmt == "json" else "&\n\x07"  # JSON has no use for escaping &
    awkward = {i for i, e in enumerate(events) if any(c in e.sentence for c in refused)}
    floats = {i for i, e in enumerate(events) if e.goldstein == 1e-05}
    assert set(left) == awkward | floats  # quotes and formula starts stay in the database
    assert all((texts[i] is None) == (i in left) for i in range(len(texts)))


def test_chunk_edges_keep_the_order_of_rows_left_to_python(filled: Store) -> None:
    for fmt in ("graphml", "csv"):
        _, template, render_row, separator = SQL_RENDERED[fmt]
        parts = []
        for texts, rows in RenderedStream(filled.engine, ALL, template, chunk_rows=2):
            assert len(texts) <= 2
            parts.append(separator.join(t or render_row(rows[i]) for i, t in enumerate(texts)))
        whole = b"".join(
            t or render_row(rows[i])
            for texts, rows in RenderedStream(filled.engine, ALL, template)
            for i, t in enumerate(texts)
        )
        assert b"".join(parts) == whole


def test_abandoned_stream_frees_its_connection(filled: Store) -> None:
    body, _ = stream_events_export(filled, filled.actors(), "graphml", ALL)
    assert next(body).startswith(b"<?xml")
    next(body)
    body.close()  # as a server does when the client goes away
    assert filled.engine.pool.checkedout() == 0
    stream = filled.render_events(ALL, SQL_RENDERED["gexf"][1])
    assert stream is not None
    stream.close()
    stream.close()  # a second close does nothing
    assert filled.engine.pool.checkedout() == 0


def test_in_memory_sqlite_keeps_the_python_writers() -> None:
    store = Store("sqlite://")
    try:
        assert store.render_events(ALL, SQL_RENDERED["graphml"][1]) is None
        store.add_article(make_article("one"), [make_event(sentence='a "b" & c')])
        got, want = _both(store, "graphml", ALL)
        assert got == want
    finally:
        store.close()
