"""The database going away while the server runs: every data endpoint answers 503
problem+json with Retry-After (it answered 500 "Internal server error"), /healthz stays
200 without touching the store, /readyz says 503, and once the database is back everything
answers again without a restart.

PostgreSQL goes down behind a TCP proxy (new connections refused, open ones cut); SQLite by
its file being moved away (writes fail, then no connection can open it) or by a lock held
longer than the busy timeout.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import STORY_ARM_AZE, STORY_RUS_TUR, FakeExtractor, TestClient
from outage_proxy import TcpProxy
from pg_schema import throwaway_schema
from sqlalchemy.engine import make_url

from graphsvc.api.app import create_app
from graphsvc.settings import Settings
from graphsvc.store import engine as engines

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
PROBLEM = "application/problem+json"

# Every route that reads or writes the store, as (method, path or path template, kwargs).
READS = [
    "/articles",
    "/articles/{article}",
    "/actors",
    "/actors/RUS",
    "/relations?source=RUS&target=TUR",
    "/events",
    "/events.csv",
    "/graph",
    "/graph?multi=true",
    "/graph.json",
    "/graph.graphml",
    "/graph.gexf",
    "/jobs/{job}",
    "/",
    "/view",
    "/view/actors/RUS",
    "/pages/articles/{article}",
]
WRITES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/articles", {"json": {"text": "Russia and France held talks.", "id": "new-1"}}),
    ("POST", "/articles/batch", {"json": [{"text": "Germany and Turkey met.", "id": "new-2"}]}),
    ("DELETE", "/articles/{article}", {}),
]


def _client(url: str) -> tuple[TestClient, Any]:
    from graphsvc.service import GraphService

    settings = Settings(db=url)
    service = GraphService(settings, extractor=FakeExtractor())
    return TestClient(create_app(settings, service), raise_server_exceptions=False), service


def _load(client: TestClient) -> dict[str, str]:
    """Two stories and a queued job; the ids the path templates need."""
    ids = {}
    for story in (STORY_RUS_TUR, STORY_ARM_AZE):
        response = client.post("/articles", json=story)
        assert response.status_code == 201, response.text
        ids["article"] = response.json()["id"]
    response = client.post("/articles/batch", json=[{"text": "Japan and China talked."}])
    assert response.status_code == 202, response.text
    ids["job"] = response.json()["id"]
    return ids


def assert_unavailable(client: TestClient, method: str, path: str, **kwargs: Any) -> None:
    response = client.request(method, path, **kwargs)
    assert response.status_code == 503, (method, path, response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM, (method, path)
    assert int(response.headers["retry-after"]) >= 1, (method, path)
    body = response.json()
    assert body["status"] == 503 and "database is unavailable" in body["detail"], body


def assert_serving(client: TestClient, ids: dict[str, str]) -> None:
    for path in READS:
        response = client.get(path.format(**ids))
        assert response.status_code == 200, (path, response.status_code, response.text)
    assert client.get("/readyz").status_code == 200


def assert_down(client: TestClient, ids: dict[str, str]) -> None:
    for method, path, kwargs in WRITES:
        assert_unavailable(client, method, path.format(**ids), **kwargs)
    for path in READS:
        assert_unavailable(client, "GET", path.format(**ids))
    assert_unavailable(client, "GET", "/readyz")
    live = client.get("/healthz")  # liveness does not touch the store
    assert live.status_code == 200 and live.json()["status"] == "ok"


@pytest.fixture
def pg_proxy() -> Iterator[tuple[TcpProxy, str]]:
    if not PG_URL:
        pytest.skip("GRAPHSVC_TEST_DATABASE_URL is not set")
    with throwaway_schema(PG_URL, "graphsvc_outage") as url:
        real = make_url(url)
        proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
        proxy.start()
        try:
            yield proxy, proxy.url_for(url)
        finally:
            proxy.stop()


def test_postgresql_down_then_back(pg_proxy: tuple[TcpProxy, str]) -> None:
    proxy, url = pg_proxy
    client, service = _client(url)
    try:
        ids = _load(client)
        assert_serving(client, ids)
        proxy.stop()  # the server goes away: open connections cut, new ones refused
        assert_down(client, ids)
        proxy.start()  # and comes back: the pool reconnects, no restart
        assert_serving(client, ids)
        assert client.post("/articles", json=WRITES[0][2]["json"]).status_code == 201
    finally:
        service.close()


def test_postgresql_connections_terminated(tmp_path: Path) -> None:
    """pg_terminate_backend of the server's own connections (found by their
    application_name): the pool notices and reconnects; no request fails."""
    if not PG_URL:
        pytest.skip("GRAPHSVC_TEST_DATABASE_URL is not set")
    from sqlalchemy import create_engine, text

    name = f"graphsvc_outage_{tmp_path.name[-20:]}"
    with throwaway_schema(PG_URL, "graphsvc_outage") as url:
        tagged = make_url(url).update_query_dict({"application_name": name})
        client, service = _client(tagged.render_as_string(hide_password=False))
        admin = create_engine(PG_URL)
        try:
            ids = _load(client)
            assert_serving(client, ids)
            with admin.begin() as conn:
                killed = conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name"
                    ),
                    {"name": name},
                ).all()
            assert killed  # the pool held connections, now gone
            assert_serving(client, ids)
        finally:
            admin.dispose()
            service.close()


def test_sqlite_file_moved_away_then_back(tmp_path: Path) -> None:
    db = tmp_path / "graphsvc.db"
    client, service = _client(str(db))
    try:
        ids = _load(client)
        assert_serving(client, ids)
        db.rename(tmp_path / "elsewhere.db")
        # The first write finds the file moved and drops the pooled connections; from then
        # on no connection can open it, and a missing file is never recreated empty.
        assert_down(client, ids)
        assert not db.exists()
        (tmp_path / "elsewhere.db").rename(db)
        assert_serving(client, ids)
        assert client.post("/articles", json=WRITES[0][2]["json"]).status_code == 201
    finally:
        service.close()


def test_sqlite_file_unreadable_makes_readyz_503(tmp_path: Path) -> None:
    """Readiness opens the file afresh: pooled connections would not notice."""
    if os.geteuid() == 0:
        # root reads a file whatever its mode: take its folder away instead.
        folder = tmp_path / "store"
        client, service = _client(str(folder / "graphsvc.db"))
        try:
            assert client.get("/readyz").status_code == 200
            folder.rename(tmp_path / "gone")
            assert_unavailable(client, "GET", "/readyz")
            (tmp_path / "gone").rename(folder)
            assert client.get("/readyz").status_code == 200
        finally:
            service.close()
        return
    db = tmp_path / "graphsvc.db"  # pragma: no cover - as an unprivileged user
    client, service = _client(str(db))
    try:
        db.chmod(0)
        assert_unavailable(client, "GET", "/readyz")
        db.chmod(0o644)
        assert client.get("/readyz").status_code == 200
    finally:
        service.close()


def test_sqlite_lock_held_too_long_is_503(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that waited the whole busy timeout for another's lock: 503, not 500."""
    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "graphsvc.db"
    client, service = _client(str(db))
    try:
        ids = _load(client)
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            for method, path, kwargs in WRITES:
                assert_unavailable(client, method, path.format(**ids), **kwargs)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert client.post("/articles", json=WRITES[0][2]["json"]).status_code == 201
    finally:
        service.close()


def test_503_is_declared_on_every_store_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    no_store = {"/healthz", "/ontology"}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            declared = op["responses"].get("503")
            if path in no_store:
                assert declared is None, (method, path)
                continue
            assert declared is not None, (method, path)
            assert PROBLEM in declared["content"], (method, path)
            assert "Retry-After" in declared["headers"], (method, path)
            assert "database" in declared["description"], (method, path)
