"""An extraction worker: claims jobs from the store's queue, extracts and stores their items.

Exactly-once: a batch of articles is stored in one transaction (``Store.add_articles``) and
the items' results are recorded right after; a worker killed between the two leaves the
items pending, and the next attempt finds the articles by id/content hash (stored once,
reported as not created).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from graphsvc.errors import Conflict, DatabaseUnavailable, GraphsvcError
from graphsvc.ingest import BATCH_SIZE, LEASE_SECONDS, POLL_INTERVAL
from graphsvc.jobs import ClaimedJob, ItemResult, item_from_payload
from graphsvc.models import Article, Event
from graphsvc.service import prepare_article
from graphsvc.store import JobQueue

if TYPE_CHECKING:
    from graphsvc.service import GraphService

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


class Worker:
    """Claims one job at a time and works it in batches, renewing its lease per batch."""

    def __init__(
        self,
        service: GraphService,
        *,
        batch_size: int = BATCH_SIZE,
        lease_seconds: float = LEASE_SECONDS,
        poll_interval: float = POLL_INTERVAL,
        name: str | None = None,
        extract: Callable[[Sequence[Article]], list[list[Event]]] | None = None,
    ) -> None:
        self.service = service
        # The events of a batch of articles: this process's extractor, or a Dask cluster's.
        self.extract = extract or service.extract_articles
        self.queue = JobQueue(service.store)
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self.name = name or worker_name()
        self._held: str | None = None  # a job an outage interrupted, still leased to us

    def run(self, stop: threading.Event, *, alive: Callable[[], bool] = lambda: True) -> None:
        """Work jobs until ``stop`` is set or ``alive()`` turns false (checked between
        batches and polls); a job interrupted that way goes back to the queue. Through a
        database outage it waits, then resumes: a job the outage interrupted goes back to
        the queue without using up an attempt, and is worked again."""
        outage = False
        while not stop.is_set() and alive():
            try:
                self._give_back_held()
                worked = self.run_once(stop, alive=alive)
                if outage:
                    log.warning("worker %s: the database is back", self.name)
                    outage = False
            except DatabaseUnavailable as exc:
                if not outage:
                    log.warning("worker %s: %s Waiting for it.", self.name, exc.detail)
                    outage = True
                worked = None
            except Exception:
                log.exception("worker %s: claiming a job failed", self.name)
                worked = None
            if worked is None:
                stop.wait(self.poll_interval)

    def run_once(
        self, stop: threading.Event | None = None, *, alive: Callable[[], bool] = lambda: True
    ) -> str | None:
        """Claim and work one job; its id, or None when the queue had nothing to claim."""
        job = self.queue.claim(self.name, lease_seconds=self.lease_seconds)
        if job is None:
            return None
        try:
            self._work(job, stop or threading.Event(), alive)
        except DatabaseUnavailable:
            # Not the job's fault: given back (attempt not counted) once the database answers.
            self._held = job.id
            raise
        except Exception as exc:
            log.exception("worker %s: job %s failed", self.name, job.id)
            self.queue.release(job.id, self.name, error=f"{type(exc).__name__}: {exc}")
        return job.id

    def _give_back_held(self) -> None:
        if self._held is not None:
            self.queue.release(self._held, self.name)  # a no-op if its lease went elsewhere
            self._held = None

    def _work(self, job: ClaimedJob, stop: threading.Event, alive: Callable[[], bool]) -> None:
        pending = self.queue.pending_of(job.id)
        for start in range(0, len(pending), self.batch_size):
            if stop.is_set() or not alive():
                self.queue.release(job.id, self.name)
                return
            if not self.queue.renew(job.id, self.name, lease_seconds=self.lease_seconds):
                log.warning("worker %s: lost the lease of job %s", self.name, job.id)
                return
            batch = pending[start : start + self.batch_size]
            self.queue.record(job.id, self.handle(batch))
        self.queue.finish(job.id, self.name)

    def handle(self, batch: Sequence[tuple[int, dict[str, Any]]]) -> list[ItemResult]:
        """Results for (seq, payload) items: extract the new ones in one pass, store them."""
        results: list[ItemResult] = []
        fresh: list[tuple[int, Article]] = []
        store = self.service.store
        for seq, payload in batch:
            try:
                article = prepare_article(item_from_payload(payload))
                found = store.find_article(article)
            except GraphsvcError as exc:
                results.append(ItemResult(seq, error=exc.detail))
                continue
            if found is None:
                fresh.append((seq, article))
            else:
                results.append(ItemResult(seq, found[0].id, created=False, events=len(found[1])))
        if fresh:
            articles = [a for _, a in fresh]
            extracted = self.extract(articles)
            stored = store.add_articles(list(zip(articles, extracted, strict=True)))
            for (seq, article), outcome in zip(fresh, stored, strict=True):
                if isinstance(outcome, Conflict):
                    results.append(ItemResult(seq, article.id, error=outcome.detail))
                else:
                    results.append(ItemResult(seq, outcome[0].id, outcome[2], len(outcome[1])))
        return sorted(results, key=lambda r: r.seq)
