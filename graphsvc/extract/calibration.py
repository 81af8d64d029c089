"""From the coder's raw score to a confidence that reads as a precision.

The coder scores each event from how it was found (verb or noun trigger, how its actors
were resolved, an ambiguous name, a completed pattern): a ranking, not a probability.
``data/calibration.json`` maps that raw score to the share of events with such a score that
were right in annotated data (pair and CAMEO root in the gold), fitted by isotonic
regression in ``eval/calibration.py --fit``: the map never decreases, so it keeps the
ranking, and an analyst's ``min_confidence=0.7`` then means "events right about 70 % of the
time or more on the data it was fitted on". Between fitted points the map is linear.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "calibration.json"


@dataclass(frozen=True)
class Calibration:
    """A non-decreasing piecewise-linear map from raw score to confidence."""

    raw: tuple[float, ...]
    calibrated: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.raw) != len(self.calibrated) or not self.raw:
            raise ValueError("a calibration needs as many calibrated values as raw points")
        if any(b < a for a, b in zip(self.raw, self.raw[1:], strict=False)):
            raise ValueError("calibration raw points must be sorted")
        if any(b < a for a, b in zip(self.calibrated, self.calibrated[1:], strict=False)):
            raise ValueError("a calibration must not decrease")
        if not all(0.0 <= v <= 1.0 for v in (*self.raw, *self.calibrated)):
            raise ValueError("calibration values must lie in [0, 1]")

    def __call__(self, raw: float) -> float:
        xs, ys = self.raw, self.calibrated
        if raw <= xs[0]:
            return ys[0]
        if raw >= xs[-1]:
            return ys[-1]
        i = bisect_right(xs, raw)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        share = (raw - x0) / (x1 - x0) if x1 > x0 else 1.0
        return round(y0 + share * (y1 - y0), 3)

    def to_json(self, fitted_on: dict[str, int]) -> str:
        body = {"fitted_on": fitted_on, "raw": self.raw, "calibrated": self.calibrated}
        return json.dumps(body, indent=1) + "\n"


IDENTITY = Calibration((0.0, 1.0), (0.0, 1.0))


@lru_cache(maxsize=1)
def load_calibration(path: Path = DATA) -> Calibration:
    """The fitted map shipped with the package (the identity when none was fitted)."""
    if not path.exists():
        return IDENTITY
    body = json.loads(path.read_text(encoding="utf-8"))
    return Calibration(tuple(body["raw"]), tuple(body["calibrated"]))


def isotonic(points: list[tuple[float, bool]]) -> Calibration:
    """Pool-adjacent-violators over (raw score, right?) pairs: for each distinct raw score
    the share right, merged with neighbours until the shares never decrease."""
    by_score: dict[float, list[int]] = {}
    for score, right in points:
        tally = by_score.setdefault(score, [0, 0])
        tally[0] += 1
        tally[1] += int(right)
    # blocks of [first score, last score, events, right]
    blocks: list[list[float]] = []
    for score in sorted(by_score):
        n, r = by_score[score]
        blocks.append([score, score, n, r])
        while len(blocks) > 1 and blocks[-2][3] / blocks[-2][2] > blocks[-1][3] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1][1] = last[1]
            blocks[-1][2] += last[2]
            blocks[-1][3] += last[3]
    raw: list[float] = []
    calibrated: list[float] = []
    for first, last, n, r in blocks:
        # Laplace's rule of succession: a block of three right events is not "always right"
        share = round((r + 1) / (n + 2), 3)
        # a pooled block is flat from its first score to its last
        for x in (first, last) if last > first else (first,):
            raw.append(x)
            calibrated.append(share)
    return Calibration(tuple(raw), tuple(calibrated))
