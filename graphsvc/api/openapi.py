"""What the generated OpenAPI cannot know by itself: the configured page cap, whether writes
need a key at all, and the 500 every operation may answer. Applied once per app."""

from __future__ import annotations

from typing import Any

from graphsvc.settings import Settings

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
SERVER_ERROR = {"description": "Internal error: logged on the server, no details in the body."}


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in schema.get("paths", {}).items()
        for method, op in item.items()
        if method in METHODS
    ]


def document_settings(schema: dict[str, Any], settings: Settings) -> None:
    """Declare what depends on ``settings`` and what every operation may answer."""
    for path, method, op in operations(schema):
        if (path, method) == ("/events", "get"):
            for param in op.get("parameters", []):
                if param["name"] == "limit":
                    param["schema"]["maximum"] = settings.events_page_max
        if not settings.api_key:  # writes are open: a declared key would be a false promise
            op.pop("security", None)
        op.setdefault("responses", {}).setdefault("500", dict(SERVER_ERROR))
    if not settings.api_key:
        schema.get("components", {}).pop("securitySchemes", None)
