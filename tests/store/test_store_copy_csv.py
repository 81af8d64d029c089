"""PostgreSQL renders the events CSV with COPY: the same bytes as the csv module's writer,
under every filter and for awkward values; abandoning the stream frees its connection."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from datetime import date

import pytest
from factories import make_article, make_event
from pg_schema import throwaway_schema

from graphsvc.models import Actor, EventFilter
from graphsvc.render.streaming import stream_csv, stream_csv_lines
from graphsvc.store import Store

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="needs GRAPHSVC_TEST_DATABASE_URL")

TEXTS = [
    "plain", 'with "quotes"', "a, comma", "line\nbreak", "carriage\rreturn", "=1+1", "+7",
    "-3", "@cmd", "\tlead tab", "' apostrophe", "ünïcödé – ✓", "",
]  # fmt: skip
FLOATS = [-10.0, -6.5, 0.0, 2.8, 3.0, 10.0]
CONFIDENCES = [1.0, 0.0, 0.333, 0.5, 0.875]
FILTERS = [
    EventFilter(),
    EventFilter(date_from=date(2021, 1, 5), date_to=date(2021, 1, 20)),
    EventFilter(actors=frozenset({"AZE"})),
    EventFilter(codes=frozenset({"190"}), quad_classes=frozenset({4})),
    EventFilter(min_count=3),
    EventFilter(include_negated=True),
]


@pytest.fixture
def store() -> Iterator[Store]:
    assert PG_URL is not None
    with throwaway_schema(PG_URL, "graphsvc_copy") as url:
        store = Store(url)
        try:
            yield store
        finally:
            store.close()


@pytest.fixture
def filled(store: Store) -> Store:
    pairs = [("RUS", "TUR"), ("ARM", "AZE"), ("AZE", "ARM")]
    for a in range(3):
        events = []
        for i in range(a * 13, a * 13 + 13):
            source, target = pairs[i % 3]
            code = ("041", "190", "112")[i % 3]
            text = TEXTS[i % len(TEXTS)]
            events.append(
                make_event(
                    source,
                    target,
                    code=code,
                    root=code[:2],
                    quad_class=(1, 4, 3)[i % 3],
                    goldstein=FLOATS[i % len(FLOATS)],
                    confidence=CONFIDENCES[i % len(CONFIDENCES)],
                    label=text or "x",
                    source_text=TEXTS[(i + 1) % len(TEXTS)],
                    trigger_text=TEXTS[(i + 2) % len(TEXTS)],
                    sentence=f"{text} sentence {i}",
                    date=None if i % 6 == 5 else date(2021, 1, 1 + i % 28),
                    negated=i % 8 == 3,
                    symmetric=i % 5 == 0,
                    group_id=f"g{i}" if i % 3 == 0 else None,
                    source_sector="GOV" if i % 2 else None,
                )
            )
        article = make_article(
            f"article {a}",
            ("=a0", "plain,1", 'q"2')[a],
            title=(TEXTS[a + 5], None, 'Talks "on", again')[a],  # "=1+1" needs the guard
            url=("https://example.test/a?x=1,2", "-url", None)[a],
            published=(date(2021, 1, 3), None, date(2020, 12, 31))[a],
        )
        store.add_article(article, events)
    # RUS and ARM have labels (one a formula), TUR and AZE none: their codes are the labels.
    store.upsert_actors([Actor("RUS", "Russia", "state"), Actor("ARM", "+Armenia", "state")])
    return store


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_copy_csv_equals_the_csv_writer(filled: Store, f: EventFilter) -> None:
    want = b"".join(stream_csv(filled.stream_events(f, context=True)))
    copy = filled.copy_events_csv(f)
    assert copy is not None
    got = b"".join(stream_csv_lines(copy))
    assert got == want
    assert want.count(b"\r\n") > 1  # the header and at least one event


def test_csv_rows_carry_actor_labels_and_article_fields(filled: Store) -> None:
    copy = filled.copy_events_csv(EventFilter())
    assert copy is not None
    body = b"".join(stream_csv_lines(copy)).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    labels = {(r["source"], r["source_label"]) for r in rows}
    labels |= {(r["target"], r["target_label"]) for r in rows}
    assert labels == {("RUS", "Russia"), ("TUR", "TUR"), ("ARM", "'+Armenia"), ("AZE", "AZE")}
    by_article = {
        r["article_id"]: (r["article_title"], r["article_url"], r["article_published"])
        for r in rows
    }
    assert by_article == {
        "'=a0": ("'=1+1", "https://example.test/a?x=1,2", "2021-01-03"),
        "plain,1": ("", "'-url", ""),
        'q"2': ('Talks "on", again', "", "2020-12-31"),
    }


def test_abandoned_copy_is_cancelled_and_frees_its_connection(filled: Store) -> None:
    copy = filled.copy_events_csv(EventFilter())
    assert copy is not None
    lines = iter(copy)
    assert next(lines).endswith(b"\r\n")
    lines.close()  # as a server does when the client goes away
    copy.close()  # a second close does nothing
    assert filled.engine.pool.checkedout() == 0
    # 39 event rows, 5 of them negated (some rows are reports of one event: reports=True)
    assert filled.count_events(EventFilter(reports=True)) == 34


def test_no_copy_on_sqlite(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        assert store.copy_events_csv(EventFilter()) is None
    finally:
        store.close()


def test_copy_csv_guards_every_input_column_as_the_csv_writer(store: Store) -> None:
    starts = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # no NUL in PostgreSQL text
    events = [
        make_event(
            sentence=f"{s}sentence",
            source_text=f"{s}source",
            target_text=f"{s}target",
            trigger_text=f"{s}trigger",
            label=f"{s}label",
            group_id=f"{s}cmd:0:{n}",
        )
        for n, s in enumerate(starts)
    ]
    store.add_article(make_article("formulas", "=cmd|'calc'!A0"), events)
    copy = store.copy_events_csv(EventFilter())
    assert copy is not None
    got = b"".join(stream_csv_lines(copy))
    assert got == b"".join(stream_csv(store.stream_events(EventFilter(), context=True)))
    rows = list(csv.DictReader(io.StringIO(got.decode("utf-8"), newline="")))
    assert [r["group_id"] for r in rows] == [f"'{s}cmd:0:{n}" for n, s in enumerate(starts)]
    assert {r["article_id"] for r in rows} == {"'=cmd|'calc'!A0"}
