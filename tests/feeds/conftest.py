"""Fixtures for the feed tests: a temporary database in GRAPHSVC_DB, settings that let the
fetcher reach the local test server, and commands that share one session extractor."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from factories import api_support
from pg_schema import throwaway_schema


@pytest.fixture(scope="session")
def feed_extractor() -> object:
    return api_support().session_extractor()


PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG_URL else []))
def feed_env(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """GRAPHSVC_* for these tests: a fresh SQLite file (and a fresh PostgreSQL schema when
    GRAPHSVC_TEST_DATABASE_URL is set), private addresses fetchable (the test server is on
    127.0.0.1), no politeness wait, short fetch timeout and intervals allowed."""
    with ExitStack() as stack:
        if request.param == "postgresql":
            assert PG_URL is not None
            db = stack.enter_context(throwaway_schema(PG_URL, "graphsvc_feeds"))
        else:
            db = str(tmp_path / "feeds.db")
        _set_env(monkeypatch, db)
        yield db


def _set_env(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    monkeypatch.setenv("GRAPHSVC_DB", db)
    monkeypatch.setenv("GRAPHSVC_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("GRAPHSVC_FEED_HOST_DELAY", "0")
    monkeypatch.setenv("GRAPHSVC_FETCH_TIMEOUT", "2")
    monkeypatch.setenv("GRAPHSVC_FEED_MIN_INTERVAL", "1")
    monkeypatch.delenv("GRAPHSVC_API_KEY", raising=False)


@pytest.fixture
def open_service(
    feed_env: str, feed_extractor: object, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], Any]:
    """Commands use the session extractor; returns a factory for a service on the same DB."""
    import graphsvc.cli
    from graphsvc.service import GraphService
    from graphsvc.settings import Settings

    def open_it(settings: Settings) -> GraphService:
        return GraphService(settings, extractor=feed_extractor)

    monkeypatch.setattr(graphsvc.cli, "open_service", open_it)
    return lambda: open_it(Settings())
