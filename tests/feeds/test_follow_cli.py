"""`graphsvc feeds add|list|remove` and `graphsvc follow --once` against a real local HTTP
server (tests/web_server.py) serving the fixture feeds and article pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from feed_fixtures import (
    ATOM_STORIES,
    LATIN1_STORY,
    MALFORMED_FEED,
    RSS_STORIES,
    article_page,
    atom,
    rss,
    rss_latin1,
    rss_partly_broken,
    rss_with_full_text,
)
from web_server import Route, WebServer

from graphsvc.cli import main
from graphsvc.store import FeedStore

pytestmark = pytest.mark.usefixtures("open_service")


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def serve_good_feeds(server: WebServer) -> tuple[str, str]:
    """The RSS and the Atom feed with their four article pages; their URLs."""
    for story in RSS_STORIES:
        server.page(f"/rss/{story.slug}", article_page(story))
    for story in ATOM_STORIES:
        server.page(f"/atom/{story.slug}", article_page(story))
    rss_url = server.page(
        "/rss/feed.xml", rss("Test Wire", server.url("/rss"), RSS_STORIES), "application/rss+xml"
    )
    atom_url = server.page(
        "/atom/feed.xml",
        atom("Atom Wire", server.url("/atom"), ATOM_STORIES),
        "application/atom+xml; charset=utf-8",
    )
    return rss_url, atom_url


def page_hits(server: WebServer, prefix: str) -> int:
    return sum(1 for r in server.requests if r.path.startswith(prefix) and "feed" not in r.path)


def test_two_feeds_added_by_the_cli_give_their_articles_once_with_events(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    rss_url, atom_url = serve_good_feeds(web_server)
    added = run("feeds", "add", rss_url, "--interval", "600")
    assert added.exit_code == 0, added.output
    assert "feed 1 added" in added.output
    assert run("feeds", "add", atom_url).exit_code == 0

    first = run("follow", "--once")
    assert first.exit_code == 0, first.output
    assert "2 feeds polled, 0 failed, 4 articles added" in first.output

    service = open_service()
    try:
        articles = service.list_articles(limit=50).items
        assert sorted(a.title for a in articles) == sorted(
            s.title for s in RSS_STORIES + ATOM_STORIES
        )
        by_title = {a.title: a for a in articles}
        for story in RSS_STORIES + ATOM_STORIES:
            article, events = service.get_article(by_title[story.title].id)
            # the page's article, not its navigation or footer
            assert story.paragraphs[0] in article.text
            assert story.paragraphs[-1] in article.text
            assert "Copyright" not in article.text and "World" not in article.text
            assert events, story.slug
        rss_article = by_title[RSS_STORIES[0].title]
        assert rss_article.source == "Test Wire"
        assert rss_article.url == web_server.url(f"/rss/{RSS_STORIES[0].slug}")
        assert rss_article.published.isoformat() == "2021-03-02"  # the feed's date
        stored, _ = service.get_article(rss_article.id)
        provenance = stored.provenance
        assert provenance is not None and provenance.origin == "feed"
        assert provenance.origin_ref == rss_url  # which feed
        assert provenance.fetched_url == rss_article.url and provenance.fetched_at is not None
        # Atom's relative links were resolved against xml:base
        atom_article = by_title[ATOM_STORIES[1].title]
        assert atom_article.url == web_server.url(f"/atom/{ATOM_STORIES[1].slug}")
        events_before = service.store.version.last_event_id

        feeds = FeedStore(service.store)
        listed = {f.url: f for f in feeds.list()}
        assert listed[rss_url].interval_s == 600
        assert listed[rss_url].articles_added == 2
        assert listed[rss_url].last_status == "ok"
        assert listed[atom_url].title == "Atom Wire"  # the feed's own title, none was given
        for feed in listed.values():
            feeds.make_due(feed.id)
    finally:
        service.close()

    second = run("follow", "--once")
    assert second.exit_code == 0, second.output
    assert "2 feeds polled, 0 failed, 0 articles added" in second.output
    assert page_hits(web_server, "/rss/") == 2  # each page fetched once, never again
    assert page_hits(web_server, "/atom/") == 2
    service = open_service()
    try:
        assert service.store.count_articles() == 4
        assert service.store.version.last_event_id == events_before
    finally:
        service.close()

    listing = run("feeds", "list")
    assert listing.exit_code == 0
    assert "ok" in listing.output and "2 articles" in listing.output
    assert rss_url in listing.output and atom_url in listing.output


def test_broken_feeds_show_their_error_and_do_not_stop_the_good_one(
    web_server: WebServer, open_service: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHSVC_FETCH_MAX_BYTES", "1000000")
    rss_url, _ = serve_good_feeds(web_server)
    broken = {
        "malformed": web_server.page("/malformed.xml", MALFORMED_FEED, "application/rss+xml"),
        "missing": web_server.url("/no-such-feed.xml"),
        "slow": web_server.route(
            "/slow.xml", Route(body=b"<rss/>", content_type="text/xml", delay_s=4.5)
        ),
        "loop": web_server.redirect("/loop-a", "/loop-b"),
        "html": web_server.page("/page.html", "<html><body><p>Not a feed</p></body></html>"),
        "huge": web_server.page(
            "/huge.xml", rss("Huge", web_server.url("/h"), RSS_STORIES * 4000), "text/xml"
        ),
    }
    web_server.redirect("/loop-b", "/loop-a")
    for url in broken.values():
        assert run("feeds", "add", url, "--interval", "100").exit_code == 0
    assert run("feeds", "add", rss_url).exit_code == 0

    result = run("follow", "--once")
    assert result.exit_code == 0, result.output
    assert "7 feeds polled, 6 failed, 2 articles added" in result.output

    service = open_service()
    try:
        assert service.store.count_articles() == 2
        feeds = {f.url: f for f in FeedStore(service.store).list()}
    finally:
        service.close()
    assert feeds[rss_url].last_status == "ok" and feeds[rss_url].articles_added == 2
    expected = {
        "malformed": "not well-formed XML",
        "missing": "404",
        "slow": "within 2 s",
        "loop": "redirect",
        "html": "text/html",
        "huge": "larger than 1000000 bytes",
    }
    for name, url in broken.items():
        feed = feeds[url]
        assert feed.last_status == "error", name
        assert expected[name] in (feed.last_error or ""), (name, feed.last_error)
        assert feed.consecutive_failures == 1
        # backoff: twice the interval after the first failure
        wait = feed.next_due_at - feed.last_fetch_at
        assert timedelta(seconds=199) <= wait <= timedelta(seconds=201), name

    listing = run("feeds", "list")
    assert "error: " in listing.output and "404" in listing.output
    assert "1 failures in a row" in listing.output


def test_conditional_get_answered_304_adds_nothing(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    for story in RSS_STORIES:
        web_server.page(f"/rss/{story.slug}", article_page(story))
    url = web_server.route(
        "/etag.xml",
        Route(
            body=rss("Etag Wire", web_server.url("/rss"), RSS_STORIES),
            content_type="application/rss+xml",
            etag='"v1"',
            last_modified="Tue, 02 Mar 2021 10:00:00 GMT",
        ),
    )
    assert run("feeds", "add", url).exit_code == 0
    assert "1 feeds polled, 0 failed, 2 articles added" in run("follow", "--once").output
    first = next(r for r in web_server.requests if r.path == "/etag.xml")
    assert "if-none-match" not in first.headers

    service = open_service()
    try:
        store = FeedStore(service.store)
        (feed,) = store.list()
        assert feed.etag == '"v1"'
        store.make_due(feed.id)
    finally:
        service.close()
    second = run("follow", "--once")
    assert "1 feeds polled, 0 failed, 0 articles added" in second.output
    assert "not modified" in second.output
    again = [r for r in web_server.requests if r.path == "/etag.xml"][1]
    assert again.headers["if-none-match"] == '"v1"'
    assert again.headers["if-modified-since"] == "Tue, 02 Mar 2021 10:00:00 GMT"
    service = open_service()
    try:
        (feed,) = FeedStore(service.store).list()
        assert feed.last_status == "not_modified" and feed.articles_added == 2
        assert feed.etag == '"v1"'  # kept for the next poll
        assert service.store.count_articles() == 2
    finally:
        service.close()


def test_feed_and_page_in_another_encoding(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    web_server.page(
        f"/l1/{LATIN1_STORY.slug}",
        article_page(LATIN1_STORY, charset="iso-8859-1"),
        "text/html; charset=iso-8859-1",
    )
    url = web_server.page(
        "/l1/feed.xml", rss_latin1(web_server.url("/l1"), LATIN1_STORY), "text/xml"
    )
    assert run("feeds", "add", url).exit_code == 0
    assert "1 articles added" in run("follow", "--once").output
    service = open_service()
    try:
        (article,) = service.list_articles().items
        stored, events = service.get_article(article.id)
        assert stored.title == LATIN1_STORY.title  # "Genève", decoded from Latin-1
        assert LATIN1_STORY.paragraphs[1] in stored.text  # "Zürich"
        assert stored.source == "Dépêches de Genève"
        assert {(e.source, e.target) for e in events} >= {("ARM", "AZE")}
    finally:
        service.close()


def test_entry_text_used_when_its_page_fails_and_short_teasers_are_retried(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    # Full text in content:encoded, pages missing (404): the feed's own text is used.
    links = [web_server.url(f"/gone/{s.slug}") for s in RSS_STORIES]
    full = web_server.page(
        "/full.xml", rss_with_full_text("Full Wire", RSS_STORIES, links), "application/rss+xml"
    )
    # Teasers only, pages missing: no article, the entry's error kept, tried again later.
    teaser = web_server.page(
        "/teaser.xml", rss("Teaser Wire", web_server.url("/gone"), ATOM_STORIES), "text/xml"
    )
    for url in (full, teaser):
        assert run("feeds", "add", url).exit_code == 0
    assert "2 articles added" in run("follow", "--once").output

    service = open_service()
    try:
        texts = sorted(a.text for a in service.list_articles().items)
        assert texts == sorted(s.text for s in RSS_STORIES)
        store = FeedStore(service.store)
        teaser_feed = next(f for f in store.list() if f.url == teaser)
        keys = [f"wire-{s.slug}" for s in ATOM_STORIES]
        seen = store.seen(teaser_feed.id, keys)
        assert {k: (v.article_id, v.attempts) for k, v in seen.items()} == {
            k: (None, 1) for k in keys
        }
        assert "404" in (seen[keys[0]].error or "")
        assert "too short" in (seen[keys[0]].error or "")
        for _ in range(3):  # two more attempts, then the entries are given up
            store.make_due(teaser_feed.id)
            run("follow", "--once")
        seen = store.seen(teaser_feed.id, keys)
        assert {v.attempts for v in seen.values()} == {3}
    finally:
        service.close()
    gone = sum(1 for r in web_server.requests if r.path == f"/gone/{ATOM_STORIES[0].slug}")
    assert gone == 3


def test_feeds_remove_and_errors_are_one_line(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    url = web_server.url("/feed.xml")
    assert run("feeds", "add", url).exit_code == 0
    duplicate = run("feeds", "add", url)
    assert duplicate.exit_code == 1
    assert duplicate.output.strip() == f"Error: The feed {url} is registered already."
    bad = run("feeds", "add", "ftp://example.org/feed")
    assert bad.exit_code == 1 and "http:// or https://" in bad.output
    short = run("feeds", "add", web_server.url("/other.xml"), "--interval", "0")
    assert short.exit_code == 2  # click's own range check
    assert run("feeds", "remove", "1").output.strip() == "feed 1 removed"
    missing = run("feeds", "remove", "1")
    assert missing.exit_code == 1 and missing.output.strip() == "Error: No feed with id 1."
    assert "no feeds registered" in run("feeds", "list").output


def test_interval_below_the_minimum_is_refused(
    web_server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHSVC_FEED_MIN_INTERVAL", "60")
    result = run("feeds", "add", web_server.url("/feed.xml"), "--interval", "30")
    assert result.exit_code == 1
    assert "between 60 and 604800 seconds (30 given)" in result.output


def test_next_due_follows_the_interval(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    rss_url, _ = serve_good_feeds(web_server)
    run("feeds", "add", rss_url, "--interval", "300")
    run("follow", "--once")
    service = open_service()
    try:
        (feed,) = FeedStore(service.store).list()
    finally:
        service.close()
    assert isinstance(feed.last_fetch_at, datetime)
    wait = feed.next_due_at - feed.last_fetch_at
    assert timedelta(seconds=299) <= wait <= timedelta(seconds=301)
    # not due: a second --once polls nothing
    assert "0 feeds polled" in run("follow", "--once").output


def test_partly_broken_feed_gives_what_can_be_read_and_shows_the_complaint(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    story = RSS_STORIES[1]
    web_server.page(f"/half/{story.slug}", article_page(story))
    url = web_server.page(
        "/half.xml", rss_partly_broken(web_server.url("/half"), story), "application/rss+xml"
    )
    assert run("feeds", "add", url).exit_code == 0
    result = run("follow", "--once")
    assert "1 feeds polled, 0 failed, 1 articles added" in result.output
    service = open_service()
    try:
        (feed,) = FeedStore(service.store).list()
        (article,) = service.list_articles().items
    finally:
        service.close()
    assert article.title == story.title
    assert feed.last_status == "partial"
    assert "not well-formed XML" in (feed.last_error or "")
    assert feed.consecutive_failures == 0  # no backoff: what could be read was used


def test_two_feeds_registered_on_the_page_are_followed(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    """The page's form (as a browser posts it, CSRF token and cookie) on the store that
    `graphsvc follow --once` then polls."""
    from factories import api_support

    from graphsvc.api.app import create_app
    from graphsvc.settings import Settings

    rss_url, atom_url = serve_good_feeds(web_server)
    service = open_service()
    try:
        client = api_support().TestClient(create_app(Settings(follow_feeds=False), service))
        for url in (rss_url, atom_url):
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/pages/feeds").text)
            assert token is not None
            posted = client.post(
                "/pages/feeds", data={"url": url, "csrf_token": token[1]}, follow_redirects=False
            )
            assert posted.status_code == 303
    finally:
        service.close()
    result = run("follow", "--once")
    assert "2 feeds polled, 0 failed, 4 articles added" in result.output
    service = open_service()
    try:
        assert service.store.count_articles() == 4
        page = api_support().TestClient(create_app(Settings(follow_feeds=False), service))
        html = page.get("/pages/feeds").text
        assert html.count(">ok") == 2 and "Atom Wire" in html and "Test Wire" in html
    finally:
        service.close()


def test_feed_served_as_octet_stream_is_read_and_json_is_not_a_feed(
    web_server: WebServer, open_service: Callable[[], Any]
) -> None:
    for story in RSS_STORIES:
        web_server.page(f"/o/{story.slug}", article_page(story))
    body = rss("Octet Wire", web_server.url("/o"), RSS_STORIES)
    octet = web_server.page("/o/feed.rss", body, "application/octet-stream")
    plain = web_server.page("/o/notes.txt", b'{"items": []}', "text/plain")
    for url in (octet, plain):
        assert run("feeds", "add", url).exit_code == 0
    assert "2 feeds polled, 1 failed, 2 articles added" in run("follow", "--once").output
    service = open_service()
    try:
        feeds = {f.url: f for f in FeedStore(service.store).list()}
    finally:
        service.close()
    assert feeds[octet].last_status == "ok"
    assert "not an RSS, Atom or RDF feed" in (feeds[plain].last_error or "")
