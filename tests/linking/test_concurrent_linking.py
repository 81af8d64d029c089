"""Two writers storing reports of one event at the same moment (PostgreSQL): the second
waits for the first's commit and links to its event instead of storing the event twice."""

from __future__ import annotations

import threading

import pytest
from linking_writeups import CALL, calls, ingest

from graphsvc.store import rollup


def test_simultaneous_reports_of_one_event_are_one_event(service, monkeypatch) -> None:
    if service.store.dialect != "postgresql":
        pytest.skip("SQLite has one writer at a time: no two transactions can overlap")
    first_linked, release = threading.Event(), threading.Event()
    real_add = rollup.add_events

    def add_then_hold(conn, rows):  # the first writer stops after linking, before commit
        real_add(conn, rows)
        if threading.current_thread().name == "first":
            first_linked.set()
            assert release.wait(30)

    monkeypatch.setattr(rollup, "add_events", add_then_hold)
    errors: list[BaseException] = []

    def write(story: dict) -> None:
        try:
            ingest(service, story)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    first = threading.Thread(target=write, args=(CALL[0],), name="first")
    second = threading.Thread(target=write, args=(CALL[1],), name="second")
    first.start()
    assert first_linked.wait(60)
    second.start()
    second.join(1.5)  # without a lock it finishes now, blind to the uncommitted event
    waited = second.is_alive()
    release.set()
    first.join(60)
    second.join(60)
    assert not errors
    (event,) = calls(service)
    assert event.reports == 2 and event.article_id == CALL[0]["id"]
    assert waited
