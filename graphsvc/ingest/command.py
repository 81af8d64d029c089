"""``graphsvc worker``: one extraction worker process on the store's ingestion queue."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from graphsvc.ingest import BATCH_SIZE, LEASE_SECONDS, POLL_INTERVAL

if TYPE_CHECKING:
    from graphsvc.service import GraphService

RECONNECT_INTERVAL = 2.0  # seconds between attempts to open a store that is unreachable


@click.command()
@click.option(
    "--db",
    default=None,
    metavar="PATH|URL",
    help="SQLite file or database URL (default: GRAPHSVC_DB or ./data/graphsvc.db).",
)
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0.01),
    default=POLL_INTERVAL,
    show_default=True,
    help="Seconds between looks at an empty queue.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=BATCH_SIZE,
    show_default=True,
    help="Articles extracted and stored per step (the lease is renewed between steps).",
)
@click.option(
    "--lease-seconds",
    type=click.FloatRange(min=1),
    default=LEASE_SECONDS,
    show_default=True,
    help="How long a job stays this worker's without renewal; a killed worker's job "
    "returns to the queue after it.",
)
@click.option(
    "--nice",
    type=click.IntRange(0, 19),
    default=0,
    show_default=True,
    help="Lower the worker's CPU priority by this much (serve's pool uses 10, so that "
    "requests win the CPU over extraction).",
)
@click.option("--parent-pid", type=int, default=None, hidden=True)  # set by `serve`'s pool
def worker(
    db: str | None,
    poll_interval: float,
    batch_size: int,
    lease_seconds: float,
    nice: int,
    parent_pid: int | None,
) -> None:
    """Work the ingestion queue: extract and store queued articles (POST /articles when
    busy, POST /articles/batch) until stopped with SIGTERM or Ctrl-C. Run as many as the
    machine has cores; each loads its own spaCy model. Through a database outage (also at
    start) it waits and resumes; an interrupted job goes back to the queue."""
    from graphsvc.cli import make_settings, open_service
    from graphsvc.ingest.worker import Worker
    from graphsvc.store.engine import is_memory_url

    settings = make_settings(db=db)
    if is_memory_url(settings.database_url):
        raise click.ClickException(
            "An in-memory database cannot be shared with a worker process; use a SQLite "
            "file or PostgreSQL (`graphsvc serve` runs a worker thread for in-memory SQLite)."
        )
    if nice:
        os.nice(nice)
    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    service = open_when_reachable(lambda: open_service(settings), stop)
    if service is None:
        return
    cluster = None
    try:
        if settings.dask_scheduler:
            from graphsvc.distributed import ClusterExtractor

            cluster = ClusterExtractor(settings.dask_scheduler, settings, batch_size=batch_size)
            click.echo(
                f"worker: extracting on the Dask cluster {settings.dask_scheduler}", err=True
            )
        runner = Worker(
            service,
            batch_size=batch_size,
            lease_seconds=lease_seconds,
            poll_interval=poll_interval,
            extract=cluster,
        )
        click.echo(f"worker {runner.name}: waiting for jobs", err=True)
        alive = (lambda: os.getppid() == parent_pid) if parent_pid else (lambda: True)
        runner.run(stop, alive=alive)
    finally:
        if cluster is not None:
            cluster.close()
        service.close()


def open_when_reachable(
    open_service: Callable[[], GraphService],
    stop: threading.Event,
    *,
    retry_every: float = RECONNECT_INTERVAL,
) -> GraphService | None:
    """The service, once the database answers (a worker started during an outage waits for
    it, saying so once); None when stopped meanwhile."""
    from graphsvc.errors import DatabaseUnavailable

    said = False
    while not stop.is_set():
        try:
            return open_service()
        except DatabaseUnavailable as exc:
            if not said:
                click.echo(f"worker: {exc.detail} Waiting for the database.", err=True)
                said = True
            stop.wait(retry_every)
    return None
