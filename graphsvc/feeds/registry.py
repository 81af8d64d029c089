"""Registering, listing and removing feeds: the checks shared by the API, the page and CLI."""

from __future__ import annotations

from graphsvc.errors import InvalidInput
from graphsvc.feed_records import Feed
from graphsvc.feeds.urls import checked_feed_url
from graphsvc.settings import Settings
from graphsvc.store import FeedStore, Store

MAX_INTERVAL_S = 7 * 24 * 3600  # a feed polled less than weekly is hardly followed
MAX_TITLE_CHARS = 200  # the title becomes the articles' source (article_rules: 200)


class FeedRegistry:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.feeds = FeedStore(store)
        self.settings = settings

    def add(self, url: str, *, interval_s: int | None = None, title: str | None = None) -> Feed:
        """Register a feed (due at once). InvalidInput for a bad URL, interval or title;
        Conflict when the URL is registered already."""
        interval = self.settings.feed_interval if interval_s is None else interval_s
        low = self.settings.feed_min_interval
        if not low <= interval <= MAX_INTERVAL_S:
            raise InvalidInput(
                f"The interval must be between {low} and {MAX_INTERVAL_S} seconds "
                f"({interval} given)."
            )
        name = " ".join((title or "").split()) or None
        if name is not None and len(name) > MAX_TITLE_CHARS:
            raise InvalidInput(f"The title is longer than {MAX_TITLE_CHARS} characters.")
        if name is not None and "\x00" in name:
            raise InvalidInput("The title holds a NUL character.")
        return self.feeds.add(checked_feed_url(url), interval_s=interval, title=name)

    def list(self) -> list[Feed]:
        return self.feeds.list()

    def get(self, feed_id: int) -> Feed:
        return self.feeds.get(feed_id)

    def remove(self, feed_id: int) -> None:
        self.feeds.remove(feed_id)

    def poll_soon(self, feed_id: int) -> Feed:
        return self.feeds.make_due(feed_id)
