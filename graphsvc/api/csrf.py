"""CSRF tokens for the HTML forms: a signed double submit, no state kept on the server.

A page with a form sets a random nonce as an HttpOnly, SameSite=Strict cookie and puts
HMAC(secret, nonce) in the form's hidden ``csrf_token`` field. A post is taken only when the
field matches the cookie it arrived with: another site can neither read the token nor set
the cookie, and a token is worthless without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import TYPE_CHECKING, Any

from fastapi import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates

COOKIE = "graphsvc_csrf"
FIELD = "csrf_token"
_NONCE = re.compile(r"[A-Za-z0-9_-]{32,64}")


class CsrfTokens:
    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()

    def valid(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token or not _NONCE.fullmatch(nonce):
            return False
        return hmac.compare_digest(self._sign(nonce), token)

    def form_nonce(self, request: Request) -> tuple[str, bool]:
        """The request's nonce cookie if well formed, else a new one (second item: new)."""
        nonce = request.cookies.get(COOKIE)
        if nonce is not None and _NONCE.fullmatch(nonce):
            return nonce, False
        return secrets.token_urlsafe(32), True

    def token(self, nonce: str) -> str:
        """The hidden field's value for ``nonce``."""
        return self._sign(nonce)

    def check(self, request: Request, token: str | None) -> bool:
        return self.valid(request.cookies.get(COOKIE), token)


def set_nonce_cookie(response: Response, nonce: str, *, secure: bool) -> None:
    response.set_cookie(COOKIE, nonce, httponly=True, samesite="strict", secure=secure, path="/")


def render_form_page(
    request: Request,
    templates: Jinja2Templates,
    name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> Response:
    """Template ``name`` with its form's hidden token (``csrf_field``, ``csrf_token`` in the
    context), setting the nonce cookie when the browser had none yet."""
    tokens: CsrfTokens = request.app.state.csrf
    nonce, fresh = tokens.form_nonce(request)
    context = {**context, "csrf_field": FIELD, "csrf_token": tokens.token(nonce)}
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if fresh:
        set_nonce_cookie(response, nonce, secure=request.url.scheme == "https")
    return response
