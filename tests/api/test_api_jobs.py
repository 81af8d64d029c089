"""Queued writes through the ASGI app: 202 + job when extraction slots are busy, batches,
GET /jobs/{id}, 503 + Retry-After past the queue's bound."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import orjson
from api_support import STORY_ARM_AZE, STORY_RUS_TUR, TestClient, post_form

from graphsvc.ingest.worker import Worker

PROBLEM = "application/problem+json"


def work_queue(client: TestClient) -> None:
    """What a worker process would do: work every queued job to the end."""
    worker = Worker(client.app.state.service)  # type: ignore[attr-defined]
    while worker.run_once() is not None:
        pass


def test_a_free_slot_extracts_in_the_request(client: TestClient) -> None:
    response = client.post("/articles", json=STORY_RUS_TUR)
    assert response.status_code == 201, response.text
    assert response.json()["events"]
    # The slot is free again once the extraction has run: the next write is direct too.
    assert client.post("/articles", json=STORY_ARM_AZE).status_code == 201


def test_busy_slots_queue_the_article_with_a_job_url(client: TestClient) -> None:
    client.get("/healthz")
    client.post("/articles", json=STORY_ARM_AZE)  # makes the app's admission
    admission = client.app.state.admission  # type: ignore[attr-defined]
    assert admission.try_slot()  # another request is extracting
    try:
        response = client.post("/articles", json=STORY_RUS_TUR)
    finally:
        admission._slots.release()
    assert response.status_code == 202, response.text
    body = response.json()
    assert response.headers["location"] == body["url"]
    assert body["url"].endswith(f"/jobs/{body['id']}")
    assert (body["status"], body["total"], body["queued"], body["errors"]) == (
        "queued",
        1,
        1,
        [],
    )
    job = client.get(f"/jobs/{body['id']}").json()
    assert (job["status"], job["pending"], job["items"][0]["status"]) == ("queued", 1, "pending")

    work_queue(client)
    job = client.get(f"/jobs/{body['id']}").json()
    assert (job["status"], job["done"], job["failed"], job["pending"]) == ("done", 1, 0, 0)
    item = job["items"][0]
    assert item["created"] is True and item["events"] >= 1 and item["error"] is None
    stored = client.get(f"/articles/{item['article_id']}")
    assert stored.status_code == 200
    assert stored.json()["title"] == STORY_RUS_TUR["title"]


def test_a_stored_article_is_answered_even_when_slots_are_busy(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(sync_extractions=0)
    first = client.post("/articles", json=STORY_RUS_TUR)
    assert first.status_code == 202
    work_queue(client)
    again = client.post("/articles", json=STORY_RUS_TUR)
    assert again.status_code == 200, again.text
    assert again.json()["events"]
    clash = client.post("/articles", json={"text": "Other words.", "id": again.json()["id"]})
    assert clash.status_code == 409
    empty = client.post("/articles", json={"text": "  "})
    assert empty.status_code == 422


def test_batch_as_jsonl_reports_bad_lines(make_client: Callable[..., TestClient]) -> None:
    client = make_client(sync_extractions=0)
    body = b"\n".join(
        [
            orjson.dumps(STORY_RUS_TUR),
            b"",
            b"{not json",
            orjson.dumps({"title": "no text"}),
            orjson.dumps(STORY_ARM_AZE),
            orjson.dumps({"text": "Russia and Turkey met.", "published": "13/01/2021"}),
        ]
    )
    response = client.post(
        "/articles/batch", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert (accepted["total"], accepted["queued"]) == (5, 2)
    errors = {e["line"]: e for e in accepted["errors"]}
    assert sorted(errors) == [3, 4, 6]
    assert errors[3]["error"].startswith("invalid JSON")
    assert "text" in errors[4]["error"] and errors[4]["index"] == 2
    assert "published" in errors[6]["error"]

    work_queue(client)
    job = client.get(accepted["url"]).json()
    assert (job["status"], job["done"], job["failed"]) == ("done", 2, 3)
    assert [(i["line"], i["status"]) for i in job["items"]] == [
        (1, "done"),
        (3, "failed"),
        (4, "failed"),
        (5, "done"),
        (6, "failed"),
    ]
    assert client.get("/articles").json()["count"] == 2


def test_batch_as_a_json_array(client: TestClient) -> None:
    response = client.post("/articles/batch", json=[STORY_RUS_TUR, STORY_ARM_AZE])
    assert response.status_code == 202, response.text
    assert (response.json()["queued"], response.json()["errors"]) == (2, [])
    work_queue(client)
    job = client.get(response.headers["location"]).json()
    assert (job["done"], job["failed"]) == (2, 0)
    for item in job["items"]:
        assert client.get(f"/articles/{item['article_id']}").status_code == 200


def test_a_json_array_with_an_invalid_item_is_refused_whole(client: TestClient) -> None:
    """A JSON array is one document, declared as an array of ArticleIn: one invalid item
    (empty text, not an object, an id that cannot be a path segment) refuses it all."""
    body = [STORY_RUS_TUR, {"text": ""}, STORY_ARM_AZE, "text", {"text": "x", "id": "\x84"}]
    response = client.post("/articles/batch", json=body)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert "3 of the 5 items" in detail and "none was queued" in detail
    assert "item 1: 'text' is empty" in detail and "item 3" in detail
    assert "item 4" in detail and "U+0084" in detail
    assert client.get("/articles").json()["count"] == 0
    work_queue(client)
    assert client.get("/articles").json()["count"] == 0


def test_a_jsonl_line_with_an_invalid_id_fails_at_submission(client: TestClient) -> None:
    lines = [orjson.dumps(STORY_RUS_TUR), orjson.dumps({"text": "Peru and Chile met.", "id": ".."})]
    response = client.post(
        "/articles/batch", content=b"\n".join(lines), headers={"Content-Type": "application/jsonl"}
    )
    assert response.status_code == 202, response.text
    errors = response.json()["errors"]
    assert [e["line"] for e in errors] == [2] and "article id" in errors[0]["error"]


def test_unusable_batches_are_refused_whole(client: TestClient) -> None:
    cases = [
        ({"json": {"text": "one article, not a list"}}, 422, "array"),
        ({"json": []}, 422, "empty"),
        ({"json": [{"title": "x"}, 5]}, 422, "item 0: text: Field required; item 1"),
        (
            {"content": b"{bad\n", "headers": {"Content-Type": "application/jsonl"}},
            422,
            "line 1: invalid JSON",
        ),
        ({"content": b"[]", "headers": {"Content-Type": "text/csv"}}, 415, "text/csv"),
        (
            {"content": b'{"text": "\xff"}', "headers": {"Content-Type": "application/jsonl"}},
            400,
            "UTF-8",
        ),
    ]
    for kwargs, status, words in cases:
        response = client.post("/articles/batch", **kwargs)
        assert response.status_code == status, (kwargs, response.text)
        assert response.headers["content-type"] == PROBLEM
        assert words in response.json()["detail"], response.json()
    assert client.get("/articles").json()["count"] == 0


def test_a_full_queue_answers_503_with_retry_after(make_client: Callable[..., TestClient]) -> None:
    client = make_client(sync_extractions=0, queue_max_items=2)
    assert client.post("/articles/batch", json=[STORY_RUS_TUR, STORY_ARM_AZE]).status_code == 202
    third = {"text": "France and Germany held talks on Friday."}
    for response in (
        client.post("/articles", json=third),
        client.post("/articles/batch", json=[third]),
    ):
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == PROBLEM
        assert int(response.headers["retry-after"]) >= 1
        assert "queue is full" in response.json()["detail"]
    too_big = client.post("/articles/batch", json=[third, STORY_RUS_TUR, STORY_ARM_AZE])
    assert too_big.status_code == 413
    work_queue(client)
    assert client.post("/articles", json=third).status_code == 202  # room again


def test_queued_writes_need_the_api_key(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_key="s3cret", sync_extractions=0)
    assert client.post("/articles/batch", json=[STORY_RUS_TUR]).status_code == 401
    assert client.post("/articles", json=STORY_RUS_TUR).status_code == 401
    ok = client.post("/articles/batch", json=[STORY_RUS_TUR], headers={"X-API-Key": "s3cret"})
    assert ok.status_code == 202
    assert client.get(ok.headers["location"]).status_code == 200  # reads stay open


def test_unknown_job_is_404(client: TestClient) -> None:
    response = client.get("/jobs/0123456789abcdef")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


def test_openapi_documents_the_queue(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/articles"]["post"]["responses"]
    assert post["202"]["content"]["application/json"]["schema"]["$ref"].endswith("JobAccepted")
    assert "Retry-After" in post["503"]["headers"]
    assert post["503"]["content"][PROBLEM]["schema"]["$ref"].endswith("Problem")
    batch = schema["paths"]["/articles/batch"]["post"]
    assert {"application/x-ndjson", "application/json"} <= set(batch["requestBody"]["content"])
    assert {"202", "413", "422", "503"} <= set(batch["responses"])
    job = schema["paths"]["/jobs/{job_id}"]["get"]["responses"]
    assert job["200"]["content"]["application/json"]["schema"]["$ref"].endswith("JobPublic")


def test_the_start_page_form_queues_when_slots_are_busy(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(sync_extractions=0)
    response = post_form(client, {"text": STORY_RUS_TUR["text"]}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/jobs/")
    work_queue(client)
    job = client.get(response.headers["location"]).json()
    assert job["status"] == "done" and job["items"][0]["created"] is True


def test_job_times_are_rfc3339_with_an_offset(client: TestClient) -> None:
    accepted = client.post("/articles/batch", json=[STORY_RUS_TUR]).json()
    job = client.get(accepted["url"]).json()
    for moment in (job["created_at"], job["updated_at"]):
        parsed = datetime.fromisoformat(moment)
        assert parsed.utcoffset() == timedelta(0), moment
