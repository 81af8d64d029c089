"""One poll of one feed: conditional GET, parse, new entries -> articles, the outcome recorded.

**Entries.** Each entry is known by its key (entry id, else link, else a hash of its
content, ``parse.py``) in ``feed_entries``: an entry that gave an article is never fetched
again. For a new entry the poller fetches its page (the link, through the web fetcher, with
the politeness delay) and takes the article's text from it (the fetcher's HTML extraction);
when the page cannot be had (refused, 404, timeout, not HTML, no text found) it takes the
entry's own content or summary instead, if that holds at least ``MIN_ENTRY_CHARS``
characters of text: shorter teasers ("Read more…") would give an article of no substance.
An entry with neither is remembered with its error and tried again at later polls that
still list it, at most ``MAX_ENTRY_ATTEMPTS`` times in all. The article then goes through
the service's ingestion (``service.ingest``, as ``POST /articles``), which also finds an
article stored before with the same text (another feed, a post) and keeps it once.

**Failures.** A feed that cannot be fetched or read is an error: its status, error and
failure count are recorded and it is tried again after ``backoff_seconds`` (twice its
interval after the first failure, doubling up to ``MAX_BACKOFF_S``, never under the
interval). One feed's failure never stops the others: the scheduler goes on to the next.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from graphsvc.errors import GraphsvcError
from graphsvc.feed_records import Feed, PollOutcome
from graphsvc.feeds.pacing import HostPacer
from graphsvc.feeds.parse import FeedEntry, ParsedFeed, parse_feed
from graphsvc.feeds.urls import host_of
from graphsvc.models import ArticleInput, Provenance
from graphsvc.store.engine import DatabaseUnavailable
from graphsvc.store.feeds import FeedStore, utcnow

log = logging.getLogger(__name__)

# Media types a feed document may come as: servers use all of these for RSS and Atom, and
# static hosts often send text/plain or application/octet-stream for a .rss file. An HTML
# page is refused here already; anything else that is not a feed fails in the parser.
FEED_TYPES: frozenset[str] = frozenset(
    {
        "text/plain",
        "application/octet-stream",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
        "application/feed+xml",
    }
)
MIN_ENTRY_CHARS = 200  # an entry's own text used as the article: about two sentences of copy
MAX_ENTRY_ATTEMPTS = 3  # polls that try an entry which gave no article
MAX_ENTRIES_PER_POLL = 100  # newest first; the rest at the next poll (no 304 till then)
MAX_BACKOFF_S = 6 * 3600
MAX_SOURCE_CHARS = 200  # article_rules: source at most 200 characters


class FetchedLike(Protocol):
    """What the web fetcher answers (graphsvc.sources.fetch.Fetched)."""

    url: str
    fetched_at: datetime  # UTC-aware
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool: ...


class FetchFn(Protocol):
    def __call__(
        self,
        url: str,
        *,
        accept: Collection[str],
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchedLike: ...


@dataclass(frozen=True, slots=True)
class PageArticle:
    """What the HTML extraction found on an entry's page."""

    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    canonical_url: str | None = None


# The page of an entry -> its article (None: no article text found); raises GraphsvcError.
PageFn = Callable[[FetchedLike], PageArticle | None]
# An article input -> (article id, created); the service's ingestion path.
IngestFn = Callable[[ArticleInput], tuple[str, bool]]


def backoff_seconds(interval_s: int, failures: int) -> int:
    """Seconds to wait after the ``failures``-th failure in a row (1, 2, …)."""
    return int(max(interval_s, min(interval_s * 2**failures, MAX_BACKOFF_S)))


class FeedPoller:
    def __init__(
        self,
        feeds: FeedStore,
        *,
        fetch: FetchFn,
        page_types: Collection[str],
        read_page: PageFn,
        ingest: IngestFn,
        pacer: HostPacer,
        now: Callable[[], datetime] = utcnow,
        stopping: Callable[[], bool] = lambda: False,
    ) -> None:
        self.feeds = feeds
        self.stopping = stopping  # shutdown: leave the feed's other entries to the next poll
        self.fetch = fetch
        self.page_types = page_types
        self.read_page = read_page
        self.ingest = ingest
        self.pacer = pacer
        self.now = now

    def poll(self, feed: Feed) -> PollOutcome:
        """Poll ``feed`` (claimed by the caller) and record the outcome. A database outage
        is raised (the feed stays claimed until its lease ends); anything else is the feed's
        error."""
        try:
            outcome = self._poll(feed)
        except DatabaseUnavailable:
            raise
        except GraphsvcError as exc:
            outcome = self._failed(feed, exc.detail)
        except Exception as exc:  # a bug or an unforeseen input must not stop the others
            log.exception("polling feed %s (%s) failed", feed.id, feed.url)
            outcome = self._failed(feed, f"unexpected error: {type(exc).__name__}: {exc}")
        self.feeds.record_poll(feed.id, outcome)
        return outcome

    def _failed(self, feed: Feed, error: str) -> PollOutcome:
        now = self.now()
        wait = backoff_seconds(feed.interval_s, feed.consecutive_failures + 1)
        return PollOutcome(
            status="error",
            fetched_at=now,
            next_due_at=now + timedelta(seconds=wait),
            error=error,
            failed=True,
        )

    def _poll(self, feed: Feed) -> PollOutcome:
        self.pacer.wait(feed.url)
        fetched = self.fetch(
            feed.url, accept=FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified
        )
        now = self.now()
        due = now + timedelta(seconds=feed.interval_s)
        if fetched.not_modified:
            return PollOutcome("not_modified", now, due, etag=feed.etag,
                               last_modified=feed.last_modified)  # fmt: skip
        parsed = parse_feed(fetched.body, url=fetched.url, content_type=_content_type(fetched))
        if not parsed.usable:
            why = parsed.problem
            if parsed.format is None:  # no feed at all: say so first, the parser's why after
                why = "the document is not an RSS, Atom or RDF feed" + (f"; {why}" if why else "")
            return self._failed(feed, f"{feed.url}: {why}")
        added, more = self._entries(feed, parsed, fetched)
        return PollOutcome(
            status="partial" if parsed.problem else "ok",
            fetched_at=now,
            next_due_at=due,
            error=f"{feed.url}: {parsed.problem}" if parsed.problem else None,
            # Entries left for the next poll: no validators, so that it is not a 304.
            etag=None if more else fetched.etag,
            last_modified=None if more else fetched.last_modified,
            articles_added=added,
            title=parsed.title,
        )

    def _entries(self, feed: Feed, parsed: ParsedFeed, fetched: FetchedLike) -> tuple[int, bool]:
        """Ingest the feed's new entries, oldest first; (articles added, entries left)."""
        seen = self.feeds.seen(feed.id, (e.key for e in parsed.entries))
        todo: dict[str, FeedEntry] = {}  # by key: a feed may repeat an entry
        for entry in parsed.entries:  # feeds list the newest first
            old = seen.get(entry.key)
            retry = old is not None and old.article_id is None and old.attempts < MAX_ENTRY_ATTEMPTS
            if (old is None or retry) and entry.key not in todo:
                todo[entry.key] = entry
        left = len(todo) > MAX_ENTRIES_PER_POLL
        added = 0
        for entry in reversed(list(todo.values())[:MAX_ENTRIES_PER_POLL]):
            if self.stopping():
                return added, True
            added += self._entry(feed, parsed, entry, fetched)
        return added, left

    def _entry(
        self, feed: Feed, parsed: ParsedFeed, entry: FeedEntry, fetched_feed: FetchedLike
    ) -> bool:
        """One new entry -> an article (True when newly stored); its outcome recorded."""
        page, fetched_page, page_error = self._page(entry)
        if page is not None and fetched_page is not None:
            text, fetched = page.text, fetched_page
        elif len(entry.text) >= MIN_ENTRY_CHARS:
            text, fetched = entry.text, fetched_feed  # the text came with the feed
        else:
            short = f"its own text is too short ({len(entry.text)} characters)"
            error = f"{page_error}; {short}" if page_error else f"no link, and {short}"
            self.feeds.record_entry(feed.id, entry.key, article_id=None, error=error)
            return False
        canonical = page.canonical_url if page else None
        item = ArticleInput(
            text=text,
            title=(page.title if page and page.title else None) or entry.title,
            url=canonical or entry.link,
            source=_source(feed, parsed),
            # The feed states the date; a page without date metadata gets one guessed from
            # its text (any year it mentions), so the feed's comes first.
            published=entry.published or (page.published if page else None),
            provenance=Provenance(
                origin="feed",
                origin_ref=feed.url,
                fetched_url=fetched.url,
                fetched_at=fetched.fetched_at,
                author=(page.author if page else None) or entry.author,
                canonical_url=canonical,
            ),
        )
        try:
            article_id, created = self.ingest(item)
        except DatabaseUnavailable:
            raise
        except GraphsvcError as exc:  # an article the rules refuse (too long, …)
            self.feeds.record_entry(feed.id, entry.key, article_id=None, error=exc.detail)
            return False
        self.feeds.record_entry(feed.id, entry.key, article_id=article_id)
        return created

    def _page(self, entry: FeedEntry) -> tuple[PageArticle | None, FetchedLike | None, str | None]:
        """The entry's page as an article and as fetched, or (None, None, why not)."""
        if not entry.link:
            return None, None, None
        try:
            self.pacer.wait(entry.link)
            fetched = self.fetch(entry.link, accept=self.page_types)
            page = self.read_page(fetched)
        except DatabaseUnavailable:
            raise
        except GraphsvcError as exc:
            return None, None, f"page: {exc.detail}"
        if page is None or not page.text.strip():
            return None, None, f"page: {entry.link}: no article text found"
        return page, fetched, None


def _content_type(fetched: FetchedLike) -> str | None:
    if not fetched.content_type:
        return None
    if fetched.charset:
        return f"{fetched.content_type}; charset={fetched.charset}"
    return fetched.content_type


def _source(feed: Feed, parsed: ParsedFeed) -> str:
    """The article's source: the feed's title (as registered, else its own), else its host."""
    name = feed.title or parsed.title or host_of(feed.url).split(":")[0]
    return name[:MAX_SOURCE_CHARS]
