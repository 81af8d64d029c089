"""The dyad page: two actors, their summary, a chart of their series and their events.

``/view/relations/{a}/{b}`` shows both directions, ``?directed=true`` only a→b; the graph
page's filters apply, plus ``interval`` (the chart's period) and ``cursor`` (paging, newest
first). The chart is SVG drawn here (``render/chart_svg.py``), not by a script.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from graphsvc.analysis.series import Interval
from graphsvc.api.deps import ServiceDep, TemplatesDep, checked_code
from graphsvc.api.page_links import PageLinks, actor_labels, event_codes
from graphsvc.api.params import QueryBool
from graphsvc.api.routes.pages import PageFilterDep
from graphsvc.cursors import NEWEST_CURSOR_FORMAT
from graphsvc.errors import InvalidInput
from graphsvc.render.chart_svg import series_chart
from graphsvc.render.highlight import sentence_pieces
from graphsvc.render.html import filter_query
from graphsvc.render.style import QUAD_COLOURS, QUAD_LABELS

router = APIRouter(include_in_schema=False)

PAGE_EVENTS = 50  # events per page of the table
MAX_PERIODS = 400  # bars one chart draws; a finer interval over a long span is refused
INTERVALS: tuple[str, ...] = get_args(Interval)
PARAMETERS = frozenset(
    {"date_from", "date_to", "actor", "code", "root", "quad_class", "min_count",
     "directed", "interval", "cursor", "dataset", "exclude_dataset", "min_confidence"}
)  # fmt: skip


def known_parameters(request: Request) -> None:
    """422 for a query parameter this page does not read (a typo would silently be ignored)."""
    for name in request.query_params:
        if name not in PARAMETERS:
            shown = name if len(name) <= 40 else name[:40] + "…"
            raise InvalidInput(
                f"Unknown query parameter {shown!r}: this page takes "
                f"{', '.join(sorted(PARAMETERS))}."
            )


def form_interval(interval: Annotated[str | None, Query(max_length=20)] = None) -> str | None:
    """The form's interval: empty means from the span, else one of the named periods."""
    text = (interval or "").strip()
    if not text:
        return None
    if text not in INTERVALS:
        raise InvalidInput(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}.")
    return text


def _joined(*parts: str | None) -> str:
    """Query-string parts (already encoded) joined with &, empty ones left out."""
    return "&".join(p for p in parts if p)


@router.get(
    "/view/relations/{a}/{b}",
    name="dyad_page",
    response_class=HTMLResponse,
    dependencies=[Depends(known_parameters)],
)
def dyad_page(
    a: str,
    b: str,
    request: Request,
    service: ServiceDep,
    templates: TemplatesDep,
    filters: PageFilterDep,
    directed: Annotated[QueryBool, Query()] = False,
    interval: Annotated[str | None, Depends(form_interval)] = None,
    cursor: Annotated[str | None, Query(description=NEWEST_CURSOR_FORMAT)] = None,
) -> Response:
    first, second = service.actor(checked_code(a)), service.actor(checked_code(b))
    summary = service.relation(
        first.code,
        second.code,
        directed=directed,
        filters=filters,
        interval=interval,  # type: ignore[arg-type]  # checked by form_interval
        with_events=False,
    )
    if len(summary.series) > MAX_PERIODS:
        raise InvalidInput(
            f"interval={summary.interval} gives {len(summary.series)} periods for these "
            f"events, more than one chart draws ({MAX_PERIODS}); choose a longer interval "
            "or narrow the dates."
        )
    page = service.relation_events(
        first.code,
        second.code,
        directed=directed,
        filters=filters,
        limit=PAGE_EVENTS,
        cursor=cursor or None,
    )
    query = filter_query(filters)
    labels = actor_labels(service, {first.code, second.code} | event_codes(page.items))
    labels.update({first.code: first.label, second.code: second.label})
    links = PageLinks(request, labels, query=query)
    arrow = "→" if directed else "–"
    chart = series_chart(
        summary.series,
        title=f"{first.label} {arrow} {second.label}: events per {summary.interval}",
        interval=summary.interval,
        chart_id="dyad-chart",
    )
    keep = _joined(query, "directed=true" if directed else "", interval and f"interval={interval}")
    context: dict[str, Any] = {
        "a": first,
        "b": second,
        "directed": directed,
        "arrow": arrow,
        "summary": summary,
        "chart": Markup(chart),  # escaped pieces (chart_svg)
        "events": page.items,
        "next_href": "?" + _joined(keep, f"cursor={page.next_cursor}")
        if page.next_cursor
        else None,
        "first_href": "?" + keep if cursor else None,
        "links": links,
        "pieces": sentence_pieces,
        "filters": filters,
        "interval": interval or "",
        "intervals": INTERVALS,
        "quad_labels": QUAD_LABELS,
        "quad_colours": QUAD_COLOURS,
        "both_href": links.dyad(first.code, second.code),
        "forward_href": links.dyad(first.code, second.code, directed=True),
        "backward_href": links.dyad(second.code, first.code, directed=True),
        "json_href": "/relations?"
        + _joined(
            f"{'source' if directed else 'a'}={first.code}",
            f"{'target' if directed else 'b'}={second.code}",
            query,
        ),
        "page_size": PAGE_EVENTS,
    }
    return templates.TemplateResponse(request, "dyad.html", context)
