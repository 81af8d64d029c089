"""Pydantic models of /changes: dyads whose recent window departs from their baseline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from graphsvc.analysis.change_finder import ChangeFound, ChangeReport
from graphsvc.api.schemas import EXAMPLE_EVENT, EventPublic

CHANGES_DESCRIPTION = """\
Dyads (unordered actor pairs, both directions together) whose **recent window** departs most
from their own **baseline**, in volume and in Goldstein score.

The recent window starts at `since` and lasts `window` days (by default from `since` to the
newest event; without `since`, the 30 days up to the newest event). The baseline is the
`baselines` windows of the same length just before it. The database sums each dyad's events
per window; then, per dyad:

- `volume_z` = (recent events − mean events per baseline window) / max(sd of the baseline
  windows' counts, √mean, 1);
- `goldstein_z` = (recent mean Goldstein − baseline mean Goldstein) / (max(sd of the
  baseline events' Goldstein, 1) / √recent events) — negative when the dyad sours;
- `score` = √(volume_z² + goldstein_z²), listed highest first when at least `min_score`.

A dyad needs `min_baseline_events` baseline events spread over `min_baseline_windows`
windows and `min_recent_events` recent ones to be judged. Each listed dyad carries the
recent window's most negative (`lowest`) and most positive (`highest`) events.
"""

_EXAMPLE_CHANGE = {
    "a": "RUS",
    "b": "TUR",
    "a_label": "Russia",
    "b_label": "Turkey",
    "score": 9.41,
    "goldstein_z": -9.2,
    "volume_z": 2.0,
    "souring": True,
    "recent": {"events": 8, "goldstein_mean": -4.25, "goldstein_sum": -34.0},
    "baseline": {"events": 24, "events_per_window": 4.0, "goldstein_mean": 2.1},
    "relation_url": "/view/relations/RUS/TUR",
    "lowest": [{**EXAMPLE_EVENT, "code": "190", "goldstein": -10.0}],
    "highest": [EXAMPLE_EVENT],
}


class WindowFigures(BaseModel):
    events: int
    goldstein_mean: float | None
    goldstein_sum: float


class BaselineFigures(BaseModel):
    events: int = Field(description="Events over all baseline windows.")
    events_per_window: float
    goldstein_mean: float


class DyadChangePublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_CHANGE]})

    a: str = Field(description="One actor code (the dyad's codes in alphabetical order).")
    b: str
    a_label: str
    b_label: str
    score: float = Field(description="√(volume_z² + goldstein_z²).")
    goldstein_z: float
    volume_z: float
    souring: bool = Field(description="The recent mean Goldstein is below the baseline's.")
    recent: WindowFigures
    baseline: BaselineFigures
    relation_url: str = Field(description="The dyad's page.")
    lowest: list[EventPublic] = Field(description="The recent window's most negative events.")
    highest: list[EventPublic] = Field(description="Its most positive events.")

    @classmethod
    def from_domain(cls, found: ChangeFound, label: Callable[[str], str]) -> DyadChangePublic:
        c = found.change
        mean = c.recent.mean
        return cls(
            a=c.a,
            b=c.b,
            a_label=label(c.a),
            b_label=label(c.b),
            score=round(c.score, 3),
            goldstein_z=round(c.goldstein_z, 3),
            volume_z=round(c.volume_z, 3),
            souring=c.souring,
            recent=WindowFigures(
                events=c.recent.n,
                goldstein_mean=None if mean is None else round(mean, 3),
                goldstein_sum=round(c.recent.goldstein_sum, 3),
            ),
            baseline=BaselineFigures(
                events=c.baseline_events,
                events_per_window=round(c.baseline_mean_count, 3),
                goldstein_mean=round(c.baseline_mean_goldstein, 3),
            ),
            relation_url=f"/view/relations/{c.a}/{c.b}",
            lowest=[EventPublic.from_domain(e) for e in found.lowest],
            highest=[EventPublic.from_domain(e) for e in found.highest],
        )


class ChangesPublic(BaseModel):
    since: date = Field(description="First day of the recent window.")
    until: date = Field(description="Its last day.")
    window: int = Field(description="Days per window.")
    baselines: int = Field(description="Baseline windows before the recent one.")
    baseline_from: date = Field(description="First day of the oldest baseline window.")
    dyads_scored: int = Field(description="Dyads with events in any of the windows.")
    count: int = Field(description="Dyads listed.")
    data: list[DyadChangePublic]

    @classmethod
    def from_domain(cls, report: ChangeReport, label: Callable[[str], str]) -> ChangesPublic:
        w = report.windows
        data = [DyadChangePublic.from_domain(f, label) for f in report.changes]
        return cls(
            since=w.since,
            until=w.until,
            window=w.days,
            baselines=w.baselines,
            baseline_from=w.baseline_from,
            dyads_scored=report.dyads_scored,
            count=len(data),
            data=data,
        )
