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


def actor_page_path(request: Request, code: str) -> str:
    """Path of an actor's page (its ego network, partners and recent events)."""
    return request.url_for("view_actor", actor_code=id_segment(code)).path


def dyad_page_path(
    request: Request, a: str, b: str, *, directed: bool = False, query: str = ""
) -> str:
    """Path of the dyad page of ``a`` and ``b`` (both ways, or a→b when ``directed``),
    with ``query`` (already encoded filters, like ``render.html.filter_query``) appended."""
    path = request.url_for("dyad_page", a=id_segment(a), b=id_segment(b)).path
    params = "&".join(p for p in (query, "directed=true" if directed else "") if p)
    return f"{path}?{params}" if params else path


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def actor_graph_path(code: str, query: str = "") -> str:
    """Path of an actor's graph page, ``query`` (a filter's) appended."""
    return _with_query(f"/view/actors/{id_segment(code)}", query)


def relation_page_path(source: str, target: str, query: str = "") -> str:
    """Path of a dyad's page (source -> target), ``query`` (a filter's) appended."""
    return _with_query(f"/view/relations/{id_segment(source)}/{id_segment(target)}", query)


def page_links(f: EventFilter) -> PageLinks:
    """Where the graph page's nodes and edges lead: the same filters carried over."""
    query = filter_query(f)
    return PageLinks(
        actor=lambda code: actor_graph_path(code, query),
        relation=lambda source, target: relation_page_path(source, target, query),
    )
