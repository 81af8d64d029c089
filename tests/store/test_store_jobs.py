"""The ingestion queue in the store: enqueue, atomic claims, leases, retries, the bound."""

from __future__ import annotations

import threading
import time

import pytest

from graphsvc.errors import NotFound, QueueFull
from graphsvc.jobs import ItemResult, NewItem
from graphsvc.models import ArticleInput
from graphsvc.store import JobQueue, Store


def items(*texts: str) -> list[NewItem]:
    return [NewItem(i, None, item=ArticleInput(text=t)) for i, t in enumerate(texts)]


def test_enqueue_keeps_items_and_refused_ones(store: Store) -> None:
    queue = JobQueue(store)
    new = [
        NewItem(0, 1, item=ArticleInput(text="Russia and Turkey met.", title="Talks")),
        NewItem(1, 2, error="invalid JSON: unexpected character"),
        NewItem(2, 4, item=ArticleInput(text="Armenia and Azerbaijan met.")),
    ]
    returned = queue.enqueue(new)
    job_id = returned.id
    job = queue.get(job_id)
    assert returned == job  # what enqueue answers is what the store holds
    assert (job.status, job.total, job.done, job.failed, job.pending) == ("queued", 3, 0, 1, 2)
    assert [(i.seq, i.line, i.status) for i in job.items] == [
        (0, 1, "pending"),
        (1, 2, "failed"),
        (2, 4, "pending"),
    ]
    assert job.items[1].error == "invalid JSON: unexpected character"
    assert queue.pending_items() == 2
    pending = queue.pending_of(job_id)
    assert [seq for seq, _ in pending] == [0, 2]
    assert pending[0][1]["title"] == "Talks"


def test_a_job_of_refused_items_only_is_done_at_once(store: Store) -> None:
    queue = JobQueue(store)
    job = queue.enqueue([NewItem(0, 1, error="missing 'text'")])
    assert (job.status, job.failed, job.pending) == ("done", 1, 0)
    assert queue.claim("w1", lease_seconds=30) is None


def test_unknown_job_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        JobQueue(store).get("nope")


def test_claims_take_the_oldest_job_once(store: Store) -> None:
    queue = JobQueue(store)
    first = queue.enqueue(items("a")).id
    second = queue.enqueue(items("b")).id
    one = queue.claim("w1", lease_seconds=30)
    two = queue.claim("w2", lease_seconds=30)
    assert one is not None and two is not None
    assert (one.id, two.id) == (first, second)
    assert one.attempts == 1
    assert queue.claim("w3", lease_seconds=30) is None
    job = queue.get(first)
    assert (job.status, job.worker) == ("running", "w1")


def test_concurrent_claims_never_share_a_job(store: Store) -> None:
    queue = JobQueue(store)
    made = {queue.enqueue(items(f"story {n}")).id for n in range(30)}
    taken: list[str] = []
    lock = threading.Lock()

    def claim_all(name: str) -> None:
        while (job := queue.claim(name, lease_seconds=30)) is not None:
            with lock:
                taken.append(job.id)

    threads = [threading.Thread(target=claim_all, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(made)


def test_an_expired_lease_returns_the_job_to_the_queue(store: Store) -> None:
    queue = JobQueue(store)
    job_id = queue.enqueue(items("a", "b")).id
    assert queue.claim("dead", lease_seconds=-1) is not None  # its worker was killed
    taken = queue.claim("w2", lease_seconds=30)
    assert taken is not None and taken.id == job_id and taken.attempts == 2
    assert not queue.renew(job_id, "dead", lease_seconds=30)  # the first worker lost it
    assert queue.renew(job_id, "w2", lease_seconds=30)


def test_a_live_lease_is_not_taken(store: Store) -> None:
    queue = JobQueue(store)
    queue.enqueue(items("a"))
    assert queue.claim("w1", lease_seconds=30) is not None
    assert queue.claim("w2", lease_seconds=30) is None


def test_record_counts_each_item_once(store: Store) -> None:
    queue = JobQueue(store)
    job_id = queue.enqueue(items("a", "b", "c")).id
    queue.claim("w1", lease_seconds=30)
    results = [
        ItemResult(0, "id-a", created=True, events=2),
        ItemResult(1, error="The article text is empty."),
    ]
    queue.record(job_id, results)
    queue.record(job_id, results)  # a worker that lost its lease reports again
    job = queue.get(job_id)
    assert (job.done, job.failed, job.pending) == (1, 1, 1)
    first = job.items[0]
    assert (first.status, first.article_id, first.created, first.events) == ("done", "id-a", 1, 2)
    assert job.items[1].error == "The article text is empty."
    assert [seq for seq, _ in queue.pending_of(job_id)] == [2]
    queue.record(job_id, [ItemResult(2, "id-c", created=False, events=0)])
    queue.finish(job_id, "w1")
    job = queue.get(job_id)
    assert (job.status, job.done, job.pending) == ("done", 2, 0)
    assert job.items[2].created is False
    assert queue.pending_items() == 0


def test_release_with_an_error_retries_then_fails(store: Store) -> None:
    queue = JobQueue(store, max_attempts=2)
    job_id = queue.enqueue(items("a", "b")).id
    queue.claim("w1", lease_seconds=30)
    queue.record(job_id, [ItemResult(0, "id-a", created=True, events=1)])
    queue.release(job_id, "w1", error="OSError: disk full")
    job = queue.get(job_id)
    assert (job.status, job.attempts, job.error) == ("queued", 1, "OSError: disk full")
    assert queue.claim("w2", lease_seconds=30) is not None
    queue.release(job_id, "w2", error="OSError: disk full")
    job = queue.get(job_id)
    assert (job.status, job.done, job.failed, job.pending) == ("failed", 1, 1, 0)
    assert job.items[1].error == "OSError: disk full"
    assert queue.claim("w3", lease_seconds=30) is None


def test_a_clean_stop_does_not_count_as_an_attempt(store: Store) -> None:
    queue = JobQueue(store, max_attempts=1)
    job_id = queue.enqueue(items("a")).id
    queue.claim("w1", lease_seconds=30)
    queue.release(job_id, "w1")
    job = queue.get(job_id)
    assert (job.status, job.attempts, job.worker) == ("queued", 0, None)
    assert queue.claim("w2", lease_seconds=30) is not None


def test_a_job_whose_workers_keep_dying_is_failed(store: Store) -> None:
    queue = JobQueue(store, max_attempts=2)
    job_id = queue.enqueue(items("a")).id
    assert queue.claim("dead-1", lease_seconds=-1) is not None
    assert queue.claim("dead-2", lease_seconds=-1) is not None
    assert queue.claim("w3", lease_seconds=30) is None
    job = queue.get(job_id)
    assert job.status == "failed" and job.error is not None and "2 attempts" in job.error
    assert (job.failed, job.pending) == (1, 0)


def test_the_bound_refuses_a_job_and_keeps_nothing_of_it(store: Store) -> None:
    queue = JobQueue(store)
    queue.enqueue(items("a", "b"), max_pending=3)
    with pytest.raises(QueueFull) as caught:
        queue.enqueue(items("c", "d"), max_pending=3, seconds_per_item=2.0)
    assert caught.value.retry_after == 4  # 2 waiting x 2 s
    assert "2 articles waiting" in caught.value.detail
    assert queue.pending_items() == 2
    queue.enqueue(items("c"), max_pending=3)
    assert queue.pending_items() == 3


def test_retry_after_stays_within_a_minute(store: Store) -> None:
    queue = JobQueue(store)
    queue.enqueue(items(*[f"s{n}" for n in range(50)]))
    with pytest.raises(QueueFull) as caught:
        queue.enqueue(items("x"), max_pending=50, seconds_per_item=10.0)
    assert caught.value.retry_after == 60


def test_timestamps_move_with_the_job(store: Store) -> None:
    queue = JobQueue(store)
    job_id = queue.enqueue(items("a")).id
    created = queue.get(job_id).created_at
    time.sleep(0.01)
    queue.claim("w1", lease_seconds=30)
    job = queue.get(job_id)
    assert job.updated_at > created and job.lease_until is not None
