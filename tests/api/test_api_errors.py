"""Every error status the API promises, each as application/problem+json with its sentence."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from api_support import STORY_ARM_AZE, STORY_RUS_TUR, TestClient

PROBLEM = "application/problem+json"


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail", "instance"}
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


def test_invalid_utf8_is_400(client: TestClient) -> None:
    body = _problem(
        client.post(
            "/articles",
            content=b'{"text": "Russia and Turkey \xff\xfe held talks."}',
            headers={"Content-Type": "application/json"},
        ),
        400,
    )
    assert body["detail"] == "The request body is not valid UTF-8."
    assert body["instance"] == "/articles"


def test_invalid_utf8_text_plain_is_400(client: TestClient) -> None:
    body = _problem(
        client.post(
            "/articles", content=b"Russia \xc3\x28 Turkey", headers={"Content-Type": "text/plain"}
        ),
        400,
    )
    assert body["detail"] == "The request body is not valid UTF-8."


def test_invalid_utf8_form_is_400(client: TestClient) -> None:
    for raw in (b"text=Russia%FF%FE", b"text=Russia\xff"):
        body = _problem(
            client.post(
                "/articles",
                content=raw,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            400,
        )
        assert body["detail"] == "The request body is not valid UTF-8."
    assert client.get("/articles").json()["data"] == []


def test_unknown_charset_is_415(client: TestClient) -> None:
    response = client.post(
        "/articles", content=b"Russia", headers={"Content-Type": "text/plain; charset=klingon"}
    )
    assert "klingon" in _problem(response, 415)["detail"]


def test_empty_and_whitespace_text_is_422(client: TestClient) -> None:
    for text in ("", "   \n\t  "):
        body = _problem(client.post("/articles", json={"text": text}), 422)
        assert body["detail"] == "The article text is empty."
    body = _problem(
        client.post("/articles", content=b"  \n ", headers={"Content-Type": "text/plain"}), 422
    )
    assert body["detail"] == "The article text is empty."


def test_validation_errors_become_one_sentence_and_a_list(client: TestClient) -> None:
    body = _problem(client.post("/articles", json={"text": 5, "published": "last week"}), 422)
    assert body["detail"].startswith("The request is invalid: ")
    assert "'text'" in body["detail"] and "'published'" in body["detail"]
    assert body["detail"].endswith(".")
    locs = [tuple(e["loc"]) for e in body["errors"]]
    assert ("body", "text") in locs and ("body", "published") in locs
    assert all({"loc", "msg", "type"} == set(e) for e in body["errors"])


def test_missing_text_and_invalid_json_are_422(client: TestClient) -> None:
    body = _problem(client.post("/articles", json={"title": "no text"}), 422)
    assert "'text'" in body["detail"]
    body = _problem(
        client.post(
            "/articles", content=b"{not json", headers={"Content-Type": "application/json"}
        ),
        422,
    )
    assert "not valid JSON" in body["detail"]
    body = _problem(client.post("/articles", json=["a", "list"]), 422)
    assert "JSON object" in body["detail"]


def test_query_validation_is_422_with_sentence(client: TestClient) -> None:
    body = _problem(client.get("/events", params={"date_from": "yesterday"}), 422)
    assert "query parameter 'date_from'" in body["detail"]
    body = _problem(client.get("/events", params={"quad_class": "7"}), 422)
    assert body["detail"] == "quad_class must be 1, 2, 3 or 4, not '7'."
    # A reversed range is empty over the JSON API: the OpenAPI cannot declare an order
    # between two parameters, so a schema-valid request is answered (the pages refuse it).
    reversed_range = client.get(
        "/events", params={"date_from": "2021-02-01", "date_to": "2021-01-01"}
    )
    assert reversed_range.status_code == 200 and reversed_range.json()["data"] == []
    same_day = client.get("/events", params={"date_from": "2021-01-13", "date_to": "2021-01-13"})
    assert same_day.status_code == 200


def test_unsupported_content_type_is_415(client: TestClient) -> None:
    body = _problem(
        client.post(
            "/articles", content=b"<article/>", headers={"Content-Type": "application/xml"}
        ),
        415,
    )
    for accepted in (
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        assert accepted in body["detail"]
    body = _problem(client.post("/articles", content=b"Russia and Turkey"), 415)
    assert "no Content-Type" in body["detail"]


def test_body_over_limit_is_413_by_content_length(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body_bytes=1000)
    body = _problem(client.post("/articles", json={"text": "Russia and Turkey. " * 100}), 413)
    assert body["detail"] == "The request body is larger than the limit of 1000 bytes."
    assert client.get("/articles").json()["data"] == []


def test_body_over_limit_is_413_when_streamed(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body_bytes=1000)

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        for _ in range(20):
            yield b"Russia and Turkey held talks. " * 4

    body = _problem(
        client.post("/articles", content=chunks(), headers={"Content-Type": "text/plain"}), 413
    )
    assert "1000 bytes" in body["detail"]
    assert client.get("/articles").json()["data"] == []


def test_body_under_limit_is_accepted(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body_bytes=1000)
    assert client.post("/articles", json=STORY_ARM_AZE).status_code == 201


def test_unknown_article_actor_and_route_are_404(client: TestClient) -> None:
    body = _problem(client.get("/articles/does-not-exist"), 404)
    assert "does-not-exist" in body["detail"]
    body = _problem(client.get("/actors/XQZ"), 404)
    assert "XQZ" in body["detail"]
    body = _problem(client.get("/relations", params={"a": "RUS", "b": "XQZ"}), 404)
    body = _problem(client.get("/no/such/route"), 404)
    assert body["detail"] == "Nothing here: no route matches GET /no/such/route."
    assert body["instance"] == "/no/such/route"


def test_wrong_method_is_405(client: TestClient) -> None:
    body = _problem(client.put("/articles"), 405)
    assert "PUT" in body["detail"]


def test_conflicting_article_id_is_409(client: TestClient) -> None:
    assert client.post("/articles", json={**STORY_RUS_TUR, "id": "same"}).status_code == 201
    body = _problem(client.post("/articles", json={**STORY_ARM_AZE, "id": "same"}), 409)
    assert "same" in body["detail"]


def test_writes_need_the_api_key_when_configured(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_key="s3cret")
    body = _problem(client.post("/articles", json=STORY_RUS_TUR), 401)
    assert "X-API-Key" in body["detail"]
    _problem(client.post("/articles", json=STORY_RUS_TUR, headers={"X-API-Key": "wrong"}), 401)
    created = client.post("/articles", json=STORY_RUS_TUR, headers={"X-API-Key": "s3cret"})
    assert created.status_code == 201
    article_id = created.json()["id"]
    # reads stay open
    assert client.get(f"/articles/{article_id}").status_code == 200
    assert client.get("/graph").status_code == 200
    _problem(client.delete(f"/articles/{article_id}"), 401)
    _problem(client.delete(f"/articles/{article_id}", headers={"X-API-Key": "nope"}), 401)
    assert (
        client.delete(f"/articles/{article_id}", headers={"X-API-Key": "s3cret"}).status_code == 204
    )


def test_api_key_is_checked_before_the_body(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_key="s3cret")
    _problem(client.post("/articles", content=b"x", headers={"Content-Type": "image/png"}), 401)


def test_no_key_configured_means_open_writes(client: TestClient) -> None:
    assert client.post("/articles", json=STORY_RUS_TUR).status_code == 201


class _Exploding:
    """A service whose every method fails the way a bug would."""

    def __getattr__(self, name: str):
        def fail(*args: object, **kwargs: object) -> None:
            raise RuntimeError(f"secret internal detail in {name}")

        return fail


def test_unexpected_errors_are_500_problems_without_traceback(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(service=_Exploding())
    for response in (client.get("/actors"), client.post("/articles", json=STORY_RUS_TUR)):
        body = _problem(response, 500)
        assert "secret internal detail" not in response.text
        assert body["detail"] == "An internal error occurred; it has been logged."
        assert response.headers["x-content-type-options"] == "nosniff"


def test_html_clients_get_an_html_error_page(client: TestClient) -> None:
    response = client.get("/pages/articles/missing", headers={"Accept": "text/html,*/*"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "missing" in response.text


def test_invalid_utf8_multipart_is_400_not_latin1(client: TestClient) -> None:
    """Starlette decodes a bad multipart field as Latin-1; the API must refuse it instead."""
    bad = b"Russia and Turkey \xff\xfe held talks."
    for files in (
        {"text": (None, bad)},  # a plain form field
        {"text": ("story.txt", bad, "text/plain")},  # an uploaded file
    ):
        body = _problem(client.post("/articles", files=files), 400)
        assert body["detail"] == "The form field 'text' is not valid UTF-8."
    assert client.get("/articles").json()["data"] == []


def test_malformed_multipart_is_400(client: TestClient) -> None:
    for content_type in ("multipart/form-data", "multipart/form-data; boundary=xyz"):
        response = client.post(
            "/articles", content=b"--abc\r\nnot a part", headers={"Content-Type": content_type}
        )
        body = _problem(response, 400)
        assert body["detail"].startswith("The multipart")
    assert client.get("/articles").json()["data"] == []


def test_missing_content_type_is_a_sentence(client: TestClient) -> None:
    body = _problem(client.post("/articles", content=b"Russia and Turkey"), 415)
    assert body["detail"].startswith("The request has no Content-Type; send application/json")
