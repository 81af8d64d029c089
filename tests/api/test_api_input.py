"""Hostile article input over HTTP, on SQLite and PostgreSQL: ids outside Latin-1 or full of
URL syntax, charsets that are no text encodings, NUL characters, lists of thousands of codes,
oversized articles. Each answers its 4xx (or is stored and found again), never a 5xx, and a
refused article is never stored."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from api_support import STORY_RUS_TUR, TestClient, post_form
from factories import make_article, make_event
from live_app import serving_app
from pg_schema import throwaway_schema

from graphsvc.api.app import create_app
from graphsvc.article_rules import MAX_TEXT_CHARS
from graphsvc.extract.ontology import load_ontology
from graphsvc.ingest.worker import Worker
from graphsvc.models import MAX_FILTER_VALUES
from graphsvc.service import GraphService
from graphsvc.settings import Settings

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PROBLEM = "application/problem+json"
TEXT = "Russia and Turkey held talks in Ankara on Wednesday about the Caucasus."


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "h8input_api") as url:
            yield url
        return
    yield str(tmp_path / "input.db")


@pytest.fixture
def make(database: str, extractor: object) -> Iterator[Callable[..., TestClient]]:
    """make(**settings) -> a TestClient on this backend's database."""
    services: list[GraphService] = []

    def build(**overrides: Any) -> TestClient:
        settings = Settings(db=database, **overrides)
        service = GraphService(settings, extractor=extractor)  # type: ignore[arg-type]
        services.append(service)
        return TestClient(create_app(settings, service), raise_server_exceptions=False)

    yield build
    for service in services:
        service.close()


@pytest.fixture
def client(make: Callable[..., TestClient]) -> TestClient:
    return make()


@pytest.fixture
def sqlite_client(make_client: Callable[..., TestClient]) -> TestClient:
    """For what is decided before the store is reached (charsets): one backend is enough."""
    return make_client()


def stored(client: TestClient) -> int:
    return client.get("/articles").json()["count"]


def assert_problem(response: Any, status: int, *phrases: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    for phrase in phrases:
        assert phrase in response.json()["detail"]


def work_queue(client: TestClient) -> None:
    worker = Worker(client.app.state.service)  # type: ignore[attr-defined]
    while worker.run_once() is not None:
        pass


# -- ids --------------------------------------------------------------------------------

URL_HOSTILE_IDS = ["статья-1", "😀", "東京-2021", "q?x=1#frag%zz", "100%", "a;b=c&d", "..."]


def test_any_valid_id_gets_a_location_that_reads_it_back(client: TestClient) -> None:
    for n, article_id in enumerate(URL_HOSTILE_IDS):
        text = f"{TEXT} {n}"
        first = client.post("/articles", json={"id": article_id, "text": text})
        assert first.status_code == 201, (article_id, first.text)
        location = first.headers["location"]
        assert location.isascii()
        again = client.post("/articles", json={"id": article_id, "text": text})
        assert again.status_code == 200, again.text  # a retry answers too, with the same URL
        assert again.headers["location"] == location
        read = client.get(location)
        assert read.status_code == 200, (article_id, read.text)
        assert read.json()["id"] == article_id
        assert client.delete(location).status_code == 204
        assert client.get(location).status_code == 404


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, extractor: object) -> Iterator[str]:
    """uvicorn on a free port: it decodes the path once, as real servers do (the
    TestClient decodes twice, so an id such as '%2F' only round-trips over real HTTP)."""
    settings = Settings(db=str(tmp_path_factory.mktemp("live") / "live.db"))
    service = GraphService(settings, extractor=extractor)  # type: ignore[arg-type]
    with serving_app(create_app(settings, service)) as url:
        yield url
    service.close()


def test_locations_resolve_over_real_http(live_server: str) -> None:
    with httpx.Client(base_url=live_server) as http:
        for n, article_id in enumerate([*URL_HOSTILE_IDS, "%2F", "%41%", "a%2Fb%3F"]):
            created = http.post("/articles", json={"id": article_id, "text": f"{TEXT} {n}"})
            assert created.status_code == 201, created.text
            read = http.get(created.headers["location"])
            assert read.status_code == 200, (article_id, read.text)
            assert read.json()["id"] == article_id


def test_text_plain_id_from_the_query_outside_latin1(client: TestClient) -> None:
    response = client.post(
        "/articles?id=%E6%9D%B1%E4%BA%AC&title=%D0%A2%D0%B5%D1%81%D1%82",
        content=TEXT.encode(),
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    read = client.get(response.headers["location"]).json()
    assert (read["id"], read["title"]) == ("東京", "Тест")


BAD_IDS = [
    "a\u200fb",  # right-to-left mark
    "zero\u200bwidth",
    "bom\ufeff",
    "nbsp\u00a0id",
    "a b",
    "a/b",
    "a\\b",
    "tab\tid",
    "c1\x9bcontrol",
    ".",
    "..",
    "x" * 201,
]


def test_ids_that_cannot_be_a_path_segment_are_refused(client: TestClient) -> None:
    for article_id in BAD_IDS:
        response = client.post("/articles", json={"id": article_id, "text": TEXT})
        assert response.status_code == 422, (article_id, response.text)
        assert "id" in response.json()["detail"]
    assert stored(client) == 0


@pytest.mark.parametrize("article_id", ["статья-1", "q?x=1#frag%zz"])
def test_the_form_redirects_to_the_page_of_its_article(client: TestClient, article_id: str) -> None:
    response = post_form(client, {"text": TEXT, "id": article_id}, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert "Ankara" in page.text
    link = re.search(r'href="(/articles/[^"]+)">JSON<', page.text)
    assert link is not None
    assert client.get(link.group(1)).json()["id"] == article_id


def test_start_page_links_to_articles_resolve(client: TestClient) -> None:
    assert client.post("/articles", json={"id": "q?x=1#frag%zz", "text": TEXT}).status_code == 201
    links = re.findall(r'href="(/pages/articles/[^"]+)"', client.get("/").text)
    assert links
    assert all(client.get(link).status_code == 200 for link in links)


# -- charsets ---------------------------------------------------------------------------

NOT_CHARSETS = [
    "rot13",
    "base64",
    "hex",
    "zlib",
    "bz2",
    "uu",
    "quopri",
    "idna",
    "punycode",
    "unicode_escape",
    "raw_unicode_escape",
    "utf-7",
    "undefined",
]


@pytest.mark.parametrize(
    ("path", "media", "body"),
    [
        ("/articles", "text/plain", b"Russia \\ud800 +2AA- met Turkey."),
        ("/articles", "application/json", b'{"text": "Russia met Turkey."}'),
        ("/articles/batch", "application/x-ndjson", b'{"text": "Russia met Turkey."}\n'),
    ],
)
def test_codecs_that_are_not_text_charsets_get_415(
    sqlite_client: TestClient, path: str, media: str, body: bytes
) -> None:
    for charset in NOT_CHARSETS:
        response = sqlite_client.post(
            path, content=body, headers={"content-type": f"{media}; charset={charset}"}
        )
        assert_problem(response, 415, f"'{charset}'", "UTF-8")
    assert stored(sqlite_client) == 0


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        ("utf-8", b"Russia \xff met"),
        ("utf-16", b"R\x00u"),
        ("ascii", b"Russia \xe9"),
        ("shift_jis", b"\x81"),
    ],
)
def test_bytes_that_do_not_decode_get_400(
    sqlite_client: TestClient, charset: str, body: bytes
) -> None:
    response = sqlite_client.post(
        "/articles", content=body, headers={"content-type": f"text/plain; charset={charset}"}
    )
    assert_problem(response, 400, "not valid")
    assert stored(sqlite_client) == 0


def test_a_real_charset_other_than_utf8_is_decoded(sqlite_client: TestClient) -> None:
    body = "Russia and Turkey met in İstanbul, café.".encode("iso-8859-9")
    response = sqlite_client.post(
        "/articles", content=body, headers={"content-type": "text/plain; charset=ISO-8859-9"}
    )
    assert response.status_code == 201, response.text
    assert (
        sqlite_client.get(response.headers["location"]).json()["text"].endswith("İstanbul, café.")
    )


# -- NUL characters -----------------------------------------------------------------------


def test_nul_in_a_field_is_refused_naming_it(client: TestClient) -> None:
    for field in ("text", "title", "url", "source"):
        article = {"text": TEXT, "title": "t", "url": "https://example.org/a", "source": "wire"}
        article[field] = article[field][:3] + "\x00" + article[field][3:]
        response = client.post("/articles", json=article)
        assert_problem(response, 422, f"The {field} contains a NUL character")
    assert stored(client) == 0


def test_nul_in_a_form_field_rerenders_the_form(client: TestClient) -> None:
    response = post_form(client, {"text": TEXT, "source": "wi\x00re"})
    assert response.status_code == 422, response.text
    assert "The source contains a NUL character" in response.text
    assert stored(client) == 0


def test_nul_in_one_batch_line_refuses_that_line_only(make: Callable[..., TestClient]) -> None:
    client = make(sync_extractions=0)
    lines = [
        {"text": TEXT, "id": "good-1"},
        {"text": "Armenia\x00 met."},
        {"text": TEXT + " Again."},
    ]
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    response = client.post(
        "/articles/batch", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 202, response.text
    errors = response.json()["errors"]
    assert [e["line"] for e in errors] == [2]
    assert "NUL character" in errors[0]["error"]
    work_queue(client)
    assert stored(client) == 2


@pytest.mark.parametrize("path", ["/articles/%00", "/articles/a%00b", "/pages/articles/a%00b"])
def test_an_article_id_holding_nul_is_404(client: TestClient, path: str) -> None:
    assert client.post("/articles", json={"id": "a", "text": TEXT}).status_code == 201
    assert_problem(client.get(path, headers={"accept": "application/json"}), 404, "No article")
    if path.startswith("/articles/"):
        assert_problem(client.delete(path), 404, "No article")
    assert stored(client) == 1


def test_nul_in_a_text_plain_query_field_is_refused(client: TestClient) -> None:
    response = client.post(
        "/articles?title=a%00b", content=TEXT.encode(), headers={"content-type": "text/plain"}
    )
    assert_problem(response, 422, "In the query string, the title contains a NUL character")
    assert stored(client) == 0


def test_query_fields_are_checked_by_the_article_rules_whatever_the_body(
    client: TestClient,
) -> None:
    """The OpenAPI declares the query fields for every body type: with a JSON or form body
    they are ignored, but a value the rules refuse is still refused (it was accepted)."""
    for query, said in (("url=a%00b", "the url contains a NUL"), ("id=..", "article id")):
        response = client.post(f"/articles?{query}", json={"text": TEXT})
        assert_problem(response, 422, said)
    assert stored(client) == 0


def test_a_cursor_holding_nul_is_400(client: TestClient) -> None:
    for n in range(3):
        client.post("/articles", json={"text": f"{TEXT} {n}"})
    response = client.get("/articles", params={"cursor": "1:a\x00b", "limit": 1})
    assert_problem(response, 400)


# -- lists of codes ------------------------------------------------------------------------


async def _asgi_get(app: Any, path: str, query: bytes) -> tuple[int, bytes]:
    """One GET straight through the ASGI app: httpx refuses query strings over 64 KB."""
    sent: list[dict[str, Any]] = []
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays connected
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def _digits(n: int) -> list[str]:
    return [f"{i:04d}" for i in range(n)]


def _codes(n: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [a + b + c for a in letters for b in letters for c in letters][:n]


def test_seventeen_thousand_actor_codes_get_422(client: TestClient) -> None:
    assert client.post("/articles", json=STORY_RUS_TUR).status_code == 201
    query = ("actor=" + ",".join(_codes(17_000)) + "&min_count=2").encode()
    for path in ("/events", "/graph.json", "/events.csv", "/view", "/actors/RUS"):
        status, body = asyncio.run(_asgi_get(client.app, path, query))
        assert status == 422, (path, body[:300])
        assert f"at most {MAX_FILTER_VALUES:,} actor codes" in json.loads(body)["detail"]


def test_a_list_one_over_the_cap_gets_422_and_the_cap_itself_works(client: TestClient) -> None:
    assert client.post("/articles", json=STORY_RUS_TUR).status_code == 201
    codes = _codes(MAX_FILTER_VALUES + 1)
    over = client.get("/events", params={"actor": ",".join(codes), "min_count": 2})
    assert_problem(over, 422, f"at most {MAX_FILTER_VALUES:,}")
    at_cap = client.get("/events", params={"actor": ",".join(codes[1:]), "min_count": 2})
    assert at_cap.status_code == 200, at_cap.text


def test_code_and_root_lists_take_the_whole_ontology_and_nothing_else(client: TestClient) -> None:
    """CAMEO codes and roots must be in the ontology (312 codes, 20 roots), so these lists
    never reach the cap: a thousand digit strings are refused for the first unknown one."""
    assert client.post("/articles", json=STORY_RUS_TUR).status_code == 201
    cameo = load_ontology()
    for param, known in (("code", cameo), ("root", cameo.roots())):
        everything = ",".join(c.code for c in known)
        assert client.get("/events", params={param: everything}).status_code == 200
        over = client.get("/events", params={param: ",".join(_digits(MAX_FILTER_VALUES + 1))})
        assert_problem(over, 422, param, "'0000'")


# -- oversized articles --------------------------------------------------------------------

LONG_TEXT = ("Russia met Turkey. " * (MAX_TEXT_CHARS // 19 + 1))[: MAX_TEXT_CHARS + 1]


def test_an_article_over_the_length_limit_gets_422_with_a_raised_body_limit(
    make: Callable[..., TestClient],
) -> None:
    client = make(max_body_bytes=5_000_000)
    response = client.post("/articles", json={"text": LONG_TEXT})
    assert_problem(response, 422, f"longer than {MAX_TEXT_CHARS:,} characters")
    as_text = client.post(
        "/articles", content=LONG_TEXT.encode(), headers={"content-type": "text/plain"}
    )
    assert_problem(as_text, 422, f"longer than {MAX_TEXT_CHARS:,} characters")
    assert stored(client) == 0


def test_an_oversized_batch_line_is_refused_and_the_others_stored(
    make: Callable[..., TestClient],
) -> None:
    client = make(max_body_bytes=5_000_000, sync_extractions=0)
    lines = [{"text": TEXT}, {"text": LONG_TEXT}, {"text": TEXT + " Later."}]
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    response = client.post(
        "/articles/batch", content=body, headers={"content-type": "application/jsonl"}
    )
    assert response.status_code == 202, response.text
    errors = response.json()["errors"]
    assert [e["line"] for e in errors] == [2]
    assert f"article longer than {MAX_TEXT_CHARS:,} characters" in errors[0]["error"]
    work_queue(client)
    job = client.get(urlsplit(response.headers["location"]).path).json()
    assert (job["status"], job["done"], job["failed"]) == ("done", 2, 1)  # line 2 refused
    assert stored(client) == 2


# -- CSV formula guard -----------------------------------------------------------------------


def test_events_csv_guards_the_article_id_and_the_group_id_made_from_it(
    client: TestClient,
) -> None:
    formula = "=cmd|' /C calc'!A0"
    store = client.app.state.service.store  # type: ignore[attr-defined]
    events = [make_event("RUS", "TUR", group_id=f"{formula}:0:4", sentence="@SUM(1)")]
    store.add_article(make_article(TEXT, formula), events)
    response = client.get("/events.csv")
    assert response.status_code == 200
    row = next(csv.DictReader(io.StringIO(response.text, newline="")))
    assert (row["article_id"], row["group_id"], row["sentence"]) == (
        "'" + formula,
        f"'{formula}:0:4",
        "'@SUM(1)",
    )
