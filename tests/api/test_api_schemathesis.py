"""The OpenAPI document against the server's behaviour, by schemathesis.

Every operation is called with requests generated from its schema (valid ones, and invalid
ones: schemathesis's "negative" mode) on an app with a small store (SQLite, and PostgreSQL
when GRAPHSVC_TEST_DATABASE_URL is set), once without an API key and once with one. Every
check must pass: no 5xx, every status and content type documented, responses valid against
their schemas, schema-valid requests accepted and schema-invalid ones refused. The run is
bounded (a fixed number of examples per operation) and reproducible (derandomized);
GRAPHSVC_SCHEMATHESIS_EXAMPLES raises the bound. schemathesis's pytest plugin is not used
(its fixture loader fails under this pytest), so the operations are walked with hypothesis
directly.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import STORY_ARM_AZE, STORY_RUS_TUR, FakeExtractor, TestClient
from hypothesis import HealthCheck, given, settings
from pg_schema import throwaway_schema

from graphsvc.api.app import create_app
from graphsvc.service import GraphService
from graphsvc.settings import Settings
from graphsvc.sources import page_input
from graphsvc.sources.fetch import FetchError

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis import GenerationMode

API_KEY = "schemathesis-key-0123456789"
# Examples per operation and mode; raise it for a longer hunt (the suite runs 30).
EXAMPLES = int(os.environ.get("GRAPHSVC_SCHEMATHESIS_EXAMPLES", "30"))


PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "graphsvc.db")
    elif not PG_URL:
        pytest.skip("GRAPHSVC_TEST_DATABASE_URL is not set")
    else:
        with throwaway_schema(PG_URL, "graphsvc_schemathesis") as url:
            yield url


def _unreachable(url: str, *_args: Any, **_kwargs: Any) -> Any:
    raise FetchError("network", url, f"{url}: no network in this test")


@pytest.fixture(params=[None, API_KEY], ids=["no-key", "with-key"])
def served(
    request: pytest.FixtureRequest, database: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, str | None]]:
    key = request.param
    # POST /articles {"url": ...} fetches the page. The contract is checked here, not the
    # network: every fetch fails as an unreachable host does (502, documented), so no
    # generated URL goes out, and no generated host name that happens to resolve to this
    # machine (the URL rules refuse those: tests/sources) makes a valid body look refused.
    monkeypatch.setattr(page_input, "fetch", _unreachable)
    # No worker drains the queue here: it is made large enough for a long hunt, since a full
    # queue answers 503 by design (tested in test_api_jobs.py).
    app_settings = Settings(
        db=database,
        api_key=key,
        allowed_hosts=["testserver", "localhost"],
        queue_max_items=1_000_000,
        follow_feeds=False,  # the feeds it registers (random hosts) are not to be fetched
    )
    service = GraphService(app_settings, extractor=FakeExtractor())
    app = create_app(app_settings, service)
    headers = {"X-API-Key": key} if key else {}
    with TestClient(app) as client:
        for story in (STORY_RUS_TUR, STORY_ARM_AZE):
            assert client.post("/articles", json=story, headers=headers).status_code == 201
    yield app, key
    service.close()


def _check(operation: Any, headers: dict[str, str] | None) -> None:
    """Runs the operation's generated cases; raises schemathesis's failure (shrunk)."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers)

    run()


def test_every_operation_matches_its_openapi(served: tuple[Any, str | None]) -> None:
    app, key = served
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    headers = {"X-API-Key": key} if key else None
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operations += 1
        try:
            _check(result.ok(), headers)
        except Exception as failure:
            failures.append(f"{result.ok().label}: {failure}")
    assert operations >= 15
    assert not failures, f"{len(failures)} failures:\n" + "\n\n".join(failures[:8])
