"""The FastAPI application factory."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from graphsvc import __version__
from graphsvc.api.csrf import CsrfTokens
from graphsvc.api.errors import PROBLEM_MEDIA_TYPE, CatchAllMiddleware, install_error_handlers
from graphsvc.api.feed_scheduling import start_feed_scheduler, stop_feed_scheduler
from graphsvc.api.feed_schemas import feed_in_schema
from graphsvc.api.guards import HostCheckMiddleware, SameOriginWritesMiddleware
from graphsvc.api.http_limits import LIMIT_RESPONSES
from graphsvc.api.known_params import UNKNOWN_PARAMETER, reject_unknown_query
from graphsvc.api.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from graphsvc.api.openapi import document_settings
from graphsvc.api.routes import (
    actors,
    analysis,
    articles,
    changes,
    docs,
    dyad,
    events,
    feed_pages,
    feeds,
    graph,
    health,
    jobs,
    ontology,
    pages,
    relations,
    reports,
    search,
)
from graphsvc.api.schemas import ArticleIn, ArticleUrlIn, Problem
from graphsvc.api.unavailable import UNAVAILABLE
from graphsvc.assets import STATIC_DIR
from graphsvc.render.visdata import preload as preload_page_renderer
from graphsvc.settings import Settings

if TYPE_CHECKING:
    from graphsvc.service import GraphService

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
VIS_VERSION = "vis-9.1.2"

DESCRIPTION = (
    "News about international politics in, a graph of who does what to whom out: "
    "CAMEO-coded events between states and international organisations, with the sentence "
    "and article each came from."
)


def vis_assets_dir() -> Path:
    """vis-network as shipped inside the installed pyvis package (served, never copied).

    Located with ``find_spec`` so that pyvis itself is not imported outside ``render/``.
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed; it ships the vis-network assets")
    path = Path(next(iter(spec.submodule_search_locations))) / "lib" / VIS_VERSION
    if not (path / "vis-network.min.js").is_file():
        raise RuntimeError(f"vis-network assets not found in {path}")
    return path


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every template is HTML; article text must never become markup
        undefined=jinja2.StrictUndefined,
    )
    return Jinja2Templates(env=env)


def problem_responses(schema: dict[str, Any]) -> None:
    """Declare every error response as what the handlers send: application/problem+json.

    FastAPI documents its own 422 body (``HTTPValidationError``, application/json), which
    this API never sends; error handlers in ``errors.py`` answer ``Problem`` for all statuses.
    """
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for item in schema.get("paths", {}).values():
        for op in item.values():
            for status, response in op.get("responses", {}).items():
                if status[:1] in ("4", "5"):
                    response["content"] = {PROBLEM_MEDIA_TYPE: problem}
                    if response.get("description") == "Validation Error":
                        response["description"] = "Invalid parameters or body."
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    if "Problem" not in components:
        defs = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(defs.pop("$defs", {}))
        components["Problem"] = defs


def _openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """FastAPI's schema plus ArticleIn and ArticleUrlIn, which POST /articles references by
    hand, with error responses as problem details and what depends on the settings
    (``api/openapi.py``)."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ArticleIn, ArticleUrlIn):
            components[model.__name__] = model.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
        components["FeedIn"] = feed_in_schema(settings)
        document_settings(schema, settings)
        problem_responses(schema)
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings, service: GraphService | None = None) -> FastAPI:
    """Build the app; without ``service`` one is made from ``settings`` and closed on shutdown."""
    own_service = service is None
    if service is None:
        from graphsvc.service import GraphService

        service = GraphService(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        preload_page_renderer()
        start_feed_scheduler(app)  # a thread; off with GRAPHSVC_FOLLOW_FEEDS=false
        yield
        await stop_feed_scheduler(app)
        admission = getattr(app.state, "admission", None)  # api/admission.py, made on first use
        if admission is not None:
            admission.close()
            app.state.admission = None  # a later startup of the same app makes a fresh one
        if own_service:
            app.state.service.close()

    app = FastAPI(
        title="graphsvc",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # replaced by routes/docs.py: Swagger UI would load from a CDN
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query)],
    )
    app.state.settings = settings
    app.state.service = service
    app.state.templates = _templates()
    secret = settings.csrf_secret.get_secret_value() if settings.csrf_secret else ""
    app.state.csrf = CsrfTokens(secret.encode() or None)
    app.openapi = lambda: _openapi(app, settings)  # type: ignore[method-assign]

    install_error_handlers(app)
    # add_middleware wraps from the inside out: the last one added runs first.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SameOriginWritesMiddleware)
    app.add_middleware(HostCheckMiddleware, allowed_hosts=settings.trusted_hosts())
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)

    for module in (health, ontology, docs):
        app.include_router(module.router, responses={**UNKNOWN_PARAMETER, **LIMIT_RESPONSES})
    # Every route of these reads or writes the store: 503 while it is unreachable.
    for module in (jobs, articles, actors, relations, events, reports, graph, pages, search,
                   dyad, analysis, changes, feeds, feed_pages):  # fmt: skip
        app.include_router(module.router, responses={**UNAVAILABLE, **LIMIT_RESPONSES})
    # /static/vis first: mounts match in order and /static would swallow it.
    app.mount("/static/vis", StaticFiles(directory=vis_assets_dir()), name="vis")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
