"""The ``Allow`` header of a 405: every method the OpenAPI documents for the path.

Starlette answers 405 with the methods of the first route whose path matched, so a path
served by two routes (GET and POST /articles) listed only one of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_METHODS = ("get", "put", "post", "delete", "patch")


@lru_cache(maxsize=64)
def _template(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def documented_methods(schema: dict[str, Any], path: str) -> list[str] | None:
    """Methods of the most specific documented path matching ``path`` (a literal path wins
    over a template: /articles/batch, not /articles/{article_id}); None if none matches."""
    matches = [t for t in schema.get("paths", {}) if _template(t).fullmatch(path)]
    if not matches:
        return None
    best = min(matches, key=lambda t: t.count("{"))
    methods = [m.upper() for m in _METHODS if m in schema["paths"][best]]
    return [*methods, "HEAD"] if "GET" in methods else methods
