"""Reading a cursor one chunk ahead, in a thread of its own.

SQLite runs inside the server process, and Python's sqlite3 releases the GIL while SQLite
steps through a query. When SQLite renders the exports' text (store.rendered), stepping is
most of the work: a reader thread keeps SQLite busy on one core while the consumer checks,
joins and sends the previous chunk on another, as PostgreSQL does in its own process.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

_DONE = object()
_POLL_S = 0.05  # how often a blocked reader looks whether it was told to stop


class ReadAhead:
    """Iterate (once) to get what ``fetch()`` returns, until it returns an empty list; at
    most ``depth`` chunks wait in memory. ``close()`` stops the reader and waits for it, so
    the cursor can be closed afterwards (never while the reader is using it)."""

    def __init__(self, fetch: Callable[[], list[Any]], depth: int = 2) -> None:
        self._fetch = fetch
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self.cpu_seconds = 0.0  # the reader thread's CPU time, once it has ended
        # Started by the first iteration: a stream made but never read (a response that
        # failed before its body) leaves no thread holding the cursor.
        self._thread = threading.Thread(target=self._read, name="graphsvc-read-ahead", daemon=True)

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _read(self) -> None:
        try:
            self._read_all()
        finally:
            self.cpu_seconds = time.thread_time()

    def _read_all(self) -> None:
        try:
            while not self._stop.is_set():
                rows = self._fetch()
                if not rows:
                    break
                if not self._put(rows):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(exc)
            return
        self._put(_DONE)

    def __iter__(self) -> Iterator[list[Any]]:
        if self._stop.is_set():
            return
        if not self._thread.is_alive() and self._thread.ident is None:
            self._thread.start()
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        """Stop reading and wait for the reader (safe to call more than once)."""
        self._stop.set()
        while self._thread.ident is not None and self._thread.is_alive():
            with contextlib.suppress(queue.Empty):  # room, if the reader waits to put
                self._queue.get_nowait()
            self._thread.join(_POLL_S)
