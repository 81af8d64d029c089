"""Fixtures for the feed tests: a temporary database in GRAPHSVC_DB, settings that let the
fetcher reach the local test server, and commands that share one session extractor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import api_support


@pytest.fixture(scope="session")
def feed_extractor() -> object:
    return api_support().session_extractor()


@pytest.fixture
def feed_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GRAPHSVC_* for these tests: a fresh SQLite file, private addresses fetchable (the test
    server is on 127.0.0.1), no politeness wait, short fetch timeout and intervals allowed."""
    path = tmp_path / "feeds.db"
    monkeypatch.setenv("GRAPHSVC_DB", str(path))
    monkeypatch.setenv("GRAPHSVC_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("GRAPHSVC_FEED_HOST_DELAY", "0")
    monkeypatch.setenv("GRAPHSVC_FETCH_TIMEOUT", "1")
    monkeypatch.setenv("GRAPHSVC_FEED_MIN_INTERVAL", "1")
    monkeypatch.delenv("GRAPHSVC_API_KEY", raising=False)
    return path


@pytest.fixture
def open_service(
    feed_env: Path, feed_extractor: object, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], Any]:
    """Commands use the session extractor; returns a factory for a service on the same DB."""
    import graphsvc.cli
    from graphsvc.service import GraphService
    from graphsvc.settings import Settings

    def open_it(settings: Settings) -> GraphService:
        return GraphService(settings, extractor=feed_extractor)

    monkeypatch.setattr(graphsvc.cli, "open_service", open_it)
    return lambda: open_it(Settings())
