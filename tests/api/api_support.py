"""Test helpers for the API and CLI tests: stories, the extractor to use, a stand-in for it.

``session_extractor()`` returns the real ``graphsvc.extract.Extractor`` when it loads, else
``FakeExtractor``: a tiny coder that links every two countries named in one sentence with a
CAMEO 040 event, so the HTTP and CLI layers can be tested without spaCy.
"""

from __future__ import annotations

import itertools
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from graphsvc.models import Actor, ArticleInput, Event

with warnings.catch_warnings():
    # starlette warns at import that httpx2 is preferred; pytest runs with warnings as errors.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient as _TestClient

__all__ = [
    "STORY_ARM_AZE",
    "STORY_RUS_TUR",
    "FakeExtractor",
    "TestClient",
    "post_form",
    "session_extractor",
]

# Two short stories the real extractor and the fake both code (countries named together).
STORY_RUS_TUR = {
    "title": "Russia and Turkey hold talks on the Caucasus",
    "text": (
        "Russia and Turkey held talks in Ankara on Wednesday about the Caucasus.\n\n"
        "The foreign ministers of Russia and Turkey met again later that day."
    ),
    "published": "2021-01-13",
    "source": "test wire",
    "url": "https://example.org/rus-tur",
}
STORY_ARM_AZE = {
    "title": "Armenia and Azerbaijan sign a deal",
    "text": (
        "Armenia and Azerbaijan signed an agreement on transport links on Monday, "
        "officials in Moscow said."
    ),
    "published": "2021-01-11",
}


class TestClient(_TestClient):
    """Starlette's TestClient addressing the app as http://localhost, a host the app answers
    by default (its own default, "testserver", is refused like any unknown Host)."""

    __test__ = False

    def __init__(self, app: Any, base_url: str = "http://localhost", **kwargs: Any) -> None:
        super().__init__(app, base_url=base_url, **kwargs)


_CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def post_form(client: TestClient, data: dict[str, str], **kwargs: Any) -> Any:
    """POST /articles/form as the start page does: with the CSRF token it renders (and the
    cookie that goes with it, kept by the client)."""
    found = _CSRF_FIELD.search(client.get("/").text)
    assert found, "the start page has no CSRF token"
    return client.post("/articles/form", data={**data, "csrf_token": found[1]}, **kwargs)


COUNTRIES = {
    "Russia": ("RUS", "Russia"),
    "Turkey": ("TUR", "Turkey"),
    "Armenia": ("ARM", "Armenia"),
    "Azerbaijan": ("AZE", "Azerbaijan"),
    "France": ("FRA", "France"),
    "Germany": ("DEU", "Germany"),
}
_NAMES = re.compile(r"\b(" + "|".join(COUNTRIES) + r")\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


class FakeExtractor:
    version = "fake-1"

    def extract(
        self, text: str, *, published: date | None = None, doc_id: str | None = None
    ) -> list[Event]:
        events = []
        for sentence in _SENTENCE.finditer(text):
            found = []
            for m in _NAMES.finditer(sentence.group()):
                if all(m.group() != f.group() for f in found):
                    found.append(m)
            for first, second in itertools.pairwise(found):
                events.append(self._event(sentence, first, second, published, doc_id))
        return events

    def _event(
        self,
        sentence: re.Match[str],
        first: re.Match[str],
        second: re.Match[str],
        published: date | None,
        doc_id: str | None,
    ) -> Event:
        base = sentence.start()
        return Event(
            source=COUNTRIES[first.group()][0],
            target=COUNTRIES[second.group()][0],
            code="040",
            root="04",
            quad_class=1,
            goldstein=1.0,
            label="Consult",
            date=published,
            date_precision="published",
            sentence=sentence.group().strip(),
            sentence_start=base,
            source_text=first.group(),
            source_start=base + first.start(),
            source_end=base + first.end(),
            target_text=second.group(),
            target_start=base + second.start(),
            target_end=base + second.end(),
            article_id=doc_id,
            extractor_version=self.version,
        )

    def extract_many(
        self, docs: Iterable[ArticleInput], *, processes: int = 1
    ) -> Iterator[tuple[ArticleInput, list[Event]]]:
        for doc in docs:
            yield doc, self.extract(doc.text, published=doc.published, doc_id=doc.id)

    def actors(self) -> list[Actor]:
        return [Actor(code=code, label=label) for code, label in COUNTRIES.values()]


def session_extractor() -> object:
    """The real extractor when it can load here, else the fake (same methods)."""
    try:
        from graphsvc.extract import Extractor

        extractor = Extractor()
        extractor.extract("Russia and Turkey held talks.", published=date(2021, 1, 13))
        return extractor
    except (ImportError, OSError):
        return FakeExtractor()


PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@contextmanager
def fake_api_client(
    backend: str, tmp_path_factory: Any, name: str, bodies: Iterable[dict[str, Any]]
) -> Iterator[TestClient]:
    """A client of an app over a fresh store of ``backend`` (SQLite file, or a throw-away
    PostgreSQL schema), FakeExtractor, no queue workers, with ``bodies`` posted."""
    from pg_schema import throwaway_schema

    from graphsvc.api.app import create_app
    from graphsvc.service import GraphService
    from graphsvc.settings import Settings

    def build(db: str) -> Iterator[TestClient]:
        settings = Settings(db=db, ingest_workers=0)
        service = GraphService(settings, extractor=FakeExtractor())
        client = TestClient(create_app(settings, service), raise_server_exceptions=False)
        try:
            for body in bodies:
                response = client.post("/articles", json=body)
                assert response.status_code == 201, response.text
            yield client
        finally:
            service.close()

    if backend == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, name) as url:
            yield from build(url)
    else:
        yield from build(str(tmp_path_factory.mktemp(name) / "store.db"))
