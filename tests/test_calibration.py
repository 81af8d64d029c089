"""eval/calibration.py: thresholds keep only confident events; buckets count right and wrong."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from graphsvc.evaluate import GoldDoc, GoldEvent
from graphsvc.models import Event

SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "calibration.py"


def _module():
    spec = importlib.util.spec_from_file_location("calibration", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["calibration"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _event(source: str, target: str, code: str, confidence: float) -> Event:
    return Event(
        source=source,
        target=target,
        code=code,
        root=code[:2],
        quad_class=1,
        goldstein=0.0,
        label="",
        date=None,
        date_precision="none",
        sentence="",
        confidence=confidence,
    )


def test_thresholds_and_buckets() -> None:
    calibration = _module()
    gold = [
        GoldDoc(
            "d1",
            "text",
            None,
            (GoldEvent("FRA", "DEU", "04", "040", True), GoldEvent("RUS", "UKR", "19", "190")),
        )
    ]
    predicted = {
        "d1": [
            _event("FRA", "DEU", "040", 0.9),  # right, confident
            _event("RUS", "UKR", "190", 0.45),  # right, unsure
            _event("RUS", "POL", "190", 0.4),  # wrong, unsure
        ]
    }
    result = calibration.calibrate(gold, predicted)
    rows = {row["threshold"]: row for row in result["thresholds"]}
    assert rows[0.0]["pair"]["precision"] == round(2 / 3, 3)
    assert rows[0.0]["pair"]["recall"] == 1.0
    assert rows[0.6]["pair"]["precision"] == 1.0  # the two unsure events are gone
    assert rows[0.6]["pair"]["recall"] == 0.5
    buckets = {b["bucket"]: b for b in result["buckets"]}
    assert buckets["[0.00, 0.50)"]["events"] == 2
    assert buckets["[0.00, 0.50)"]["precision"] == 0.5
    assert buckets["[0.90, 1.00]"]["precision"] == 1.0
    assert buckets["[0.50, 0.60)"]["events"] == 0


def test_isotonic_map_pools_violations_and_never_decreases() -> None:
    from graphsvc.extract.calibration import Calibration, isotonic

    # 0.5: 1 of 4 right; 0.6: 3 of 4 (more than 0.7's 2 of 4: pooled); 0.9: 4 of 4
    points = [(0.5, i < 1) for i in range(4)] + [(0.6, i < 3) for i in range(4)]
    points += [(0.7, i < 2) for i in range(4)] + [(0.9, True) for _ in range(4)]
    fitted = isotonic(points)
    assert fitted.raw == (0.5, 0.6, 0.7, 0.9)
    # shares with Laplace's rule: (1+1)/(4+2), (5+1)/(8+2) for the pooled block, (4+1)/(4+2)
    assert fitted.calibrated == (0.333, 0.6, 0.6, 0.833)
    assert fitted(0.4) == 0.333 and fitted(0.95) == 0.833
    assert abs(fitted(0.8) - (0.6 + 0.833) / 2) < 0.001  # linear between points
    with pytest.raises(ValueError):
        Calibration((0.2, 0.8), (0.7, 0.3))  # a decreasing map would reorder events


def test_the_extractor_applies_the_shipped_map(monkeypatch) -> None:
    from graphsvc.extract import Extractor
    from graphsvc.extract.calibration import IDENTITY, Calibration

    text = "France condemned Germany on Monday."
    raw = Extractor(calibration=IDENTITY).extract(text)
    halved = Calibration((0.0, 1.0), (0.0, 0.5))
    mapped = Extractor(calibration=halved).extract(text)
    assert raw and [e.confidence for e in mapped] == [round(e.confidence / 2, 3) for e in raw]
