"""Events as CSV: one row per event, with a header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from graphsvc.models import Event
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


def _row(event: Event) -> list[Any]:
    values = {"event_id": event.id, "date": event.date.isoformat() if event.date else None}
    return [
        _cell(name, values[name] if name in values else getattr(event, name)) for name in COLUMNS
    ]


def events_to_csv(events: Iterable[Event]) -> bytes:
    """UTF-8 CSV (RFC 4180 quoting, CRLF line ends) with the header row first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(_row(e) for e in events)
    return out.getvalue().encode("utf-8")
