"""The loop that keeps feeds current: claim a due feed, poll it, next; sleep; again.

``serve`` runs it in a background thread started and stopped with the app's lifespan (the
event loop never waits for it); ``graphsvc follow`` runs it in the foreground until
SIGINT/SIGTERM, ``graphsvc follow --once`` polls every due feed once and returns. Feeds are
claimed one at a time with an atomic UPDATE (store/feeds.py), so several schedulers on one
database never poll the same feed at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from graphsvc.feed_records import PollOutcome
from graphsvc.feeds.poller import FeedPoller
from graphsvc.store.engine import DatabaseUnavailable
from graphsvc.store.feeds import FeedStore

log = logging.getLogger(__name__)

# How long a claimed feed is ours: longer than a poll can take (a timeout on the feed and on
# each of its new entries' pages, with the politeness delay between them).
CLAIM_LEASE_S = 30 * 60


@dataclass
class RoundSummary:
    polled: int = 0
    failed: int = 0
    articles_added: int = 0
    outcomes: list[tuple[int, PollOutcome]] = field(default_factory=list)


class FeedScheduler:
    def __init__(
        self,
        feeds: FeedStore,
        poller: FeedPoller,
        *,
        tick_s: float,
        stop: threading.Event | None = None,
        on_poll: Callable[[int, str, PollOutcome], None] | None = None,
    ) -> None:
        self.feeds = feeds
        self.poller = poller
        self.tick_s = tick_s
        self.stop_event = stop or threading.Event()
        self.on_poll = on_poll
        self._thread: threading.Thread | None = None

    def run_once(self) -> RoundSummary:
        """Poll every feed that is due now, each once; return what happened."""
        summary = RoundSummary()
        polled: set[int] = set()
        while not self.stop_event.is_set():
            # A feed polled in this round may be due again already (a short interval).
            feed = self.feeds.claim_next(lease_s=CLAIM_LEASE_S, exclude=polled)
            if feed is None:
                break
            polled.add(feed.id)
            outcome = self.poller.poll(feed)
            summary.polled += 1
            summary.failed += outcome.failed
            summary.articles_added += outcome.articles_added
            summary.outcomes.append((feed.id, outcome))
            if self.on_poll is not None:
                self.on_poll(feed.id, feed.url, outcome)
        return summary

    def run_forever(self) -> None:
        """Rounds every ``tick_s`` seconds until ``stop()``; an unreachable database is
        waited out, never fatal."""
        while not self.stop_event.is_set():
            try:
                self.run_once()
            except DatabaseUnavailable as exc:
                log.warning("feeds: database unreachable (%s); trying again", exc.reason)
            except Exception:  # the loop must outlive any one bad round
                log.exception("feeds: a polling round failed")
            self.stop_event.wait(self.tick_s)

    def start(self) -> None:
        """Run in a daemon thread (serve's lifespan)."""
        if self._thread is not None:
            return
        self.stop_event.clear()
        self._thread = threading.Thread(target=self.run_forever, name="graphsvc-feeds", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the loop to stop (a wait for politeness or the next round ends at once) and
        join it; a fetch under way finishes first (bounded by the fetch timeout)."""
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
