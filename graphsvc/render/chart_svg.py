"""Charts drawn on the server as SVG: a dyad's series and the partners' sparklines.

No chart library and no script: the page carries a few kilobytes of markup that draws at
once, prints, and passes the Content-Security-Policy (colours are presentation attributes,
not style attributes). Every text is escaped; the markup is well-formed XML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from graphsvc.models import SeriesPoint
from graphsvc.render.style import GOLDSTEIN_LINE, QUAD_COLOURS, QUAD_LABELS

SVG_NS = "http://www.w3.org/2000/svg"
GOLDSTEIN_MAX = 10.0  # the scale runs from -10 to +10
MAX_BAR = 48.0  # widest bar (a series of one or two periods)
SPARK_COLOUR = "#2b5fab"  # the pages' accent colour
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    """A coordinate with at most two decimals (small markup, exact enough)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … at or above ``value`` (an axis maximum)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def _tick(value: float) -> str:
    """A Goldstein axis label: −10, 0, +10."""
    return "0" if value == 0 else f"{value:+.0f}".replace("-", "−")


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the plot sits inside the picture (viewBox units)."""

    width: int = 720
    height: int = 300
    left: int = 48
    right: int = 52
    top: int = 40
    bottom: int = 46

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def baseline(self) -> float:
        return self.top + self.plot_height


def _point_title(p: SeriesPoint) -> str:
    parts = [f"{QUAD_LABELS[q]} {p.by_quad_class.get(q, 0)}" for q in QUAD_LABELS]
    mean = p.goldstein_mean
    tone = f"; mean Goldstein {_signed(mean)}" if mean is not None else ""
    noun = "event" if p.count == 1 else "events"
    return f"{p.period}: {p.count} {noun} ({', '.join(parts)}){tone}"


def _bars(points: Sequence[SeriesPoint], frame: Frame, y_max: int) -> list[str]:
    """One group per period: its stacked quad-class rectangles, bottom up 1 to 4."""
    slot = frame.plot_width / len(points)
    width = min(max(slot * 0.8, 0.5), MAX_BAR)
    scale = frame.plot_height / y_max
    out = []
    for i, p in enumerate(points):
        x = frame.left + i * slot + (slot - width) / 2
        y = frame.baseline
        rects = []
        for q, colour in QUAD_COLOURS.items():
            n = p.by_quad_class.get(q, 0)
            if n <= 0:
                continue
            height = n * scale
            y -= height
            rects.append(
                f'<rect class="q{q}" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" '
                f'height="{_n(height)}" fill="{colour}" data-count="{n}"/>'
            )
        out.append(
            f'<g class="bar" data-period="{_e(p.period)}" data-count="{p.count}">'
            f"<title>{_e(_point_title(p))}</title>{''.join(rects)}</g>"
        )
    return out


def _goldstein_y(mean: float, frame: Frame) -> float:
    clamped = max(-GOLDSTEIN_MAX, min(GOLDSTEIN_MAX, mean))
    return frame.top + frame.plot_height * (GOLDSTEIN_MAX - clamped) / (2 * GOLDSTEIN_MAX)


def _goldstein_line(points: Sequence[SeriesPoint], frame: Frame) -> list[str]:
    """The mean Goldstein score per period: a line broken where a period has no events,
    with a dot on every period that has some (a lone point stays visible)."""
    slot = frame.plot_width / len(points)
    path: list[str] = []
    dots: list[str] = []
    pen_down = False
    for i, p in enumerate(points):
        mean = p.goldstein_mean
        if mean is None:
            pen_down = False
            continue
        x, y = frame.left + (i + 0.5) * slot, _goldstein_y(mean, frame)
        path.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y)}")
        pen_down = True
        dots.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="{GOLDSTEIN_LINE}"/>')
    if not path:
        return []
    line = (
        f'<path class="goldstein" d="{" ".join(path)}" fill="none" '
        f'stroke="{GOLDSTEIN_LINE}" stroke-width="1.5"/>'
    )
    return [f'<g class="goldstein-line">{line}{"".join(dots)}</g>']


def _axes(points: Sequence[SeriesPoint], frame: Frame, y_max: int, interval: str) -> list[str]:
    left, right, base = frame.left, frame.left + frame.plot_width, frame.baseline
    out = [f'<g class="axes" {FONT} fill="#5d6778">']
    # events, left: whole numbers only (a middle line when y_max halves evenly)
    for value in (0, y_max // 2, y_max) if y_max % 2 == 0 else (0, y_max):
        y = base - frame.plot_height * value / y_max
        label = _n(value)
        out.append(
            f'<line x1="{left}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}" stroke="#d8dde6"/>'
            f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end">{label}</text>'
        )
    for value in (-GOLDSTEIN_MAX, 0.0, GOLDSTEIN_MAX):  # Goldstein, right
        y = _goldstein_y(value, frame)
        out.append(f'<text x="{_n(right + 6)}" y="{_n(y + 4)}">{_e(_tick(value))}</text>')
    middle = frame.top + frame.plot_height / 2
    out.append(
        f'<text class="axis-label" transform="translate(12 {_n(middle)}) rotate(-90)" '
        f'text-anchor="middle">Events per {_e(interval)}</text>'
        f'<text class="axis-label" transform="translate({frame.width - 8} {_n(middle)}) '
        f'rotate(90)" text-anchor="middle">Mean Goldstein</text>'
    )
    slot = frame.plot_width / len(points)
    widest = max(len(p.period) for p in points) * 6.5 + 10
    every = max(1, math.ceil(widest / slot))
    for i in range(0, len(points), every):
        x = left + (i + 0.5) * slot
        out.append(
            f'<text class="period" x="{_n(x)}" y="{_n(base + 16)}" text-anchor="middle">'
            f"{_e(points[i].period)}</text>"
        )
    out.append(
        f'<line x1="{left}" x2="{_n(right)}" y1="{_n(base)}" y2="{_n(base)}" stroke="#5d6778"/>'
        f'<text class="axis-label" x="{_n(left + frame.plot_width / 2)}" '
        f'y="{frame.height - 6}" text-anchor="middle">{_e(interval.capitalize())}</text></g>'
    )
    return out


def _legend(frame: Frame) -> str:
    swatch = '<rect width="10" height="10" y="-9" fill="{}"/>'
    items = [(swatch.format(c), QUAD_LABELS[q]) for q, c in QUAD_COLOURS.items()]
    line = f'<line x1="0" x2="14" y1="-4" y2="-4" stroke="{GOLDSTEIN_LINE}" stroke-width="1.5"/>'
    items.append((line, "Mean Goldstein"))
    x, parts = frame.left, []
    for mark, label in items:
        parts.append(
            f'<g transform="translate({_n(x)} 16)">{mark}<text x="17">{_e(label)}</text></g>'
        )
        x += 24 + len(label) * 6.2
    return f'<g class="legend" {FONT} fill="#1d2430">{"".join(parts)}</g>'


def series_chart(
    points: Sequence[SeriesPoint],
    *,
    title: str,
    interval: str,
    chart_id: str = "series-chart",
    frame: Frame = Frame(),
) -> str:
    """An SVG of ``points``: stacked bars of events per quad class per period (left axis)
    and the mean Goldstein score per period (line, right axis from −10 to +10), with a
    title, a description, axis labels and a legend. ``chart_id`` must be unique in the page.
    """
    head = (
        f'<svg xmlns="{SVG_NS}" class="gs-chart" viewBox="0 0 {frame.width} {frame.height}" '
        f'role="img" aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc">'
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>'
    )
    if not points:
        return (
            f'{head}<desc id="{_e(chart_id)}-desc">No dated events to chart.</desc>'
            f'<text x="{frame.width // 2}" y="{frame.height // 2}" text-anchor="middle" '
            f"{FONT}>No dated events to chart.</text></svg>"
        )
    y_max = nice_ceiling(max(p.count for p in points))
    total = sum(p.count for p in points)
    periods = f"{len(points)} period{'s' if len(points) != 1 else ''}"
    desc = (
        f"Events per {interval} by quad class (stacked bars, left axis) and their mean "
        f"Goldstein score (line, right axis, −10 to +10), {points[0].period} to "
        f"{points[-1].period}: {total} dated events in {periods}."
    )
    return "".join(
        [
            head,
            f'<desc id="{_e(chart_id)}-desc">{_e(desc)}</desc>',
            _legend(frame),
            *_axes(points, frame, y_max, interval),
            '<g class="bars">',
            *_bars(points, frame, y_max),
            "</g>",
            *_goldstein_line(points, frame),
            "</svg>",
        ]
    )


def sparkline(values: Sequence[int], *, label: str, width: int = 120, height: int = 24) -> str:
    """A small line of ``values`` (events per month), scaled to its own maximum; ``label``
    is its accessible name and tooltip."""
    head = (
        f'<svg xmlns="{SVG_NS}" class="gs-spark" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>"
    )
    if not values:
        return head + "</svg>"
    top = max(max(values), 1)
    pad = 2
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    coords = [
        (pad + i * step, height - pad - (height - 2 * pad) * v / top) for i, v in enumerate(values)
    ]
    if len(coords) == 1:
        x, y = coords[0]
        return f'{head}<circle cx="{_n(x)}" cy="{_n(y)}" r="2" fill="{SPARK_COLOUR}"/></svg>'
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
    return (
        f'{head}<polyline points="{points}" fill="none" stroke="{SPARK_COLOUR}" '
        'stroke-width="1.5" stroke-linejoin="round"/></svg>'
    )
