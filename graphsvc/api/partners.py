"""The actor page's evidence, below its graph: the partners table (counts, cooperation and
conflict, mean Goldstein, a monthly sparkline each) and the most recent events, every
partner and event linked to its actor, dyad and article pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from graphsvc.api.page_links import PageLinks, actor_labels, event_codes
from graphsvc.models import Actor, EventFilter
from graphsvc.render.chart_svg import sparkline
from graphsvc.render.highlight import sentence_pieces
from graphsvc.render.html import filter_query

if TYPE_CHECKING:
    from graphsvc.service import GraphService

PARTNERS_SHOWN = 30  # busiest partners listed; the page says how many more there are


@dataclass(frozen=True, slots=True)
class PartnerRow:
    code: str
    label: str
    count: int
    cooperation: int
    conflict: int
    mean_goldstein: float | None
    spark: Markup


def month_range(first: int, last: int) -> list[int]:
    """Every yyyymm from ``first`` to ``last``, both included."""
    months, year, month = [], first // 100, first % 100
    while year * 100 + month <= last:
        months.append(year * 100 + month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_name(yyyymm: int) -> str:
    return f"{yyyymm // 100}-{yyyymm % 100:02d}"


def partner_rows(
    service: GraphService, actor: Actor, partners: list[dict], filters: EventFilter
) -> tuple[list[PartnerRow], tuple[str, str] | None]:
    """Rows of ``partners`` with sparklines over one shared month range (so they compare),
    from one query for all of them; and that range, None without dated events."""
    monthly = service.partner_months(actor.code, [p["code"] for p in partners], filters)
    used = [m for counts in monthly.values() for m in counts]
    months = month_range(min(used), max(used)) if used else []
    span = (_month_name(months[0]), _month_name(months[-1])) if months else None
    rows = []
    for p in partners:
        counts = monthly.get(p["code"], {})
        values = [counts.get(m, 0) for m in months]
        label = (
            f"{p['label']}: events per month, {span[0]} to {span[1]}, "
            f"at most {max(values)} in a month"
            if span
            else f"{p['label']}: no dated events"
        )
        rows.append(
            PartnerRow(
                code=p["code"],
                label=p["label"],
                count=p["count"],
                cooperation=p["cooperation"],
                conflict=p["conflict"],
                mean_goldstein=p["mean_goldstein"],
                spark=Markup(sparkline(values, label=label)),  # escaped SVG (chart_svg)
            )
        )
    return rows, span


def actor_section(
    request: Request,
    service: GraphService,
    templates: Jinja2Templates,
    actor: Actor,
    filters: EventFilter,
) -> str:
    """The HTML placed below the actor page's graph."""
    profile = service.actor_profile(actor.code, filters)
    shown = profile.partners[:PARTNERS_SHOWN]
    rows, span = partner_rows(service, actor, shown, filters)
    labels = actor_labels(service, event_codes(profile.recent_events))
    labels.update({p["code"]: p["label"] for p in shown})
    labels[actor.code] = actor.label
    links = PageLinks(request, labels, query=filter_query(filters))
    context = {
        "actor": actor,
        "event_count": profile.event_count,
        "partners": rows,
        "partner_total": len(profile.partners),
        "span": span,
        "events": profile.recent_events,
        "links": links,
        "pieces": sentence_pieces,
    }
    return templates.get_template("partners.html").render(context)
