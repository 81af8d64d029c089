"""HTML pages, /docs, static assets, security headers and escaping of article-derived text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from api_support import STORY_RUS_TUR, TestClient, post_form

from graphsvc.api.routes.docs import prose

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
XSS_STORY = {
    "title": f"Talks {SCRIPT} {IMG}",
    "text": f"Russia and Turkey held talks {SCRIPT} in Ankara {IMG} on Wednesday.",
    "source": f"wire {IMG}",
    "published": "2021-01-13",
}

# src=/href= values that would load or link something outside the host
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
SCRIPT_SRC = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _assert_self_contained(html: str) -> None:
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    for attrs in SCRIPT_SRC.findall(html):  # same-origin files or inert JSON data, no inline code
        assert "src=" in attrs or "application/json" in attrs, f"inline <script{attrs}>"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/view",
        "/docs",
        "/healthz",
        "/openapi.json",
        "/static/app.css",
        "/static/vis/vis-network.min.js",
        "/nowhere",
    ],
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_vis_network_is_served_from_the_pyvis_package(client: TestClient) -> None:
    js = client.get("/static/vis/vis-network.min.js")
    assert js.status_code == 200
    assert "javascript" in js.headers["content-type"]
    assert b"vis-network" in js.content[:500]
    assert client.get("/static/vis/vis-network.css").status_code == 200


def test_docs_page_lists_endpoints_offline(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.text
    _assert_self_contained(html)
    for path in (
        "/articles",
        "/actors/{actor_code}",
        "/relations",
        "/events",
        "/graph.graphml",
        "/events.csv",
        "/ontology",
        "/healthz",
    ):
        assert f"<code>{path}</code>" in html
    assert "ArticleIn" in html
    assert "Putin" in html  # the example article is shown


def test_openapi_has_the_article_schema_and_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    article_in = spec["components"]["schemas"]["ArticleIn"]
    assert article_in["required"] == ["text"]
    assert article_in["examples"][0]["published"] == "2021-01-13"
    post = spec["paths"]["/articles"]["post"]
    assert set(post["requestBody"]["content"]) >= {"application/json", "text/plain"}
    assert {"201", "200", "413", "415", "422"} <= set(post["responses"])
    assert "ArticleWithEvents" in spec["components"]["schemas"]
    assert "/docs" not in spec["paths"]


def test_landing_page(loaded: TestClient) -> None:
    response = loaded.get("/")
    assert response.status_code == 200
    html = response.text
    _assert_self_contained(html)
    assert STORY_RUS_TUR["title"] in html
    assert 'action="/articles/form"' in html
    assert 'href="/view/actors/RUS"' in html
    assert 'name="api_key"' not in html


def test_landing_form_posts_and_redirects(client: TestClient) -> None:
    response = post_form(
        client, {"text": STORY_RUS_TUR["text"], "title": "From the form"}, follow_redirects=False
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/pages/articles/")
    page = client.get(location)
    assert page.status_code == 200
    assert "From the form" in page.text


def test_landing_form_shows_errors(client: TestClient) -> None:
    response = post_form(client, {"text": "   "})
    assert response.status_code == 422
    assert "The article text is empty." in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_landing_form_needs_key_when_configured(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_key="k3y")
    assert 'name="api_key"' in client.get("/").text
    refused = post_form(client, {"text": STORY_RUS_TUR["text"]})
    assert refused.status_code == 401
    assert client.get("/articles").json()["data"] == []
    accepted = post_form(
        client, {"text": STORY_RUS_TUR["text"], "api_key": "k3y"}, follow_redirects=False
    )
    assert accepted.status_code == 303


def test_view_page_has_graph_and_filters(loaded: TestClient) -> None:
    response = loaded.get("/view", params={"quad_class": "1", "date_from": "2021-01-01"})
    assert response.status_code == 200
    html = response.text
    _assert_self_contained(html)
    assert "/static/vis/vis-network.min.js" in html
    assert '<form class="filters"' in html
    assert 'name="date_from" value="2021-01-01"' in html
    assert 'name="quad_class" value="1" checked' in html
    # downloads in the navigation follow the filters
    assert "/graph.graphml?date_from=2021-01-01&amp;quad_class=1" in html


def test_view_page_empty_form_fields_are_ignored(loaded: TestClient) -> None:
    response = loaded.get(
        "/view",
        params={"date_from": "", "date_to": "", "quad_class": "", "actor": "", "min_count": ""},
    )
    assert response.status_code == 200
    several = loaded.get("/view", params=[("quad_class", "1"), ("quad_class", "2")])
    assert several.status_code == 200
    assert 'value="1" checked' in several.text and 'value="2" checked' in several.text


def test_view_page_bad_filter_is_an_html_error(loaded: TestClient) -> None:
    response = loaded.get("/view", params={"date_from": "soon"}, headers={"Accept": "text/html"})
    assert response.status_code == 422
    assert "date_from" in response.text


def test_ego_view(loaded: TestClient) -> None:
    response = loaded.get("/view/actors/rus")
    assert response.status_code == 200
    assert "(RUS) and its partners" in response.text
    _assert_self_contained(response.text)
    assert loaded.get("/view/actors/XQZ").status_code == 404


def test_article_page(loaded: TestClient) -> None:
    article = loaded.get("/articles").json()["data"]
    rus_tur = next(a for a in article if a["title"] == STORY_RUS_TUR["title"])
    html = loaded.get(f"/pages/articles/{rus_tur['id']}").text
    _assert_self_contained(html.replace('href="https://example.org/rus-tur"', ""))
    assert "Russia and Turkey held talks in Ankara" in html
    assert 'href="https://example.org/rus-tur"' in html  # the article's own link


def test_article_page_drops_javascript_urls(client: TestClient) -> None:
    created = client.post("/articles", json={**STORY_RUS_TUR, "url": "javascript:alert(1)"}).json()
    html = client.get(f"/pages/articles/{created['id']}").text
    assert 'href="javascript:' not in html


def test_xss_payloads_are_escaped_on_every_page(client: TestClient) -> None:
    created = client.post("/articles", json=XSS_STORY)
    assert created.status_code == 201
    body = created.json()
    assert body["events"], "the XSS story must produce an event so it reaches the graph"
    pages = {
        "/": client.get("/").text,
        "/view": client.get("/view").text,
        "/view/actors/RUS": client.get("/view/actors/RUS").text,
        "article": client.get(f"/pages/articles/{body['id']}").text,
    }
    for name, html in pages.items():
        assert SCRIPT not in html, name
        assert IMG not in html, name
        assert "onerror=alert(1)>" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["article"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["/"]


def test_openapi_declares_errors_as_problem_json(client: TestClient) -> None:
    """Error responses were documented as FastAPI's HTTPValidationError in application/json,
    a shape and a media type the API never sends."""
    spec = client.get("/openapi.json").json()
    errors = [
        (path, method, status, response)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        for status, response in op["responses"].items()
        if status[0] in "45"
    ]
    assert len(errors) > 10
    for path, method, status, response in errors:
        where = f"{method.upper()} {path} {status}"
        assert list(response["content"]) == ["application/problem+json"], where
        schema = response["content"]["application/problem+json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Problem"}, where
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    post = spec["paths"]["/articles"]["post"]
    assert "multipart/form-data" in post["requestBody"]["content"]
    # and what is declared is what is sent
    sent = client.get("/events", params={"quad_class": "9"})
    assert sent.headers["content-type"] == "application/problem+json"
    assert set(sent.json()) <= set(spec["components"]["schemas"]["Problem"]["properties"])
    docs = client.get("/docs").text
    assert "HTTPValidationError" not in docs
    assert "application/problem+json" in docs


def test_docs_render_code_spans_not_backticks(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "`" not in html
    assert "<code>next</code> from the previous page." in html
    assert prose("a `<b>` b ``c``") == "a <code>&lt;b&gt;</code> b <code>c</code>"  # escaped first
