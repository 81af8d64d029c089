"""Store fixtures: SQLite file, SQLite memory and (when GRAPHSVC_TEST_DATABASE_URL is set)
PostgreSQL in a throw-away schema, so runs are isolated and repeatable."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from graphsvc.models import Article, Event, content_hash
from graphsvc.store import Store

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite-file", "sqlite-memory"] + (["postgresql"] if PG_URL else [])


def _pg_store() -> Iterator[Store]:
    assert PG_URL is not None
    schema = f"graphsvc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    store = Store(url.render_as_string(hide_password=False))
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        yield from _pg_store()
        return
    url = (
        f"sqlite:///{tmp_path / 'db' / 'graphsvc.db'}"
        if request.param == "sqlite-file"
        else "sqlite://"
    )
    store = Store(url)
    yield store
    store.close()


def make_event(source: str = "RUS", target: str = "TUR", **overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "code": "041",
        "root": "04",
        "quad_class": 1,
        "goldstein": 1.0,
        "label": "Discuss by telephone",
        "date": date(2021, 1, 13),
        "date_precision": "day",
        "sentence": f"{source} called {target}.",
    }
    fields.update(overrides)
    return Event(source=source, target=target, **fields)


def make_article(text: str, article_id: str | None = None, **overrides: Any) -> Article:
    digest = content_hash(text)
    return Article(id=article_id or digest[:16], text=text, content_hash=digest, **overrides)


@pytest.fixture
def event_factory() -> Callable[..., Event]:
    return make_event


@pytest.fixture
def article_factory() -> Callable[..., Article]:
    return make_article
