"""eval/calibration.py: thresholds keep only confident events; buckets count right and wrong."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

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
    assert rows[0.5]["pair"]["precision"] == 1.0  # the two unsure events are gone
    assert rows[0.5]["pair"]["recall"] == 0.5
    buckets = {b["bucket"]: b for b in result["buckets"]}
    assert buckets["[0.30, 0.50)"]["events"] == 2
    assert buckets["[0.30, 0.50)"]["precision"] == 0.5
    assert buckets["[0.85, 1.00]"]["precision"] == 1.0
    assert buckets["[0.00, 0.30)"]["events"] == 0
