"""Visual encodings of the graph page: colours and sizes (kept in step with static/view.css)."""

from __future__ import annotations

import math

CONFLICT_RGB = (0xC6, 0x28, 0x28)  # Goldstein -10
NEUTRAL_RGB = (0x9E, 0x9E, 0x9E)  # Goldstein 0
COOPERATION_RGB = (0x2E, 0x7D, 0x32)  # Goldstein +10
KIND_COLOURS = {"state": "#4e79a7", "igo": "#f28e2b"}
OTHER_COLOUR = "#8c8c8c"
# An edge whose events' mean extraction confidence is below this is drawn dashed and faint.
# Confidence is calibrated (graphsvc/extract/calibration.py): on the annotated sets it was
# fitted on, events under 0.75 were right about three times in four, those above nine in
# ten (on unseen real news both lower: eval/calibration.py --realnews). The legend says so.
LOW_CONFIDENCE = 0.75
LOW_CONFIDENCE_DASHES = [6, 6]  # vis-network: dash and gap, in pixels
LOW_CONFIDENCE_OPACITY = 0.45


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> str:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"


def goldstein_colour(score: float) -> str:
    """Red (-10) through grey (0) to green (+10); scores outside the scale are clamped."""
    t = max(-1.0, min(1.0, score / 10.0))
    if t < 0:
        return _mix(NEUTRAL_RGB, CONFLICT_RGB, -t)
    return _mix(NEUTRAL_RGB, COOPERATION_RGB, t)


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def node_size(count: int, max_count: int) -> float:
    """Dot radius 8..40 by event count (area grows with activity)."""
    if max_count <= 0:
        return 8.0
    return round(8 + 32 * math.sqrt(max(count, 0) / max_count), 2)


def edge_width(count: int, max_count: int) -> float:
    """Line width 1..8 by event count, logarithmic so one busy dyad does not dwarf the rest."""
    if max_count <= 1:
        return 1.0
    return round(1 + 7 * math.log(max(count, 1)) / math.log(max_count), 2)


QUAD_LABELS = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}

# Quad classes on the same red–grey–green scale as the edges: verbal ones half-way from
# grey, material ones at the ends (series charts, sparklines' legend, event tables).
QUAD_COLOURS = {
    1: _mix(NEUTRAL_RGB, COOPERATION_RGB, 0.5),
    2: _mix(NEUTRAL_RGB, COOPERATION_RGB, 1.0),
    3: _mix(NEUTRAL_RGB, CONFLICT_RGB, 0.5),
    4: _mix(NEUTRAL_RGB, CONFLICT_RGB, 1.0),
}
GOLDSTEIN_LINE = "#1d2430"  # the pages' text colour: the mean Goldstein line over the bars
