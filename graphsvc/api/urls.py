"""URLs of stored articles and of the graph pages. An id or code may hold any character a
URL path treats specially (``?``, ``#``, ``%``) or none Latin-1 can encode (a header must):
each is percent-encoded (UTF-8), and the server decodes the path back to the id."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from graphsvc.models import EventFilter
from graphsvc.render.html import filter_query
from graphsvc.render.pagedata import PageLinks


def id_segment(article_id: str) -> str:
    """``article_id`` as one path segment: every byte but unreserved ASCII percent-encoded."""
    return quote(article_id, safe="")


def article_url(request: Request, article_id: str) -> str:
    """Absolute URL of GET /articles/{id} (for ``Location``)."""
    return str(request.url_for("get_article", article_id=id_segment(article_id)))


def article_page_path(request: Request, article_id: str) -> str:
    """Path of the article's HTML page (for the form's redirect)."""
    return request.url_for("article_page", article_id=id_segment(article_id)).path


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def actor_page_path(code: str, query: str = "") -> str:
    """Path of an actor's graph page, ``query`` (a filter's) appended."""
    return _with_query(f"/view/actors/{id_segment(code)}", query)


def relation_page_path(source: str, target: str, query: str = "") -> str:
    """Path of a dyad's page (source -> target), ``query`` (a filter's) appended."""
    return _with_query(f"/view/relations/{id_segment(source)}/{id_segment(target)}", query)


def page_links(f: EventFilter) -> PageLinks:
    """Where the graph page's nodes and edges lead: the same filters carried over."""
    query = filter_query(f)
    return PageLinks(
        actor=lambda code: actor_page_path(code, query),
        relation=lambda source, target: relation_page_path(source, target, query),
    )
