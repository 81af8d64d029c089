"""Ingest on a Dask LocalCluster (2 single-threaded worker processes, one per module) equals
the single-process ingest, event for event; is idempotent; survives a worker killed
mid-batch. The workers run the real extractor (spaCy), as a cluster would."""

from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pg_schema import throwaway_schema

from graphsvc.models import ArticleInput, EventFilter, Provenance
from graphsvc.service import DEMO_FILE, GraphService, read_demo
from graphsvc.settings import Settings
from graphsvc.store import Store

# The dask extra is part of the test extra. "distributed.client", not "distributed": this
# folder (tests/distributed) would pass for a namespace package of that name without dask.
pytest.importorskip("distributed.client")

import cloudpickle
import distributed

from graphsvc.distributed import extract_on_cluster, ingest_on_cluster

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
BATCH = 5  # several batches per worker from the 25-article corpus

# The worker plugin below is defined here; workers cannot import this test module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def corpus() -> list[ArticleInput]:
    """The demo stories, plus the first one's text again under another id (both paths
    store it once and count the copy as already present). Their provenance is a file's, as
    `graphsvc ingest` of the demo file records it."""
    docs = [replace(d, provenance=Provenance(origin="file")) for d in read_demo(DEMO_FILE)]
    return [*docs, replace(docs[0], id="same-text-other-id")]


def stored(store: Store) -> dict[str, Any]:
    """Everything an ingest leaves, by content: articles, their events without ids, actors."""
    articles: dict[str, Any] = {}
    cursor = None
    while True:
        page, cursor = store.list_articles(limit=100, cursor=cursor)
        for article in page:
            _, events = store.get_article(article.id)  # type: ignore[misc]
            content = Counter(
                repr([(f.name, getattr(e, f.name)) for f in fields(e) if f.name != "id"])
                for e in events
            )
            articles[article.id] = (article, content)
        if cursor is None:
            break
    all_events = store.query_events(EventFilter(include_negated=True))[0]
    return {"articles": articles, "events": len(all_events), "actors": store.actors()}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The single-process ingest of the corpus."""
    from graphsvc.extract import Extractor

    path = tmp_path_factory.mktemp("reference") / "single.db"
    settings = Settings(db=str(path))
    service = GraphService(settings, extractor=Extractor(settings))
    try:
        summary = service.ingest_many(corpus())
        assert summary.errors == []
        return {"summary": summary, **stored(service.store)}
    finally:
        service.close()


@pytest.fixture(params=BACKENDS)
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphService]:
    """An empty store with no extractor in this process: the cluster does the extracting."""
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_dask") as url:
            service = GraphService(Settings(db=url))
            yield service
            service.close()
        return
    service = GraphService(Settings(db=str(tmp_path / "cluster.db")))
    yield service
    service.close()


def test_cluster_ingest_equals_single_process(
    client: Any, reference: dict[str, Any], service: GraphService
) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    summary = ingest_on_cluster(service, corpus(), cluster=client, batch_size=BATCH)

    assert summary.errors == []
    ref = reference["summary"]
    assert (summary.articles_added, summary.articles_skipped, summary.events_added) == (
        ref.articles_added,
        ref.articles_skipped,
        ref.events_added,
    )
    assert summary.articles_added == len(corpus()) - 1 and summary.events_added > 50
    got = stored(service.store)
    assert got["events"] == reference["events"] == summary.events_added
    assert got["articles"] == reference["articles"]
    assert got["actors"] == reference["actors"]


def test_running_again_adds_nothing(client: Any, service: GraphService) -> None:
    first = ingest_on_cluster(service, corpus(), cluster=client, batch_size=BATCH)
    before = stored(service.store)
    again = ingest_on_cluster(service, corpus(), cluster=client, batch_size=BATCH)

    assert first.articles_added > 0 and first.errors == []
    assert (again.articles_added, again.events_added, again.errors) == (0, 0, [])
    assert again.articles_skipped == len(corpus())
    assert stored(service.store) == before


def test_extract_on_cluster_yields_every_document_once(
    client: Any, reference: dict[str, Any]
) -> None:
    docs = [replace(d, id=f"doc-{i}") for i, d in enumerate(corpus()[:12])]
    settings = Settings()
    out = list(extract_on_cluster(client, docs, settings=settings, batch_size=5))

    assert sorted(doc.id for doc, _ in out) == sorted(d.id for d in docs)  # type: ignore[type-var]
    from_cluster = {doc.id: events for doc, events in out}
    assert sum(len(events) for events in from_cluster.values()) > 0
    assert all(e.article_id == doc.id for doc, events in out for e in events)


class KillOnSecondBatch(distributed.WorkerPlugin):
    """Kills its worker process (SIGKILL, no clean-up) when that worker starts its second
    extraction batch, once for the whole cluster (an O_EXCL marker file decides)."""

    name = "graphsvc-test-kill"

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.started = 0

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing" or not str(key).startswith("graphsvc-extract"):
            return
        self.started += 1
        if self.started < 2:
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)


def test_worker_killed_mid_batch_loses_and_duplicates_nothing(
    client: Any, reference: dict[str, Any], tmp_path: Path
) -> None:
    # The client writes whatever the backend, so SQLite is enough; one kill costs a worker
    # restart and a model load.
    service = GraphService(Settings(db=str(tmp_path / "killed.db")))
    marker = tmp_path / "killed"
    client.register_plugin(KillOnSecondBatch(str(marker)))
    try:
        summary = ingest_on_cluster(service, corpus(), cluster=client, batch_size=BATCH)
        got = stored(service.store)
    finally:
        client.unregister_worker_plugin(KillOnSecondBatch.name)
        service.close()

    assert marker.exists(), "no worker was killed: the test did not test anything"
    assert summary.errors == []
    assert summary.articles_added == reference["summary"].articles_added
    assert got["events"] == reference["events"]
    assert got["articles"] == reference["articles"]
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker


def test_cli_ingest_on_the_cluster(
    client: Any, reference: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from graphsvc.cli import main

    db = tmp_path / "cli.db"
    monkeypatch.delenv("GRAPHSVC_DASK_SCHEDULER", raising=False)
    address = client.scheduler.address
    args = ["ingest", str(DEMO_FILE), "--db", str(db), "--cluster", address, "--batch-size", "4"]
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 0, result.output
    added = reference["summary"].articles_added
    assert f"{added} articles added, 0 skipped" in result.output
    store = Store(Settings(db=str(db)).database_url)
    try:
        assert stored(store)["articles"] == reference["articles"]
    finally:
        store.close()


def test_workers_without_the_model_stop_the_ingest_before_anything_is_stored(
    client: Any, tmp_path: Path
) -> None:
    from graphsvc.distributed import ClusterError

    settings = Settings(db=str(tmp_path / "nomodel.db"), spacy_model="no_such_spacy_model")
    service = GraphService(settings)
    try:
        with pytest.raises(ClusterError, match=r"cannot load the extractor.*no_such_spacy_model"):
            ingest_on_cluster(service, corpus(), cluster=client, batch_size=BATCH)
        assert service.store.count_articles() == 0
    finally:
        service.close()


def test_a_batch_failing_after_its_retries_is_reported_and_the_rest_stored(
    client: Any, tmp_path: Path
) -> None:
    # A publication date that is not a date passes the client's checks (ingest_on_cluster is
    # a library call, not the CLI reader) and makes the extractor raise on the worker, on
    # every attempt.
    good = [
        ArticleInput(
            text="Turkey and Greece signed an agreement on migration in Athens on Tuesday.",
            id="good-1",
            published=date(2024, 3, 5),
        ),
        ArticleInput(
            text="Japan and India held talks on maritime security in Tokyo on Monday.",
            id="good-2",
            published=date(2024, 3, 4),
        ),
    ]
    bad = ArticleInput(
        text="Chile and Peru agreed on Friday to reopen their border crossings.",
        id="bad-date",
        published="2024-99-99",  # type: ignore[arg-type]
    )
    service = GraphService(Settings(db=str(tmp_path / "failing.db")))
    try:
        summary = ingest_on_cluster(service, [good[0], bad, good[1]], cluster=client, batch_size=1)
        stored_ids = {a.id for a in service.store.list_articles(limit=10)[0]}
    finally:
        service.close()

    assert stored_ids == {"good-1", "good-2"}
    assert summary.articles_added == 2
    assert len(summary.errors) == 1
    assert summary.errors[0].startswith("bad-date: extraction failed on the cluster:")


def test_queue_workers_extract_on_the_cluster(
    client: Any, reference: dict[str, Any], service: GraphService
) -> None:
    """A queue worker with GRAPHSVC_DASK_SCHEDULER set (ClusterExtractor) stores what the
    single-process ingest stores."""
    from graphsvc.distributed import ClusterExtractor
    from graphsvc.ingest.worker import Worker
    from graphsvc.jobs import NewItem
    from graphsvc.store import JobQueue

    service.store.upsert_actors(reference["actors"].values())
    queue = JobQueue(service.store)
    job_id = queue.enqueue([NewItem(i, None, item=doc) for i, doc in enumerate(corpus())]).id
    settings = service.settings.model_copy(update={"dask_scheduler": client.scheduler.address})
    extractor = ClusterExtractor(client.scheduler.address, settings, batch_size=BATCH)
    try:
        assert Worker(service, batch_size=8, extract=extractor).run_once() == job_id
    finally:
        extractor.close()
    job = queue.get(job_id)
    assert (job.status, job.failed, job.pending) == ("done", 0, 0)
    got = stored(service.store)
    assert got["events"] == reference["events"]
    assert got["articles"] == reference["articles"]
