"""AnswerCache: bounded by bytes, one build per key at a time, versions carried forward."""

from __future__ import annotations

import threading
import time

import networkx as nx

from graphsvc.graph.cache import AnswerCache, size_of


def test_hit_at_the_same_version_and_rebuild_at_another() -> None:
    cache: AnswerCache[int] = AnswerCache(10_000)
    built = []

    def build() -> bytes:
        built.append(1)
        return b"x" * 10

    assert cache.get_or_build("k", 1, build) == b"x" * 10
    assert cache.get_or_build("k", 1, build) == b"x" * 10
    assert len(built) == 1
    cache.get_or_build("k", 2, build)  # no still_valid: another version is a rebuild
    assert len(built) == 2


def test_an_old_entry_is_carried_forward_when_still_valid() -> None:
    cache: AnswerCache[int] = AnswerCache(10_000)
    asked: list[int] = []

    def untouched(old: int) -> bool:
        asked.append(old)
        return True

    first = cache.get_or_build("k", 1, lambda: b"one")
    assert cache.get_or_build("k", 5, lambda: b"two", still_valid=untouched) is first
    assert asked == [1]
    # Carried forward to version 5: no question asked again at that version.
    assert cache.get_or_build("k", 5, lambda: b"two", still_valid=untouched) is first
    assert asked == [1]
    assert cache.get_or_build("k", 6, lambda: b"three", still_valid=lambda old: False) == b"three"


def test_bounded_by_bytes_least_recently_used_first() -> None:
    cache: AnswerCache[int] = AnswerCache(3 * size_of(b"x" * 100))
    for key in "abc":
        cache.get_or_build(key, 0, lambda: b"x" * 100)
    cache.get_or_build("a", 0, lambda: b"never")  # touch a: b is now the oldest
    cache.get_or_build("d", 0, lambda: b"x" * 100)
    assert len(cache) == 3 and cache.bytes <= cache.max_bytes
    assert cache.get_or_build("a", 0, lambda: b"never") == b"x" * 100  # kept
    assert cache.get_or_build("b", 0, lambda: b"rebuilt") == b"rebuilt"  # was evicted


def test_an_answer_larger_than_the_budget_is_returned_but_not_kept() -> None:
    cache: AnswerCache[int] = AnswerCache(50)
    assert cache.get_or_build("big", 0, lambda: b"y" * 1000) == b"y" * 1000
    assert len(cache) == 0 and cache.bytes == 0


def test_concurrent_cold_requests_build_once() -> None:
    cache: AnswerCache[int] = AnswerCache(10_000)
    calls = []
    start = threading.Barrier(4)

    def slow() -> bytes:
        calls.append(1)
        time.sleep(0.2)
        return b"answer"

    results: list[bytes] = []

    def ask() -> None:
        start.wait()
        results.append(cache.get_or_build("k", 0, slow))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [b"answer"] * 4
    assert len(calls) == 1


def test_entries_expire_after_max_age() -> None:
    cache: AnswerCache[int] = AnswerCache(10_000, max_age=0.05)
    cache.get_or_build("k", 0, lambda: b"old")
    time.sleep(0.1)
    assert cache.get_or_build("k", 0, lambda: b"new") == b"new"


def test_graph_sizes_grow_with_the_graph() -> None:
    small, large = nx.path_graph(10), nx.path_graph(1000)
    assert size_of(large) > 50 * size_of(small) / 2


def test_records_are_sized_by_what_they_hold() -> None:
    from factories import make_event

    one = size_of([make_event()])
    many = size_of([make_event(sentence="x" * 1000) for _ in range(100)])
    assert many > 100 * 1000 > one
