"""Who may extract in the request, and the threads writes run on.

``POST /articles`` extracts in the request only when one of ``GRAPHSVC_SYNC_EXTRACTIONS``
slots is free; the slot is taken without waiting (a full house queues the article instead),
so no request ever holds a thread while it waits for one. Extractions and queue writes run
on their own small thread pools, never on the one the read routes use: however many clients
write, reads find a thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Annotated, TypeVar

from fastapi import Depends, Request

if TYPE_CHECKING:
    from graphsvc.ingest.submit import IngestQueue
    from graphsvc.service import GraphService
    from graphsvc.settings import Settings

T = TypeVar("T")
# Enqueues are short transactions. SQLite runs one writer at a time and makes the others
# sleep-and-retry (busy timeout), which under a burst of writers cost more than queueing
# them here: one thread for SQLite, a few for PostgreSQL.
QUEUE_WRITE_THREADS = {"sqlite": 1}
QUEUE_WRITE_THREADS_DEFAULT = 4


class Admission:
    def __init__(self, settings: Settings, service: GraphService) -> None:
        from graphsvc.ingest.submit import IngestQueue  # the data layer, on first use

        self.queue: IngestQueue = IngestQueue(service, settings)
        self._slots = threading.Semaphore(settings.sync_extractions)
        self._extract_pool = ThreadPoolExecutor(
            max(1, settings.sync_extractions), thread_name_prefix="graphsvc-extract"
        )
        threads = QUEUE_WRITE_THREADS.get(service.store.dialect, QUEUE_WRITE_THREADS_DEFAULT)
        self._write_pool = ThreadPoolExecutor(threads, thread_name_prefix="graphsvc-enqueue")

    def try_slot(self) -> bool:
        """Take an extraction slot if one is free now; never waits."""
        return self._slots.acquire(blocking=False)

    async def extract(self, func: Callable[[], T]) -> T:
        """Run ``func`` (an ingest) on the extraction threads; the slot taken before is
        freed when it has run (not when a client hangs up while it is still running)."""
        future = self._extract_pool.submit(func)
        future.add_done_callback(lambda _: self._slots.release())
        return await asyncio.wrap_future(future)

    async def write(self, func: Callable[[], T]) -> T:
        """Run a short queue write or lookup on the queue's threads."""
        return await asyncio.wrap_future(self._write_pool.submit(func))

    def close(self) -> None:
        self._extract_pool.shutdown(wait=False)
        self._write_pool.shutdown(wait=False)


async def get_admission(request: Request) -> Admission:
    """One Admission per app, made on first use (on the event loop, so without a race)."""
    state = request.app.state
    admission = getattr(state, "admission", None)
    if admission is None:
        admission = state.admission = Admission(state.settings, state.service)
    return admission


AdmissionDep = Annotated[Admission, Depends(get_admission)]
