"""An exposed server's defaults: writes from other origins refused, a CSRF token on the
start page's form, unknown Host headers refused, and errors as HTML pages for browsers."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from api_support import STORY_RUS_TUR, TestClient, post_form

from graphsvc.settings import Settings

EVIL = "https://evil.example"
CROSS_SITE = {"Origin": EVIL, "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _stored(client: TestClient) -> list[dict]:
    return client.get("/articles").json()["data"]


def _assert_problem(response: object, status: int) -> dict:
    assert response.status_code == status  # type: ignore[attr-defined]
    content_type = response.headers["content-type"]  # type: ignore[attr-defined]
    assert content_type == "application/problem+json"
    return response.json()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- writes from other origins


def test_a_cross_site_form_post_is_refused_and_not_stored(client: TestClient) -> None:
    response = client.post(
        "/articles/form",
        data={"text": STORY_RUS_TUR["text"]},
        headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert _stored(client) == []


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", STORY_RUS_TUR["text"]),
        ("application/x-www-form-urlencoded", "text=Russia+and+Turkey+held+talks."),
    ],
)
def test_a_no_cors_fetch_to_post_articles_is_refused(
    client: TestClient, content_type: str, body: str
) -> None:
    """The bodies a page on another site may send without a preflight."""
    response = client.post(
        "/articles", content=body, headers={**CROSS_SITE, "Content-Type": content_type}
    )
    problem = _assert_problem(response, 403)
    assert "another site" in problem["detail"]
    assert _stored(client) == []


def test_a_cross_site_delete_is_refused(loaded: TestClient) -> None:
    article_id = _stored(loaded)[0]["id"]
    _assert_problem(loaded.delete(f"/articles/{article_id}", headers={"Origin": EVIL}), 403)
    assert loaded.get(f"/articles/{article_id}").status_code == 200


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 201),  # curl, scripts: no browser headers
        ({"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost:8000"}, 201),
        ({"Sec-Fetch-Site": "none"}, 201),
        ({"Origin": "http://localhost:8000"}, 201),  # a browser without Sec-Fetch-*
        ({"Origin": "http://LOCALHOST:8000"}, 201),
        ({"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:3000"}, 403),
        ({"Origin": "http://localhost:3000"}, 403),  # another port is another origin
        ({"Origin": "http://localhost"}, 403),
        ({"Origin": "null"}, 403),  # sandboxed frame, file:// page
        ({"Origin": "http://localhost.evil.example:8000"}, 403),
        ({"Origin": "not a url"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
    ],
)
def test_which_writes_count_as_same_origin(
    make_client: Callable[..., TestClient], headers: dict[str, str], status: int
) -> None:
    client = make_client()
    client.base_url = client.base_url.copy_with(port=8000)  # Host: localhost:8000
    response = client.post("/articles", json=STORY_RUS_TUR, headers=headers)
    assert response.status_code == status, response.text


def test_reads_from_other_origins_are_not_refused(loaded: TestClient) -> None:
    assert loaded.get("/graph", headers=CROSS_SITE).status_code == 200


# --------------------------------------------------------------------------- CSRF token


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert found, "no CSRF field in the form"
    return found[1]


def test_the_form_carries_a_token_and_sets_its_cookie(client: TestClient) -> None:
    page = client.get("/")
    assert _token(page.text)
    cookie = page.headers["set-cookie"].lower()
    assert cookie.startswith("graphsvc_csrf=")
    assert "httponly" in cookie and "samesite=strict" in cookie
    again = client.get("/")  # the cookie is kept: the same token
    assert "set-cookie" not in again.headers
    assert _token(again.text) == _token(page.text)


@pytest.mark.parametrize("case", ["no token", "forged token", "no cookie", "other cookie"])
def test_a_form_post_without_a_valid_token_is_refused(client: TestClient, case: str) -> None:
    token = _token(client.get("/").text)
    data = {"text": STORY_RUS_TUR["text"], "title": "Kept title", "csrf_token": token}
    if case == "no token":
        del data["csrf_token"]
    elif case == "forged token":
        data["csrf_token"] = "0" * 64
    elif case == "no cookie":
        client.cookies.clear()
    else:
        client.cookies.set("graphsvc_csrf", "A" * 43)
    response = client.post("/articles/form", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "submit it again" in response.text
    assert 'value="Kept title"' in response.text  # the form is shown again, filled in
    assert _stored(client) == []
    # ... and with a fresh token the same browser gets through
    retried = post_form(client, {"text": STORY_RUS_TUR["text"]}, follow_redirects=False)
    assert retried.status_code == 303


def test_a_token_is_only_good_with_its_own_secret(make_client: Callable[..., TestClient]) -> None:
    first = make_client(csrf_secret="one secret")
    token = _token(first.get("/").text)
    second = make_client(csrf_secret="another secret")
    second.cookies = first.cookies
    data = {"text": STORY_RUS_TUR["text"], "csrf_token": token}
    response = second.post("/articles/form", data=data, follow_redirects=False)
    assert response.status_code == 403
    same = make_client(csrf_secret="one secret")
    same.cookies = first.cookies
    assert same.post("/articles/form", data=data, follow_redirects=False).status_code == 303


# ------------------------------------------------------------------------- Host header


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LocalHost"]
)
def test_local_host_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "localhost.evil.example", "10.0.0.5", "[::2]"]
)
def test_other_host_names_are_refused(client: TestClient, host: str) -> None:
    problem = _assert_problem(client.get("/healthz", headers={"Host": host}), 400)
    assert host in problem["detail"] and "GRAPHSVC_ALLOWED_HOSTS" in problem["detail"]


def test_a_huge_host_header_is_quoted_short(client: TestClient) -> None:
    host = "a" * 5000 + ".example"
    problem = _assert_problem(client.get("/healthz", headers={"Host": host}), 400)
    assert len(problem["detail"]) < 300


def test_allowed_hosts_replace_the_default(make_client: Callable[..., TestClient]) -> None:
    client = make_client(allowed_hosts=["graphs.example.org", "*.internal.example"])
    assert client.get("/healthz", headers={"Host": "graphs.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "a.internal.example:80"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400
    anything = make_client(allowed_hosts=["*"])
    assert anything.get("/healthz", headers={"Host": "whatever.example"}).status_code == 200


def test_the_bind_address_is_allowed_by_default(make_client: Callable[..., TestClient]) -> None:
    client = make_client(host="10.1.2.3")
    assert client.get("/healthz", headers={"Host": "10.1.2.3:8000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "10.1.2.4:8000"}).status_code == 400


def test_allowed_hosts_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHSVC_ALLOWED_HOSTS", "graphs.example.org, 10.0.0.5")
    assert Settings().trusted_hosts() == ["graphs.example.org", "10.0.0.5"]
    monkeypatch.setenv("GRAPHSVC_ALLOWED_HOSTS", " , ")
    with pytest.raises(ValueError, match="no host given"):
        Settings()


def test_wildcard_bind_adds_no_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPHSVC_ALLOWED_HOSTS", raising=False)
    assert Settings(host="0.0.0.0").trusted_hosts() == ["localhost", "127.0.0.1", "[::1]"]
    assert Settings(host="fd00::5").trusted_hosts()[-1] == "[fd00::5]"


# ------------------------------------------------------------------- HTML error pages


def _boom_client(make_client: Callable[..., TestClient]) -> TestClient:
    client = make_client()

    def boom() -> None:
        raise RuntimeError("<script>secret internals</script>")

    client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    return client


def test_a_500_is_an_html_page_for_a_browser(make_client: Callable[..., TestClient]) -> None:
    client = _boom_client(make_client)
    page = client.get("/boom", headers={"Accept": BROWSER})
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>500 · Internal server error</h1>" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text
    assert "content-security-policy" in page.headers
    problem = _assert_problem(client.get("/boom", headers={"Accept": "application/json"}), 500)
    assert "secret" not in problem["detail"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/nowhere", {}, 404),
        ("PUT", "/healthz", {}, 405),
        ("GET", "/events", {"params": {"limit": "x"}}, 422),
        ("GET", "/actors/ZZZ", {}, 404),
        ("POST", "/articles", {"content": b"x" * 2_000_001}, 413),
        ("POST", "/articles", {"content": b"x", "headers": {"Content-Type": "image/png"}}, 415),
        ("POST", "/articles", {"content": b"x", "headers": {"Origin": EVIL}}, 403),
        ("GET", "/healthz", {"headers": {"Host": "evil.example"}}, 400),
    ],
)
def test_every_error_is_a_page_for_a_browser_and_a_problem_otherwise(
    make_client: Callable[..., TestClient],
    method: str,
    path: str,
    kwargs: dict,
    status: int,
) -> None:
    client = make_client(max_body_bytes=1_000_000)
    headers = kwargs.pop("headers", {})
    page = client.request(method, path, headers={**headers, "Accept": BROWSER}, **kwargs)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html"), page.text[:200]
    assert f"<h1>{status} · " in page.text
    other = client.request(method, path, headers={**headers, "Accept": "*/*"}, **kwargs)
    _assert_problem(other, status)


def test_error_pages_escape_what_they_quote(client: TestClient) -> None:
    page = client.get("/nowhere/<script>alert(1)</script>", headers={"Accept": BROWSER})
    assert page.status_code == 404
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
