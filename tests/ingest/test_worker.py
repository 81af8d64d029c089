"""The extraction worker end to end on a real store (fake extractor): results, retries,
stops, and exactly-once storage when a worker dies between storing and recording."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest

from graphsvc.errors import QueueFull
from graphsvc.ingest.submit import IngestQueue
from graphsvc.ingest.worker import Worker
from graphsvc.jobs import NewItem
from graphsvc.models import ArticleInput
from graphsvc.settings import Settings
from graphsvc.store import JobQueue

PAIRS = [("Russia", "Turkey"), ("Armenia", "Azerbaijan"), ("France", "Germany")]


def story(n: int) -> ArticleInput:
    a, b = PAIRS[n % len(PAIRS)]
    text = f"{a} and {b} held talks on item {n} on Wednesday.\n\nOfficials in {a} said so."
    return ArticleInput(text=text, title=f"Story {n}", published=date(2021, 1, 13))


def new_items(*inputs: ArticleInput) -> list[NewItem]:
    return [NewItem(i, None, item=item) for i, item in enumerate(inputs)]


def test_a_worker_stores_a_job_and_reports_every_item(service: Any) -> None:
    existing = service.ingest(story(0))
    queue = JobQueue(service.store)
    job_id = queue.enqueue(
        new_items(
            story(1),
            story(0),  # already stored: found, not created again
            ArticleInput(text="   "),  # empty: fails with the service's sentence
            ArticleInput(text="Other text.", id=existing.article.id),  # id taken: conflict
            story(2),
            story(1),  # twice in one job: stored once
        )
    ).id
    worker = Worker(service, batch_size=2)
    assert worker.run_once() == job_id
    assert worker.run_once() is None
    job = queue.get(job_id)
    assert (job.status, job.done, job.failed, job.pending, job.attempts) == ("done", 4, 2, 0, 1)
    by_seq = {i.seq: i for i in job.items}
    assert by_seq[0].created and by_seq[0].events == 1
    assert (by_seq[1].article_id, by_seq[1].created) == (existing.article.id, False)
    assert by_seq[2].error == "The article text is empty."
    assert by_seq[3].error is not None and "already exists" in by_seq[3].error
    assert by_seq[5].article_id == by_seq[0].article_id and by_seq[5].created is False
    assert service.store.count_articles() == 3
    stored, events = service.get_article(by_seq[4].article_id)
    assert stored.title == "Story 2" and stored.published == date(2021, 1, 13)
    assert {(e.source, e.target) for e in events} == {("FRA", "DEU")}


def test_a_worker_killed_between_storing_and_recording_loses_nothing(
    service: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = JobQueue(service.store)
    job_id = queue.enqueue(new_items(*[story(n) for n in range(5)])).id
    dying = Worker(service, batch_size=2, lease_seconds=-1, name="dying")
    real_record = JobQueue.record
    calls = 0

    def record_then_die(self: JobQueue, job: str, results: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the second batch is stored, its results never recorded
            raise KeyboardInterrupt  # not an Exception: like a kill, no clean release
        real_record(self, job, results)

    monkeypatch.setattr(JobQueue, "record", record_then_die)
    with pytest.raises(KeyboardInterrupt):
        dying.run_once()
    monkeypatch.setattr(JobQueue, "record", real_record)
    assert service.store.count_articles() == 4  # two batches of two stored
    job = queue.get(job_id)
    assert (job.status, job.done, job.pending) == ("running", 2, 3)

    assert Worker(service, name="next").run_once() == job_id  # the lease has expired
    job = queue.get(job_id)
    assert (job.status, job.done, job.failed, job.attempts) == ("done", 5, 0, 2)
    assert service.store.count_articles() == 5
    created = [i.created for i in job.items]
    assert created == [True, True, False, False, True]  # 2 and 3 were stored before the kill
    assert len({i.article_id for i in job.items}) == 5


def test_an_extractor_that_keeps_failing_fails_the_job(
    service: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = JobQueue(service.store)
    job_id = queue.enqueue(new_items(story(1))).id

    def broken(items: Any) -> Any:
        raise RuntimeError("model crashed")

    monkeypatch.setattr(service, "extract_articles", broken)
    worker = Worker(service)
    for attempt in range(1, 4):
        assert worker.run_once() == job_id
        assert queue.get(job_id).attempts == attempt
    job = queue.get(job_id)
    assert job.status == "failed" and job.error == "RuntimeError: model crashed"
    assert job.items[0].error == "RuntimeError: model crashed"
    assert worker.run_once() is None
    assert service.store.count_articles() == 0


def test_a_stopped_worker_gives_its_job_back(service: Any) -> None:
    queue = JobQueue(service.store)
    job_id = queue.enqueue(new_items(*[story(n) for n in range(4)])).id
    stop = threading.Event()
    worker = Worker(service, batch_size=2)
    real_handle = worker.handle

    def handle_then_stop(batch: Any) -> Any:
        stop.set()  # SIGTERM arrives while the first batch is extracted
        return real_handle(batch)

    worker.handle = handle_then_stop  # type: ignore[method-assign]
    assert worker.run_once(stop) == job_id
    job = queue.get(job_id)
    assert (job.status, job.done, job.attempts, job.worker) == ("queued", 2, 0, None)
    assert Worker(service).run_once() == job_id
    assert queue.get(job_id).status == "done"
    assert service.store.count_articles() == 4


def test_the_run_loop_works_jobs_until_stopped(service: Any) -> None:
    queue = JobQueue(service.store)
    stop = threading.Event()
    worker = Worker(service, poll_interval=0.01)
    thread = threading.Thread(target=worker.run, args=(stop,))
    thread.start()
    try:
        job_ids = [queue.enqueue(new_items(story(n))).id for n in range(3)]
        for _ in range(500):
            if all(queue.get(j).status == "done" for j in job_ids):
                break
            stop.wait(0.01)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert [queue.get(j).status for j in job_ids] == ["done"] * 3


def test_submit_bounds_the_queue(service: Any) -> None:
    settings = Settings(db="unused", queue_max_items=3, ingest_workers=2)
    submitter = IngestQueue(service, settings)
    job = submitter.submit(new_items(story(1), story(2)))
    assert (job.status, job.pending) == ("queued", 2)
    with pytest.raises(QueueFull) as caught:
        submitter.submit(new_items(story(3), story(4)))
    assert caught.value.retry_after == 1
    from graphsvc.errors import PayloadTooLarge

    with pytest.raises(PayloadTooLarge):
        submitter.submit(new_items(*[story(n) for n in range(4)]))
