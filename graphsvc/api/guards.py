"""Pure ASGI guards for an exposed server: the Host header (DNS rebinding) and writes sent by
a browser from another origin (cross-site request forgery).

Non-browser clients (curl, scripts) send neither ``Origin`` nor ``Sec-Fetch-Site`` and pass;
browsers always send ``Sec-Fetch-Site`` or, on a POST, ``Origin``, which pages cannot forge.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.api.errors import error_response

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
TRUSTED_MARK = "graphsvc.trusted_host"
SHOWN_MAX = 100  # characters of a header value quoted back in a message


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…"


async def _mark_trusted(scope: Scope, receive: Receive, send: Send) -> None:
    scope[TRUSTED_MARK] = True


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(message: Message) -> None:
    return None


class HostCheckMiddleware:
    """400 unless the Host header names one of ``allowed_hosts`` (port not compared).

    Matching is Starlette's ``TrustedHostMiddleware`` (IPv6 literals, ``*.example.org``,
    ``*``), asked on a copy of the scope; the refusal is this API's own error response.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.matcher = TrustedHostMiddleware(
            _mark_trusted, allowed_hosts=list(allowed_hosts), www_redirect=False
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        probe = dict(scope)
        await self.matcher(probe, _no_body, _discard)
        if probe.get(TRUSTED_MARK):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host")
        detail = (
            f"This server does not answer to the host name '{_shown(host)}'; "
            "its operator can allow it with GRAPHSVC_ALLOWED_HOSTS."
            if host
            else "The request has no Host header."
        )
        response = error_response(Request(scope), 400, detail, title="Unknown host")
        await response(scope, receive, send)


def _host_port(netloc: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit("//" + netloc)
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None


def same_origin(origin: str, host: str | None) -> bool:
    """``Origin`` names the server the request went to (``Host``).

    Ports are compared only when ``Host`` carries one: without it the client used its
    scheme's default port, which a TLS-terminating proxy in front hides from the server.
    """
    if not host:
        return False
    try:
        parts = urlsplit(origin)
        origin_name, origin_port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not origin_name:
        return False
    target = _host_port(host)
    if target is None or target[0] != origin_name:
        return False
    if target[1] is None:
        return True
    return (origin_port or (443 if parts.scheme == "https" else 80)) == target[1]


def cross_origin_reason(headers: Headers) -> str | None:
    """Why a write with these headers comes from another origin, or None if it does not."""
    fetch_site = headers.get("sec-fetch-site", "").strip().lower()
    if fetch_site in ("cross-site", "same-site"):
        return f"the browser sent it from another site (Sec-Fetch-Site: {fetch_site})"
    if fetch_site in ("same-origin", "none"):
        return None
    origin = headers.get("origin")
    if origin is None:
        return None  # not a browser, or one that sends no Origin on this request
    if origin.strip().lower() == "null":
        return "it comes from a sandboxed frame or a local file (Origin: null)"
    if not same_origin(origin.strip(), headers.get("host")):
        return f"it comes from another origin ({_shown(origin)})"
    return None


class SameOriginWritesMiddleware:
    """403 for a POST, PUT, PATCH or DELETE that a browser sent from another origin."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        reason = cross_origin_reason(Headers(scope=scope))
        if reason is None:
            await self.app(scope, receive, send)
            return
        detail = (
            f"This write was refused because {reason}; writes are taken from this "
            "server's own pages and from clients that are not browsers."
        )
        response = error_response(Request(scope), 403, detail, title="Cross-origin write")
        await response(scope, receive, send)
