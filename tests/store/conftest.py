"""Store fixtures: SQLite file, SQLite memory and (when GRAPHSVC_TEST_DATABASE_URL is set)
PostgreSQL in a throw-away schema, so runs are isolated and repeatable."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from factories import make_article, make_event
from pg_schema import throwaway_schema

from graphsvc.models import Article, Event
from graphsvc.store import Store

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite-file", "sqlite-memory"] + (["postgresql"] if PG_URL else [])


def _pg_store() -> Iterator[Store]:
    assert PG_URL is not None
    with throwaway_schema(PG_URL, "graphsvc_test") as url:
        store = Store(url)
        try:
            yield store
        finally:
            store.close()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        yield from _pg_store()
        return
    url = (
        f"sqlite:///{tmp_path / 'db' / 'graphsvc.db'}"
        if request.param == "sqlite-file"
        else "sqlite://"
    )
    store = Store(url)
    yield store
    store.close()


@pytest.fixture
def event_factory() -> Callable[..., Event]:
    return make_event


@pytest.fixture
def article_factory() -> Callable[..., Article]:
    return make_article
