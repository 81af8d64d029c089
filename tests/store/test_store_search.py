"""Full-text search of the articles: SQLite FTS5 and PostgreSQL full-text, one store API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from factories import make_article

from graphsvc.cursors import decode_article_cursor
from graphsvc.store import Store
from graphsvc.store import migrate as migrate_module

ARTICLES = [
    ("pipeline", "Gas pipeline deal", "Russia and Turkey signed a gas pipeline agreement."),
    ("talks", "Talks in Baku", "Armenian and Azerbaijani ministers held talks on the border."),
    ("border", "Border clashes", "Clashes on the border; the ministers will talk again."),
    ("café", "Café diplomacy", "Envoys met in a café in Genève to discuss the ceasefire."),
]


@pytest.fixture
def library(store: Store) -> Store:
    store.add_articles(
        [(make_article(body, aid, title=title), []) for aid, title, body in ARTICLES]
    )
    return store


def _ids(store: Store, query: str, **kw: int) -> list[str]:
    found, _ = store.search_articles(query, limit=kw.get("limit", 10), offset=kw.get("offset", 0))
    return [a.id for a in found]


def test_a_word_finds_its_articles(library: Store) -> None:
    assert _ids(library, "pipeline") == ["pipeline"]
    assert set(_ids(library, "border")) == {"talks", "border"}
    assert _ids(library, "Azerbaijani ministers") == ["talks"]  # every word required
    assert _ids(library, "pipeline ceasefire") == []
    assert _ids(library, "PIPELINE") == ["pipeline"]  # case folded


def test_stems_match(library: Store) -> None:
    assert set(_ids(library, "talk")) == {"talks", "border"}  # talks, talk
    assert set(_ids(library, "signing")) == {"pipeline"}  # signed


def test_title_words_rank_first_and_counts_are_totals(library: Store) -> None:
    assert _ids(library, "border")[0] == "border"  # in its title and text, not only text
    found, total = library.search_articles("border", limit=1)
    assert [a.id for a in found] == ["border"] and total == 2
    assert _ids(library, "border", limit=1, offset=1) == ["talks"]


def test_before_keeps_the_matches_stored_earlier(library: Store) -> None:
    # One batch: one creation time, so the listing orders by id, descending.
    listed, cursor = library.list_articles(limit=2)
    assert [a.id for a in listed] == ["talks", "pipeline"] and cursor is not None
    before = decode_article_cursor(cursor)
    found, total = library.search_articles("border", limit=10, before=before)
    assert [a.id for a in found] == ["border"] and total == 1  # "talks" is past the cursor


def test_deleting_an_article_removes_it_from_the_index(library: Store) -> None:
    assert library.delete_article("pipeline")
    assert library.search_articles("pipeline", limit=10) == ([], 0)
    library.add_article(make_article("A new pipeline through Georgia.", "new"), [])
    assert _ids(library, "pipeline") == ["new"]


@pytest.mark.parametrize(
    "query",
    ['"', "'", "border*", "AND", "OR NOT", "NEAR(", "a:b", "(border", "-border", "^", "\x00",
     "border\x00talks", "%_", "\\", "💥", "   ", "", "title:border", "x" * 500],
)  # fmt: skip
def test_special_characters_never_fail(library: Store, query: str) -> None:
    found, total = library.search_articles(query, limit=5)
    assert total == len(found) or total > len(found) >= 0


def test_operators_in_the_query_are_plain_words(library: Store) -> None:
    assert set(_ids(library, "border OR pipeline")) == set()  # "or" is a word, not OR
    assert _ids(library, '"border" AND "clashes"') == ["border"]  # quotes and AND ignored


def test_accents_are_optional_on_sqlite(library: Store) -> None:
    if library.dialect != "sqlite":
        pytest.skip("PostgreSQL's english configuration keeps accents (no unaccent here)")
    assert _ids(library, "cafe geneve") == ["café"]


def test_a_store_made_before_search_gets_an_index_of_its_articles(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    store.add_article(make_article("An old article about a pipeline.", "old"), [])
    store.close()
    with sqlite3.connect(tmp_path / "old.db") as db:  # back to schema 1, no search
        for name in ("articles_search_insert", "articles_search_delete", "articles_search_update"):
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DROP TABLE articles_fts")
        db.execute("DROP TABLE article_search_keys")
        db.execute("UPDATE meta SET value = 1 WHERE key = 'schema'")
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == migrate_module.SCHEMA_VERSION
        assert _ids(store, "pipeline") == ["old"]
        store.add_article(make_article("A new pipeline.", "new"), [])
        assert set(_ids(store, "pipeline")) == {"old", "new"}
    finally:
        store.close()
