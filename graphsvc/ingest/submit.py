"""The producer side of the queue, as the API uses it: enqueue within the bound, read jobs."""

from __future__ import annotations

from collections.abc import Sequence

from graphsvc.errors import PayloadTooLarge
from graphsvc.jobs import Job, NewItem
from graphsvc.models import ArticleInput
from graphsvc.service import GraphService, IngestResult, prepare_article
from graphsvc.settings import Settings
from graphsvc.store import JobQueue

# A worker stores about 20 articles a second (bench/README.md): the Retry-After estimate.
SECONDS_PER_ITEM = 0.05


class IngestQueue:
    def __init__(self, service: GraphService, settings: Settings) -> None:
        self.service = service
        self.settings = settings
        self.jobs = JobQueue(service.store)

    def stored(self, item: ArticleInput) -> IngestResult | None:
        """The article as already stored (same id or text), else None; InvalidInput for an
        unusable input and Conflict for a known id with other text, as a direct ingest."""
        found = self.service.store.find_article(prepare_article(item))
        return None if found is None else IngestResult(*found)

    def submit(self, items: Sequence[NewItem]) -> Job:
        """Queue a job of ``items``; QueueFull (503) when the queue is at its bound,
        PayloadTooLarge (413) for a batch that could never fit."""
        limit = self.settings.queue_max_items
        usable = sum(1 for i in items if i.item is not None)
        if usable > limit:
            raise PayloadTooLarge(
                f"A batch of {usable} articles is larger than the queue ({limit} articles, "
                "GRAPHSVC_QUEUE_MAX_ITEMS); send smaller batches."
            )
        per_item = SECONDS_PER_ITEM / max(1, self.settings.ingest_workers)
        return self.jobs.enqueue(items, max_pending=limit, seconds_per_item=per_item)

    def submit_one(self, item: ArticleInput) -> IngestResult | Job:
        """The stored article when it is already there, else the job queued for it."""
        found = self.stored(item)
        return found if found is not None else self.submit([NewItem(0, None, item)])

    def job(self, job_id: str) -> Job:
        return self.jobs.get(job_id)
