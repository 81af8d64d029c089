"""Relationship change: which dyads' recent window departs most from their own baseline.

Time is cut into windows of ``window`` days: the *recent* window starts at ``since``; the
``baselines`` windows of the same length right before it form the dyad's *baseline*. The
store sums each dyad's events per window (count, Goldstein sum, sum of squared Goldstein:
three numbers per dyad and window, from one GROUP BY). From those sums, per dyad:

- **volume z** = (recent count − baseline mean count) / max(baseline sd, √baseline mean, 1):
  how unusual the recent number of events is, against the spread of the baseline windows
  (empty ones included), floored at the Poisson spread so a quiet dyad's 0 → 2 is no alarm;
- **Goldstein z** = (recent mean − baseline mean) / (max(baseline sd, 1) / √recent count):
  how many standard errors the recent mean Goldstein score lies from the baseline's, with
  the baseline sd taken over its events (floored at 1 point so a baseline of identical
  scores does not make every change infinite);
- **score** = √(volume z² + Goldstein z²), the distance from the baseline; dyads at or
  above ``min_score`` are listed, highest first.

A dyad is left out unless its baseline holds ``min_baseline_events`` events spread over at
least ``min_baseline_windows`` windows and its recent window ``min_recent_events``: without
a baseline there is nothing to depart from.

>>> steady = [WindowSums(4, 8.0, 16.0)] * 6
>>> sour = DyadWindows("RUS", "TUR", steady, WindowSums(4, -24.0, 144.0))
>>> [c.souring for c in score_changes([sour], ChangeRules())]
[True]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GOLDSTEIN_SD_FLOOR = 1.0


@dataclass(frozen=True, slots=True)
class WindowSums:
    """One dyad's events in one window: count, Goldstein sum and sum of squares."""

    n: int = 0
    goldstein_sum: float = 0.0
    goldstein_squares: float = 0.0

    @property
    def mean(self) -> float | None:
        return self.goldstein_sum / self.n if self.n else None


@dataclass(frozen=True, slots=True)
class DyadWindows:
    """An unordered dyad (a < b) with its baseline windows (oldest first) and recent one."""

    a: str
    b: str
    baseline: Sequence[WindowSums]
    recent: WindowSums


@dataclass(frozen=True, slots=True)
class ChangeRules:
    """Who is listed: the minimum counts and score (see the module docstring)."""

    min_baseline_events: int = 5
    min_baseline_windows: int = 2
    min_recent_events: int = 2
    min_score: float = 2.0


@dataclass(frozen=True, slots=True)
class DyadChange:
    a: str
    b: str
    score: float
    volume_z: float
    goldstein_z: float
    recent: WindowSums
    baseline_events: int
    baseline_mean_count: float  # events per baseline window
    baseline_mean_goldstein: float

    @property
    def souring(self) -> bool:
        """The recent mean Goldstein is below the baseline's."""
        return self.goldstein_z < 0


def _pooled(windows: Sequence[WindowSums]) -> WindowSums:
    return WindowSums(
        sum(w.n for w in windows),
        sum(w.goldstein_sum for w in windows),
        sum(w.goldstein_squares for w in windows),
    )


def change_of(dyad: DyadWindows, rules: ChangeRules) -> DyadChange | None:
    """The dyad's scores, or None when it has too few events to judge."""
    base, recent = _pooled(dyad.baseline), dyad.recent
    busy_windows = sum(1 for w in dyad.baseline if w.n)
    if (
        base.n < rules.min_baseline_events
        or busy_windows < rules.min_baseline_windows
        or recent.n < rules.min_recent_events
        or recent.n == 0
    ):
        return None
    k = len(dyad.baseline)
    mean_count = base.n / k
    count_sd = math.sqrt(sum((w.n - mean_count) ** 2 for w in dyad.baseline) / k)
    volume_z = (recent.n - mean_count) / max(count_sd, math.sqrt(mean_count), 1.0)
    base_mean = base.goldstein_sum / base.n
    variance = max(base.goldstein_squares / base.n - base_mean**2, 0.0)
    spread = max(math.sqrt(variance), GOLDSTEIN_SD_FLOOR) / math.sqrt(recent.n)
    goldstein_z = (recent.goldstein_sum / recent.n - base_mean) / spread
    return DyadChange(
        a=dyad.a,
        b=dyad.b,
        score=math.hypot(volume_z, goldstein_z),
        volume_z=volume_z,
        goldstein_z=goldstein_z,
        recent=recent,
        baseline_events=base.n,
        baseline_mean_count=mean_count,
        baseline_mean_goldstein=base_mean,
    )


def score_changes(dyads: Iterable[DyadWindows], rules: ChangeRules) -> list[DyadChange]:
    """The dyads departing from their baseline by at least ``rules.min_score``, the
    largest departure first (ties by dyad)."""
    found = [c for d in dyads if (c := change_of(d, rules)) and c.score >= rules.min_score]
    return sorted(found, key=lambda c: (-c.score, c.a, c.b))
