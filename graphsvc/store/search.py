"""Full-text search over the articles' titles and texts, one API on both backends.

- **SQLite**: an FTS5 table (porter stemming, accents folded) kept in step with
  ``articles`` by triggers, so every way an article is added or deleted updates it in the
  same transaction. Its rows are keyed by ``article_search_keys.seq``, a stable integer per
  article id: the articles table's own rowid could be renumbered by a VACUUM.
- **PostgreSQL**: a GIN index on the articles' ``tsvector`` (English configuration, title
  weighted above text), which PostgreSQL maintains itself.

Both match every word of the query (stemmed: "talks" finds "talk"), rank by relevance
(BM25 / ``ts_rank``), then newest first, and index the title and the first
``INDEXED_CHARS`` characters of the text (PostgreSQL caps a tsvector at 1 MB).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, TextClause, bindparam, text

from graphsvc.article_rules import SEARCH_INDEXED_CHARS as INDEXED_CHARS

_WORD = re.compile(r"\w+")
# Words too common to require on SQLite, as PostgreSQL's english configuration drops them
# (a subset of its list), so that "talks and border" finds the same articles on both.
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
    "in", "is", "it", "its", "not", "of", "on", "or", "that", "the", "their", "there",
    "these", "they", "this", "to", "was", "were", "will", "with",
))  # fmt: skip


def _vector(table: str = "") -> str:
    """The one tsvector expression: the index, the match and the rank must spell it alike
    (PostgreSQL uses an expression index only for the same expression)."""
    at = f"{table}." if table else ""
    return (
        f"(setweight(to_tsvector('english'::regconfig, coalesce({at}title, '')), 'A') || "
        f"setweight(to_tsvector('english'::regconfig, left({at}text, {INDEXED_CHARS})), 'B'))"
    )


_SQLITE_DDL = (
    "CREATE TABLE IF NOT EXISTS article_search_keys ("
    "seq INTEGER PRIMARY KEY, article_id VARCHAR(200) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    # Existing articles (a store made before search), then the triggers for new ones.
    "INSERT INTO article_search_keys (article_id) SELECT id FROM articles "
    "WHERE id NOT IN (SELECT article_id FROM article_search_keys) ORDER BY created_at, id",
    "INSERT INTO articles_fts (rowid, title, body) "
    f"SELECT k.seq, coalesce(a.title, ''), substr(a.text, 1, {INDEXED_CHARS}) "
    "FROM article_search_keys k JOIN articles a ON a.id = k.article_id "
    "WHERE k.seq NOT IN (SELECT rowid FROM articles_fts)",
    "CREATE TRIGGER IF NOT EXISTS articles_search_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO article_search_keys (article_id) VALUES (new.id); "
    "INSERT INTO articles_fts (rowid, title, body) VALUES ("
    "(SELECT seq FROM article_search_keys WHERE article_id = new.id), "
    f"coalesce(new.title, ''), substr(new.text, 1, {INDEXED_CHARS})); END",
    "CREATE TRIGGER IF NOT EXISTS articles_search_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_fts WHERE rowid = "
    "(SELECT seq FROM article_search_keys WHERE article_id = old.id); "
    "DELETE FROM article_search_keys WHERE article_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS articles_search_update AFTER UPDATE OF title, text "
    "ON articles BEGIN UPDATE articles_fts SET title = coalesce(new.title, ''), "
    f"body = substr(new.text, 1, {INDEXED_CHARS}) WHERE rowid = "
    "(SELECT seq FROM article_search_keys WHERE article_id = old.id); END",
)
_PG_DDL = (f"CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING gin ({_vector()})",)


def create_search(conn: Connection) -> None:
    """Migration step: the search index of the dialect, filled from the stored articles."""
    for statement in _PG_DDL if conn.dialect.name == "postgresql" else _SQLITE_DDL:
        conn.exec_driver_sql(statement)


def words(query: str) -> list[str]:
    """The words of a query (letters and digits in any script); the rest is ignored."""
    return _WORD.findall(query)


def searchable(query: str) -> bool:
    """Whether the query has a word to look for (not only stop words or punctuation)."""
    return any(w.casefold() not in STOP_WORDS for w in words(query))


def _fts5_query(query: str) -> str:
    """Each word as a quoted FTS5 string, all required: no operator or syntax error can
    come from the user's text."""
    kept = [w for w in words(query) if w.casefold() not in STOP_WORDS]
    return " ".join('"' + w.replace('"', '""') + '"' for w in kept)


def search_page(
    dialect: str, query: str, limit: int, offset: int, before: tuple[datetime, str] | None
) -> tuple[TextClause, dict]:
    """Ids of one page of matching articles, best first (then newest); ``before`` keeps
    those stored before that (created_at, id) position."""
    params: dict[str, Any] = {"q": " ".join(words(query)), "limit": limit, "offset": offset}
    where = ""
    if before is not None:
        where = " AND (a.created_at < :at OR (a.created_at = :at AND a.id < :last_id))"
        params.update(at=before[0], last_id=before[1])
    if dialect == "postgresql":
        stmt = text(
            f"SELECT a.id FROM articles a WHERE {_vector('a')} @@ plainto_tsquery('english', :q)"
            f"{where} ORDER BY ts_rank({_vector('a')}, plainto_tsquery('english', :q)) DESC, "
            "a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset"
        )
    else:
        params["q"] = _fts5_query(query)
        stmt = text(
            "SELECT a.id FROM articles_fts f JOIN article_search_keys k ON k.seq = f.rowid "
            f"JOIN articles a ON a.id = k.article_id WHERE articles_fts MATCH :q{where} "
            "ORDER BY bm25(articles_fts, 4.0, 1.0), a.created_at DESC, a.id DESC "
            "LIMIT :limit OFFSET :offset"
        )
    if before is not None:  # the column's own type: SQLite stores it as text of one format
        stmt = stmt.bindparams(bindparam("at", type_=DateTime()))
    return stmt, params


def search_count(
    dialect: str, query: str, before: tuple[datetime, str] | None
) -> tuple[TextClause, dict]:
    """How many articles match (stored before ``before`` when given)."""
    if dialect == "sqlite" and before is None:  # the index alone, no join, no ranking
        stmt = text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q")
        return stmt, {"q": _fts5_query(query)}
    stmt, params = search_page(dialect, query, -1, 0, before)
    if dialect == "postgresql":
        params["limit"] = None  # LIMIT NULL: no limit
    counted = text(f"SELECT count(*) FROM ({stmt.text}) AS matches")
    if before is not None:
        counted = counted.bindparams(bindparam("at", type_=DateTime()))
    return counted, params
