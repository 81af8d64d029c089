"""Fixtures for the API tests: a GraphService on a temporary SQLite file, wrapped in the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import STORY_ARM_AZE, STORY_RUS_TUR, TestClient, session_extractor

from graphsvc.api.app import create_app
from graphsvc.settings import Settings


@pytest.fixture(scope="session")
def extractor() -> object:
    return session_extractor()


@pytest.fixture
def make_client(tmp_path: Path, extractor: object) -> Iterator[Callable[..., TestClient]]:
    """make_client(**settings) -> a TestClient on a fresh database with those settings."""
    from graphsvc.service import GraphService

    services: list[Any] = []

    def build(service: Any = None, **overrides: Any) -> TestClient:
        settings = Settings(db=str(tmp_path / f"graphsvc-{len(services)}.db"), **overrides)
        if service is None:
            service = GraphService(settings, extractor=extractor)
            services.append(service)
        return TestClient(create_app(settings, service), raise_server_exceptions=False)

    yield build
    for service in services:
        service.close()


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def loaded(client: TestClient) -> TestClient:
    """A client whose database holds the two stories."""
    for story in (STORY_RUS_TUR, STORY_ARM_AZE):
        response = client.post("/articles", json=story)
        assert response.status_code == 201, response.text
    return client
