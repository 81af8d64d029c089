"""The CAMEO table: completeness, facts spot-checked, internal consistency."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphsvc.extract.ontology import (
    QUAD_CLASS_LABELS,
    CameoCode,
    load_ontology,
    quad_class_of_root,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def test_counts() -> None:
    onto = load_ontology()
    assert len(onto.all()) == 311
    roots = onto.roots()
    assert [r.code for r in roots] == [f"{i:02d}" for i in range(1, 21)]
    assert all(r.level == "root" for r in roots)


def test_cached() -> None:
    assert load_ontology() is load_ontology()


@pytest.mark.parametrize(
    ("code", "goldstein"),
    [
        ("041", 1.0),
        ("190", -10.0),
        ("057", 8.0),
        ("163", -8.0),
        ("112", -2.0),
        ("042", 1.9),
        ("0871", 9.0),
        ("045", 5.0),
        ("046", 7.0),
        ("166", -7.0),
        ("016", -2.0),
        ("1823", -10.0),
    ],
)
def test_goldstein_spot_checks(code: str, goldstein: float) -> None:
    assert load_ontology().get(code).goldstein == goldstein


def test_spot_entries() -> None:
    onto = load_ontology()
    assert onto.get("0871").quad_class == 2
    assert onto.get("0871").level == "sub"
    assert onto.get("041").label == "Discuss by telephone"
    assert onto.get("057").plover == "SUPPORT"
    assert onto.get("163").plover == "COERCE"
    assert onto.get("010").plover is None  # PLOVER drops roots 01 and 02
    assert onto.root_label("19") == "Fight"
    assert isinstance(onto.get("04"), CameoCode)


def test_unknown_code() -> None:
    onto = load_ontology()
    with pytest.raises(KeyError):
        onto.get("999")
    with pytest.raises(KeyError):
        onto.get("41")  # leading zero matters
    assert "041" in onto
    assert "41" not in onto
    assert 41 not in onto


def test_consistency() -> None:
    onto = load_ontology()
    codes = {c.code for c in onto.all()}
    for c in onto.all():
        assert c.root == c.code[:2]
        assert c.root in codes
        assert c.quad_class == quad_class_of_root(c.root)
        assert c.quad_class in QUAD_CLASS_LABELS
        assert c.level == {2: "root", 3: "base", 4: "sub"}[len(c.code)]
        assert -10.0 <= c.goldstein <= 10.0
        assert c.label and c.label == c.label.strip()
        if c.level == "sub":
            assert c.code[:3] in codes  # every sub code has its base code


def test_quad_class_of_root_bounds() -> None:
    assert quad_class_of_root("05") == 1
    assert quad_class_of_root("06") == 2
    assert quad_class_of_root("14") == 3
    assert quad_class_of_root("15") == 4
    with pytest.raises(ValueError):
        quad_class_of_root("21")


def test_matches_public_table() -> None:
    """The facts (code set, Goldstein, quad class, PLOVER type) agree with the public table."""
    path = SHARED / "eval" / "cameo" / "cameo_event_codes.csv"
    if not path.exists():
        pytest.skip("shared eval data absent")
    onto = load_ontology()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["code"] for r in rows} == {c.code for c in onto.all()}
    for r in rows:
        c = onto.get(r["code"])
        assert c.goldstein == float(r["goldstein_gdelt"]), c.code
        assert c.quad_class == int(r["quadclass_gdelt"]), c.code
        expected_plover = None if r["plover_event"] == "dropped" else r["plover_event"]
        assert c.plover == expected_plover, c.code
