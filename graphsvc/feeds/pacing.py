"""Politeness: at least ``min_delay`` seconds between two requests to the same host.

Kept per process (a scheduler polls its feeds one at a time, so one process never sends two
requests to a host at once); two processes following feeds of one host each keep their own
pace.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from graphsvc.feeds.urls import host_of


class HostPacer:
    def __init__(
        self,
        min_delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.min_delay = min_delay
        self._clock = clock
        self._sleep = sleep  # a stop event's wait, so that shutdown cuts the wait short
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> float:
        """Block until a request to ``url``'s host is polite, and book it; returns the
        seconds waited."""
        host = host_of(url)
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.min_delay
            if len(self._next) > 10_000:  # hosts not seen for a while are forgotten
                self._next = {h: t for h, t in self._next.items() if t > now}
        waited = start - now
        if waited > 0:
            self._sleep(waited)
        return waited
