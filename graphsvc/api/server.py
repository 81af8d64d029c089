"""How ``graphsvc serve`` runs uvicorn: safe to expose, or refusing to start when it is not."""

from __future__ import annotations

from typing import Any

from graphsvc.api.http_limits import limited_protocol
from graphsvc.errors import GraphsvcError
from graphsvc.settings import Settings, is_loopback


class UnsafeBind(GraphsvcError):
    title = "Unsafe configuration"


def check_exposure(settings: Settings, *, insecure_no_auth: bool) -> None:
    """Refuse to serve writes without a key on an address other machines can reach."""
    if settings.api_key or insecure_no_auth or is_loopback(settings.host):
        return
    raise UnsafeBind(
        f"refusing to serve on {settings.host} without an API key: set GRAPHSVC_API_KEY "
        "(writes then need it), bind to 127.0.0.1, or pass --insecure-no-auth"
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``: bind address, limits, no Server header."""
    return {
        "host": settings.host,
        "port": settings.port,
        "http": limited_protocol(
            head_timeout=settings.timeout_request_head,
            body_timeout=settings.timeout_request_body,
            max_request_line=settings.max_request_line_bytes,
            max_header_bytes=settings.max_header_bytes,
        ),
        "limit_concurrency": settings.limit_concurrency,
        "timeout_keep_alive": settings.timeout_keep_alive,
        "server_header": False,
        "date_header": True,
    }
