"""/articles: ingest, list, read, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from graphsvc.api.admission import AdmissionDep
from graphsvc.api.article_input import ACCEPTED_TYPES, HTML_TYPES, read_article
from graphsvc.api.deps import ServiceDep, require_api_key
from graphsvc.api.params import BLANK, STORABLE, STORABLE_TEXT, whole_number
from graphsvc.api.routes.jobs import ACCEPTED, QUEUE_FULL, accepted
from graphsvc.api.schemas import (
    EXAMPLE_ARTICLE,
    EXAMPLE_URL_ARTICLE,
    ArticleIn,
    ArticlePublic,
    ArticlesPublic,
    ArticleWithEvents,
    Problem,
)
from graphsvc.api.urls import article_url
from graphsvc.article_rules import MAX_TEXT_CHARS, SEARCH_INDEXED_CHARS, id_pattern
from graphsvc.cursors import ARTICLES_CURSOR_FORMAT, ARTICLES_CURSOR_PATTERN
from graphsvc.jobs import Job
from graphsvc.sources.fetch import FetchPolicy

router = APIRouter(tags=["articles"])
Limit = whole_number(1, 200)

_ERRORS = {
    400: {
        "model": Problem,
        "description": "The body does not decode in its charset (UTF-8 by default).",
    },
    401: {"model": Problem, "description": "Missing or wrong X-API-Key (when a key is set)."},
    413: {"model": Problem, "description": "The body is over the size limit."},
    415: {"model": Problem, "description": "Unsupported content type or charset."},
    422: {
        "model": Problem,
        "description": f"Empty text, text over {MAX_TEXT_CHARS:,} characters, an id that "
        "cannot be a URL path segment, a NUL character in a field, or other invalid fields; "
        "an HTML body or fetched page with no article text; a URL that is refused (not "
        "http(s), or a host on a private, loopback, link-local or reserved address).",
    },
}
_UPSTREAM = {
    "model": Problem,
    "description": 'The page of a `{"url": ...}` body could not be fetched: the host '
    "cannot be resolved or reached, it answered an error status, did not answer within "
    "GRAPHSVC_FETCH_TIMEOUT, sent more than GRAPHSVC_FETCH_MAX_BYTES, redirected too often, "
    "or sent another type than HTML or plain text. The detail names the URL and the cause.",
}

# A form sends untouched fields empty: a blank metadata field means none.
_FORM = ArticleIn.model_json_schema()
_FORM["properties"]["published"] = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": BLANK}],
    "description": "Publication date as YYYY-MM-DD, or blank.",
}

# The body is parsed by hand (see article_input), so its schema is declared here for OpenAPI.
_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/ArticleIn"},
                        {"$ref": "#/components/schemas/ArticleUrlIn"},
                    ]
                },
                "examples": {
                    "text": {"summary": "An article's text", "value": EXAMPLE_ARTICLE},
                    "url": {"summary": "A web page to fetch", "value": EXAMPLE_URL_ARTICLE},
                },
            },
            "text/plain": {
                "schema": {"type": "string", "pattern": STORABLE_TEXT, "maxLength": MAX_TEXT_CHARS},
                "example": EXAMPLE_ARTICLE["text"],
            },
            **{
                media: {
                    "schema": {
                        "type": "string",
                        "pattern": STORABLE_TEXT,
                        "maxLength": MAX_TEXT_CHARS,
                    },
                    "example": "<p>France <b>condemned</b> Germany's decision.</p>",
                }
                for media in HTML_TYPES
            },
            "application/x-www-form-urlencoded": {"schema": _FORM},
            "multipart/form-data": {"schema": _FORM},
        },
    },
    "parameters": [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": schema,
            "description": f"With a text/plain or HTML body: the article's {name} (empty "
            "means none; for HTML it replaces the page's; checked, then ignored, with other "
            "bodies).",
        }
        for name, schema in (
            ("id", {"type": "string", "maxLength": 200, "pattern": id_pattern()}),
            ("title", {"type": "string", "maxLength": 1000, "pattern": STORABLE}),
            ("url", {"type": "string", "maxLength": 2000, "pattern": STORABLE}),
            ("source", {"type": "string", "maxLength": 200, "pattern": STORABLE}),
            ("published", {"anyOf": [{"type": "string", "format": "date"}, {"enum": [""]}]}),
        )
    ],
}


@router.post(
    "/articles",
    status_code=201,
    response_model=ArticleWithEvents,
    dependencies=[Depends(require_api_key)],
    summary="Ingest an article",
    description=(
        "Extract CAMEO-coded events from the text and store article and events. Answers 201 "
        "with the stored article and its events, or 200 when the same article (same id or same "
        "text) is already stored. When all extraction slots (GRAPHSVC_SYNC_EXTRACTIONS) are "
        "busy, the article is queued instead: 202 with the job's URL in `Location`; when "
        "the queue is full, 503 with `Retry-After`. Accepted content types: "
        f"{', '.join(ACCEPTED_TYPES)}; a "
        "text/plain body is the article text, with metadata in query parameters. An HTML "
        "body (a whole page or a fragment such as `France <b>condemned</b> Germany`) gives "
        "its main text, title, date, author and canonical URL, navigation, ads and comments "
        'dropped. A JSON body `{"url": ...}` without `text` fetches that web page and '
        "ingests its article the same way (optional `id`, `source`, and `title` / "
        "`published` replacing the page's); the page must be public (private and loopback "
        "addresses are refused, 422, unless GRAPHSVC_FETCH_ALLOW_PRIVATE=true), and a "
        "failed fetch is a 502 naming the cause. Every text is normalised before it is "
        "stored (line breaks to \\n, Unicode NFC, control characters removed)."
    ),
    responses={
        200: {"model": ArticleWithEvents, "description": "Already stored."},
        202: ACCEPTED,
        **_ERRORS,
        409: {"model": Problem, "description": "The id is taken by an article with other text."},
        502: _UPSTREAM,
        503: QUEUE_FULL,
    },
    openapi_extra=_POST_BODY,
)
async def post_article(
    request: Request, response: Response, service: ServiceDep, admission: AdmissionDep
) -> ArticleWithEvents | JSONResponse:
    item = await read_article(request, FetchPolicy.from_settings(service.settings))
    if admission.try_slot():
        result = await admission.extract(lambda: service.ingest(item))
    else:  # every extraction slot is busy: answer from the store, or queue the article
        outcome = await admission.write(lambda: admission.queue.submit_one(item))
        if isinstance(outcome, Job):
            return accepted(request, outcome)
        result = outcome
    response.status_code = 201 if result.created else 200
    response.headers["Location"] = article_url(request, result.article.id)
    return ArticleWithEvents.build(result.article, result.events)


@router.get(
    "/articles",
    response_model=ArticlesPublic,
    summary="List articles, newest first, or search them (full text)",
    description=(
        "Without `q`: every stored article, newest first, keyset-paginated. With `q`: the "
        "articles whose title or text holds every word of `q` (stemmed: `talk` finds "
        "'talks'; case and, on SQLite, accents ignored; punctuation and operators are plain "
        f"text), best match first (title words weigh more), then newest. The first "
        f"{SEARCH_INDEXED_CHARS:,} characters of each text are indexed. `count` is the number of "
        "matches."
    ),
    responses={
        400: {"model": Problem, "description": "The cursor is not in the declared format."},
        422: {"model": Problem, "description": "A parameter is out of range."},
    },
)
def list_articles(
    service: ServiceDep,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Words to search for in titles and texts, e.g. `pipeline talks`.",
            examples=["gas pipeline"],
        ),
    ] = None,
    limit: Annotated[Limit, Query(description="Page size.")] = 50,
    cursor: Annotated[
        str | None,
        Query(
            description=f"Where the page starts: {ARTICLES_CURSOR_FORMAT}",
            json_schema_extra={"pattern": ARTICLES_CURSOR_PATTERN},
        ),
    ] = None,
) -> ArticlesPublic:
    if q and q.strip():
        page = service.search_articles(q, limit=limit, cursor=cursor)
    else:
        page = service.list_articles(limit=limit, cursor=cursor)
    data = [ArticlePublic.from_domain(a) for a in page.items]
    count = page.total if page.total is not None else len(data)
    return ArticlesPublic(data=data, count=count, next=page.next_cursor)


@router.get(
    "/articles/{article_id}",
    name="get_article",
    response_model=ArticleWithEvents,
    summary="One article with its events",
    responses={404: {"model": Problem}},
)
def get_article(article_id: str, service: ServiceDep) -> ArticleWithEvents:
    article, events = service.get_article(article_id)
    return ArticleWithEvents.build(article, events)


@router.delete(
    "/articles/{article_id}",
    status_code=204,
    dependencies=[Depends(require_api_key)],
    summary="Delete an article and its events",
    responses={401: _ERRORS[401], 404: {"model": Problem}},
)
def delete_article(article_id: str, service: ServiceDep) -> Response:
    service.delete_article(article_id)
    return Response(status_code=204)
