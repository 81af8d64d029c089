"""Quality floors: the coder's scores on the team's gold sets and the public PLOVER records.

Floors sit just under the scores measured when they were set (see the README's
"Extraction quality" table); a change that lowers quality fails here. Raise them as the
coder improves — never lower them to get a change through.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.evaluate import run_evaluation
from graphsvc.extract import Extractor

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "eval" / "devset.jsonl"
SHARED_EVAL = ROOT.parent / "shared" / "eval"

# measured 2026-11-29 (second session, end): dev pair 0.937, pair_root 0.846, directed
# 0.818, negated 0; long-dev pair 0.854 / pair_root 0.731; long-heldout pair 0.730 /
# pair_root 0.603; PLOVER pair 0.728
DEV_FLOORS = {"pair": 0.935, "pair_root": 0.85, "directed": 0.825}
DEV_MAX_NEGATED_EMITTED = 0
LONG_FLOORS = {
    "long-dev.jsonl": {"pair": 0.865, "pair_root": 0.735},
    "long-heldout.jsonl": {"pair": 0.725, "pair_root": 0.6},
}
# PLOVER codes armed groups by nationality ("Albanian rebels" → ALB); our annotation rules
# do not (an edge Macedonia–Albania for fighting Albanian rebels would be invented), which
# cost 0.03 here when the coder stopped doing it. Measured after that: 0.728.
PLOVER_PAIR_FLOOR = 0.725
# (an older, lower LONG_FLOORS used to follow here and silently replaced the one above)
# measured 2026-12-04 (issue 11 coder lane): dev 0.937 / 0.848 / 0.823; long-dev 0.863 /
# 0.734; long-heldout 0.736 / 0.602; PLOVER pair 0.736
# raised 2026-12-04 evening after the real-news coder lanes (a, b, c) merged: dev 0.944 /
# 0.858 / 0.834; long-dev 0.876 / 0.747; long-heldout 0.734 / 0.608; PLOVER pair 0.736


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_dev_set_floors(extractor: Extractor) -> None:
    report = run_evaluation(extractor, DEVSET, "gold")
    scores = {level: report.levels[level].f1 for level in DEV_FLOORS}
    print("dev set F1:", scores, "negated emitted:", report.negated_emitted)
    for level, floor in DEV_FLOORS.items():
        assert scores[level] >= floor, f"dev {level} F1 {scores[level]:.3f} < floor {floor}"
    assert report.negated_emitted <= DEV_MAX_NEGATED_EMITTED


@pytest.mark.parametrize("name", sorted(LONG_FLOORS))
def test_long_story_floors(extractor: Extractor, name: str) -> None:
    """Long wire stories (8-20 sentences, quotes, background) — and no crash on any."""
    report = run_evaluation(extractor, ROOT / "eval" / name, "gold")
    scores = {level: report.levels[level].f1 for level in LONG_FLOORS[name]}
    print(name, "F1:", scores, "negated emitted:", report.negated_emitted)
    for level, floor in LONG_FLOORS[name].items():
        assert scores[level] >= floor, f"{name} {level} F1 {scores[level]:.3f} < floor {floor}"
    assert report.negated_emitted == 0


def test_plover_pair_floor(extractor: Extractor) -> None:
    gold = SHARED_EVAL / "plover" / "PLOVER_GSR_CAMEO.json"
    if not gold.exists():
        pytest.skip("../shared/eval is not beside the checkout")
    report = run_evaluation(extractor, gold, "plover")
    f1 = report.levels["pair"].f1
    print("PLOVER pair F1:", round(f1, 3))
    assert f1 >= PLOVER_PAIR_FLOOR, f"PLOVER pair F1 {f1:.3f} < floor {PLOVER_PAIR_FLOOR}"
