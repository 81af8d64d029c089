"""Every error leaves the API as application/problem+json (RFC 9457) — or, for a browser
asking for HTML, as a small HTML page with the same status and sentence.

Sources mapped here: graphsvc's typed errors, FastAPI's request validation errors, Starlette's
HTTP exceptions (unknown route, wrong method) and, via ``CatchAllMiddleware``, anything else.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.api.allow import documented_methods
from graphsvc.errors import GraphsvcError, Unavailable

log = logging.getLogger("graphsvc.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"


def status_title(status: int) -> str:
    """'Not found', 'Method not allowed': HTTP reason phrases in the domain errors' casing."""
    phrase = HTTPStatus(status).phrase
    return phrase[:1] + phrase[1:].lower()


def problem_response(
    status: int,
    detail: str,
    *,
    instance: str,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or status_title(status),
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def wants_html(request: Request) -> bool:
    """A browser navigation (Accept lists text/html before any JSON type) gets an HTML page."""
    accept = request.headers.get("accept", "")
    if "text/html" not in accept:
        return False
    json_pos = min(
        (accept.find(t) for t in ("application/json", "application/problem+json") if t in accept),
        default=len(accept),
    )
    return accept.find("text/html") < json_pos


def error_response(
    request: Request,
    status: int,
    detail: str,
    *,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as an HTML page for a browser (Accept prefers text/html), else as a problem."""
    app = request.scope.get("app")
    templates = getattr(app.state, "templates", None) if app is not None else None
    if templates is not None and wants_html(request):
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "title": title or status_title(status), "detail": detail},
            status_code=status,
            headers=headers,
        )
    return problem_response(
        status, detail, instance=request.url.path, title=title, errors=errors, headers=headers
    )


def _location(loc: Sequence[str | int]) -> str:
    """('query', 'date_from') -> "query parameter 'date_from'"."""
    if not loc:
        return "request"
    where, *rest = loc
    name = ".".join(str(part) for part in rest)
    kinds = {
        "query": "query parameter",
        "path": "path parameter",
        "header": "header",
        "body": "body field",
        "cookie": "cookie",
    }
    if where in kinds:
        return f"{kinds[where]} '{name}'" if name else ("body" if where == "body" else where)
    return ".".join(str(part) for part in loc)


def validation_sentence(errors: Sequence[dict[str, Any]]) -> str:
    """One readable sentence for a list of pydantic errors."""
    parts = [f"{_location(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors]
    return "The request is invalid: " + "; ".join(parts) + "."


def plain_errors(errors: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep loc/msg/type only: pydantic's ``input``/``ctx`` may be huge or not serialisable."""
    return [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


async def _graphsvc_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, GraphsvcError)
    headers = {"WWW-Authenticate": "X-API-Key"} if exc.status == 401 else None
    if isinstance(exc, Unavailable):  # a full queue, an unreachable database
        headers = {"Retry-After": str(exc.retry_after)}
    return error_response(request, exc.status, exc.detail, title=exc.title, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    return error_response(
        request,
        422,
        validation_sentence(errors),
        title="Invalid input",
        errors=plain_errors(errors),
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 404 and exc.detail in (None, "Not Found"):
        detail = f"Nothing here: no route matches {request.method} {request.url.path}."
    elif status == 405:
        detail = f"Method {request.method} is not allowed on {request.url.path}."
    else:
        detail = str(exc.detail) if exc.detail else HTTPStatus(status).phrase
    headers = dict(exc.headers or {})
    if status == 405 and (methods := documented_methods(request.app.openapi(), request.url.path)):
        headers["Allow"] = ", ".join(methods)
    return error_response(request, status, detail, headers=headers or None)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(GraphsvcError, _graphsvc_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


class CatchAllMiddleware:
    """Turn any unhandled exception into a logged 500 problem; no traceback leaves the server.

    A pure ASGI middleware (not an Exception handler on the app) so that the 500 response
    still passes through the security-headers middleware outside it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except ClientDisconnect:  # gone while sending its body (or cut off): no one to answer
            log.info("client went away during %s %s", scope.get("method"), scope.get("path"))
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # too late for a clean answer; the server closes the connection
                raise
            response = error_response(
                Request(scope), 500, "An internal error occurred; it has been logged."
            )
            await response(scope, receive, send)
