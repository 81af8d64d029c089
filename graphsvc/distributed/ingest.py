"""Extraction as Dask tasks: batches of articles go out, events come back, the client stores.

Events come back to the client rather than workers writing to the database: measured in
bench/cluster.py, the client's writes cost a few per cent of a worker's extraction time
per document, and the client stays the one writer, so a worker never needs database
credentials and idempotence is the store's usual one (article id / content hash).

Failure guarantees: a task that raises is retried (``retries``); a worker that dies
mid-batch makes the scheduler run the batch elsewhere (``distributed.scheduler.
allowed-failures`` times). Nothing is written until a batch's events are back, and each
article is stored whole in one transaction, so a lost batch loses nothing and re-running
the same ingest only extracts what is not stored yet.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from graphsvc.distributed.cluster import ClusterError, first_line, open_client
from graphsvc.distributed.tasks import extract_batch, extraction_settings, worker_actors
from graphsvc.errors import Conflict, GraphsvcError
from graphsvc.models import Actor, Article, ArticleInput, Event
from graphsvc.service import GraphService, IngestSummary, prepare_article
from graphsvc.settings import Settings

if TYPE_CHECKING:
    from distributed import Client

    from graphsvc.store import Store

BATCH_SIZE = 64
RETRIES = 2
Extracted = tuple[ArticleInput, list[Event]]


@dataclass(frozen=True)
class BatchResult:
    """One batch back from the cluster: its events per article, or why it failed."""

    batch: list[ArticleInput]
    results: list[Extracted]
    error: str | None = None


def _chunks(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    chunk: list[ArticleInput] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _client(cluster: str | Client, settings: Settings) -> AbstractContextManager[Client]:
    if isinstance(cluster, str):
        return open_client(cluster, timeout=settings.dask_connect_timeout)
    return nullcontext(cluster)


def extract_batches_on_cluster(
    client: Client,
    docs: Iterable[ArticleInput],
    *,
    settings: Settings,
    batch_size: int = BATCH_SIZE,
    max_in_flight: int | None = None,
    retries: int = RETRIES,
) -> Iterator[BatchResult]:
    """Send ``docs`` out in batches and yield each batch as it completes (not in input
    order). At most ``max_in_flight`` batches (default: twice the cluster's threads) are
    queued at once, so a large input is read lazily. A batch that still fails after its
    retries comes back with ``error`` set; a lost scheduler raises ClusterError."""
    from distributed import as_completed

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    slim = extraction_settings(settings)
    if max_in_flight is None:
        max_in_flight = max(2, 2 * sum(client.nthreads().values()))
    batches = _chunks(docs, batch_size)
    run = uuid.uuid4().hex[:8]
    numbers = itertools.count()
    sent: dict[str, list[ArticleInput]] = {}  # batches in flight, by task key
    pending = as_completed()

    def submit_next() -> None:
        batch = next(batches, None)
        if batch is not None:
            key = f"graphsvc-extract-{run}-{next(numbers)}"
            future = client.submit(extract_batch, slim, batch, key=key, retries=retries, pure=False)
            sent[future.key] = batch
            pending.add(future)

    try:
        for _ in range(max_in_flight):
            submit_next()
        for future in pending:
            batch = sent.pop(future.key)
            try:
                result = BatchResult(batch, list(zip(batch, future.result(), strict=True)))
            except (CancelledError, OSError) as exc:
                raise ClusterError(
                    f"Lost the Dask scheduler: {type(exc).__name__} {first_line(exc)}."
                ) from None
            except Exception as exc:  # the task's own error after its retries, KilledWorker
                result = BatchResult(batch, [], f"{type(exc).__name__}: {first_line(exc)}")
            future.release()
            yield result
            submit_next()
    finally:
        pending.clear()  # forgets (so cancels) what is still queued if the caller stops early


def extract_on_cluster(
    cluster: str | Client,
    docs: Iterable[ArticleInput],
    *,
    settings: Settings,
    batch_size: int = BATCH_SIZE,
    max_in_flight: int | None = None,
) -> Iterator[Extracted]:
    """Events per article, extracted on the Dask cluster at ``cluster`` (an address such as
    ``tcp://host:8786`` or ``local:2``, or a connected Client), in completion order.

    ClusterError when dask is missing, the scheduler cannot be reached, or a batch fails
    after its retries."""
    with _client(cluster, settings) as client:
        for result in extract_batches_on_cluster(
            client, docs, settings=settings, batch_size=batch_size, max_in_flight=max_in_flight
        ):
            if result.error is not None:
                raise ClusterError(
                    f"A batch of {len(result.batch)} articles failed: {result.error}"
                )
            yield from result.results


class ClusterExtractor:
    """Extraction of queue workers' batches on a Dask cluster (``GRAPHSVC_DASK_SCHEDULER``):
    articles in, their events (pointing at them) out, in the articles' order. Holds one
    client for the worker's life; ``close()`` lets it go."""

    def __init__(self, address: str, settings: Settings, *, batch_size: int = BATCH_SIZE):
        self.settings = settings
        self.batch_size = batch_size
        self._context = open_client(address, timeout=settings.dask_connect_timeout)
        self._client = self._context.__enter__()

    def __call__(self, articles: Sequence[Article]) -> list[list[Event]]:
        docs = [ArticleInput(text=a.text, id=a.id, published=a.published) for a in articles]
        found = {
            doc.id: events
            for doc, events in extract_on_cluster(
                self._client, docs, settings=self.settings, batch_size=self.batch_size
            )
        }
        return [[replace(e, article_id=a.id) for e in found[a.id]] for a in articles]

    def close(self) -> None:
        self._context.__exit__(None, None, None)


def ingest_on_cluster(
    service: GraphService,
    items: Iterable[ArticleInput],
    *,
    cluster: str | Client,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """``GraphService.ingest_many`` with extraction on a Dask cluster: articles already
    stored are skipped before anything is sent, each batch is stored when it comes back.
    A batch that fails after its retries is reported in ``errors`` (its articles are not
    stored, so running the ingest again retries them)."""
    summary = IngestSummary()
    done = 0

    def tick(count: int = 1) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done)

    settings = service.settings
    with _client(cluster, settings) as client:
        service.store.upsert_actors(_actors(client, settings))
        fresh = _fresh(service.store, items, summary, tick)
        for result in extract_batches_on_cluster(
            client, fresh, settings=settings, batch_size=batch_size
        ):
            if result.error is not None:
                for doc in result.batch:
                    summary.errors.append(
                        f"{doc.id}: extraction failed on the cluster: {result.error}"
                    )
            else:
                _store(service.store, result.results, summary)
            tick(len(result.batch))
    return summary


def _actors(client: Client, settings: Settings) -> list[Actor]:
    """The workers' actors; also the first sign of a worker that cannot load the model."""
    future = client.submit(
        worker_actors, extraction_settings(settings), retries=RETRIES, pure=False
    )
    try:
        return future.result()
    except Exception as exc:
        raise ClusterError(
            f"The Dask workers cannot load the extractor: {type(exc).__name__}: {first_line(exc)}"
        ) from None


def _fresh(
    store: Store,
    items: Iterable[ArticleInput],
    summary: IngestSummary,
    tick: Callable[[], None],
) -> Iterator[ArticleInput]:
    """Items not stored yet, with their ids set; the others are counted and skipped.

    Batches come back in any order, so a text or id repeated within this run is settled
    here, in input order, as the one-by-one ingest settles it: the first one is stored.
    """
    sent: dict[str, str] = {}  # id -> content hash of the items sent in this run
    sent_hashes: set[str] = set()
    for number, item in enumerate(items, start=1):
        try:
            article = prepare_article(item)
            if article.id in sent and sent[article.id] != article.content_hash:
                raise Conflict(
                    f"An article with id '{article.id}' already exists with different text."
                )
            if article.content_hash in sent_hashes:
                summary.articles_skipped += 1
            elif store.find_article(article) is None:
                sent[article.id] = article.content_hash
                sent_hashes.add(article.content_hash)
                yield replace(item, id=article.id, text=article.text)  # normalised
                continue
            else:
                summary.articles_skipped += 1
        except GraphsvcError as exc:
            summary.errors.append(f"item {number} ({item.id or 'no id'}): {exc.detail}")
        tick()


def _store(store: Store, results: list[Extracted], summary: IngestSummary) -> None:
    batch = []
    for doc, events in results:
        article = prepare_article(doc)
        batch.append((article, [replace(e, article_id=article.id) for e in events]))
    # One transaction per batch (the store's bulk path), each article whole.
    for (article, _), outcome in zip(batch, store.add_articles(batch), strict=True):
        summary.count(article.id, outcome)
