"""Streamed downloads over HTTP, on SQLite (file and memory) and PostgreSQL: the same event
set as GET /events under every filter, errors before the first byte, the connection
released when the client goes away, /events counting only on its first page."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from api_support import TestClient
from factories import make_article, make_event
from pg_schema import throwaway_schema

from graphsvc.api.app import create_app
from graphsvc.models import Actor
from graphsvc.service import GraphService
from graphsvc.settings import Settings
from graphsvc.store import Store
from graphsvc.store.engine import single_connection

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite-file", "sqlite-memory"] + (["postgresql"] if PG_URL else [])
PAIRS = [("RUS", "TUR"), ("TUR", "RUS"), ("ARM", "AZE"), ("USA", "CHN"), ("RUS", "RUS")]
QUERIES: list[dict[str, Any]] = [
    {},
    {"date_from": "2021-01-10", "date_to": "2021-01-25"},
    {"actor": "AZE,USA"},
    {"code": "190"},
    {"root": "04", "quad_class": "1"},
    {"min_count": 8},
    {"min_count": 3, "actor": "RUS"},
]
SUFFIX = {"graphml": "graph.graphml", "gexf": "graph.gexf", "json": "graph.json"}


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_stream") as url:
            store = Store(url)
            yield store
            store.close()
        return
    url = f"sqlite:///{tmp_path / 's.db'}" if request.param == "sqlite-file" else "sqlite://"
    store = Store(url)
    yield store
    store.close()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    store.upsert_actors([Actor("RUS", "Russia"), Actor("TUR", "Türkiye & co"), Actor("AZE", "")])
    for a in range(4):
        events = []
        for i in range(a * 10, a * 10 + 10):
            source, target = PAIRS[i % 5] if i % 3 else PAIRS[0]
            code = ("041", "190", "112", "057")[i % 4]
            events.append(
                make_event(
                    source, target, code=code, root=code[:2], quad_class=(1, 4, 3, 2)[i % 4],
                    date=None if i % 9 == 4 else date(2021, 1, 1 + i % 28),
                    sentence=f'"{source}" <said> & {target} {i}', negated=i % 11 == 5,
                )
            )  # fmt: skip
        store.add_article(make_article(f"story {a}", f"a{a}", title=f"Story {a}"), events)
    service = GraphService(Settings(db="unused.db"), store=store)
    yield TestClient(create_app(Settings(db="unused.db"), service), raise_server_exceptions=False)


def listed_ids(client: TestClient, params: dict[str, Any]) -> list[int]:
    body = client.get("/events", params={**params, "limit": 500}).json()
    assert body["next"] is None
    return [e["id"] for e in body["data"]]


def ids_in(fmt: str, body: bytes) -> list[int]:
    if fmt == "csv":
        return [int(r["event_id"]) for r in csv.DictReader(io.StringIO(body.decode("utf-8")))]
    if fmt == "json":
        return [e["event_id"] for e in json.loads(body)["edges"]]
    root = ET.fromstring(body)
    return [int(e.get("id", "")) for e in root.iter() if e.tag.endswith("}edge")]


@pytest.mark.parametrize("params", QUERIES, ids=range(len(QUERIES)))
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_downloads_hold_the_events_of_get_events(
    client: TestClient, fmt: str, params: dict[str, Any]
) -> None:
    expected = listed_ids(client, params)
    path = "/events.csv" if fmt == "csv" else f"/{SUFFIX[fmt]}"
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert ids_in(fmt, response.content) == expected  # streamed in id order


def test_headers_and_read_back(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/graph.graphml")
    assert response.headers["content-type"].startswith("application/graphml+xml")
    assert response.headers["content-disposition"] == 'attachment; filename="graphsvc.graphml"'
    assert response.headers["x-content-type-options"] == "nosniff"
    path = tmp_path / "g.graphml"
    path.write_bytes(response.content)
    G = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert G.number_of_edges() == len(listed_ids(client, {}))
    assert G.nodes["TUR"]["label"] == "Türkiye & co" and G.nodes["CHN"]["label"] == "CHN"
    assert G.nodes["RUS"]["event_count"] == sum(
        1 for u, v in G.edges() if "RUS" in (u, v)
    )  # a self-loop counts once
    gexf = client.get("/graph.gexf")
    assert gexf.headers["content-disposition"] == 'attachment; filename="graphsvc.gexf"'
    assert client.get("/events.csv").headers["content-type"].startswith("text/csv")
    multi = client.get("/graph", params={"multi": "true"})
    assert multi.headers["content-type"] == "application/json"
    assert "content-disposition" not in multi.headers
    H = nx.node_link_graph(multi.json(), edges="edges")
    assert sorted(int(k) for *_, k in H.edges(keys=True)) == listed_ids(client, {})


def test_aggregated_downloads_stay_whole_graphs(client: TestClient) -> None:
    body = client.get("/graph.json", params={"multi": "false"}).json()
    assert not body["multigraph"] and all("count" in e for e in body["edges"])
    assert not client.get("/graph").json()["multigraph"]


@pytest.mark.parametrize(
    "path", ["/graph.graphml", "/graph.gexf", "/graph.json", "/events.csv", "/graph?multi=true"]
)
def test_filter_errors_are_problems_before_any_byte(client: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}actor=RUS,R-S")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "actor" in response.json()["detail"]
    assert client.get(f"{path}{sep}quad_class=7").status_code == 422


def test_events_count_on_the_first_page_only(client: TestClient) -> None:
    first = client.get("/events", params={"limit": 5}).json()
    assert first["count"] == len(listed_ids(client, {})) and first["next"]
    second = client.get("/events", params={"limit": 5, "cursor": first["next"]}).json()
    assert second["count"] is None and len(second["data"]) == 5


async def _disconnect_after_first_chunk(app: Any, path: str, spec: str) -> list[dict]:
    """Run one GET through the ASGI app; the client goes away after the first body chunk
    (ASGI 2.4: send raises OSError; older: receive reports http.disconnect)."""
    sent: list[dict] = []
    gone = asyncio.Event()
    scope = {
        "type": "http", "asgi": {"version": "3.0", "spec_version": spec}, "http_version": "1.1",
        "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
        "query_string": b"", "root_path": "", "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 1234), "server": ("localhost", 80),
    }  # fmt: skip
    requested = False

    async def receive() -> dict:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if gone.is_set():
            raise OSError("the client has gone")
        sent.append(message)
        if message["type"] == "http.response.body" and message.get("body"):
            gone.set()
            if spec == "2.4":
                raise OSError("the client has gone")
            await asyncio.sleep(0.2)  # let the disconnect listener see it

    # A disconnect may surface as an error here; what counts is what is released after.
    with contextlib.suppress(Exception):
        await app(scope, receive, send)
    return sent


@pytest.mark.parametrize("spec", ["2.4", "2.3"])
@pytest.mark.parametrize("path", ["/graph.graphml", "/events.csv"])
def test_a_client_going_away_releases_the_connection(
    client: TestClient, store: Store, spec: str, path: str
) -> None:
    app = client.app
    sent = asyncio.run(_disconnect_after_first_chunk(app, path, spec))
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200
    assert any(m.get("more_body") for m in sent[1:])  # the stream had started, not finished
    if single_connection(store.engine):
        assert store._lock.acquire(timeout=2)  # type: ignore[attr-defined]
        store._lock.release()  # type: ignore[attr-defined]
    else:
        assert store.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert client.get("/events.csv").status_code == 200  # and the service still answers
