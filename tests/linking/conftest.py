"""A GraphService with the real coder (when it loads) on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import api_support
from pg_schema import throwaway_schema

from graphsvc.service import GraphService
from graphsvc.settings import Settings

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


class Versioned:
    """The session's extractor under a version the test sets (a coder upgrade)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.version = "coder-1"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def extract(self, *args: Any, **kwargs: Any) -> Any:
        return [_versioned(e, self.version) for e in self.inner.extract(*args, **kwargs)]

    def extract_many(self, *args: Any, **kwargs: Any) -> Any:
        for doc, events in self.inner.extract_many(*args, **kwargs):
            yield doc, [_versioned(e, self.version) for e in events]


def _versioned(event: Any, version: str) -> Any:
    from dataclasses import replace

    return replace(event, extractor_version=version)


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
