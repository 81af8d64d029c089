"""One SQLite query over consecutive id ranges, run by several reader threads at once.

SQLite renders the exports' text inside the server process (store.rendered), and one
connection steps through one statement at a time: a single reader caps an export at what
one core renders. Here the id span of the events is cut into ranges, each reader thread
has a connection of its own and takes every n-th range, and the ranges are handed out in
order. Python's sqlite3 releases the GIL while SQLite steps, so the readers render on all
cores while the consumer sends what is ready.

All readers must see the same data. Each opens a read transaction (``BEGIN``, then a first
SELECT fixes its WAL snapshot) and reads the store's data version in it: the newest event
id and the ``generation`` counter that deletions and actor changes bump (``Store.version``
relies on the same pair). When the readers disagree — a write committed while they were
opening — they start again; the ranges end at the newest id they agreed on.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

_DONE = object()
_POLL_S = 0.05  # how often a blocked reader looks whether it was told to stop
_VERSION_SQL = (
    "SELECT (SELECT max(id) FROM events), (SELECT value FROM meta WHERE key = 'generation')"
)
_OPEN_ATTEMPTS = 5


class SnapshotsDiffer(RuntimeError):
    """The readers could not open their transactions on the same data (writes kept
    committing in between)."""


class RangeReader:
    """Iterate (once) to get ``(lo, hi, row)`` for each id range [lo, hi) in order, where
    ``row`` is the single row ``sql`` returns for the parameters ``params(lo, hi)``.

    ``connections`` are DBAPI (sqlite3) connections, one per reader thread, owned by the
    caller (closed by it after ``close()``); ``spares`` are opened on the same snapshot for
    the caller's own queries. At most ``depth`` results per reader wait in memory.
    ``close()`` stops the readers and waits for them."""

    def __init__(
        self,
        connections: Sequence[Any],
        sql: str,
        params: Callable[[int, int], Sequence[Any]],
        *,
        width: int,
        depth: int = 2,
        spares: Sequence[Any] = (),
    ) -> None:
        self._connections = list(connections)
        self._spares = list(spares)
        self._sql = sql
        self._params = params
        self._width = width
        self._stop = threading.Event()
        self._queues: list[queue.Queue[Any]] = [
            queue.Queue(maxsize=depth) for _ in self._connections
        ]
        self.cpu_seconds = 0.0  # the readers' CPU time, once they have ended (benchmarks)
        self._cpu_lock = threading.Lock()
        self.first_id, self.last_id = self._open_snapshots()
        self._threads = [
            threading.Thread(target=self._read, args=(k,), name=f"graphsvc-range-{k}", daemon=True)
            for k in range(len(self._connections))
        ]
        self._started = False

    # -- opening -------------------------------------------------------------------------

    def _open_snapshots(self) -> tuple[int, int]:
        """Begin a read transaction on every connection, all on the same data version;
        (first id, last id) of the events in it."""
        for _ in range(_OPEN_ATTEMPTS):
            versions = []
            opened = self._connections + self._spares
            for conn in opened:
                conn.execute("BEGIN")
                versions.append(tuple(conn.execute(_VERSION_SQL).fetchone()))
            if len(set(versions)) == 1:
                first = self._connections[0].execute("SELECT min(id) FROM events").fetchone()
                return int(first[0] or 0), int(versions[0][0] or 0)
            for conn in opened:
                conn.execute("ROLLBACK")
        raise SnapshotsDiffer("the readers saw different versions of the store")

    # -- reading -------------------------------------------------------------------------

    def _ranges(self, k: int) -> Iterator[tuple[int, int]]:
        step = self._width * len(self._connections)
        lo = self.first_id + k * self._width
        while lo <= self.last_id and not self._stop.is_set():
            yield lo, min(lo + self._width, self.last_id + 1)
            lo += step

    def _put(self, k: int, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queues[k].put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _read(self, k: int) -> None:
        conn = self._connections[k]
        try:
            for lo, hi in self._ranges(k):
                row = conn.execute(self._sql, self._params(lo, hi)).fetchone()
                if not self._put(k, (lo, hi, row)):
                    return
            self._put(k, _DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(k, exc)
        finally:
            with self._cpu_lock:
                self.cpu_seconds += time.thread_time()

    def __iter__(self) -> Iterator[tuple[int, int, Any]]:
        if self._started or self._stop.is_set():
            return
        self._started = True
        for thread in self._threads:
            thread.start()
        n = len(self._queues)
        k = 0
        while True:
            item = self._queues[k].get()
            if item is _DONE:
                return  # ranges go round the readers in turn: the first to end is the last
            if isinstance(item, BaseException):
                raise item
            yield item
            k = (k + 1) % n

    def close(self) -> None:
        """Stop the readers and wait for them (safe to call more than once); the caller
        then ends the transactions and closes the connections."""
        self._stop.set()
        for k, thread in enumerate(self._threads):
            while thread.ident is not None and thread.is_alive():
                with contextlib.suppress(queue.Empty):  # room, if the reader waits to put
                    self._queues[k].get_nowait()
                thread.join(_POLL_S)
