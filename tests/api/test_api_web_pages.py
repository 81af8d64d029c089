"""POST /articles with a web page's URL or an HTML body, against a real HTTP server on
127.0.0.1 (tests/web_server.py) serving the hand-written pages of tests/fixtures/html."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from api_support import TestClient
from web_server import Route, WebServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
PROBLEM = "application/problem+json"
LOCAL = {"fetch_allow_private": True, "fetch_timeout": 3.0}


def _serve(server: WebServer, name: str) -> str:
    return server.page(f"/news/{name}", (FIXTURES / name).read_bytes(), "text/html")


def _events(body: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((e["source"], e["target"], e["code"]) for e in body["events"])


def _problem(response: Any, status: int, *phrases: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    detail = response.json()["detail"]
    for phrase in phrases:
        assert phrase in detail
    return detail


@pytest.mark.parametrize("name", ["wire_article.html", "newspaper_ads.html", "inline_markup.html"])
def test_a_url_post_gives_the_events_of_posting_the_text(
    make_client: Callable[..., TestClient], web_server: WebServer, name: str
) -> None:
    url = _serve(web_server, name)
    by_url = make_client(**LOCAL).post("/articles", json={"url": url})
    assert by_url.status_code == 201, by_url.text
    text = "\n".join(EXPECTED[name]["body"])
    published = EXPECTED[name]["date"]
    by_text = make_client().post("/articles", json={"text": text, "published": published})
    assert by_text.status_code == 201, by_text.text
    assert _events(by_url.json()), "the page should give events"
    assert _events(by_url.json()) == _events(by_text.json())


def test_a_fetched_article_shows_its_provenance(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    client = make_client(**LOCAL)
    web_server.redirect("/short/1", "/news/wire_article.html")
    _serve(web_server, "wire_article.html")
    posted = client.post("/articles", json={"url": web_server.url("/short/1")})
    assert posted.status_code == 201, posted.text
    article = client.get(posted.headers["location"]).json()
    want = EXPECTED["wire_article.html"]
    assert article["origin"] == "url"
    assert article["fetched_url"] == web_server.url("/news/wire_article.html")  # after redirect
    assert article["fetched_at"] is not None
    assert article["author"] == want["author"]
    assert article["canonical_url"] == article["url"] == want["canonical_url"]
    assert article["title"] == want["title"]
    assert article["published"] == want["date"]
    assert "Greece should never trust Turkey" not in article["text"]  # a reader's comment
    posted_text = client.post("/articles", json={"text": "Chile and Peru met on Monday."})
    assert client.get(posted_text.headers["location"]).json()["origin"] == "post"


def test_title_and_date_given_replace_the_pages(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    url = _serve(web_server, "short_brief.html")
    body = {"url": url, "title": "Nairobi and Mogadishu mend ties", "published": "2026-02-04",
            "id": "kenya-somalia", "source": "herald"}  # fmt: skip
    response = make_client(**LOCAL).post("/articles", json=body)
    assert response.status_code == 201, response.text
    article = response.json()
    assert (article["id"], article["title"]) == ("kenya-somalia", "Nairobi and Mogadishu mend ties")
    assert (article["published"], article["source"]) == ("2026-02-04", "herald")


def test_a_page_on_a_private_address_is_refused_unless_allowed(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    url = _serve(web_server, "wire_article.html")
    client = make_client()  # GRAPHSVC_FETCH_ALLOW_PRIVATE unset
    _problem(client.post("/articles", json={"url": url}), 422, url, "loopback")
    assert web_server.requests == []
    assert client.get("/articles").json()["count"] == 0


@pytest.mark.parametrize(
    ("route", "phrase"),
    [
        (Route(body=b"gone", status=404), "404"),
        (Route(body=b"%PDF-1.7", content_type="application/pdf"), "application/pdf"),
        (Route(body=b"<p>x</p>" * 2_000_000), "larger than"),
        (Route(body=b"<p>late</p>", delay_s=4), "did not arrive"),
    ],
)
def test_a_page_that_cannot_be_fetched_is_a_502_naming_the_cause(
    make_client: Callable[..., TestClient], web_server: WebServer, route: Route, phrase: str
) -> None:
    client = make_client(fetch_allow_private=True, fetch_timeout=1.0, fetch_max_bytes=1_000_000)
    url = web_server.route("/bad", route)
    _problem(client.post("/articles", json={"url": url}), 502, url, phrase)
    assert client.get("/articles").json()["count"] == 0


def test_a_redirect_loop_is_a_502(make_client: Callable[..., TestClient], web_server: WebServer):
    web_server.redirect("/a", "/b")
    web_server.redirect("/b", "/a")
    _problem(make_client(**LOCAL).post("/articles", json={"url": web_server.url("/a")}), 502,
             "redirects")  # fmt: skip


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "not a url"])
def test_a_url_that_is_not_http_is_a_422(make_client: Callable[..., TestClient], url: str) -> None:
    response = make_client().post("/articles", json={"url": url})
    assert response.status_code == 422, response.text


def test_a_page_without_article_text_is_a_422(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    url = web_server.page("/empty", "<html><body><script>x()</script></body></html>")
    _problem(make_client(**LOCAL).post("/articles", json={"url": url}), 422, url, "No article text")


def test_pages_in_other_charsets_decode_right(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    client = make_client(**LOCAL)
    url = _serve(web_server, "latin1_meta_only.html")  # windows-1252 bytes, declared in <meta>
    article = client.post("/articles", json={"url": url}).json()
    assert "Brazil\u2019s defence minister praised France" in article["text"]
    assert article["author"] == "J\u00e9r\u00f4me Lef\u00e8vre"
    russian = "Министр иностранных дел России встретился с послом Китая в Москве."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{russian}</p></body></html>'
    url = web_server.page("/ru", page.encode("windows-1251"), "text/html")
    assert russian in client.post("/articles", json={"url": url}).json()["text"]


def test_a_gzip_encoded_page_is_read(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    html = (FIXTURES / "ministry_statement.html").read_bytes()
    url = web_server.route("/gz", Route(body=html, gzip=True))
    article = make_client(**LOCAL).post("/articles", json={"url": url}).json()
    assert "Germany and Japan will deepen their cooperation" in article["text"]


# -- HTML bodies and markup in text ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html", "France <b>condemned</b> Germany on Monday."),
        ("text/html; charset=utf-8", "<p>France <b>condemned</b> Germany on Monday.</p>"),
        ("application/xhtml+xml", "<p>France <em>condemned</em> Germany on Monday.</p>"),
        ("text/plain", "France <b>condemned</b> Germany on Monday."),
        ("application/json", json.dumps({"text": "France <b>condemned</b> Germany on Monday."})),
    ],
)
def test_inline_markup_no_longer_stops_extraction(
    make_client: Callable[..., TestClient], content_type: str, body: str
) -> None:
    response = make_client().post(
        "/articles", content=body.encode(), headers={"content-type": content_type}
    )
    assert response.status_code == 201, response.text
    article = response.json()
    assert article["text"] == "France condemned Germany on Monday."
    assert ("FRA", "DEU") in {(e["source"], e["target"]) for e in article["events"]}


def test_an_html_page_body_is_read_like_a_fetched_page(
    make_client: Callable[..., TestClient],
) -> None:
    html = (FIXTURES / "newspaper_ads.html").read_bytes()
    response = make_client().post(
        "/articles?source=ledger", content=html, headers={"content-type": "text/html"}
    )
    assert response.status_code == 201, response.text
    article = response.json()
    want = EXPECTED["newspaper_ads.html"]
    assert (article["title"], article["published"]) == (want["title"], want["date"])
    assert (article["author"], article["origin"], article["source"]) == (
        want["author"], "post", "ledger")  # fmt: skip
    assert "India must respond firmly" not in article["text"]


def test_an_html_body_in_its_meta_charset_and_bad_bytes(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client()
    html = (FIXTURES / "latin1_meta_only.html").read_bytes()
    response = client.post("/articles", content=html, headers={"content-type": "text/html"})
    assert response.status_code == 201, response.text
    assert "Bras\u00edlia" in response.json()["title"]
    bad = b"<p>Chile \xff and Peru met.</p>"
    response = client.post("/articles", content=bad, headers={"content-type": "text/html"})
    _problem(response, 400, "not valid UTF-8")


def test_text_normalised_before_hashing_and_extraction(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client()
    raw = "France\u00a0condemned Ger\u00admany.\r\nChile and Peru met\x07 on Monday.\r\n"
    first = client.post("/articles", json={"text": raw})
    assert first.status_code == 201, first.text
    article = first.json()
    assert article["text"] == "France condemned Germany.\nChile and Peru met on Monday.\n"
    for event in article["events"]:  # offsets point into the stored text
        start = article["text"].find(event["sentence"])
        assert start >= 0
    # The same story, already clean, is the same article (the hash is of the normalised text).
    again = client.post("/articles", json={"text": article["text"]})
    assert again.status_code == 200 and again.json()["id"] == article["id"]


def test_the_article_page_shows_provenance_escaped(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    page = (
        "<html><head><title>Talks</title><meta name='author' content='Sean O&quot;Brien'>"
        "</head><body><article><p>Chile and Peru signed a fishing accord in Lima on Friday, "
        "both governments said.</p></article></body></html>"
    )
    url = web_server.page("/lima", page)
    client = make_client(**LOCAL)
    posted = client.post("/articles", json={"url": url}).json()
    assert posted["author"] == 'Sean O"Brien'
    html = client.get(f"/pages/articles/{posted['id']}").text
    assert "origin url" in html
    assert f'fetched from <a href="{url}"' in html
    assert "by Sean O&#34;Brien" in html  # escaped by the template


def test_a_plain_text_page_is_stored_as_it_is(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    story = "Chile and Peru signed a fishing accord in Lima on Friday.\r\nBoth sides praised it."
    url = web_server.page("/story.txt", story.encode("utf-8"), "text/plain; charset=utf-8")
    article = make_client(**LOCAL).post("/articles", json={"url": url}).json()
    assert article["text"] == story.replace("\r\n", "\n")
    assert (article["url"], article["fetched_url"], article["canonical_url"]) == (url, url, None)


def test_a_queued_url_post_keeps_its_provenance(
    make_client: Callable[..., TestClient], web_server: WebServer
) -> None:
    from graphsvc.ingest.worker import Worker

    client = make_client(sync_extractions=0, **LOCAL)  # every POST is queued
    url = _serve(web_server, "ministry_statement.html")
    response = client.post("/articles", json={"url": url})
    assert response.status_code == 202, response.text
    worker = Worker(client.app.state.service)  # type: ignore[attr-defined]
    while worker.run_once() is not None:
        pass
    (listed,) = client.get("/articles").json()["data"]
    assert (listed["origin"], listed["fetched_url"]) == ("url", url)
    assert listed["author"] == "Press Office" and listed["fetched_at"] is not None
