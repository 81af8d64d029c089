"""The search page: actors found by name (/pages/search?q=), linked to their graph pages.

The nav's search box submits here. One exact hit goes straight to the actor's page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graphsvc.api.deps import ServiceDep, TemplatesDep

router = APIRouter(include_in_schema=False)


@router.get("/pages/search", name="search_page", response_class=HTMLResponse)
def search_page(
    request: Request,
    service: ServiceDep,
    templates: TemplatesDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    query = (q or "").strip()
    found = service.search_actors(query) if query else None
    if found is not None and len(found.hits) == 1 and found.hits[0].hit.exact:
        code = found.hits[0].actor.code
        return RedirectResponse(str(request.url_for("view_actor", actor_code=code).path), 303)
    context = {"q": query, "found": found}
    return templates.TemplateResponse(request, "search.html", context)
