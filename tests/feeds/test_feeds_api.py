"""/feeds over HTTP, the /pages/feeds page and its forms, and the scheduler `serve` runs in
the app's lifespan, against the local test server."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import api_support
from feed_fixtures import ATOM_STORIES, RSS_STORIES, article_page, rss
from web_server import WebServer

from graphsvc.api.app import create_app
from graphsvc.settings import Settings

TestClient = api_support().TestClient
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def make_client(tmp_path: Path, feed_extractor: object) -> Iterator[Callable[..., Any]]:
    from graphsvc.service import GraphService

    services: list[Any] = []

    def build(**overrides: Any) -> Any:
        options: dict[str, Any] = {
            "db": str(tmp_path / f"api-{len(services)}.db"),
            "fetch_allow_private": True,
            "feed_host_delay": 0,
            "feed_min_interval": 1,
            "follow_feeds": False,
            **overrides,
        }
        settings = Settings(**options)
        service = GraphService(settings, extractor=feed_extractor)
        services.append(service)
        return TestClient(create_app(settings, service), raise_server_exceptions=False)

    yield build
    for service in services:
        service.close()


@pytest.fixture
def client(make_client: Callable[..., Any]) -> Any:
    return make_client()


def problem(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()["detail"]


def test_register_read_list_poll_and_remove(client: Any) -> None:
    created = client.post("/feeds", json={"url": "https://example.org/rss.xml"})
    assert created.status_code == 201, created.text
    feed = created.json()
    assert feed["url"] == "https://example.org/rss.xml"
    assert feed["interval_s"] == 900 and feed["last_status"] == "new"
    assert feed["articles_added"] == 0 and feed["last_fetch_at"] is None
    assert created.headers["location"] == feed["url_self"]
    assert feed["url_self"].endswith(f"/feeds/{feed['id']}")
    assert feed["next_due_at"].endswith("Z") or feed["next_due_at"].endswith("+00:00")

    second = client.post(
        "/feeds",
        json={"url": "http://example.org/atom", "interval_s": 120, "title": "Example"},
    )
    assert second.status_code == 201
    listed = client.get("/feeds").json()["feeds"]
    assert [f["url"] for f in listed] == ["https://example.org/rss.xml", "http://example.org/atom"]
    assert listed[1]["title"] == "Example" and listed[1]["interval_s"] == 120

    one = client.get(f"/feeds/{feed['id']}")
    assert one.status_code == 200 and one.json() == listed[0]
    poll = client.post(f"/feeds/{feed['id']}/poll")
    assert poll.status_code == 202 and poll.json()["id"] == feed["id"]

    assert client.delete(f"/feeds/{feed['id']}").status_code == 204
    assert "No feed with id" in problem(client.get(f"/feeds/{feed['id']}"), 404)
    problem(client.delete(f"/feeds/{feed['id']}"), 404)
    assert [f["id"] for f in client.get("/feeds").json()["feeds"]] == [second.json()["id"]]


def test_refusals_are_problems_with_a_sentence(client: Any) -> None:
    client.post("/feeds", json={"url": "https://example.org/rss.xml"})
    again = client.post("/feeds", json={"url": "https://example.org/rss.xml"})
    assert problem(again, 409) == "The feed https://example.org/rss.xml is registered already."
    for url, words in (
        ("ftp://example.org/feed", "http:// or https://"),
        ("https:///feed.xml", "no host"),
        ("https://user:secret@example.org/feed", "user name or password"),
        ("https://example.org/a feed", "space or a control character"),
        ("https://example.org:99999/", "cannot be read"),
        ("", "at least 1 character"),
    ):
        assert words in problem(client.post("/feeds", json={"url": url}), 422), url
    low = client.post("/feeds", json={"url": "https://example.org/x", "interval_s": 0})
    problem(low, 422)
    fractional = client.post("/feeds", json={"url": "https://example.org/x", "interval_s": 1.5})
    problem(fractional, 422)
    problem(client.post("/feeds", json={"url": "https://example.org/x", "extra": 1}), 422)
    problem(client.post("/feeds", json=["https://example.org/x"]), 422)
    assert "not valid JSON" in problem(
        client.post("/feeds", content=b"{", headers={"content-type": "application/json"}), 422
    )
    assert "application/json" in problem(
        client.post("/feeds", content=b"url=x", headers={"content-type": "text/plain"}), 415
    )
    problem(
        client.post(
            "/feeds", content=b'{"url": "\xff"}', headers={"content-type": "application/json"}
        ),
        400,
    )
    for path in ("/feeds/abc", "/feeds/0", "/feeds/99999999999", "/feeds/7"):
        problem(client.get(path), 404)
    assert "Unknown query parameter" in problem(client.get("/feeds?limit=3"), 422)


def test_interval_minimum_comes_from_the_settings(make_client: Callable[..., Any]) -> None:
    client = make_client(feed_min_interval=300)
    short = client.post("/feeds", json={"url": "https://example.org/x", "interval_s": 299})
    assert "between 300 and 604800 seconds (299 given)" in problem(short, 422)
    schema = client.get("/openapi.json").json()["components"]["schemas"]["FeedIn"]
    minimums = [o.get("minimum") for o in schema["properties"]["interval_s"]["anyOf"]]
    assert 300 in minimums


def test_writes_need_the_api_key_when_one_is_set(make_client: Callable[..., Any]) -> None:
    client = make_client(api_key="k" * 20)
    body = {"url": "https://example.org/rss.xml"}
    problem(client.post("/feeds", json=body), 401)
    created = client.post("/feeds", json=body, headers={"X-API-Key": "k" * 20})
    assert created.status_code == 201
    feed_id = created.json()["id"]
    problem(client.delete(f"/feeds/{feed_id}"), 401)
    problem(client.post(f"/feeds/{feed_id}/poll"), 401)
    assert client.get("/feeds").status_code == 200  # reads stay open
    assert client.delete(f"/feeds/{feed_id}", headers={"X-API-Key": "k" * 20}).status_code == 204


def _token(client: Any) -> str:
    found = CSRF.search(client.get("/pages/feeds").text)
    assert found, "the feeds page has no CSRF token"
    return found[1]


def test_page_lists_feeds_escaped_and_its_form_follows_a_feed(client: Any) -> None:
    page = client.get("/pages/feeds")
    assert page.status_code == 200
    assert "No feed is followed yet" in page.text
    assert '<a href="/pages/feeds">Feeds</a>' in page.text  # in the site nav
    assert '<a href="/pages/feeds">Feeds</a>' in client.get("/").text

    token = _token(client)
    added = client.post(
        "/pages/feeds",
        data={"url": "https://example.org/rss.xml", "interval_s": "120", "csrf_token": token},
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"] == "/pages/feeds"
    hostile = "<script>alert(1)</script>"
    client.post(
        "/pages/feeds",
        data={"url": "https://example.org/b?x=<i>", "title": hostile, "csrf_token": token},
    )
    (first, second) = client.get("/feeds").json()["feeds"]
    assert first["interval_s"] == 120 and second["title"] == hostile
    page = client.get("/pages/feeds").text
    assert hostile not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "https://example.org/b?x=&lt;i&gt;" in page
    assert "every 120 s" in page and "never" in page

    refused = client.post(
        "/pages/feeds", data={"url": "ftp://example.org/x", "title": "T", "csrf_token": token}
    )
    assert refused.status_code == 422
    assert "http:// or https://" in refused.text and 'value="ftp://example.org/x"' in refused.text
    duplicate = client.post(
        "/pages/feeds", data={"url": "https://example.org/rss.xml", "csrf_token": token}
    )
    assert duplicate.status_code == 409 and "registered already" in duplicate.text
    not_number = client.post(
        "/pages/feeds",
        data={"url": "https://example.org/n", "interval_s": "1e3", "csrf_token": token},
    )
    assert not_number.status_code == 422 and "whole number" in not_number.text

    polled = client.post(
        f"/pages/feeds/{second['id']}/poll", data={"csrf_token": token}, follow_redirects=False
    )
    assert polled.status_code == 303
    unknown = client.post(f"/pages/feeds/{second['id']}/frobnicate", data={"csrf_token": token})
    assert unknown.status_code == 404 and "No such action" in unknown.text
    removed = client.post(
        f"/pages/feeds/{first['id']}/remove", data={"csrf_token": token}, follow_redirects=False
    )
    assert removed.status_code == 303
    assert [f["id"] for f in client.get("/feeds").json()["feeds"]] == [second["id"]]


def test_page_forms_need_the_csrf_token_and_the_key(make_client: Callable[..., Any]) -> None:
    client = make_client(api_key="k" * 20)
    no_token = client.post("/pages/feeds", data={"url": "https://example.org/x"})
    assert no_token.status_code == 403 and "expired" in no_token.text
    token = _token(client)
    assert 'name="api_key"' in client.get("/pages/feeds").text
    no_key = client.post("/pages/feeds", data={"url": "https://example.org/x", "csrf_token": token})
    assert no_key.status_code == 401
    with_key = client.post(
        "/pages/feeds",
        data={"url": "https://example.org/x", "csrf_token": token, "api_key": "k" * 20},
        follow_redirects=False,
    )
    assert with_key.status_code == 303
    assert client.get("/feeds").json()["feeds"][0]["url"] == "https://example.org/x"
    other_site = client.post("/pages/feeds/1/remove", data={"csrf_token": "forged"})
    assert other_site.status_code == 403
    assert len(client.get("/feeds").json()["feeds"]) == 1


def test_page_shows_errors_of_broken_feeds(
    make_client: Callable[..., Any], web_server: WebServer
) -> None:
    client = make_client(follow_feeds=True, feed_tick=0.2, fetch_timeout=1)
    url = web_server.url("/missing-<feed>.xml")
    with client:
        created = client.post("/feeds", json={"url": url, "interval_s": 60}).json()
        feed = _wait(client, created["id"], lambda f: f["last_status"] != "new")
    assert feed["last_status"] == "error" and "404" in feed["last_error"]
    assert feed["consecutive_failures"] == 1
    page = client.get("/pages/feeds").text
    assert "1 failure in a row: backing off" in page
    assert "missing-&lt;feed&gt;.xml" in page and "<feed>" not in page


def _wait(client: Any, feed_id: int, done: Callable[[dict], bool], timeout: float = 60) -> dict:
    end = time.monotonic() + timeout
    while True:
        feed = client.get(f"/feeds/{feed_id}").json()
        if done(feed) or time.monotonic() > end:
            return feed
        time.sleep(0.1)


def test_serve_scheduler_picks_up_feeds_within_one_interval(
    make_client: Callable[..., Any], web_server: WebServer
) -> None:
    interval = 3
    stories = RSS_STORIES + ATOM_STORIES[:1]
    for story in stories:
        web_server.page(f"/s/{story.slug}", article_page(story))
    feed_url = web_server.page(
        "/s/feed.xml", rss("Sched Wire", web_server.url("/s"), RSS_STORIES), "application/rss+xml"
    )
    client = make_client(follow_feeds=True, feed_tick=0.2)
    with client:
        start = time.monotonic()
        created = client.post("/feeds", json={"url": feed_url, "interval_s": interval}).json()
        first = _wait(client, created["id"], lambda f: f["articles_added"] >= 2)
        assert first["articles_added"] == 2 and first["last_status"] == "ok"
        assert time.monotonic() - start < 30  # a newly added feed is due at once
        # A new story appears in the feed: the next poll (one interval later) takes it.
        web_server.page(
            "/s/feed.xml", rss("Sched Wire", web_server.url("/s"), stories), "application/rss+xml"
        )
        changed = time.monotonic()
        second = _wait(client, created["id"], lambda f: f["articles_added"] >= 3)
        waited = time.monotonic() - changed
        assert second["articles_added"] == 3
        titles = {a["title"] for a in client.get("/articles").json()["data"]}
    assert titles == {s.title for s in stories}
    # within one interval, plus the scheduler's look, a poll and one extraction
    assert waited < interval + 10
    feed_polls = [r for r in web_server.requests if r.path == "/s/feed.xml"]
    assert len(feed_polls) >= 2
    # pages fetched once each, however many polls there were
    for story in stories:
        assert sum(r.path == f"/s/{story.slug}" for r in web_server.requests) == 1


def test_scheduler_off_by_setting(make_client: Callable[..., Any], web_server: WebServer) -> None:
    url = web_server.page("/off.xml", rss("Off", web_server.url("/x"), ()), "text/xml")
    client = make_client(follow_feeds=False, feed_tick=0.1)
    with client:
        client.post("/feeds", json={"url": url})
        time.sleep(1.0)
        assert client.get("/feeds").json()["feeds"][0]["last_status"] == "new"
        assert "scheduler is off" in client.get("/pages/feeds").text
    assert not web_server.requests
