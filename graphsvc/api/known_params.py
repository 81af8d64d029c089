"""Unknown query parameters are a 422 naming them, not silently ignored.

A misspelt or unsupported filter (``/events?sourc=RUS``) would otherwise answer as if no
filter had been given: the whole store. The parameters a route takes are those FastAPI
reads for it (its own and its dependencies') plus those its OpenAPI entry declares by hand
(the text/plain article fields of POST /articles); the set is computed once per route.
Applied to the JSON API; the HTML pages read their forms leniently (a browser form may send
more fields than a page reads).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from graphsvc.errors import InvalidInput


def _dependant_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _dependant_names(sub)
    return names


_KNOWN: dict[int, frozenset[str]] = {}  # by id(route): routes live as long as the app


def _known(route: APIRoute) -> frozenset[str]:
    known = _KNOWN.get(id(route))
    if known is None:
        names = _dependant_names(route.dependant)
        extra: Any = (route.openapi_extra or {}).get("parameters", [])
        names |= {p["name"] for p in extra if p.get("in") == "query"}
        known = _KNOWN[id(route)] = frozenset(names)
    return known


def reject_unknown_query(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return
    unknown = sorted(set(request.query_params) - _known(route))
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:5])
        known = ", ".join(sorted(_known(route))) or "none"
        plural = "s" if len(unknown) > 1 else ""
        raise InvalidInput(
            f"Unknown query parameter{plural} {shown} for {route.path}; it takes: {known}."
        )


# For routes with no other reason for a 422 (no parameters): /healthz, /readyz, /ontology.
UNKNOWN_PARAMETER = {422: {"description": "An unknown query parameter (problem+json)."}}
