"""A queue worker through a database outage: it waits, resumes, and loses no job.

Before, an outage in the middle of a job counted as one of the job's attempts (and the
lease it could not give back ran out meanwhile): with its attempts used up the job was
marked failed and its articles never stored.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import api_support
from outage_proxy import TcpProxy
from pg_schema import throwaway_schema
from sqlalchemy.engine import make_url

from graphsvc.errors import DatabaseUnavailable
from graphsvc.ingest.command import open_when_reachable
from graphsvc.ingest.worker import Worker
from graphsvc.jobs import NewItem
from graphsvc.models import Article, ArticleInput, Event
from graphsvc.settings import Settings
from graphsvc.store import JobQueue

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
COUNTRIES = ["Russia", "Turkey", "Armenia", "Azerbaijan", "France", "Germany"]


class Plug:
    """Pull and put back the database: a proxy in front of PostgreSQL, or the SQLite file
    moved away and back."""

    def __init__(self, pull: Callable[[], None], restore: Callable[[], None]) -> None:
        self.pull, self.restore = pull, restore


@pytest.fixture(params=BACKENDS)
def plugged(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Plug]]:
    if request.param == "sqlite":
        db, away = tmp_path / "queue.db", tmp_path / "away.db"
        yield str(db), Plug(lambda: db.rename(away), lambda: away.rename(db))
        return
    assert PG_URL is not None
    with throwaway_schema(PG_URL, "graphsvc_worker_outage") as url:
        real = make_url(url)
        proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
        proxy.start()
        try:
            yield proxy.url_for(url), Plug(proxy.stop, proxy.start)
        finally:
            proxy.stop()


def story(n: int) -> ArticleInput:
    a, b = COUNTRIES[n % 6], COUNTRIES[(n + 1) % 6]
    return ArticleInput(text=f"{a} and {b} held talks, round {n}.", published=date(2021, 1, 13))


def test_a_job_interrupted_by_an_outage_is_resumed_and_stored_once(
    plugged: tuple[str, Plug],
) -> None:
    from graphsvc.service import GraphService

    url, plug = plugged
    service = GraphService(Settings(db=url), extractor=api_support().FakeExtractor())
    try:
        queue = JobQueue(service.store)
        job_id = queue.enqueue([NewItem(i, None, item=story(i)) for i in range(4)]).id
        worker = Worker(service, batch_size=2, lease_seconds=1, poll_interval=0.05)
        worker.queue.max_attempts = 1  # an attempt counted against the job would fail it
        pulled = threading.Event()
        extract = worker.extract

        def extract_then_pull(articles: Sequence[Article]) -> list[list[Event]]:
            found = extract(articles)
            if not pulled.is_set():  # the outage hits between extraction and storing
                pulled.set()
                plug.pull()
                # back after the lease ran out, while the worker keeps trying
                threading.Timer(1.5, plug.restore).start()
            return found

        worker.extract = extract_then_pull
        stop = threading.Event()
        thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                if pulled.is_set():
                    try:
                        if queue.get(job_id).status in ("done", "failed"):
                            break
                    except DatabaseUnavailable:
                        pass
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(10)
        assert pulled.is_set()
        job = queue.get(job_id)
        assert (job.status, job.done, job.failed) == ("done", 4, 0), job
        assert service.store.count_articles() == 4  # each stored once
    finally:
        service.close()


def test_a_worker_started_during_an_outage_waits_for_the_database() -> None:
    attempts: list[int] = []
    opened = object()

    def open_service() -> Any:
        attempts.append(1)
        if len(attempts) < 3:
            raise DatabaseUnavailable("The database is unavailable (cannot connect).")
        return opened

    stop = threading.Event()
    assert open_when_reachable(open_service, stop, retry_every=0.01) is opened
    assert len(attempts) == 3
    stop.set()
    assert open_when_reachable(open_service, stop) is None  # stopped: gives up
