"""Feeds and feed entries in the store (store/feeds.py), on every backend: registry, the
atomic claim of due feeds, poll outcomes, entries, and migration 6 of a version-2 store."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pg_schema import throwaway_schema
from sqlalchemy import inspect, text

from graphsvc.errors import Conflict, NotFound
from graphsvc.feed_records import PollOutcome
from graphsvc.store import FeedStore, Store
from graphsvc.store import migrate as migrate_module
from graphsvc.store.feeds import utcnow

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")


def test_add_get_list_remove(store: Store) -> None:
    feeds = FeedStore(store)
    a = feeds.add("https://example.org/a.xml", interval_s=600)
    b = feeds.add("https://example.org/b.xml", interval_s=60, title="B wire")
    assert (a.last_status, a.articles_added, a.consecutive_failures) == ("new", 0, 0)
    assert a.next_due_at <= utcnow()  # due at once
    assert feeds.get(b.id) == b and b.title == "B wire"
    assert [f.id for f in feeds.list()] == [a.id, b.id]
    with pytest.raises(Conflict, match="registered already"):
        feeds.add("https://example.org/a.xml", interval_s=60)
    feeds.record_entry(a.id, "k1", article_id=None, error="page: 404")
    feeds.remove(a.id)
    with pytest.raises(NotFound):
        feeds.get(a.id)
    with pytest.raises(NotFound):
        feeds.remove(a.id)
    assert feeds.seen(a.id, ["k1"]) == {}  # its entries went with it
    assert [f.id for f in feeds.list()] == [b.id]


def test_claim_takes_due_feeds_once_most_overdue_first(store: Store) -> None:
    feeds = FeedStore(store)
    now = utcnow()
    first = feeds.add("https://example.org/1", interval_s=60)
    second = feeds.add("https://example.org/2", interval_s=60)
    with store._write() as conn:  # the second has waited longer
        conn.execute(
            text("UPDATE feeds SET next_due_at = :t WHERE id = :i"),
            {"t": now - timedelta(minutes=5), "i": second.id},
        )
    claimed = feeds.claim_next(lease_s=120)
    assert claimed is not None and claimed.id == second.id
    assert claimed.next_due_at >= now + timedelta(seconds=119)  # leased
    assert feeds.claim_next(lease_s=120, exclude=[first.id]) is None
    other = feeds.claim_next(lease_s=120)
    assert other is not None and other.id == first.id
    assert feeds.claim_next(lease_s=120) is None  # both leased now
    later = utcnow() + timedelta(seconds=121)
    assert feeds.claim_next(lease_s=120, now=later) is not None  # a lease that ran out


def test_concurrent_claims_never_share_a_feed(store: Store) -> None:
    feeds = FeedStore(store)
    ids = {feeds.add(f"https://example.org/{i}", interval_s=60).id for i in range(12)}
    got: list[int] = []
    lock = threading.Lock()

    def claimer() -> None:
        while (feed := feeds.claim_next(lease_s=600)) is not None:
            with lock:
                got.append(feed.id)

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == sorted(ids)  # each feed claimed, and only once


def test_poll_outcomes_counts_validators_and_title(store: Store) -> None:
    feeds = FeedStore(store)
    feed = feeds.add("https://example.org/f", interval_s=60)
    now = utcnow()
    ok = PollOutcome("ok", now, now + timedelta(seconds=60), etag='"a"',
                     last_modified="Tue, 02 Mar 2021 10:00:00 GMT", articles_added=3,
                     title="Own title")  # fmt: skip
    feeds.record_poll(feed.id, ok)
    got = feeds.get(feed.id)
    assert (got.last_status, got.articles_added, got.etag, got.title) == (
        "ok",
        3,
        '"a"',
        "Own title",
    )
    failed = PollOutcome("error", now, now + timedelta(seconds=120), error="boom", failed=True)
    feeds.record_poll(feed.id, failed)
    feeds.record_poll(feed.id, failed)
    got = feeds.get(feed.id)
    assert (got.last_status, got.last_error, got.consecutive_failures) == ("error", "boom", 2)
    assert got.etag == '"a"'  # a failure keeps the validators
    feeds.record_poll(feed.id, PollOutcome("not_modified", now, now, etag='"a"', title="Other"))
    got = feeds.get(feed.id)
    assert (got.consecutive_failures, got.last_error, got.articles_added) == (0, None, 3)
    assert got.title == "Own title"  # a known title is not replaced by the feed's


def test_entries_seen_and_attempts(store: Store) -> None:
    feeds = FeedStore(store)
    feed = feeds.add("https://example.org/f", interval_s=60)
    other = feeds.add("https://example.org/g", interval_s=60)
    feeds.record_entry(feed.id, "a", article_id="art-1")
    feeds.record_entry(feed.id, "b", article_id=None, error="too short")
    feeds.record_entry(feed.id, "b", article_id=None, error="still too short")
    seen = feeds.seen(feed.id, ["a", "b", "c"])
    assert seen["a"].article_id == "art-1" and seen["a"].attempts == 1
    assert (seen["b"].article_id, seen["b"].attempts, seen["b"].error) == (
        None,
        2,
        "still too short",
    )
    assert "c" not in seen
    assert feeds.seen(other.id, ["a", "b"]) == {}  # entries are per feed
    many = [f"k{i}" for i in range(900)]  # more than one IN (…) chunk
    for key in many[::300]:
        feeds.record_entry(feed.id, key, article_id="x")
    assert set(feeds.seen(feed.id, many)) == set(many[::300])


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG_URL else []))
def version2_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store as graphsvc left it at schema version 2: no feed tables."""
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_feeds_v2") as url:
            yield _downgrade(url)
    else:
        yield _downgrade(f"sqlite:///{tmp_path / 'v2.db'}")


def _downgrade(url: str) -> str:
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE feed_entries"))
        conn.execute(text("DROP TABLE feeds"))
        conn.execute(text("UPDATE meta SET value = 2 WHERE key = 'schema'"))
    store.close()
    return url


def test_a_version_2_store_gets_the_feed_tables(version2_url: str) -> None:
    store = Store(version2_url)
    try:
        with store.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == migrate_module.SCHEMA_VERSION >= 6
            tables = set(inspect(conn).get_table_names())
        assert {"feeds", "feed_entries"} <= tables
        feeds = FeedStore(store)
        feed = feeds.add("https://example.org/after-upgrade", interval_s=60)
        feeds.record_entry(feed.id, "e", article_id=None)
        assert feeds.claim_next(lease_s=60) is not None
    finally:
        store.close()
