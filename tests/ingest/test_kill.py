"""kill -9 of a real `graphsvc worker` and of a real `graphsvc serve` (with its pool) in the
middle of a job: the job is resumed and every accepted article is stored exactly once.

These run the real extractor in the child processes, as production does.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphsvc.jobs import Job, NewItem
from graphsvc.models import ArticleInput
from graphsvc.store import JobQueue, Store

COUNTRIES = ["Russia", "Turkey", "Armenia", "Azerbaijan", "France", "Germany", "Japan", "China"]


def story(n: int) -> dict[str, str]:
    a, b = COUNTRIES[n % 8], COUNTRIES[(n * 3 + 1) % 8]
    if a == b:
        b = "Brazil"
    return {
        "text": f"{a} and {b} held talks in Geneva on Wednesday about the {n}th trade round.\n\n"
        f"The foreign minister of {a} later called his counterpart in {b}.",
        "title": f"Talks, round {n}",
        "published": "2021-01-13",
    }


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def graphsvc(*args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Run a graphsvc command; its output goes to ``log`` (read it when a test fails)."""
    command = [sys.executable, "-m", "graphsvc.cli", *args]
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GRAPHSVC_API_KEY", None)
    with log.open("ab") as out:
        return subprocess.Popen(command, env=full_env, stdout=out, stderr=subprocess.STDOUT)


def gone(pid: int) -> bool:
    """Exited (or a zombie waiting for a parent that is no longer ours to reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state == "Z"


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def assert_stored_once(store: Store, jobs: list[Job], texts: dict[str, str]) -> None:
    """Every item done, one distinct article each, holding the text that was sent."""
    items = [i for job in jobs for i in job.items]
    assert all(i.status == "done" for i in items), [i for i in items if i.status != "done"]
    ids = [i.article_id for i in items]
    assert len(set(ids)) == len(ids) == len(texts)
    assert store.count_articles() == len(texts)
    for job in jobs:
        for item in job.items:
            assert item.article_id is not None
            found = store.get_article(item.article_id)
            assert found is not None and found[0].text == texts[f"{job.id}:{item.seq}"]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_kill_9_of_a_worker_mid_job(
    db_url: str, store: Store, processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    queue = JobQueue(store)
    stories = [story(n) for n in range(120)]
    job_id = queue.enqueue(
        [NewItem(n, None, item=ArticleInput(text=s["text"])) for n, s in enumerate(stories)]
    ).id
    texts = {f"{job_id}:{n}": s["text"] for n, s in enumerate(stories)}
    options = ["--db", db_url, "--batch-size", "4", "--lease-seconds", "2"]
    options += ["--poll-interval", "0.1"]
    log = tmp_path / "workers.log"

    first = graphsvc("worker", *options, log=log)
    processes.append(first)
    wait_for(lambda: queue.get(job_id).done >= 8, 120, "the first worker's progress")
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed = queue.get(job_id)
    assert killed.status == "running" and killed.done < killed.total, "finished before the kill"

    second = graphsvc("worker", *options, log=log)
    processes.append(second)
    wait_for(lambda: queue.get(job_id).status == "done", 180, "the job to be resumed")
    second.send_signal(signal.SIGTERM)
    assert second.wait(30) == 0  # a clean stop on SIGTERM
    job = queue.get(job_id)
    assert (job.attempts, job.done, job.failed) == (2, 120, 0)
    assert_stored_once(store, [job], texts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_kill_9_of_the_server_with_queued_jobs(
    tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    db = str(tmp_path / "served.db")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"GRAPHSVC_SYNC_EXTRACTIONS": "0"}  # every POST /articles queues

    def serve() -> subprocess.Popen[bytes]:
        args = ["--db", db, "--port", str(port), "--ingest-workers", "1"]
        process = graphsvc("serve", *args, log=tmp_path / "serve.log", env=env)
        processes.append(process)

        def up() -> bool:
            try:
                return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(up, 60, "the server")
        return process

    server = serve()
    stories = [story(n) for n in range(90)]
    job_urls = []
    batch = httpx.post(f"{base}/articles/batch", json=stories[:80], timeout=30)
    assert batch.status_code == 202, batch.text
    job_urls.append(batch.headers["location"])
    for s in stories[80:]:
        single = httpx.post(f"{base}/articles", json=s, timeout=30)
        assert single.status_code == 202, single.text
        job_urls.append(single.headers["location"])
    wait_for(lambda: httpx.get(job_urls[0], timeout=5).json()["done"] >= 8, 120, "worker progress")
    workers = children_of(server.pid)
    assert workers, "serve started no worker process"
    server.send_signal(signal.SIGKILL)
    server.wait()
    # The orphaned worker notices its server is gone, gives its job back and exits.
    wait_for(lambda: all(gone(pid) for pid in workers), 60, "the orphaned worker to exit")
    restarted = serve()
    wait_for(
        lambda: all(httpx.get(u, timeout=5).json()["status"] == "done" for u in job_urls),
        180,
        "the jobs to be resumed",
    )
    new_workers = children_of(restarted.pid)
    assert new_workers
    restarted.send_signal(signal.SIGTERM)
    assert restarted.wait(60) == 0
    assert all(gone(pid) for pid in new_workers)  # serve stops its pool on the way out

    store = Store(f"sqlite:///{db}")
    try:
        queue = JobQueue(store)
        jobs = [queue.get(u.rsplit("/", 1)[1]) for u in job_urls]
        texts = {f"{jobs[0].id}:{n}": s["text"] for n, s in enumerate(stories[:80])}
        texts.update({f"{j.id}:0": s["text"] for j, s in zip(jobs[1:], stories[80:], strict=True)})
        assert_stored_once(store, jobs, texts)
    finally:
        store.close()
