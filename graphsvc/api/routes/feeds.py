"""/feeds: register, list, read and remove followed feeds; ask for a poll now."""

from __future__ import annotations

import re

import orjson
from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from graphsvc.api.article_input import JSON_TYPE, media_type_of
from graphsvc.api.charsets import decode_body
from graphsvc.api.deps import ServiceDep, SettingsDep, require_api_key
from graphsvc.api.feed_schemas import EXAMPLE_FEED, FeedIn, FeedPublic, FeedsPublic
from graphsvc.api.schemas import Problem
from graphsvc.errors import InvalidInput, NotFound, UnsupportedMediaType
from graphsvc.feed_records import Feed
from graphsvc.feeds.registry import FeedRegistry
from graphsvc.models import INT_MAX

router = APIRouter(tags=["feeds"])
FEED_ID = re.compile(r"[1-9][0-9]{0,9}")
_KEY = {401: {"model": Problem, "description": "Missing or wrong X-API-Key (when a key is set)."}}
_NO_FEED = {404: {"model": Problem, "description": "No feed with this id."}}


def feed_id_of(feed_id: str) -> int:
    """The path's feed id; a value no feed can have is 404 like an unknown one."""
    if not FEED_ID.fullmatch(feed_id) or int(feed_id) > INT_MAX:
        raise NotFound(f"No feed with id {feed_id[:40]!r}.")
    return int(feed_id)


def public(request: Request, feed: Feed) -> FeedPublic:
    return FeedPublic.build(feed, str(request.url_for("get_feed", feed_id=str(feed.id))))


async def _feed_in(request: Request) -> FeedIn:
    media, charset = media_type_of(request)
    if media != JSON_TYPE:
        raise UnsupportedMediaType("Send the feed as JSON (application/json).")
    text = decode_body(await request.body(), charset)
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"The request body is not valid JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise InvalidInput("The request body must be a JSON object with a 'url' field.")
    try:
        return FeedIn.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


@router.post(
    "/feeds",
    status_code=201,
    dependencies=[Depends(require_api_key)],
    summary="Follow a feed",
    description=(
        "Register an RSS 2.0, Atom or RDF feed. It is polled at once by the server's "
        "scheduler (unless GRAPHSVC_FOLLOW_FEEDS=false; then by `graphsvc follow`), then "
        "every `interval_s` seconds with a conditional GET. Each new entry's page is fetched "
        "and its article ingested like POST /articles (the entry's own text when the page "
        "fails and the text is long enough); no entry is fetched twice. 409 when the URL is "
        "followed already; 422 for a URL that is not http(s) with a host, or an interval "
        "under GRAPHSVC_FEED_MIN_INTERVAL."
    ),
    response_model=FeedPublic,
    responses={
        201: {
            "description": "Registered; `Location` is its URL.",
            "headers": {"Location": {"description": "The feed.", "schema": {"type": "string"}}},
        },
        400: {"model": Problem, "description": "The body does not decode in its charset."},
        **_KEY,
        409: {"model": Problem, "description": "This URL is followed already."},
        413: {"model": Problem, "description": "The body is over the size limit."},
        415: {"model": Problem, "description": "Not application/json, or not a text charset."},
        422: {"model": Problem, "description": "Invalid URL, interval or title."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                JSON_TYPE: {
                    "schema": {"$ref": "#/components/schemas/FeedIn"},
                    "example": EXAMPLE_FEED,
                }
            },
        }
    },
)
async def add_feed(request: Request, service: ServiceDep, settings: SettingsDep) -> JSONResponse:
    body = await _feed_in(request)
    registry = FeedRegistry(service.store, settings)
    feed = await run_in_threadpool(
        lambda: registry.add(body.url, interval_s=body.interval_s, title=body.title)
    )
    out = public(request, feed)
    return JSONResponse(
        out.model_dump(mode="json"), status_code=201, headers={"Location": out.url_self}
    )


@router.get("/feeds", response_model=FeedsPublic, summary="The followed feeds")
def list_feeds(request: Request, service: ServiceDep, settings: SettingsDep) -> FeedsPublic:
    """Every registered feed, oldest first, with its last fetch, status, error, articles
    added and next poll."""
    feeds = FeedRegistry(service.store, settings).list()
    return FeedsPublic(feeds=[public(request, f) for f in feeds])


@router.get(
    "/feeds/{feed_id}",
    name="get_feed",
    response_model=FeedPublic,
    summary="One followed feed",
    responses=_NO_FEED,
)
def get_feed(
    feed_id: str, request: Request, service: ServiceDep, settings: SettingsDep
) -> FeedPublic:
    return public(request, FeedRegistry(service.store, settings).get(feed_id_of(feed_id)))


@router.delete(
    "/feeds/{feed_id}",
    status_code=204,
    dependencies=[Depends(require_api_key)],
    summary="Stop following a feed",
    description="The feed and its record of seen entries go; its articles stay.",
    responses={**_KEY, **_NO_FEED},
)
def delete_feed(feed_id: str, service: ServiceDep, settings: SettingsDep) -> Response:
    FeedRegistry(service.store, settings).remove(feed_id_of(feed_id))
    return Response(status_code=204)


@router.post(
    "/feeds/{feed_id}/poll",
    status_code=202,
    dependencies=[Depends(require_api_key)],
    response_model=FeedPublic,
    summary="Poll a feed soon",
    description=(
        "Make the feed due now (also ending its backoff): the scheduler polls it at its "
        "next look (GRAPHSVC_FEED_TICK seconds at most). The answer is the feed as it is; "
        "GET it again for the poll's outcome."
    ),
    responses={**_KEY, **_NO_FEED},
)
def poll_feed(
    feed_id: str, request: Request, service: ServiceDep, settings: SettingsDep
) -> FeedPublic:
    feed = FeedRegistry(service.store, settings).poll_soon(feed_id_of(feed_id))
    return public(request, feed)
