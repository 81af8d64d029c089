"""The worker pool `serve` runs, and the `graphsvc worker` command's own checks."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphsvc.cli import main
from graphsvc.ingest.pool import WorkerPool
from graphsvc.jobs import NewItem
from graphsvc.models import ArticleInput
from graphsvc.settings import Settings
from graphsvc.store import JobQueue


def test_in_memory_sqlite_gets_a_worker_thread(fake_extractor: Any) -> None:
    from graphsvc.service import GraphService

    settings = Settings(db="sqlite://", ingest_workers=2)
    service = GraphService(settings, extractor=fake_extractor)
    pool = WorkerPool(settings, service)
    assert pool.in_process
    pool.start()
    try:
        assert pool.processes == [] and pool._thread is not None and pool._thread.is_alive()
        queue = JobQueue(service.store)
        text = "Russia and Turkey held talks on Monday."
        job_id = queue.enqueue([NewItem(0, None, item=ArticleInput(text=text))]).id
        deadline = time.monotonic() + 30
        while queue.get(job_id).status != "done" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert queue.get(job_id).status == "done"
        assert service.store.count_articles() == 1
    finally:
        pool.stop()
        service.close()
    assert not pool._thread.is_alive()


def test_a_file_database_gets_worker_processes_stopped_with_the_pool(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "pool.db"), ingest_workers=2)
    previous = signal.getsignal(signal.SIGTERM)
    pool = WorkerPool(settings, service=None)  # type: ignore[arg-type]  # unused for processes
    pool.start()
    processes = list(pool.processes)
    try:
        assert len(processes) == 2 and all(p.poll() is None for p in processes)
        assert signal.getsignal(signal.SIGTERM) is not previous
    finally:
        pool.stop()
    assert all(p.returncode is not None for p in processes)
    assert signal.getsignal(signal.SIGTERM) is previous


def test_no_workers_when_asked_for_none(tmp_path: Path) -> None:
    pool = WorkerPool(Settings(db=str(tmp_path / "x.db"), ingest_workers=0), service=None)  # type: ignore[arg-type]
    pool.start()
    assert pool.processes == [] and pool._thread is None
    pool.stop()


def test_serve_passes_the_pool_size(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    sizes: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    started = lambda pool: sizes.append(pool.settings.ingest_workers)  # noqa: E731
    monkeypatch.setattr(WorkerPool, "start", started)
    monkeypatch.setenv("GRAPHSVC_DB", str(tmp_path / "serve.db"))
    monkeypatch.setenv("GRAPHSVC_INGEST_WORKERS", "2")
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    assert CliRunner().invoke(main, ["serve", "--ingest-workers", "0"]).exit_code == 0
    assert sizes == [2, 0]
    assert "--ingest-workers" in CliRunner().invoke(main, ["serve", "--help"]).output


def test_worker_refuses_an_in_memory_database() -> None:
    result = CliRunner().invoke(main, ["worker", "--db", "sqlite://"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: An in-memory database cannot be shared")
    assert len(result.stderr.strip().splitlines()) == 1


def test_worker_options_are_checked() -> None:
    result = CliRunner().invoke(main, ["worker", "--batch-size", "0"])
    assert result.exit_code == 2 and "--batch-size" in result.stderr
    help_text = CliRunner().invoke(main, ["worker", "--help"]).output
    for option in ("--db", "--poll-interval", "--batch-size", "--lease-seconds"):
        assert option in help_text
    assert "--parent-pid" not in help_text
