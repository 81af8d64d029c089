"""Driver errors raised outside SQLAlchemy's statements (the PostgreSQL CSV export's raw
COPY connection) are outages like any other: DatabaseUnavailable, so the API answers 503 with
Retry-After rather than 500."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine

from graphsvc.errors import DatabaseUnavailable
from graphsvc.models import EventFilter
from graphsvc.store.copy_csv import CopyCsvStream
from graphsvc.store.outage import raw_outage

pytest.importorskip("psycopg")


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens once the probe is closed


def test_copy_export_against_an_unreachable_server_is_unavailable() -> None:
    engine = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test")
    with pytest.raises(DatabaseUnavailable) as raised:
        CopyCsvStream(engine, EventFilter())
    assert raised.value.retry_after >= 1
    assert "cannot connect" in str(raised.value)


def test_raw_errors_that_are_not_outages_pass_as_they_are() -> None:
    engine = create_engine("sqlite://")
    assert raw_outage(engine, sqlite3.ProgrammingError("no such column")) is None
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5  # SQLITE_BUSY
    assert isinstance(raw_outage(engine, locked), DatabaseUnavailable)
