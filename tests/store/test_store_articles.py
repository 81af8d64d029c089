"""Articles in the store: round trip, idempotency, conflicts, cascades, atomicity, paging."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from graphsvc.errors import Conflict, InvalidInput
from graphsvc.models import Article, Event, EventFilter
from graphsvc.store import DatabaseUnavailable, Store

EventFactory = Callable[..., Event]
ArticleFactory = Callable[..., Article]
ALL = EventFilter(include_negated=True)


def _full_event(make: EventFactory) -> Event:
    return make(
        "ARM",
        "AZE",
        code="190",
        root="19",
        quad_class=4,
        goldstein=-10.0,
        label="Use conventional military force",
        date=date(2020, 11, 10),
        date_precision="month",
        sentence="Armenian forces shelled Azerbaijani positions — «ночью» 🚀.",
        sentence_start=17,
        trigger_text="shelled",
        trigger_start=40,
        trigger_end=47,
        source_text="Armenian forces",
        source_start=17,
        source_end=32,
        target_text="Azerbaijani positions",
        target_start=48,
        target_end=69,
        source_sector="MIL",
        target_sector=None,
        group_id="g-1",
        symmetric=True,
        negated=True,
        confidence=0.75,
        mentions=3,
        article_id="ignored: the store sets it",
        extractor_version="rules-1.2",
        extra={"note": 'a "quoted" <value> & more'},
    )


def test_round_trip_keeps_every_field(
    store: Store, event_factory: EventFactory, article_factory: ArticleFactory
) -> None:
    article = article_factory(
        "Text with ünïcode, <tags> & 'quotes' 🚀.",
        "doc-1",
        title="Título <b>",
        url="https://example.org/a?b=1&c=2",
        source="wire",
        published=date(2021, 1, 13),
    )
    event = _full_event(event_factory)
    stored_article, stored_events, created = store.add_article(article, [event])
    assert created and stored_article == article
    assert stored_events[0].id is not None

    got_article, got_events = store.get_article("doc-1")  # type: ignore[misc]
    assert got_article == article
    expected = dataclasses.replace(event, article_id="doc-1", id=stored_events[0].id)
    assert got_events == [expected] == stored_events
    for field in dataclasses.fields(Event):
        assert getattr(got_events[0], field.name) == getattr(expected, field.name), field.name


def test_event_ids_follow_insertion_order(
    store: Store, event_factory: EventFactory, article_factory: ArticleFactory
) -> None:
    evs = [event_factory(code=f"04{i}", sentence=f"s{i}") for i in range(5)]
    _, stored, _ = store.add_article(article_factory("five events"), evs)
    assert [e.sentence for e in stored] == [f"s{i}" for i in range(5)]
    assert [e.id for e in stored] == sorted(e.id for e in stored)  # type: ignore[type-var]
    assert store.get_article(stored[0].article_id)[1] == stored  # type: ignore[index,arg-type]


def test_same_id_or_same_text_adds_nothing(
    store: Store, event_factory: EventFactory, article_factory: ArticleFactory
) -> None:
    first = article_factory("Russia called Turkey on Wednesday.", "a1")
    store.add_article(first, [event_factory()])
    version = store.version

    again, events, created = store.add_article(first, [event_factory(), event_factory()])
    assert not created and again == first and len(events) == 1

    # Another id but the same text (whitespace differences do not count): the stored one.
    other = article_factory("Russia  called\nTurkey on Wednesday.", "a2")
    assert other.content_hash == first.content_hash
    same, events, created = store.add_article(other, [event_factory()])
    assert not created and same.id == "a1" and len(events) == 1

    assert store.version == version
    assert store.count_articles() == 1
    assert store.count_events(ALL) == 1


def test_same_id_with_other_text_conflicts(store: Store, article_factory: ArticleFactory) -> None:
    store.add_article(article_factory("original text", "a1"), [])
    version = store.version
    with pytest.raises(Conflict, match="a1"):
        store.add_article(article_factory("changed text", "a1"), [])
    assert store.get_article("a1")[0].text == "original text"  # type: ignore[index]
    assert store.version == version


def test_delete_removes_events(
    store: Store, event_factory: EventFactory, article_factory: ArticleFactory
) -> None:
    store.add_article(article_factory("one", "a1"), [event_factory(), event_factory("TUR", "RUS")])
    store.add_article(article_factory("two", "a2"), [event_factory("ARM", "AZE")])
    version = store.version

    assert store.delete_article("a1") is True
    assert store.get_article("a1") is None
    assert [(e.source, e.target) for e in store.query_events(ALL)[0]] == [("ARM", "AZE")]
    assert store.version.generation == version.generation + 1
    assert store.delete_article("a1") is False
    assert store.version.generation == version.generation + 1


def test_database_cascade_alone_removes_events(
    store: Store, event_factory: EventFactory, article_factory: ArticleFactory
) -> None:
    """ON DELETE CASCADE works by itself (on SQLite only with PRAGMA foreign_keys=ON).
    (Rollups are the store's business: a raw DELETE bypasses them, so rows are counted.)"""
    store.add_article(article_factory("one", "a1"), [event_factory(), event_factory()])
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM articles WHERE id = 'a1'"))
        assert conn.scalar(text("SELECT count(*) FROM events")) == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"quad_class": 9},
        {"goldstein": 42.0},
        {"confidence": 1.5},
        {"source": None},
    ],
)
def test_failed_ingest_leaves_nothing(
    store: Store,
    event_factory: EventFactory,
    article_factory: ArticleFactory,
    bad: dict[str, object],
) -> None:
    version = store.version
    events = [event_factory(), event_factory(**bad)]
    with pytest.raises(IntegrityError):
        store.add_article(article_factory("will fail", "bad"), events)
    assert store.get_article("bad") is None
    assert store.count_articles() == 0
    assert store.count_events(ALL) == 0
    assert store.version == version
    # The store still works afterwards, and the same article can then be stored.
    assert store.add_article(article_factory("will fail", "bad"), [event_factory()])[2]


def test_articles_page_newest_first(store: Store, article_factory: ArticleFactory) -> None:
    ids = [f"a{i}" for i in range(7)]
    for article_id in ids:
        store.add_article(article_factory(f"text {article_id}", article_id), [])
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        page, cursor = store.list_articles(limit=3, cursor=cursor)
        seen += [a.id for a in page]
        pages += 1
        if cursor is None:
            break
    assert pages == 3
    assert seen == list(reversed(ids))
    # A new article does not shift an open cursor's remaining pages.
    _, cursor = store.list_articles(limit=3)
    store.add_article(article_factory("late", "late"), [])
    rest, _ = store.list_articles(limit=10, cursor=cursor)
    assert [a.id for a in rest] == list(reversed(ids))[3:]


@pytest.mark.parametrize("cursor", ["!!!", "WzFd", "eyJhIjoxfQ", "bm90IGpzb24"])
def test_bad_article_cursor(store: Store, cursor: str) -> None:
    with pytest.raises(InvalidInput, match="cursor"):
        store.list_articles(limit=2, cursor=cursor)


def test_concurrent_same_article_stored_once(
    store: Store, event_factory: EventFactory, article_factory: ArticleFactory
) -> None:
    article = article_factory("raced text", "race")
    results: list[bool] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(store.add_article(article, [event_factory()])[2])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [False, False, False, True]
    assert store.count_events(ALL) == 1


def test_sqlite_file_settings(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "g.db"
    store = Store(f"sqlite:///{path}")
    try:
        assert path.exists()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_version_is_shared_between_processes(
    tmp_path: Path, article_factory: ArticleFactory, event_factory: EventFactory
) -> None:
    """Two Store objects on one database (as two processes would be) see each other's writes:
    new events move the version on, a deletion elsewhere too."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    writer, reader = Store(url), Store(url)
    try:
        before = reader.version
        writer.add_article(article_factory("x", "x"), [event_factory()])
        after_add = reader.version
        assert after_add.last_event_id > before.last_event_id
        assert reader.get_article("x") is not None
        writer.delete_article("x")
        assert reader.version.generation == after_add.generation + 1
    finally:
        writer.close()
        reader.close()


def test_memory_store_is_shared_across_threads(article_factory: ArticleFactory) -> None:
    store = Store("sqlite://")
    try:
        thread = threading.Thread(target=store.add_article, args=(article_factory("t", "t"), []))
        thread.start()
        thread.join()
        assert store.count_articles() == 1
    finally:
        store.close()


def test_unreachable_database_is_a_typed_error(tmp_path: Path) -> None:
    """A database that cannot be opened raised SQLAlchemy's error with a driver traceback."""
    with pytest.raises(DatabaseUnavailable) as refused:
        Store("postgresql+psycopg://someone:hunter2@127.0.0.1:1/nothing")
    assert refused.value.status == 503
    assert "127.0.0.1" in refused.value.detail and "hunter2" not in refused.value.detail
    with pytest.raises(DatabaseUnavailable, match="unable to open database file"):
        Store(f"sqlite:///{tmp_path}")  # a folder, not a file
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailable, match="Cannot create the folder"):
        Store(f"sqlite:///{blocker / 'sub' / 'x.db'}")


@pytest.mark.parametrize("url", ["nosuchdialect://x", "mysql://u@127.0.0.1/x"])
def test_unusable_database_url_is_invalid_input(url: str) -> None:
    with pytest.raises(InvalidInput, match="Cannot use the database URL"):
        Store(url)
