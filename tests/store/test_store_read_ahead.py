"""The read-ahead thread: chunks in order, errors raised in the consumer, and close()
stops a reader blocked on a full queue before the cursor could be closed under it."""

from __future__ import annotations

import threading

import pytest

from graphsvc.store.read_ahead import ReadAhead


def _chunks(n: int):  # type: ignore[no-untyped-def]
    source = iter([[i, i + 1] for i in range(0, 2 * n, 2)])
    return lambda: next(source, [])


def test_chunks_arrive_in_order_then_the_end() -> None:
    ahead = ReadAhead(_chunks(50))
    assert [x for chunk in ahead for x in chunk] == list(range(100))
    ahead.close()
    assert ahead.cpu_seconds >= 0.0


def test_an_error_of_the_reader_is_raised_in_the_consumer() -> None:
    calls = iter([[1], [2]])

    def fetch() -> list[int]:
        chunk = next(calls, None)
        if chunk is None:
            raise RuntimeError("the cursor broke")
        return chunk

    ahead = ReadAhead(fetch)
    got = []
    with pytest.raises(RuntimeError, match="the cursor broke"):
        for chunk in ahead:
            got += chunk
    assert got == [1, 2]
    ahead.close()


def test_close_stops_a_reader_waiting_on_a_full_queue() -> None:
    fetched = threading.Event()
    count = 0

    def fetch() -> list[int]:
        nonlocal count
        count += 1
        if count == 4:
            fetched.set()
        return [count]

    ahead = ReadAhead(fetch, depth=2)
    chunks = iter(ahead)
    assert next(chunks) == [1]
    assert fetched.wait(5)  # one read, two queued, a fourth fetched and waiting
    ahead.close()
    assert not ahead._thread.is_alive()
    assert count == 4  # nothing is read once closed
    ahead.close()  # a second close does nothing


def test_no_thread_before_the_first_read_and_none_after_close() -> None:
    calls = []
    ahead = ReadAhead(lambda: calls.append(1) or [])
    assert ahead._thread.ident is None and calls == []
    ahead.close()
    assert list(ahead) == [] and calls == []  # closed before reading: nothing is read
