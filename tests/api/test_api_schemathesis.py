"""The OpenAPI document against the app's behaviour: schemathesis drives every operation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from api_support import STORY_ARM_AZE, STORY_RUS_TUR, FakeExtractor, TestClient
from pg_schema import throwaway_schema
from schemathesis.config import SchemathesisConfig

from graphsvc.api.app import create_app
from graphsvc.api.batch_input import JSONL_TYPES
from graphsvc.service import GraphService
from graphsvc.settings import Settings

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
API_KEY = "schemathesis-key"

MAX_EXAMPLES = 4  # per operation and phase: a bounded run
CONFIG = {
    "seed": 8,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
    "phases": {"stateful": {"enabled": False}},
}


@schemathesis.serializer(*JSONL_TYPES)
def _jsonl(ctx: Any, value: Any) -> dict[str, Any]:
    """A JSONL body is declared as a string: send it as it is."""
    return {"data": value.encode() if isinstance(value, str) else value}


def _openapi(api_key: str | None) -> dict[str, Any]:
    settings = Settings(db="sqlite://", api_key=api_key)
    return create_app(settings, service=object()).openapi()  # type: ignore[arg-type]


schema_open = schemathesis.openapi.from_dict(
    _openapi(None), config=SchemathesisConfig.from_dict(CONFIG)
)
# With a key, only the writes change (they declare and need it); the reads are the open run's.
schema_keyed = schemathesis.openapi.from_dict(
    _openapi(API_KEY), config=SchemathesisConfig.from_dict(CONFIG)
).include(method=["POST", "DELETE"])


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "h8params_st") as url:
            yield url
    else:
        yield str(tmp_path_factory.mktemp("schemathesis") / "st.db")


def _app(db: str, key: str | None) -> Iterator[Any]:
    settings = Settings(db=db, api_key=key, ingest_workers=0)
    service = GraphService(settings, extractor=FakeExtractor())
    app = create_app(settings, service)
    client = TestClient(app)
    for story in (STORY_RUS_TUR, STORY_ARM_AZE):
        client.post("/articles", json=story, headers={"X-API-Key": key or ""})
    yield app
    service.close()


@pytest.fixture(scope="module")
def open_app(db: str) -> Iterator[Any]:
    yield from _app(db, None)


@pytest.fixture(scope="module")
def keyed_app(db: str) -> Iterator[Any]:
    yield from _app(db, API_KEY)


SETTINGS = hypothesis.settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None)


@schema_open.parametrize()
@SETTINGS
def test_open_api_matches_its_openapi(case: schemathesis.Case, open_app: Any) -> None:
    case.operation.schema.app = open_app  # also for the checks' own probes
    case.call_and_validate(app=open_app)


@schema_keyed.parametrize()
@SETTINGS
def test_keyed_api_matches_its_openapi(case: schemathesis.Case, keyed_app: Any) -> None:
    case.operation.schema.app = keyed_app
    case.call_and_validate(app=keyed_app, headers={"X-API-Key": API_KEY})
