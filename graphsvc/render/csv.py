"""Events as CSV: one row per event, with a header row; each row carries the actors' labels
and the article's title, URL and publication date beside the codes and the article id."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from graphsvc.models import Article, Event
from graphsvc.rows import CSV_COLUMNS as COLUMNS
from graphsvc.rows import FORMULA_START, TEXT_COLUMNS

MEDIA_TYPE = "text/csv; charset=utf-8"
__all__ = ["COLUMNS", "FORMULA_START", "MEDIA_TYPE", "TEXT_COLUMNS", "events_to_csv", "guard"]


def guard(value: str) -> str:
    """``value`` as a spreadsheet shows it literally."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name in TEXT_COLUMNS and isinstance(value, str):
        return guard(value)
    return value


def _row(event: Event, labels: Mapping[str, str], articles: Mapping[str, Article]) -> list[Any]:
    article = articles.get(event.article_id or "")
    values = {
        "event_id": event.id,
        "date": event.date.isoformat() if event.date else None,
        "source_label": labels.get(event.source, event.source),
        "target_label": labels.get(event.target, event.target),
        "article_title": article.title if article else None,
        "article_url": article.url if article else None,
        "article_published": article.published.isoformat()
        if article and article.published
        else None,
    }
    return [
        _cell(name, values[name] if name in values else getattr(event, name)) for name in COLUMNS
    ]


def events_to_csv(
    events: Iterable[Event],
    labels: Mapping[str, str] | None = None,
    articles: Mapping[str, Article] | None = None,
) -> bytes:
    """UTF-8 CSV (RFC 4180 quoting, CRLF line ends) with the header row first. ``labels``
    maps actor codes to labels (a code without one is its own label); ``articles`` maps
    article ids to their articles (title, URL and date are empty for one not given)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(_row(e, labels or {}, articles or {}) for e in events)
    return out.getvalue().encode("utf-8")
