"""Request dependencies: the service, the settings, the API key check and the filter set."""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import Depends, Path, Query, Request, Security
from fastapi.security import APIKeyHeader
from fastapi.templating import Jinja2Templates
from pydantic import WithJsonSchema

from graphsvc.api.filters import (
    ACTOR_CODES,
    ACTOR_NAMES,
    CODES,
    DATASETS,
    QUADS,
    ROOTS,
    ListFormat,
    build_filter,
)
from graphsvc.api.params import INT_MAX, IsoDate, whole_number
from graphsvc.errors import NotFound, Unauthorized
from graphsvc.models import EventFilter
from graphsvc.settings import Settings

if TYPE_CHECKING:
    from graphsvc.service import GraphService


def get_service(request: Request) -> GraphService:
    return request.app.state.service


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


# Annotated aliases keep route signatures short. The service type is a string so this module
# imports without the data layer (its types are only needed by type checkers).
ServiceDep = Annotated["GraphService", Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]


def _declared(fmt: ListFormat) -> WithJsonSchema:
    """One value of a list parameter as the OpenAPI shows it; ``build_filter`` checks it."""
    return WithJsonSchema({"type": "string", "pattern": fmt.pattern})


ACTOR_ITEM, CODE_ITEM, ROOT_ITEM, QUAD_ITEM, DATASET_ITEM = (
    _declared(f) for f in (ACTOR_CODES, CODES, ROOTS, QUADS, DATASETS)
)

MinCount = whole_number(1, INT_MAX)
MIN_CONFIDENCE_EVENTS_HELP = (
    "Keep only events whose extraction confidence is at least this, from 0 (every event, the "
    "default) to 1."
)
MIN_CONFIDENCE_HELP = (
    f"{MIN_CONFIDENCE_EVENTS_HELP} A multiple of 0.05 is counted from the rollups; any other "
    "value from the events themselves (slower on large stores)."
)
CODE_PATTERN = r"^[A-Za-z0-9]{1,32}$"
_CODE = re.compile(CODE_PATTERN.strip("^$"))


def checked_code(value: str) -> str:
    """An actor code from a path, upper-cased. A value no code can have is 404 like an
    unknown code, and never reaches the database (PostgreSQL cannot compare text holding
    a NUL)."""
    if not _CODE.fullmatch(value):
        raise NotFound(f"No actor with code {value!r}.")
    return value.upper()


def actor_code(actor_code: Annotated[str, Path(description="An actor code, like RUS.")]) -> str:
    """The path's actor code (``checked_code``)."""
    return checked_code(actor_code)


ActorCode = Annotated[str, Depends(actor_code)]

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Required on writes (POST, DELETE) when the server has GRAPHSVC_API_KEY set.",
)


def check_api_key(settings: Settings, given: str | None) -> None:
    """Raise Unauthorized unless no key is configured or ``given`` matches it."""
    if not settings.api_key:
        return
    if not given:
        raise Unauthorized("This request needs an API key: send it in the X-API-Key header.")
    if not secrets.compare_digest(given.encode(), settings.api_key.encode()):
        raise Unauthorized("The API key in the X-API-Key header is not valid.")


def require_api_key(
    settings: SettingsDep, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    check_api_key(settings, key)


def event_filter(
    service: ServiceDep,
    date_from: Annotated[
        IsoDate | None,
        Query(description="Events on or after this day, as YYYY-MM-DD (like 2021-01-13)."),
    ] = None,
    date_to: Annotated[
        IsoDate | None,
        Query(
            description="Events on or before this day, as YYYY-MM-DD. Before date_from, the "
            "range is empty and nothing matches."
        ),
    ] = None,
    actor: Annotated[
        list[Annotated[str, ACTOR_ITEM]] | None,
        Query(
            description=f"Actors, repeatable or comma-separated: {ACTOR_NAMES.rule}. A name "
            "(any case, accents optional, e.g. Putin, Kremlin, Erdoğan) stands for the one "
            "actor it names; an unknown or ambiguous name is a 422 listing the closest names "
            "or the candidates. The pattern shows codes in capitals and digits, which are "
            "never refused (a name such as NATO if it is one, else a code)."
        ),
    ] = None,
    code: Annotated[
        list[Annotated[str, CODE_ITEM]] | None,
        Query(description=f"CAMEO code(s), repeatable or comma-separated: {CODES.rule}."),
    ] = None,
    root: Annotated[
        list[Annotated[str, ROOT_ITEM]] | None,
        Query(description=f"CAMEO root(s), repeatable or comma-separated: {ROOTS.rule}."),
    ] = None,
    quad_class: Annotated[
        list[Annotated[str, QUAD_ITEM]] | None,
        Query(description=f"Quad class(es), repeatable or comma-separated: {QUADS.rule}."),
    ] = None,
    min_count: Annotated[
        MinCount,
        Query(
            description="Keep only events of (source, target) pairs with at least this many "
            "events under the other filters.",
        ),
    ] = 1,
    dataset: Annotated[
        list[Annotated[str, DATASET_ITEM]] | None,
        Query(
            description=f"Keep only events of these datasets, repeatable or comma-separated: "
            f"{DATASETS.rule}; the others are imported by `graphsvc import`."
        ),
    ] = None,
    exclude_dataset: Annotated[
        list[Annotated[str, DATASET_ITEM]] | None,
        Query(
            description="Leave out the events of these datasets, repeatable or "
            f"comma-separated: {DATASETS.rule}."
        ),
    ] = None,
    min_confidence: Annotated[
        float,
        Query(
            ge=0,
            le=1,
            description=MIN_CONFIDENCE_HELP,
        ),
    ] = 0.0,
) -> EventFilter:
    return build_filter(
        date_from=date_from,
        date_to=date_to,
        actors=actor,
        codes=code,
        roots=root,
        quad_classes=quad_class,
        min_count=min_count,
        resolve_actor=service.resolve_actor,
        datasets=dataset,
        exclude_datasets=exclude_dataset,
        min_confidence=min_confidence,
    )


FilterDep = Annotated[EventFilter, Depends(event_filter)]


def series_interval(
    interval: Annotated[
        Literal["day", "week", "month", "quarter", "year"] | None,
        Query(
            description="Period of the time series; by default from the span of the events "
            "(days up to a month, weeks up to half a year, months up to ten years, then years)."
        ),
    ] = None,
) -> str | None:
    return interval


IntervalDep = Annotated[str | None, Depends(series_interval)]
