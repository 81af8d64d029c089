"""A GraphService with the real coder (when it loads) on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import api_support
from linking_writeups import Versioned
from pg_schema import throwaway_schema

from graphsvc.service import GraphService
from graphsvc.settings import Settings

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session")
def session_coder() -> object:
    return api_support().session_extractor()


@pytest.fixture
def coder(session_coder: object) -> Versioned:
    return Versioned(session_coder)


@pytest.fixture(params=BACKENDS)
def service(request: pytest.FixtureRequest, tmp_path: Path, coder: Versioned) -> Iterator:
    def build(url: str) -> GraphService:
        return GraphService(Settings(db=url), extractor=coder)  # type: ignore[arg-type]

    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_linking") as url:
            svc = build(url)
            yield svc
            svc.close()
        return
    svc = build(str(tmp_path / "graphsvc.db"))
    yield svc
    svc.close()
