"""Read a batch of articles from a request body: JSONL (one object per line) or a JSON array.

JSONL is read per line, like a file given to `graphsvc ingest`: a line that is not a valid
article object is refused with its line number and the other lines are queued; the body is
refused (422) only when no line is usable. A JSON array is one document, checked whole against
its OpenAPI schema (an array of ArticleIn): one invalid item refuses the body (422 naming the
items) and nothing is queued. Not UTF-8 is a 400 either way.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from pydantic import ValidationError

from graphsvc.api.article_input import JSON_TYPE, media_type_of
from graphsvc.api.charsets import decode_body
from graphsvc.api.schemas import ArticleIn
from graphsvc.article_rules import article_problem, id_problem
from graphsvc.errors import InvalidInput, UnsupportedMediaType
from graphsvc.jobs import NewItem
from graphsvc.models import ArticleInput

JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
BATCH_TYPES = (*JSONL_TYPES, JSON_TYPE)
ERRORS_SHOWN = 5  # in the 422 sentence; the job lists every error


def _article(record: Any) -> ArticleInput:
    """One record -> ArticleInput, or ValueError with a short reason."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object with a 'text' field")
    try:
        model = ArticleIn.model_validate(record)
    except ValidationError as exc:
        parts = [
            f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}"
            for e in exc.errors(include_url=False)
        ]
        raise ValueError("; ".join(parts)) from None
    if not model.text.strip():
        raise ValueError("'text' is empty")
    item = model.to_input()
    problem = article_problem(item)
    if problem is None and item.id is not None:
        problem = id_problem(item.id)  # checked here, not only when the job runs
    if problem is not None:
        raise ValueError(problem)
    return item


def _item(index: int, line: int | None, record: Any) -> NewItem:
    try:
        return NewItem(index, line, item=_article(record))
    except ValueError as exc:
        return NewItem(index, line, error=str(exc))


def _from_jsonl(text: str) -> list[NewItem]:
    items: list[NewItem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            items.append(NewItem(len(items), number, error=f"invalid JSON: {exc}"))
            continue
        items.append(_item(len(items), number, record))
    return items


def _from_array(text: str) -> list[NewItem]:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"The request body is not valid JSON: {exc}.") from None
    if not isinstance(data, list):
        raise InvalidInput("A JSON batch must be an array of article objects.")
    return [_item(index, None, record) for index, record in enumerate(data)]


def where(item: NewItem) -> str:
    return f"line {item.line}" if item.line is not None else f"item {item.index}"


async def read_batch(request: Request) -> list[NewItem]:
    media, charset = media_type_of(request)
    if media not in BATCH_TYPES:
        given = f"Unsupported content type '{media}'" if media else "The request has no type"
        raise UnsupportedMediaType(f"{given}; send {', '.join(BATCH_TYPES)}.")
    text = decode_body(await request.body(), charset)
    if not text.strip():
        raise InvalidInput("The batch is empty; send at least one article object.")
    items = _from_array(text) if media == JSON_TYPE else _from_jsonl(text)
    if not items:
        raise InvalidInput("The batch is empty; send at least one article object.")
    bad = [i for i in items if i.item is None]
    if len(bad) == len(items):
        raise InvalidInput(f"No article in the batch is usable: {_listed(bad)}.")
    if bad and media == JSON_TYPE:
        raise InvalidInput(
            f"{len(bad)} of the {len(items)} items of the JSON array are not valid articles, "
            f"so none was queued: {_listed(bad)}."
        )
    return items


def _listed(bad: list[NewItem]) -> str:
    shown = "; ".join(f"{where(i)}: {i.error}" for i in bad[:ERRORS_SHOWN])
    more = f" (and {len(bad) - ERRORS_SHOWN} more)" if len(bad) > ERRORS_SHOWN else ""
    return shown + more
