"""The 503 every route that reads or writes the store can answer, declared in one place.

``app.py`` includes the store's routers with ``responses=UNAVAILABLE``; a route that
declares its own 503 (the queue-full answer of the POST routes) keeps its own text.
"""

from __future__ import annotations

from typing import Any

from graphsvc.api.schemas import Problem

RETRY_AFTER_HEADER: dict[str, Any] = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}

UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": Problem,
        "description": "The database is unreachable (down, restarting, or locked too long): "
        "retry after the seconds in `Retry-After`.",
        "headers": RETRY_AFTER_HEADER,
    }
}
