"""Links and labels the evidence pages (dyad page, actor page sections) put around events.

Built from route names with ``api/urls.py`` (ids percent-encoded), so templates never glue
a URL together from article text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from fastapi import Request

from graphsvc.api.urls import actor_page_path, article_page_path, dyad_page_path
from graphsvc.errors import NotFound
from graphsvc.models import Event

if TYPE_CHECKING:
    from graphsvc.service import GraphService


def actor_labels(service: GraphService, codes: Iterable[str]) -> dict[str, str]:
    """code -> label (the code itself for a code with events but no stored actor)."""
    labels = {}
    for code in set(codes):
        try:
            labels[code] = service.actor(code).label
        except NotFound:
            labels[code] = code
    return labels


def event_codes(events: Iterable[Event]) -> set[str]:
    return {code for e in events for code in (e.source, e.target)}


class PageLinks:
    """What a template calls: ``actor(code)``, ``dyad(a, b)``, ``article(id)`` give paths,
    ``label(code)`` a name. ``query`` (encoded filters) is carried over to dyad links."""

    def __init__(self, request: Request, labels: dict[str, str], *, query: str = "") -> None:
        self.request = request
        self.labels = labels
        self.query = query

    def label(self, code: str) -> str:
        return self.labels.get(code, code)

    def actor(self, code: str) -> str:
        return actor_page_path(self.request, code)

    def dyad(self, a: str, b: str, *, directed: bool = False) -> str:
        return dyad_page_path(self.request, a, b, directed=directed, query=self.query)

    def article(self, article_id: str) -> str:
        return article_page_path(self.request, article_id)

    def reports(self, event_id: int) -> str:
        """The JSON list of an event's reports (GET /events/{id}/reports)."""
        return str(self.request.url_for("event_reports", event_id=str(event_id)).path)
