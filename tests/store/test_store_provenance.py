"""Article provenance (schema 5): stored and read back on every backend, and a store made at
schema version 2 brought up to it with its articles kept."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import make_article, make_event
from pg_schema import throwaway_schema
from sqlalchemy import inspect, text

from graphsvc.models import Provenance
from graphsvc.store import Store
from graphsvc.store import migrate as migrate_module
from graphsvc.store.schema import PROVENANCE_COLUMNS

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
FETCHED = Provenance(
    origin="url",
    fetched_url="https://news.example/a?id=1",
    # A non-UTC offset: stored as UTC, read back as the same instant.
    fetched_at=datetime(2026, 3, 11, 16, 40, 5, 123000, tzinfo=timezone(timedelta(hours=2))),
    author="Elena Markou",
    canonical_url="https://news.example/a",
)


def test_provenance_is_stored_and_read_back(store: Store) -> None:
    fetched = replace(make_article("Turkey and Greece agreed to talk.", "fetched"),
                      provenance=FETCHED)  # fmt: skip
    fed = replace(make_article("Chile and Peru met.", "fed"),
                  provenance=Provenance(origin="feed", origin_ref="7"))  # fmt: skip
    plain = make_article("Russia and Turkey held talks.", "plain")
    store.add_articles([(fetched, [make_event()]), (fed, []), (plain, [])])
    got = store.get_article("fetched")[0].provenance
    assert got == replace(FETCHED, fetched_at=FETCHED.fetched_at.astimezone(UTC))
    assert got.fetched_at.tzinfo is UTC
    assert store.get_article("fed")[0].provenance == Provenance(origin="feed", origin_ref="7")
    assert store.get_article("plain")[0].provenance is None
    listed = {a.id: a.provenance for a in store.list_articles(limit=10)[0]}
    assert listed["fed"].origin_ref == "7" and listed["fetched"].author == "Elena Markou"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_prov") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'v2.db'}"


def _to_version_2(store: Store) -> None:
    """The store as graphsvc made it at schema 2: no provenance columns."""
    with store.engine.begin() as conn:
        for name, _ in PROVENANCE_COLUMNS:
            conn.execute(text(f"ALTER TABLE articles DROP COLUMN {name}"))
        conn.execute(text("UPDATE meta SET value = 2 WHERE key = 'schema'"))


def test_a_schema_2_store_is_brought_up_with_its_articles(store_url: str) -> None:
    store = Store(store_url)
    store.add_article(make_article("Armenia and Azerbaijan signed a deal.", "old"), [make_event()])
    _to_version_2(store)
    with store.engine.connect() as conn:
        assert "origin" not in {c["name"] for c in inspect(conn).get_columns("articles")}
    store.close()
    store = Store(store_url)
    try:
        with store.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == migrate_module.SCHEMA_VERSION >= 5
            columns = {c["name"] for c in inspect(conn).get_columns("articles")}
        assert {name for name, _ in PROVENANCE_COLUMNS} <= columns
        old, events = store.get_article("old")
        assert old.provenance is None and len(events) == 1  # "not recorded", nothing lost
        new = replace(make_article("Kenya and Somalia restored ties.", "new"), provenance=FETCHED)
        store.add_article(new, [])
        assert store.get_article("new")[0].provenance.canonical_url == FETCHED.canonical_url
    finally:
        store.close()
