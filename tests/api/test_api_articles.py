"""POST/GET/DELETE /articles through the ASGI app."""

from __future__ import annotations

from api_support import STORY_ARM_AZE, STORY_RUS_TUR, TestClient


def _pair(event: dict) -> frozenset[str]:
    return frozenset((event["source"], event["target"]))


def test_post_json_returns_201_with_article_and_events(client: TestClient) -> None:
    response = client.post("/articles", json=STORY_RUS_TUR)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["title"] == STORY_RUS_TUR["title"]
    assert body["text"] == STORY_RUS_TUR["text"]
    assert body["published"] == "2021-01-13"
    assert body["source"] == "test wire"
    assert body["length"] == len(STORY_RUS_TUR["text"])
    assert body["content_hash"]
    assert any(_pair(e) == {"RUS", "TUR"} for e in body["events"]), body["events"]
    for event in body["events"]:
        assert event["article_id"] == body["id"]
        assert event["sentence"]
        assert event["quad_class"] in (1, 2, 3, 4)
    assert response.headers["location"].endswith(f"/articles/{body['id']}")


def test_post_same_article_again_returns_200_and_adds_nothing(client: TestClient) -> None:
    first = client.post("/articles", json=STORY_RUS_TUR).json()
    again = client.post("/articles", json=STORY_RUS_TUR)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert len(again.json()["events"]) == len(first["events"])
    listing = client.get("/articles").json()
    assert [a["id"] for a in listing["data"]] == [first["id"]]


def test_post_with_own_id_keeps_it(client: TestClient) -> None:
    response = client.post("/articles", json={**STORY_ARM_AZE, "id": "my-story-1"})
    assert response.status_code == 201
    assert response.json()["id"] == "my-story-1"
    assert client.get("/articles/my-story-1").status_code == 200


def test_post_text_plain_takes_metadata_from_query(client: TestClient) -> None:
    response = client.post(
        "/articles",
        params={"title": "Plain text story", "published": "2021-01-11", "source": "cli"},
        content=STORY_ARM_AZE["text"].encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["title"], body["published"], body["source"]) == (
        "Plain text story",
        "2021-01-11",
        "cli",
    )
    assert body["text"] == STORY_ARM_AZE["text"]
    assert any(_pair(e) == {"ARM", "AZE"} for e in body["events"])


def test_post_form_data(client: TestClient) -> None:
    response = client.post("/articles", data={"text": STORY_ARM_AZE["text"], "title": "Form"})
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "Form"


def test_get_article_with_events(loaded: TestClient) -> None:
    listing = loaded.get("/articles").json()
    article_id = listing["data"][0]["id"]
    body = loaded.get(f"/articles/{article_id}").json()
    assert body["id"] == article_id
    assert body["text"]
    assert isinstance(body["events"], list)


def test_list_articles_is_keyset_paginated(loaded: TestClient) -> None:
    first = loaded.get("/articles", params={"limit": 1})
    assert first.status_code == 200
    page1 = first.json()
    assert set(page1) == {"data", "count", "next"}
    assert len(page1["data"]) == 1
    assert page1["count"] >= 1
    assert page1["next"]
    page2 = loaded.get("/articles", params={"limit": 1, "cursor": page1["next"]}).json()
    assert len(page2["data"]) == 1
    assert page2["data"][0]["id"] != page1["data"][0]["id"]
    seen = {page1["data"][0]["id"], page2["data"][0]["id"]}
    everything = loaded.get("/articles", params={"limit": 50}).json()
    assert {a["id"] for a in everything["data"]} == seen
    assert everything["next"] is None
    assert "text" not in everything["data"][0]  # listing carries metadata only


def test_list_articles_limit_bounds(client: TestClient) -> None:
    assert client.get("/articles", params={"limit": 0}).status_code == 422
    assert client.get("/articles", params={"limit": 201}).status_code == 422


def test_bad_cursor_is_a_client_error(loaded: TestClient) -> None:
    response = loaded.get("/articles", params={"cursor": "not-a-cursor!!"})
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == "application/problem+json"


def test_delete_article_removes_it_and_its_events(loaded: TestClient) -> None:
    article = loaded.get("/articles").json()["data"][0]
    events_before = loaded.get("/events").json()["count"]
    own = len(loaded.get(f"/articles/{article['id']}").json()["events"])
    response = loaded.delete(f"/articles/{article['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert loaded.get(f"/articles/{article['id']}").status_code == 404
    assert loaded.get("/events").json()["count"] == events_before - own
    assert loaded.delete(f"/articles/{article['id']}").status_code == 404


def test_post_multipart_reads_an_uploaded_text_file(client: TestClient) -> None:
    """A .txt upload in the 'text' field is the article (it used to be read as no text)."""
    files = {
        "text": ("story.txt", ("\ufeff" + STORY_ARM_AZE["text"]).encode(), "text/plain"),
        "title": (None, "Uploaded"),
        "published": (None, "2021-01-11"),
        "ignored": ("photo.png", b"\x89PNG\r\n\x1a\n\xff", "image/png"),
    }
    response = client.post("/articles", files=files)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["text"] == STORY_ARM_AZE["text"]  # the BOM is not part of the text
    assert (body["title"], body["published"]) == ("Uploaded", "2021-01-11")
    assert any(_pair(e) == {"ARM", "AZE"} for e in body["events"])


def test_post_multipart_text_field_with_non_ascii(client: TestClient) -> None:
    text = "Russia and Turkey held talks on Erdoğan’s proposal on Wednesday."
    response = client.post("/articles", files={"text": (None, text.encode())})
    assert response.status_code == 201, response.text
    assert response.json()["text"] == text


def test_events_in_article_responses_name_their_article(client: TestClient) -> None:
    """POST and GET /articles/{id} used to answer article_title null on every event."""
    created = client.post("/articles", json=STORY_RUS_TUR)
    again = client.post("/articles", json=STORY_RUS_TUR)
    fetched = client.get(f"/articles/{created.json()['id']}")
    for response in (created, again, fetched):
        events = response.json()["events"]
        assert events
        assert {e["article_title"] for e in events} == {STORY_RUS_TUR["title"]}
