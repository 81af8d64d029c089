"""Refuse a NUL character anywhere in the decoded URL (path or query), for every route.

No id, code or cursor can hold one, and PostgreSQL refuses text with NUL outright: without
this check ``/articles/%00`` or ``?actor=%00`` would fail inside the database on PostgreSQL
while SQLite answered 404 or an empty list.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from graphsvc.errors import GraphsvcError

NUL_IN_URL = "The URL contains a NUL character (%00), which no path or parameter may hold."


def refuse_nul_in_url(request: Request) -> None:
    """An app-wide dependency: 400 when the path or a query parameter holds U+0000."""
    if "\x00" in request.scope["path"] or any(
        "\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()
    ):
        raise GraphsvcError(NUL_IN_URL)


def document_nul_refusal(schema: dict[str, Any]) -> None:
    """Declare the 400 every operation may answer (an operation's own 400 text is kept)."""
    for item in schema.get("paths", {}).values():
        for op in item.values():
            if isinstance(op, dict) and "responses" in op:
                op["responses"].setdefault("400", {"description": NUL_IN_URL})
