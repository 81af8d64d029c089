"""HTML pages: the start page with its paste form, the graph views and an article page.

Templates autoescape; nothing is loaded from outside the host; no inline script (the CSP
forbids it). The graph page itself, with its filter form, legend and download links, is drawn
by the render layer (``service.view_html``); this module reads the form back into a filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from graphsvc.analysis.changes import ChangeRules
from graphsvc.analysis.network import Measure
from graphsvc.api import csrf
from graphsvc.api.admission import AdmissionDep
from graphsvc.api.article_input import FORM_TYPES, form_fields, from_form_fields, media_type_of
from graphsvc.api.deps import ActorCode, ServiceDep, SettingsDep, TemplatesDep, check_api_key
from graphsvc.api.errors import wants_html
from graphsvc.api.filters import build_filter, form_confidence, form_count, form_date
from graphsvc.api.page_links import PageLinks, actor_labels, event_codes
from graphsvc.api.partners import actor_section
from graphsvc.api.urls import article_page_path, page_links
from graphsvc.assets import STATIC_DIR
from graphsvc.errors import FormExpired, GraphsvcError, InvalidInput, UnsupportedMediaType
from graphsvc.jobs import Job
from graphsvc.models import EventFilter
from graphsvc.render.html import DEFAULT_MEASURE

if TYPE_CHECKING:
    from graphsvc.service import GraphService as GraphServiceT

router = APIRouter(include_in_schema=False)

ARTICLES_PAGE = 50  # articles per page of /pages/articles
INDEX_CHANGES = 8  # dyads in the start page's changes panel
FormStr = Annotated[str | None, Query(max_length=200)]
FormList = Annotated[list[str] | None, Query()]
SizeQuery = Annotated[Measure, Query(description="Size and rank the actors by this measure.")]


@dataclass(frozen=True)
class PageForm:
    """The graph page's filter form as read: the filter, or the error that stopped it."""

    filters: EventFilter  # without the failing part when ``error`` is set
    actor_text: str  # the actor box as typed, shown again with an error
    error: InvalidInput | None = None


def page_form(
    service: ServiceDep,
    date_from: FormStr = None,
    date_to: FormStr = None,
    actor: FormList = None,
    code: FormList = None,
    root: FormList = None,
    quad_class: FormList = None,
    min_count: FormStr = None,
    dataset: FormList = None,
    exclude_dataset: FormList = None,
    min_confidence: FormStr = None,
) -> PageForm:
    """The graph page's filter form -> EventFilter. Untouched fields arrive as empty strings,
    which mean "no filter" here (the JSON API would reject them as invalid values). Actor
    names resolve to their codes as in the API."""
    actor_text = ", ".join(v.strip() for v in actor or () if v.strip())

    def read(actors: list[str] | None) -> EventFilter:
        return build_filter(
            date_from=form_date("date_from", date_from),
            date_to=form_date("date_to", date_to),
            actors=actors,
            codes=code,
            roots=root,
            quad_classes=quad_class,
            min_count=form_count(min_count),
            resolve_actor=service.resolve_actor,
            refuse_reversed_dates=True,
            datasets=dataset,
            exclude_datasets=exclude_dataset,
            min_confidence=form_confidence(min_confidence),
        )

    try:
        return PageForm(read(actor), actor_text)
    except InvalidInput as exc:
        try:
            rest = read(None)
        except InvalidInput:
            rest = EventFilter()
        return PageForm(rest, actor_text, exc)


PageFormDep = Annotated[PageForm, Depends(page_form)]


def page_filter(form: PageFormDep) -> EventFilter:
    """The form's filter for pages that do not show the form again: its error is raised
    (a 422, an HTML error page for a browser)."""
    if form.error is not None:
        raise form.error
    return form.filters


PageFilterDep = Annotated[EventFilter, Depends(page_filter)]


def _graph_page(
    request: Request,
    service: GraphServiceT,
    form: PageForm,
    *,
    title: str,
    ego: str | None,
    after: Callable[[EventFilter], str] | None = None,
    size: Measure = DEFAULT_MEASURE,
) -> Response:
    """The graph page; a filter it cannot read is a 422: for a browser, the form again with
    the message ("did you mean …?"), never an empty graph; for others, a problem. ``after``
    gives the HTML placed below the graph for the filters read."""
    if form.error is None:
        extra = after(form.filters) if after is not None else ""
        links = page_links(form.filters)
        page = service.view_html(
            form.filters, ego=ego, title=title, links=links, measure=size, after=extra
        )
        return HTMLResponse(page)
    if not wants_html(request):
        raise form.error
    page = service.view_form_html(
        form.filters, title=title, error=form.error.detail, actor_text=form.actor_text
    )
    return HTMLResponse(page, status_code=form.error.status)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for it on every page; a 404 there would be a console error."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request, service: ServiceDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    return _index(request, service, templates, settings)


def _index(
    request: Request,
    service: ServiceDep,
    templates: Jinja2Templates,
    settings: SettingsDep,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    changes = service.changes.find(
        since=None, window=None, baselines=6, rules=ChangeRules(), limit=INDEX_CHANGES, per_dyad=0
    )
    context: dict[str, Any] = {
        "stats": service.stats(),
        "changes": changes,
        "labels": actor_labels(
            service, (x for f in changes.changes for x in (f.change.a, f.change.b))
        ),
        "needs_key": bool(settings.api_key),
        "error": error,
        "form": form or {},
    }
    return csrf.render_form_page(request, templates, "index.html", context, status=status)


@router.post("/articles/form")
async def post_article_form(
    request: Request,
    service: ServiceDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    admission: AdmissionDep,
) -> Response:
    """The start page's form: ingest, then 303 to the article page (errors re-render the
    form). When every extraction slot is busy the article is queued, as with POST /articles,
    and the 303 goes to its job."""
    media, _ = media_type_of(request)
    if media not in FORM_TYPES:
        raise UnsupportedMediaType(
            f"This endpoint takes form data ({', '.join(FORM_TYPES)}); "
            "use POST /articles for JSON or text/plain."
        )
    fields = await form_fields(request)
    try:
        if not request.app.state.csrf.check(request, fields.get(csrf.FIELD)):
            raise FormExpired(
                "This form has expired or was not sent from this site's start page; "
                "check it and submit it again."
            )
        check_api_key(settings, fields.get("api_key"))
        item = from_form_fields(fields)
        if admission.try_slot():
            result = await admission.extract(lambda: service.ingest(item))
        else:
            outcome = await admission.write(lambda: admission.queue.submit_one(item))
            if isinstance(outcome, Job):
                job_url = request.url_for("get_job", job_id=outcome.id)
                return RedirectResponse(str(job_url.path), status_code=303)
            result = outcome
    except GraphsvcError as exc:
        keep = {k: v for k, v in fields.items() if k not in ("api_key", csrf.FIELD)}
        error, status = exc.detail, exc.status
        return await run_in_threadpool(
            lambda: _index(
                request, service, templates, settings, error=error, form=keep, status=status
            )
        )
    return RedirectResponse(article_page_path(request, result.article.id), status_code=303)


@router.get("/view", response_class=HTMLResponse)
def view(
    request: Request, service: ServiceDep, form: PageFormDep, size: SizeQuery = DEFAULT_MEASURE
) -> Response:
    """The render layer's page: graph, time control, ranking, legend, filter form and
    downloads for these filters; nodes and edges link to their pages."""
    title = "graphsvc · interactions"
    return _graph_page(request, service, form, title=title, ego=None, size=size)


@router.get("/view/actors/{actor_code}", response_class=HTMLResponse)
def view_actor(
    actor_code: ActorCode,
    request: Request,
    service: ServiceDep,
    templates: TemplatesDep,
    form: PageFormDep,
    size: SizeQuery = DEFAULT_MEASURE,
) -> Response:
    """The actor's ego network, then its partners and recent events (``api/partners.py``)."""
    actor = service.actor(actor_code)
    title = f"graphsvc · {actor.label} ({actor.code}) and its partners"

    def section(filters: EventFilter) -> str:
        return actor_section(request, service, templates, actor, filters)

    return _graph_page(
        request, service, form, title=title, ego=actor.code, after=section, size=size
    )


@router.get("/pages/articles", name="articles_page", response_class=HTMLResponse)
def articles_page(
    request: Request,
    service: ServiceDep,
    templates: TemplatesDep,
    q: FormStr = None,
    cursor: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    """Stored articles, newest first, or those matching a full-text search, paged."""
    words = (q or "").strip()
    cursor = cursor or None
    if words:
        page = service.search_articles(words, limit=ARTICLES_PAGE, cursor=cursor)
    else:
        page = service.list_articles(limit=ARTICLES_PAGE, cursor=cursor)
    query = {"q": words} if words else {}

    def url(path: str, **more: str) -> str:
        params = {**query, **more}
        return f"{path}?{urlencode(params)}" if params else path

    context = {
        "q": words,
        "page": page,
        "first_page": cursor is None,
        "first_url": url("/pages/articles"),
        "next_url": url("/pages/articles", cursor=page.next_cursor) if page.next_cursor else None,
        "json_url": url("/articles"),
    }
    return templates.TemplateResponse(request, "articles.html", context)


@router.get("/pages/articles/{article_id}", name="article_page", response_class=HTMLResponse)
def article_page(
    article_id: str, request: Request, service: ServiceDep, templates: TemplatesDep
) -> Response:
    article, events = service.get_article(article_id)
    links = PageLinks(request, actor_labels(service, event_codes(events)))
    return templates.TemplateResponse(
        request, "article.html", {"article": article, "events": events, "links": links}
    )
