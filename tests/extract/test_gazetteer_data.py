"""Validate the state and IGO gazetteer tables (graphsvc/extract/data/*.yaml).

The reference set of UN members below is written independently of the data file, so a
missing, misspelt or invented code in the table fails here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "graphsvc" / "extract" / "data"


def _codes(block: str) -> frozenset[str]:
    return frozenset(re.findall(r"[A-Z0-9]{3}", block))


# The 193 UN member states, ISO 3166-1 alpha-3.
UN_MEMBERS = _codes(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
    BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
    CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
    FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
    IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
    LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
    NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
    MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
    ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
    UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """
)
UN_OBSERVERS = frozenset({"VAT", "PSE"})
NON_UN = frozenset({"XKX", "TWN"})

STATE_KEYS = {"code", "label", "names", "adjectives", "demonyms", "capital", "seats", "un"}
OPTIONAL_STATE_KEYS = {"forces", "services"}  # armies and intelligence services by name
IGO_KEYS = {"code", "label", "names", "adjectives", "seats", "kind"}
# IGO codes the shared contract fixes (brief-common.md); the table may add more.
CONTRACT_IGOS = _codes(
    """
    UNO NAT EUR AFR OSC ASN ARL GCC WHO IMF WBK ICC OPC SCO BRI G7S G20 CIS CST ECW
    OAS OIC IAE WTO ICJ UNH UNI IRC APC
    """
)
ALIAS_FIELDS = ("names", "adjectives", "demonyms", "seats", "forces", "services")


@cache
def _load(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list), f"{name} must be a YAML list"
    return data


def states() -> list[dict[str, Any]]:
    return _load("countries.yaml")


def igos() -> list[dict[str, Any]]:
    return _load("igos.yaml")


def _aliases(entry: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for field in ALIAS_FIELDS:
        out.extend(entry.get(field, []))
    if entry.get("capital"):
        out.append(entry["capital"])
    return out


def _key(alias: str) -> str:
    # The matcher treats "the Netherlands" and "Netherlands" as the same alias.
    return re.sub(r"^the\s+", "", alias, flags=re.IGNORECASE)


def _owners(fold_case: bool) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in states() + igos():
        for alias in _aliases(entry):
            key = _key(alias)
            owners[key.casefold() if fold_case else key].add(entry["code"])
    return owners


def _resolve(alias: str) -> str:
    (code,) = _owners(fold_case=False)[_key(alias)]
    return code


def test_state_count_and_membership() -> None:
    assert len(UN_MEMBERS) == 193
    codes = [e["code"] for e in states()]
    assert len(codes) == 197
    assert set(codes) == UN_MEMBERS | UN_OBSERVERS | NON_UN


def test_un_status_matches_reference() -> None:
    for entry in states():
        code = entry["code"]
        expected = (
            "member" if code in UN_MEMBERS else "observer" if code in UN_OBSERVERS else "none"
        )
        assert entry["un"] == expected, code


def test_codes_unique_and_well_formed() -> None:
    all_codes = [e["code"] for e in states() + igos()]
    assert len(all_codes) == len(set(all_codes)), "a code is used twice"
    for entry in states():
        assert re.fullmatch(r"[A-Z]{3}", entry["code"]), entry["code"]
    for entry in igos():
        assert re.fullmatch(r"[A-Z0-9]{3}", entry["code"]), entry["code"]
    assert {e["code"] for e in igos()} >= CONTRACT_IGOS


def _check_str_list(entry: dict[str, Any], field: str) -> None:
    value = entry[field]
    assert isinstance(value, list), f"{entry['code']}.{field} must be a list"
    for item in value:
        assert isinstance(item, str), f"{entry['code']}.{field}: {item!r} is not a string"
        assert item and item == item.strip(), f"{entry['code']}.{field}: bad {item!r}"
        assert "  " not in item, f"{entry['code']}.{field}: double space in {item!r}"


@pytest.mark.parametrize("entry", states(), ids=lambda e: e.get("code", "?"))
def test_state_entry_schema(entry: dict[str, Any]) -> None:
    assert STATE_KEYS <= set(entry) <= STATE_KEYS | OPTIONAL_STATE_KEYS
    assert isinstance(entry["label"], str) and entry["label"]
    for field in ALIAS_FIELDS:
        if field in entry or field not in OPTIONAL_STATE_KEYS:
            _check_str_list(entry, field)
    assert entry["names"], f"{entry['code']} has no names"
    assert entry["label"] in entry["names"], f"{entry['code']}: label not among names"
    capital = entry["capital"]
    assert capital is None or (isinstance(capital, str) and capital == capital.strip() and capital)
    assert entry["un"] in {"member", "observer", "none"}


@pytest.mark.parametrize("entry", igos(), ids=lambda e: e.get("code", "?"))
def test_igo_entry_schema(entry: dict[str, Any]) -> None:
    assert set(entry) == IGO_KEYS
    assert entry["kind"] == "igo"
    assert isinstance(entry["label"], str) and entry["label"]
    for field in ("names", "adjectives", "seats"):
        _check_str_list(entry, field)
    assert entry["names"], f"{entry['code']} has no names"
    assert entry["label"] in entry["names"], f"{entry['code']}: label not among names"


def test_labels_unique() -> None:
    labels = [e["label"] for e in states() + igos()]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("fold_case", [False, True], ids=["exact", "casefold"])
def test_no_alias_shared_by_two_codes(fold_case: bool) -> None:
    clashes = {a: sorted(c) for a, c in _owners(fold_case).items() if len(c) > 1}
    assert not clashes, f"aliases resolving to more than one actor: {clashes}"


def test_non_capital_cities_are_not_actors() -> None:
    # Host cities and big non-capital cities stand for places, not governments.
    banned = {
        "Istanbul",
        "St Petersburg",
        "St. Petersburg",
        "Sochi",
        "Brussels",
        "Geneva",
        "New York",
        "Strasbourg",
        "Addis Ababa Summit",
        "Shanghai",
        "Almaty",
        "Dubai",
    }
    owners = _owners(fold_case=False)
    assert not banned & set(owners)


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Kremlin", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Turks", "TUR"),
        ("U.S.", "USA"),
        ("White House", "USA"),
        ("Britain", "GBR"),
        ("Downing Street", "GBR"),
        ("Azeri", "AZE"),
        ("Azerbaijanis", "AZE"),
        ("Ivory Coast", "CIV"),
        ("Burma", "MMR"),
        ("Swaziland", "SWZ"),
        ("Holland", "NLD"),
        ("The Hague", "NLD"),
        ("DRC", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("DPRK", "PRK"),
        ("Republic of Korea", "KOR"),
        ("Czech Republic", "CZE"),
        ("Vatican", "VAT"),
        ("Palestinian Authority", "PSE"),
        ("Emirati", "ARE"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Élysée", "FRA"),
        ("Zhongnanhai", "CHN"),
        ("Pristina", "XKX"),
        ("Taipei", "TWN"),
        ("NATO", "NAT"),
        ("U.N.", "UNO"),
        ("UN Security Council", "UNO"),
        ("European Commission", "EUR"),
        ("AU", "AFR"),
        ("Minsk Group", "OSC"),
        ("WHO", "WHO"),
        ("UNHCR", "UNH"),
        ("ICRC", "IRC"),
        ("Council of Europe", "COE"),
    ],
)
def test_key_aliases_resolve(alias: str, code: str) -> None:
    assert _resolve(alias) == code


def test_places_lie_in_listed_states_and_shadow_no_actor_name() -> None:
    with (DATA / "places.yaml").open(encoding="utf-8") as fh:
        places = yaml.safe_load(fh)
    states = {row["code"]: row for row in _load("countries.yaml")}
    actor_names = set()
    for row in states.values():
        for key in ("label", "names", "adjectives", "demonyms", "capital", *ALIAS_FIELDS[3:]):
            value = row.get(key) or []
            actor_names |= {value} if isinstance(value, str) else set(value)
    seen: dict[str, str] = {}
    for code, names in places.items():
        assert code in states, f"places.yaml: {code} is not a state of countries.yaml"
        for name in names:
            assert name not in actor_names, f"places.yaml: {name} is already an actor name"
            assert seen.setdefault(name, code) == code, f"places.yaml: {name} under two states"
