"""/docs: the OpenAPI description rendered as a plain HTML page.

FastAPI's default /docs loads Swagger UI from a CDN and no local copy of its assets is
installed, so this page is drawn on the server from ``app.openapi()`` — it works offline and
under the strict Content-Security-Policy. /openapi.json stays the standard document.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from graphsvc.api.deps import SettingsDep, TemplatesDep

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")
_CODE_SPAN = re.compile(r"(`{1,2})([^`]+)\1")  # `x` (Markdown) or ``x`` (docstrings)


def prose(text: str) -> Markup:
    """Escaped description text with Markdown `code` spans as <code> (they showed raw)."""
    return Markup(_CODE_SPAN.sub(r"<code>\2</code>", str(escape(text))))


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def type_name(schema: dict[str, Any]) -> str:
    """A short human type: 'string (date)', 'array of integer', 'Event | null'."""
    if not schema:
        return "any"
    if name := _ref_name(schema):
        return name
    for combiner in ("anyOf", "oneOf", "allOf"):
        if combiner in schema:
            return " | ".join(type_name(s) for s in schema[combiner])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {type_name(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map of {type_name(schema['additionalProperties'])}"
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def _example(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False)


def _bodies(op: dict[str, Any]) -> list[dict[str, Any]]:
    content = op.get("requestBody", {}).get("content", {})
    out = []
    for media_type, spec in content.items():
        schema = spec.get("schema", {})
        out.append(
            {
                "media_type": media_type,
                "schema_name": _ref_name(schema),
                "example": _example(spec.get("example")),
            }
        )
    return out


def _responses(op: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for status, spec in sorted(op.get("responses", {}).items()):
        content = spec.get("content", {})
        schema_name = next(
            (_ref_name(c.get("schema", {})) for c in content.values() if c.get("schema")), None
        )
        out.append(
            {
                "status": status,
                "description": prose(spec.get("description", "")),
                "schema_name": schema_name,
                "media_types": list(content),
            }
        )
    return out


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            if method not in item:
                continue
            op = item[method]
            ops.append(
                {
                    "anchor": re.sub(r"[^a-z0-9]+", "-", f"{method}{path}".lower()).strip("-"),
                    "method": method,
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": prose(op.get("description", "")),
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "in": p.get("in"),
                            "type": type_name(p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": prose(p.get("description", "")),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "bodies": _bodies(op),
                    "responses": _responses(op),
                }
            )
    return ops


def schemas(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        examples = schema.get("examples") or []
        out.append(
            {
                "name": name,
                "description": prose(schema.get("description", "")),
                "fields": [
                    {
                        "name": field,
                        "type": type_name(sub),
                        "required": field in required,
                        "description": prose(sub.get("description", "")),
                    }
                    for field, sub in schema.get("properties", {}).items()
                ],
                "example": _example(examples[0]) if examples else None,
            }
        )
    return out


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request, templates: TemplatesDep, settings: SettingsDep) -> HTMLResponse:
    spec = request.app.openapi()
    return templates.TemplateResponse(
        request,
        "docs.html",
        {
            "spec": spec,
            "operations": operations(spec),
            "schemas": schemas(spec),
            "needs_key": bool(settings.api_key),
        },
    )
