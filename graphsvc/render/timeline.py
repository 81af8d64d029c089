"""The graph page's time control: events per month of the whole store as an SVG histogram
(drawn server-side, no chart library) with two range inputs that view.js turns into
date_from / date_to.

Months come from the store's monthly rollup (``Store.monthly_counts``); the months between
the first and the last one that have no event are filled in with zero so the axis is even.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from graphsvc.models import EventFilter
from graphsvc.render.tooltips import count_of

BAR = 10  # SVG units per month
HEIGHT = 60


@dataclass(frozen=True, slots=True)
class Timeline:
    months: tuple[str, ...]  # "YYYY-MM", consecutive
    counts: tuple[int, ...]  # events per month (dated events only)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, Sequence[int], float]]) -> Timeline:
        """From (yyyymm, events per quad class, Goldstein sum) rows, months ascending."""
        found = {month: sum(quads) for month, quads, _ in rows}
        if not found:
            return cls((), ())
        first, last = min(found), max(found)
        months: list[int] = []
        year, month = divmod(first, 100)
        while year * 100 + month <= last:
            months.append(year * 100 + month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return cls(
            tuple(f"{m // 100:04d}-{m % 100:02d}" for m in months),
            tuple(found.get(m, 0) for m in months),
        )

    def selection(self, f: EventFilter | None) -> tuple[int, int]:
        """Indices of the first and last month the filter's dates reach (all by default)."""
        last = len(self.months) - 1
        if f is None:
            return 0, last
        start = _month_index(self.months, f.date_from, 0) if f.date_from else 0
        end = _month_index(self.months, f.date_to, last) if f.date_to else last
        return min(start, last), max(min(end, last), 0)


def _month_index(months: Sequence[str], day: date, default: int) -> int:
    key = f"{day.year:04d}-{day.month:02d}"
    if key < months[0]:
        return 0
    if key > months[-1]:
        return len(months) - 1
    return months.index(key) if key in months else default


def timeline_html(timeline: Timeline, f: EventFilter | None) -> str:
    """The histogram and its controls; nothing when the store holds no dated event."""
    if not timeline.months:
        return ""
    n = len(timeline.months)
    top = max(timeline.counts) or 1
    start, end = timeline.selection(f)
    bars = []
    for i, (month, count) in enumerate(zip(timeline.months, timeline.counts, strict=True)):
        height = round(HEIGHT * count / top, 2)
        chosen = " chosen" if start <= i <= end else ""
        bars.append(
            f'<rect class="bar{chosen}" data-i="{i}" x="{i * BAR}" y="{HEIGHT - height}" '
            f'width="{BAR - 1}" height="{height}"><title>{escape(month)}: '
            f"{escape(count_of(count, 'event'))}</title></rect>"
        )
    first, last = escape(timeline.months[0]), escape(timeline.months[-1])
    return (
        '<section class="timeline" aria-label="Time range">'
        f'<svg class="histogram" id="histogram" viewBox="0 0 {n * BAR} {HEIGHT}" '
        'preserveAspectRatio="none" role="img" '
        f'aria-label="Events per month in the store, {first} to {last}">{"".join(bars)}</svg>'
        '<div class="range-controls">'
        f'<input type="range" id="range-from" min="0" max="{n - 1}" value="{start}" '
        'aria-label="First month">'
        f'<input type="range" id="range-to" min="0" max="{n - 1}" value="{end}" '
        'aria-label="Last month">'
        f'<output id="range-label">{escape(timeline.months[start])} to '
        f"{escape(timeline.months[end])}</output>"
        '<button type="button" id="play" aria-pressed="false">Play</button></div></section>'
    )
