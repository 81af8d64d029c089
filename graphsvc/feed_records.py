"""Domain records of followed feeds, shared by the store, the poller, the API and the CLI
(top level like jobs.py, so that the store needs nothing from graphsvc.feeds)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# What the last poll of a feed found:
#   new           never polled yet
#   ok            fetched and parsed (maybe nothing new)
#   not_modified  the server answered 304 to the conditional GET
#   partial       the XML was malformed but entries could be read from it (they were used;
#                 the parser's complaint is in last_error)
#   error         nothing usable: fetch failed, HTTP error, not a feed, unreadable XML
FeedStatus = Literal["new", "ok", "not_modified", "partial", "error"]
STATUSES: tuple[FeedStatus, ...] = ("new", "ok", "not_modified", "partial", "error")


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    title: str | None
    interval_s: int
    enabled: bool
    etag: str | None
    last_modified: str | None
    last_fetch_at: datetime | None
    last_status: FeedStatus
    last_error: str | None
    consecutive_failures: int
    next_due_at: datetime
    articles_added: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll of a feed comes to, as the store records it."""

    status: FeedStatus
    fetched_at: datetime
    next_due_at: datetime
    error: str | None = None
    etag: str | None = None  # validators to send next time (kept as they were on a 304)
    last_modified: str | None = None
    articles_added: int = 0
    title: str | None = None  # the feed's own title, kept when the user gave none
    failed: bool = False  # counts towards the backoff


@dataclass(frozen=True, slots=True)
class SeenEntry:
    article_id: str | None
    attempts: int
    error: str | None
