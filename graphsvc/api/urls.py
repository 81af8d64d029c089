"""URLs of stored articles. An id may hold any character a URL path treats specially
(``?``, ``#``, ``%``) or none Latin-1 can encode (a header must): each is percent-encoded
(UTF-8), and the server decodes the path back to the id."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request


def id_segment(article_id: str) -> str:
    """``article_id`` as one path segment: every byte but unreserved ASCII percent-encoded."""
    return quote(article_id, safe="")


def article_url(request: Request, article_id: str) -> str:
    """Absolute URL of GET /articles/{id} (for ``Location``)."""
    return str(request.url_for("get_article", article_id=id_segment(article_id)))


def article_page_path(request: Request, article_id: str) -> str:
    """Path of the article's HTML page (for the form's redirect)."""
    return request.url_for("article_page", article_id=id_segment(article_id)).path
