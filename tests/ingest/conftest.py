"""Fixtures for the queue tests: a GraphService with the fake extractor on each backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import api_support
from pg_schema import throwaway_schema

from graphsvc.settings import Settings

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_queue") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'queue.db'}"


@pytest.fixture
def fake_extractor() -> Any:
    return api_support().FakeExtractor()


@pytest.fixture
def service(db_url: str) -> Iterator[Any]:
    from graphsvc.service import GraphService

    svc = GraphService(Settings(db=db_url), extractor=api_support().FakeExtractor())
    yield svc
    svc.close()
