"""The relationship-change statistic on constructed window series."""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.analysis.change_finder import dyad_windows, plan_windows
from graphsvc.analysis.changes import ChangeRules, DyadWindows, WindowSums, change_of, score_changes


def _window(*scores: float) -> WindowSums:
    return WindowSums(len(scores), sum(scores), sum(s * s for s in scores))


STEADY = [_window(3.0, 1.0, 2.0, 4.0), _window(2.0, 3.0, 1.0), _window(4.0, 2.0, 2.0, 1.0)] * 2
RULES = ChangeRules()


def test_a_souring_dyad_ranks_first_and_a_steady_one_is_not_listed() -> None:
    sour = DyadWindows("RUS", "TUR", STEADY, _window(-8.0, -10.0, -4.0, -6.0))
    steady = DyadWindows("ARM", "FRA", STEADY, _window(2.0, 3.0, 1.0, 2.0))
    busier = DyadWindows("CHN", "USA", STEADY, _window(*[2.5] * 9))  # volume up, tone the same
    found = score_changes([steady, busier, sour], RULES)
    assert [(c.a, c.b) for c in found] == [("RUS", "TUR"), ("CHN", "USA")]
    assert found[0].souring and found[0].goldstein_z < -10
    assert not found[1].souring and found[1].volume_z > 2 and abs(found[1].goldstein_z) < 2
    assert change_of(steady, RULES).score < RULES.min_score  # judged, but below the bar


def test_too_few_events_are_excluded() -> None:
    recent = _window(-10.0, -10.0, -10.0)
    thin = [WindowSums()] * 5 + [_window(3.0, 3.0)]  # 2 baseline events in one window
    assert change_of(DyadWindows("A", "B", thin, recent), RULES) is None
    one_window = [WindowSums()] * 5 + [_window(*[3.0] * 6)]  # enough events, one window
    assert change_of(DyadWindows("A", "B", one_window, recent), RULES) is None
    assert change_of(DyadWindows("A", "B", STEADY, _window(-10.0)), RULES) is None  # 1 recent
    loose = ChangeRules(min_baseline_events=2, min_baseline_windows=1, min_recent_events=1)
    assert change_of(DyadWindows("A", "B", thin, recent), loose) is not None


def test_identical_baseline_scores_give_finite_scores() -> None:
    same = [_window(1.0, 1.0)] * 6
    change = change_of(DyadWindows("A", "B", same, _window(1.0, 1.0, 1.0, 1.0, 0.0)), RULES)
    assert change is not None and change.goldstein_z == pytest.approx(-0.2 * 5**0.5)


def test_volume_z_uses_the_poisson_floor() -> None:
    # Baseline 4 events every window (sd 0): 8 recent events are (8 - 4) / √4 = 2 sd up.
    flat = [_window(1.0, 1.0, 1.0, 1.0)] * 6
    change = change_of(DyadWindows("A", "B", flat, _window(*[1.0] * 8)), RULES)
    assert change is not None and change.volume_z == pytest.approx(2.0)
    assert change.goldstein_z == 0


def test_plan_windows_defaults_and_bounds() -> None:
    plan = plan_windows(date(2021, 3, 1), None, 3, date(2021, 3, 10))
    assert (plan.since, plan.until, plan.days) == (date(2021, 3, 1), date(2021, 3, 10), 10)
    assert plan.starts == [date(2021, 1, 30), date(2021, 2, 9), date(2021, 2, 19), plan.since]
    latest = plan_windows(None, None, 6, date(2021, 3, 10))
    assert (latest.since, latest.until, latest.days) == (date(2021, 2, 9), date(2021, 3, 10), 30)
    early = plan_windows(date(1, 1, 20), 10, 3, None)  # cut at the calendar's first day
    assert early.starts == [date(1, 1, 1), date(1, 1, 1), date(1, 1, 10), date(1, 1, 20)]
    late = plan_windows(date(9999, 12, 30), 10, 3, None)
    assert late.until == date(9999, 12, 31)
    assert plan_windows(date(1, 1, 1), None, 2, date(1, 1, 1)).baseline_from == date(1, 1, 1)


def test_dyad_windows_fill_empty_windows_with_zeros() -> None:
    rows = [("RUS", "TUR", 0, 2, 4.0, 8.0), ("RUS", "TUR", 3, 1, -1.0, 1.0)]
    (only,) = dyad_windows(rows, baselines=3)
    assert only.baseline == [WindowSums(2, 4.0, 8.0), WindowSums(), WindowSums()]
    assert only.recent == WindowSums(1, -1.0, 1.0)
