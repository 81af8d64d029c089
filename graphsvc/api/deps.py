"""Request dependencies: the service, the settings, the API key check and the filter set."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader
from fastapi.templating import Jinja2Templates

from graphsvc.errors import InvalidInput, Unauthorized
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


def split_list(values: Iterable[str] | None) -> list[str]:
    """Repeatable parameters that also take comma lists: ?actor=RUS&actor=TUR or ?actor=RUS,TUR."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def parse_quad_classes(values: Iterable[str] | None) -> frozenset[int]:
    quads: set[int] = set()
    for part in split_list(values):
        if part not in {"1", "2", "3", "4"}:
            raise InvalidInput(f"quad_class must be 1, 2, 3 or 4, not '{part}'.")
        quads.add(int(part))
    return frozenset(quads)


def build_filter(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    actors: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    roots: Iterable[str] | None = None,
    quad_classes: Iterable[str] | None = None,
    min_count: int = 1,
) -> EventFilter:
    """The one place where user-given filter values become an ``EventFilter`` (API and pages)."""
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(f"date_from ({date_from}) is after date_to ({date_to}).")
    if min_count < 1:
        raise InvalidInput("min_count must be at least 1.")
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        actors=frozenset(a.upper() for a in split_list(actors)),
        codes=frozenset(split_list(codes)),
        roots=frozenset(split_list(roots)),
        quad_classes=parse_quad_classes(quad_classes),
        min_count=min_count,
    )


def event_filter(
    date_from: Annotated[date | None, Query(description="Events on or after this date.")] = None,
    date_to: Annotated[date | None, Query(description="Events on or before this date.")] = None,
    actor: Annotated[
        list[str] | None,
        Query(description="Actor code(s), repeatable or comma-separated: RUS,TUR."),
    ] = None,
    code: Annotated[
        list[str] | None, Query(description="CAMEO code(s), e.g. 041 or 041,057.")
    ] = None,
    root: Annotated[list[str] | None, Query(description="CAMEO root(s), e.g. 04,19.")] = None,
    quad_class: Annotated[
        list[str] | None, Query(description="Quad class(es) 1-4, repeatable or comma-separated.")
    ] = None,
    min_count: Annotated[
        int,
        Query(
            ge=1,
            description="Keep only events of (source, target) pairs with at least this many "
            "events under the other filters.",
        ),
    ] = 1,
) -> EventFilter:
    return build_filter(
        date_from=date_from,
        date_to=date_to,
        actors=actor,
        codes=code,
        roots=root,
        quad_classes=quad_class,
        min_count=min_count,
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
