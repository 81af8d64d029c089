"""A FeedScheduler wired to the service: the web fetcher under the settings' policy, the
page reader, the service's ingestion path and the politeness delay."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection

from graphsvc.feed_records import PollOutcome
from graphsvc.feeds.pacing import HostPacer
from graphsvc.feeds.pages import read_page
from graphsvc.feeds.poller import FeedPoller, FetchedLike
from graphsvc.feeds.scheduler import FeedScheduler
from graphsvc.models import ArticleInput
from graphsvc.service import GraphService
from graphsvc.settings import Settings
from graphsvc.sources.fetch import PAGE_TYPES, FetchPolicy, fetch
from graphsvc.store import FeedStore


def fetch_policy(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        timeout_s=settings.fetch_timeout,
        max_bytes=settings.fetch_max_bytes,
        allow_private=settings.fetch_allow_private,
    )


def make_scheduler(
    service: GraphService,
    settings: Settings,
    *,
    stop: threading.Event | None = None,
    on_poll: Callable[[int, str, PollOutcome], None] | None = None,
) -> FeedScheduler:
    stop = stop or threading.Event()
    policy = fetch_policy(settings)

    def fetch_one(
        url: str,
        *,
        accept: Collection[str],
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchedLike:
        return fetch(url, policy, accept=accept, etag=etag, last_modified=last_modified)

    def ingest(item: ArticleInput) -> tuple[str, bool]:
        result = service.ingest(item)  # as POST /articles: rules, dedupe by text, extraction
        return result.article.id, result.created

    feeds = FeedStore(service.store)
    poller = FeedPoller(
        feeds,
        fetch=fetch_one,
        page_types=PAGE_TYPES,
        read_page=read_page,
        ingest=ingest,
        pacer=HostPacer(settings.feed_host_delay, sleep=stop.wait),
        stopping=stop.is_set,
    )
    return FeedScheduler(feeds, poller, tick_s=settings.feed_tick, stop=stop, on_poll=on_poll)
