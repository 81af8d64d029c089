"""Events as CSV: one row per event, with a header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from graphsvc.models import Event

MEDIA_TYPE = "text/csv; charset=utf-8"

COLUMNS = (
    "event_id", "date", "date_precision", "source", "target", "code", "root", "quad_class",
    "goldstein", "label", "source_text", "source_sector", "target_text", "target_sector",
    "trigger_text", "group_id", "symmetric", "negated", "confidence", "mentions",
    "article_id", "sentence", "extractor_version",
)  # fmt: skip
# Every column whose text can come from the input: the article's words, its id, and the
# group id made from it. A cell starting with one of FORMULA_START is one a spreadsheet would
# evaluate (OWASP/ASVS: = + - @ tab CR NUL, and the full-width forms some locales accept);
# it gets a leading apostrophe. Codes, sectors, dates and labels come from the project's
# own tables.
TEXT_COLUMNS = frozenset(
    {"label", "source_text", "target_text", "trigger_text", "sentence", "article_id", "group_id"}
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20")


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
