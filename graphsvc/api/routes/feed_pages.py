"""The /pages/feeds page: the followed feeds with their last fetch, status, articles added
and errors, a form to follow one more, and buttons to poll each now or stop following it.

Everything a feed sends (its title, its errors quoting the server) is text from outside:
the template autoescapes it. The forms carry the CSRF token of api/csrf.py, as the start
page's article form does, and the API key when the server has one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from graphsvc.api import csrf
from graphsvc.api.article_input import FORM_TYPES, form_fields, media_type_of
from graphsvc.api.deps import ServiceDep, SettingsDep, TemplatesDep, check_api_key
from graphsvc.api.routes.feeds import feed_id_of
from graphsvc.errors import (
    FormExpired,
    GraphsvcError,
    InvalidInput,
    NotFound,
    UnsupportedMediaType,
)
from graphsvc.feeds.registry import FeedRegistry
from graphsvc.settings import Settings

router = APIRouter(include_in_schema=False)
FIELDS = ("url", "interval_s", "title", "api_key", csrf.FIELD)


@router.get("/pages/feeds", name="feeds_page", response_class=HTMLResponse)
def feeds_page(
    request: Request, service: ServiceDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    return _page(request, service, templates, settings)


def _page(
    request: Request,
    service: Any,
    templates: Jinja2Templates,
    settings: Settings,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "feeds": FeedRegistry(service.store, settings).list(),
        "following": settings.follow_feeds,
        "default_interval": settings.feed_interval,
        "min_interval": settings.feed_min_interval,
        "needs_key": bool(settings.api_key),
        "error": error,
        "form": form or {},
    }
    return csrf.render_form_page(request, templates, "feeds.html", context, status=status)


async def _form(request: Request) -> dict[str, str]:
    media = media_type_of(request)[0]
    if media not in FORM_TYPES:
        raise UnsupportedMediaType(f"This page's forms send {', '.join(FORM_TYPES)}.")
    return await form_fields(request, FIELDS)


def _checked(request: Request, settings: Settings, fields: dict[str, str]) -> None:
    if not request.app.state.csrf.check(request, fields.get(csrf.FIELD)):
        raise FormExpired(
            "This form has expired or was not sent from this site's feeds page; "
            "check it and submit it again."
        )
    check_api_key(settings, fields.get("api_key"))


@router.post("/pages/feeds")
async def add_feed_form(
    request: Request, service: ServiceDep, templates: TemplatesDep, settings: SettingsDep
) -> Response:
    """Follow a feed from the page's form, then back to the page (303); a refusal shows the
    form again with the message and what was typed."""
    fields = await _form(request)
    try:
        _checked(request, settings, fields)
        interval_text = fields.get("interval_s", "").strip()
        if interval_text and not interval_text.isdigit():
            raise InvalidInput("The interval is a whole number of seconds.")
        interval = int(interval_text) if interval_text else None
        registry = FeedRegistry(service.store, settings)
        await run_in_threadpool(
            lambda: registry.add(
                fields.get("url", ""), interval_s=interval, title=fields.get("title")
            )
        )
    except GraphsvcError as exc:
        keep = {k: v for k, v in fields.items() if k in ("url", "interval_s", "title")}
        error, status = exc.detail, exc.status
        return await run_in_threadpool(
            lambda: _page(
                request, service, templates, settings, error=error, form=keep, status=status
            )
        )
    return RedirectResponse(str(request.url_for("feeds_page").path), status_code=303)


@router.post("/pages/feeds/{feed_id}/{action}")
async def feed_action_form(
    feed_id: str,
    action: str,
    request: Request,
    service: ServiceDep,
    templates: TemplatesDep,
    settings: SettingsDep,
) -> Response:
    """A feed's buttons: ``remove`` stops following it (its articles stay), ``poll`` makes
    it due now; then back to the page."""
    fields = await _form(request)
    try:
        _checked(request, settings, fields)
        number = feed_id_of(feed_id)
        registry = FeedRegistry(service.store, settings)
        if action == "remove":
            await run_in_threadpool(lambda: registry.remove(number))
        elif action == "poll":
            await run_in_threadpool(lambda: registry.poll_soon(number))
        else:
            raise NotFound(f"No such action on a feed: {action[:40]!r}.")
    except GraphsvcError as exc:
        error, status = exc.detail, exc.status
        return await run_in_threadpool(
            lambda: _page(request, service, templates, settings, error=error, status=status)
        )
    return RedirectResponse(str(request.url_for("feeds_page").path), status_code=303)
