"""GET /articles?q= and the /pages/articles page: full-text search, paging, escaping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from api_support import TestClient
from factories import make_article

from graphsvc.settings import Settings


@pytest.fixture
def shelf(
    make_client: Callable[..., TestClient], tmp_path: Any, extractor: Any
) -> Iterator[TestClient]:
    from graphsvc.service import GraphService

    service = GraphService(Settings(db=str(tmp_path / "shelf.db")), extractor=extractor)
    for i in range(7):
        title = f"Pipeline report {i}" if i % 2 else f"Border note {i}"
        body = f"Report number {i} on the gas pipeline." if i % 2 else f"Border talks, day {i}."
        service.store.add_article(make_article(body, f"a{i}", title=title), [])
    service.store.add_article(
        make_article("<script>alert(1)</script> pipeline", "xss", title="<b>pipeline</b>"), []
    )
    yield make_client(service=service)
    service.close()


def test_q_searches_and_pages_by_rank(shelf: TestClient) -> None:
    first = shelf.get("/articles", params={"q": "pipeline", "limit": 3}).json()
    assert first["count"] == 4 and len(first["data"]) == 3 and first["next"] == "@3"
    second = shelf.get("/articles", params={"q": "pipeline", "limit": 3, "cursor": "@3"}).json()
    assert second["next"] is None
    ids = [a["id"] for a in first["data"] + second["data"]]
    assert sorted(ids) == ["a1", "a3", "a5", "xss"]
    assert shelf.get("/articles", params={"q": "border talks"}).json()["count"] == 4


def test_without_q_the_listing_is_unchanged(shelf: TestClient) -> None:
    body = shelf.get("/articles", params={"limit": 100}).json()
    assert body["count"] == 8 and body["data"][0]["id"] == "xss"  # newest first
    assert shelf.get("/articles", params={"q": "  "}).json()["count"] == 8


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "a:b", "%", "\x00", "''", "AND OR", "💥"])
def test_odd_queries_never_fail(shelf: TestClient, q: str) -> None:
    for path in ("/articles", "/pages/articles"):
        response = shelf.get(path, params={"q": q})
        assert response.status_code == 200, (path, q, response.text)


def test_either_cursor_shape_pages_either_mode(shelf: TestClient) -> None:
    listing = shelf.get("/articles", params={"limit": 3}).json()
    by_offset = shelf.get("/articles", params={"limit": 3, "cursor": "@3"}).json()
    by_keyset = shelf.get("/articles", params={"limit": 3, "cursor": listing["next"]}).json()
    assert [a["id"] for a in by_offset["data"]] == [a["id"] for a in by_keyset["data"]]
    # With q, a MICROSECONDS:ID cursor keeps the matches stored before that article.
    newest_three = [a["id"] for a in listing["data"]]  # xss, a6, a5
    older = shelf.get("/articles", params={"q": "pipeline", "cursor": listing["next"]}).json()
    assert sorted(a["id"] for a in older["data"]) == ["a1", "a3"] and older["count"] == 2
    assert not set(newest_three) & {a["id"] for a in older["data"]}


def test_bad_cursors_and_long_queries_are_refused(shelf: TestClient) -> None:
    for cursor in ("@x", "abc", "@-1"):
        bad = shelf.get("/articles", params={"q": "pipeline", "cursor": cursor})
        assert bad.status_code == 400 and "cursor" in bad.json()["detail"]
    long = shelf.get("/articles", params={"q": "x" * 201})
    assert long.status_code == 422 and "q" in long.json()["detail"]


def test_the_articles_page_lists_searches_and_escapes(shelf: TestClient) -> None:
    page = shelf.get("/pages/articles")
    assert page.status_code == 200
    assert page.text.count('href="/pages/articles/a') == 7
    assert "&lt;b&gt;pipeline&lt;/b&gt;" in page.text and "<b>pipeline" not in page.text
    found = shelf.get("/pages/articles", params={"q": "gas pipeline"}).text
    assert 'href="/pages/articles/a1"' in found and 'href="/pages/articles/a2"' not in found
    assert 'value="gas pipeline"' in found and "best match first" in found
    none = shelf.get("/pages/articles", params={"q": "zeppelin"}).text
    assert "No article holds every word" in none
    hostile = shelf.get("/pages/articles", params={"q": '"><script>x</script>'}).text
    assert "<script>x" not in hostile


def test_the_articles_page_pages(shelf: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    first = shelf.get("/pages/articles", params={"q": "border"})
    assert first.status_code == 200 and 'rel="next"' not in first.text
    monkeypatch.setattr("graphsvc.api.routes.pages.ARTICLES_PAGE", 3)
    first = shelf.get("/pages/articles", params={"q": "border"}).text
    assert 'href="/pages/articles?q=border&amp;cursor=%403" rel="next"' in first
    second = shelf.get("/pages/articles", params={"q": "border", "cursor": "@3"}).text
    assert second.count('href="/pages/articles/a') == 1 and "first page" in second
    listing = shelf.get("/pages/articles").text
    assert 'rel="next"' in listing and "cursor=" in listing


def test_the_nav_links_the_articles_page(shelf: TestClient) -> None:
    for path in ("/", "/view", "/pages/articles"):
        assert 'href="/pages/articles"' in shelf.get(path).text, path


def test_search_is_documented(shelf: TestClient) -> None:
    op = shelf.get("/openapi.json").json()["paths"]["/articles"]["get"]
    assert "q" in {p["name"] for p in op["parameters"]} and "best match" in op["description"]
