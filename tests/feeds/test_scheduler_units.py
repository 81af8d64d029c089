"""The poller and scheduler with stand-ins for the network and the coder: an unforeseen
error in one feed is that feed's error, the round goes on, and a feed is claimed once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from feed_fixtures import RSS_STORIES, rss

from graphsvc.feeds.pacing import HostPacer
from graphsvc.feeds.poller import FeedPoller, PageArticle
from graphsvc.feeds.scheduler import FeedScheduler
from graphsvc.models import ArticleInput
from graphsvc.store import FeedStore, Store


@dataclass
class Answer:
    url: str
    body: bytes = b""
    content_type: str = "application/rss+xml"
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    not_modified: bool = False


@pytest.fixture
def store() -> Any:
    s = Store("sqlite://")
    yield s
    s.close()


def test_a_bug_in_one_feed_is_its_error_and_the_round_goes_on(store: Store) -> None:
    feeds = FeedStore(store)
    bad = feeds.add("http://bad.example/feed", interval_s=60)
    good = feeds.add("http://good.example/feed", interval_s=60)
    ingested: list[ArticleInput] = []

    def fetch(url: str, **_: Any) -> Answer:
        if url.startswith("http://bad."):
            raise RuntimeError("a bug")
        if url.endswith("/feed"):
            return Answer(url, rss("Good", "http://good.example", RSS_STORIES))
        return Answer(url, b"<html></html>", content_type="text/html")

    def ingest(item: ArticleInput) -> tuple[str, bool]:
        ingested.append(item)
        return f"a{len(ingested)}", True

    poller = FeedPoller(
        feeds,
        fetch=fetch,
        page_types={"text/html"},
        read_page=lambda fetched: PageArticle(text=f"Page text of {fetched.url}"),
        ingest=ingest,
        pacer=HostPacer(0),
    )
    summary = FeedScheduler(feeds, poller, tick_s=1).run_once()
    assert (summary.polled, summary.failed, summary.articles_added) == (2, 1, 2)
    assert feeds.get(bad.id).last_error == "unexpected error: RuntimeError: a bug"
    assert feeds.get(good.id).last_status == "ok"
    # oldest entry first; the provenance names the feed
    assert [i.title for i in ingested] == [s.title for s in reversed(RSS_STORIES)]
    assert {i.provenance.origin_ref for i in ingested if i.provenance} == {good.url}
    assert ingested[0].source == "Good"
    # nothing is due now: a second round polls nothing
    assert FeedScheduler(feeds, poller, tick_s=1).run_once().polled == 0


def test_a_stop_leaves_the_remaining_entries_to_the_next_poll(store: Store) -> None:
    feeds = FeedStore(store)
    feed = feeds.add("http://good.example/feed", interval_s=60)
    stop = threading.Event()
    fetched: list[str] = []

    def fetch(url: str, **_: Any) -> Answer:
        fetched.append(url)
        if url.endswith("/feed"):
            body = rss("Good", "http://good.example", RSS_STORIES)
            return Answer(url, body, etag='"e"')
        stop.set()  # shutdown asked while the first page is read
        return Answer(url, b"<html></html>", content_type="text/html")

    poller = FeedPoller(
        feeds,
        fetch=fetch,
        page_types={"text/html"},
        read_page=lambda fetched: PageArticle(text=f"Page text of {fetched.url}"),
        ingest=lambda item: ("a1", True),
        pacer=HostPacer(0),
        stopping=stop.is_set,
    )
    outcome = poller.poll(feeds.claim_next(lease_s=60) or feed)
    assert outcome.articles_added == 1 and len(fetched) == 2  # the feed, one page
    assert feeds.get(feed.id).etag is None  # so the next poll reads the rest, not a 304
    keys = [f"wire-{s.slug}" for s in RSS_STORIES]
    assert list(feeds.seen(feed.id, keys)) == [keys[1]]  # the older one, taken first
