"""Read an article from a request body: JSON, plain text, HTML or a form; or, for JSON
``{"url": ...}`` without ``text``, from the web page it names (fetched here).

The body is read by hand rather than by FastAPI so that each failure gets its own status and
sentence (415 wrong type, 400 bad UTF-8, 422 empty text or invalid fields).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import unquote_to_bytes

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from graphsvc.api import csrf
from graphsvc.api.charsets import BAD_UTF8, decode_body
from graphsvc.api.multipart import parse_multipart
from graphsvc.api.schemas import POSTED, ArticleIn, ArticleUrlIn
from graphsvc.article_rules import article_problem, id_problem, sentence
from graphsvc.errors import BadEncoding, InvalidInput, UnsupportedMediaType
from graphsvc.models import ArticleInput
from graphsvc.sources.decode import BOMS, sniff_markup_charset
from graphsvc.sources.fetch import FetchPolicy
from graphsvc.sources.page_input import article_from_html, article_from_url, with_overrides

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
ACCEPTED_TYPES = (JSON_TYPE, TEXT_TYPE, *HTML_TYPES, *FORM_TYPES)
METADATA_FIELDS = ("id", "title", "url", "source", "published")
FORM_FIELDS = ("text", *METADATA_FIELDS, "api_key", csrf.FIELD)  # the last two: the start page

EMPTY_TEXT = "The article text is empty."


def media_type_of(request: Request) -> tuple[str, str | None]:
    """('application/json', charset or None) from the Content-Type header."""
    raw = request.headers.get("content-type", "")
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _model(schema: type[BaseModel], fields: Mapping[str, Any], where: str) -> Any:
    """Validate with ``schema``; errors become one RequestValidationError (422)."""
    try:
        return schema.model_validate(dict(fields))
    except ValidationError as exc:
        errors = [{**e, "loc": (where, *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def _validate(fields: Mapping[str, Any], where: str) -> ArticleInput:
    """Validate with ``ArticleIn``; errors become one RequestValidationError (422)."""
    model = _model(ArticleIn, fields, where)
    if not model.text.strip():
        raise InvalidInput(EMPTY_TEXT)
    return model.to_input()


async def _from_json(body: bytes, charset: str | None, policy: FetchPolicy) -> ArticleInput:
    text = decode_body(body, charset)
    if not text.strip():
        raise InvalidInput("The request body is empty; send a JSON object with a 'text' field.")
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"The request body is not valid JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise InvalidInput("The request body must be a JSON object with a 'text' field.")
    if "text" not in data and "url" in data:
        return await _from_url(_model(ArticleUrlIn, data, "body"), policy)
    return _validate(data, "body")


async def _from_url(model: ArticleUrlIn, policy: FetchPolicy) -> ArticleInput:
    """Fetch the page (FetchError: 422 for a refused URL, 502 when the remote server
    fails) and read its article; the title and date given replace the page's."""
    try:
        # The fetch blocks (DNS, the transfer): a worker thread, not the event loop.
        item = await run_in_threadpool(article_from_url, model.url, policy)
    except InvalidInput as exc:
        raise InvalidInput(f"{model.url}: {exc.detail}") from None
    item = with_overrides(item, title=model.title, published=model.published)
    return replace(item, id=model.id or None, source=model.source or None)


def _decode_html(body: bytes, charset: str | None) -> str:
    """An HTML body's text: by the header's charset, else a BOM's or the page's own <meta>
    declaration, else UTF-8; strictly, as other bodies (400 for bytes that do not decode)."""
    if charset is None:
        for bom, name in BOMS:
            if body.startswith(bom):
                return decode_body(body, name).removeprefix("\ufeff")
        charset = sniff_markup_charset(body)
    return decode_body(body, charset)


def _from_html(body: bytes, charset: str | None, query: Mapping[str, str]) -> ArticleInput:
    """An HTML page or fragment: its article (sources.html_article); metadata in the query
    string replaces what the page says."""
    fields = query_metadata(query)
    page = article_from_html(_decode_html(body, charset), provenance=POSTED)
    given = _validate({**fields, "text": page.text}, "query")
    return replace(
        page,
        id=given.id,
        title=given.title or page.title,
        url=given.url or page.url,
        source=given.source,
        published=given.published or page.published,
    )


def query_metadata(query: Mapping[str, str]) -> dict[str, Any]:
    """The metadata query parameters (empty ones read as absent), checked whatever the body:
    the OpenAPI declares them for the operation, so invalid ones are refused, not ignored."""
    fields: dict[str, Any] = {k: query[k] for k in METADATA_FIELDS if query.get(k)}
    if fields:
        meta = _validate({**fields, "text": "(the body)"}, "query")
        problem = article_problem(meta) or (meta.id is not None and id_problem(meta.id))
        if problem:
            raise InvalidInput(sentence(f"in the query string, {problem[:1].lower()}{problem[1:]}"))
    return fields


def _from_text(body: bytes, charset: str | None, query: Mapping[str, str]) -> ArticleInput:
    fields = query_metadata(query)
    fields["text"] = decode_body(body, charset)
    return _validate(fields, "query")


async def form_fields(request: Request, fields: Collection[str] = FORM_FIELDS) -> dict[str, str]:
    """The ``fields`` of a form body (others are ignored; the article's by default),
    checked to be UTF-8.

    Starlette's parsers would silently replace or Latin-1-decode bad bytes, storing mangled
    text instead of answering 400: URL-encoded bodies are checked first, multipart bodies
    are read by ``parse_multipart``, which decodes strictly.
    """
    media = media_type_of(request)[0]
    raw = await request.body()  # cached: request.form() below reads the same bytes
    if media == FORM_TYPES[1]:
        return parse_multipart(raw, request.headers.get("content-type", ""), fields)
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise BadEncoding(BAD_UTF8) from None
    form = await request.form()
    try:
        return {k: v for k, v in form.items() if k in fields and isinstance(v, str)}
    finally:
        await form.close()


def from_form_fields(fields: Mapping[str, str]) -> ArticleInput:
    data = {k: fields[k] for k in ("text", *METADATA_FIELDS) if fields.get(k) is not None}
    data = {k: v for k, v in data.items() if k == "text" or v.strip()}
    data.setdefault("text", "")
    return _validate(data, "body")


async def read_article(request: Request, policy: FetchPolicy) -> ArticleInput:
    media, charset = media_type_of(request)
    if media not in (TEXT_TYPE, *HTML_TYPES):
        query_metadata(request.query_params)
    if media == JSON_TYPE:
        return await _from_json(await request.body(), charset, policy)
    if media == TEXT_TYPE:
        return _from_text(await request.body(), charset, request.query_params)
    if media in HTML_TYPES:
        return _from_html(await request.body(), charset, request.query_params)
    if media in FORM_TYPES:
        return from_form_fields(await form_fields(request))
    given = f"Unsupported content type '{media}'" if media else "The request has no Content-Type"
    raise UnsupportedMediaType(f"{given}; send {', '.join(ACCEPTED_TYPES)}.")
