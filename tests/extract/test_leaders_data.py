"""Checks of the office-holder tables in ``graphsvc/extract/data/leaders/*.yaml``.

Every file in the folder is validated against the same schema, so a table added by
someone else is held to the same rules. Names and aliases are checked across files:
a name that could point at two people cannot be resolved by date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

LEADERS_DIR = Path(__file__).resolve().parents[2] / "graphsvc" / "extract" / "data" / "leaders"
OFFICES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "igo_head",
}
ENTRY_KEYS = {"name", "aliases", "roles"}
ROLE_KEYS = {"country", "office", "start", "end"}
CODE = re.compile(r"[A-Z]{3}")

# States and organisations that major.yaml must cover without gaps since 2000.
G20_STATES = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA"]
G20_STATES += ["JPN", "KOR", "MEX", "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"]
CONFLICT_STATES = ["UKR", "BLR", "ISR", "PSE", "IRN", "IRQ", "SYR", "AFG", "PAK", "ARM"]
CONFLICT_STATES += ["AZE", "GEO", "PRK", "LBY", "YEM", "SDN", "SSD", "ETH", "ERI", "EGY"]
CONFLICT_STATES += ["LBN", "QAT", "VEN", "MMR", "SRB", "XKX"]
IGOS = ["EUR", "UNO", "NAT"]
MAJOR_CODES = G20_STATES + CONFLICT_STATES + IGOS
# Periods with no state office to list: Coalition Provisional Authority in Iraq, UN
# administration of Kosovo before its first institutions, South Sudan before independence.
COVERAGE_FROM = {"XKX": date(2002, 3, 4), "SSD": date(2011, 7, 9)}
COVERAGE_GAPS = {"IRQ": (date(2003, 4, 10), date(2004, 6, 27))}


def _load() -> list[tuple[str, dict[str, Any]]]:
    entries: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(LEADERS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name}: top level must be a list"
        entries.extend((path.name, entry) for entry in data)
    return entries


ENTRIES = _load()


def holders(country: str, office: str, day: date) -> set[str]:
    """Names of everyone holding ``office`` for ``country`` on ``day`` (ends inclusive)."""
    found: set[str] = set()
    for _, entry in ENTRIES:
        for role in entry["roles"]:
            if role["country"] != country or role["office"] != office:
                continue
            if role["start"] <= day and (role["end"] is None or day <= role["end"]):
                found.add(entry["name"])
    return found


def _month_starts(first: date, last: date) -> list[date]:
    days, year, month = [], first.year, first.month
    while date(year, month, 1) <= last:
        if date(year, month, 1) >= first:
            days.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def test_major_file_present() -> None:
    assert (LEADERS_DIR / "major.yaml").is_file()
    assert len(ENTRIES) > 300


@pytest.mark.parametrize(
    ("source", "entry"), ENTRIES, ids=[f"{s}:{e.get('name')}" for s, e in ENTRIES]
)
def test_entry_schema(source: str, entry: dict[str, Any]) -> None:
    assert isinstance(entry, dict), source
    assert set(entry) == ENTRY_KEYS, f"{source}: keys {sorted(entry)}"
    name = entry["name"]
    assert isinstance(name, str) and name.strip() == name and name
    aliases = entry["aliases"]
    assert isinstance(aliases, list)
    for alias in aliases:
        assert isinstance(alias, str) and alias.strip() == alias and alias, (name, alias)
    roles = entry["roles"]
    assert isinstance(roles, list) and roles, f"{name}: no roles"
    for role in roles:
        assert isinstance(role, dict) and set(role) == ROLE_KEYS, (name, role)
        assert isinstance(role["country"], str) and CODE.fullmatch(role["country"]), (name, role)
        assert role["office"] in OFFICES, (name, role)
        # PyYAML turns ISO dates into datetime.date; anything else is a typo.
        assert type(role["start"]) is date, (name, role)
        assert role["end"] is None or type(role["end"]) is date, (name, role)
        if role["end"] is not None:
            assert role["start"] <= role["end"], (name, role)


def test_no_person_listed_twice() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for source, entry in ENTRIES:
        where[entry["name"].casefold()].append(source)
    assert {n: s for n, s in where.items() if len(s) > 1} == {}


def test_no_alias_shared_between_people() -> None:
    # A person's own name counts too: an alias equal to someone else's name is a clash.
    owners: dict[str, set[str]] = defaultdict(set)
    for _, entry in ENTRIES:
        for text in (entry["name"], *entry["aliases"]):
            owners[text.casefold()].add(entry["name"])
    assert {t: sorted(o) for t, o in owners.items() if len(o) > 1} == {}


def test_same_office_terms_do_not_overlap_for_one_person() -> None:
    for _, entry in ENTRIES:
        by_office: dict[tuple[str, str], list[tuple[date, date | None]]] = defaultdict(list)
        for role in entry["roles"]:
            by_office[(role["country"], role["office"])].append((role["start"], role["end"]))
        for key, terms in by_office.items():
            terms.sort()
            for (_, end), (next_start, _) in pairwise(terms):
                assert end is not None and end <= next_start, (entry["name"], key, terms)


@pytest.mark.parametrize("code", MAJOR_CODES)
def test_major_states_have_a_head_every_month_since_2000(code: str) -> None:
    offices = ("igo_head",) if code in IGOS else ("head_of_state", "head_of_government")
    gap = COVERAGE_GAPS.get(code)
    missing = [
        day
        for day in _month_starts(COVERAGE_FROM.get(code, date(2000, 1, 1)), date.today())
        if not (gap and gap[0] <= day <= gap[1])
        and not any(holders(code, office, day) for office in offices)
    ]
    assert missing == []


# Foreign and defence ministers are listed back to 2000 for these states. Short holes
# (an unlisted acting minister between two appointments) are tolerated, long ones are not.
MINISTRY_STATES = ["USA", "GBR", "FRA", "RUS", "CHN", "TUR", "UKR", "ISR", "IRN", "ARM"]
MINISTRY_STATES += ["AZE", "DEU", "IND"]
MAX_VACANT_MONTHS = 3


@pytest.mark.parametrize("office", ["foreign_minister", "defence_minister"])
@pytest.mark.parametrize("code", MINISTRY_STATES)
def test_ministers_listed_since_2000(code: str, office: str) -> None:
    run = longest = 0
    for day in _month_starts(date(2000, 1, 1), date.today()):
        run = 0 if holders(code, office, day) else run + 1
        longest = max(longest, run)
    assert longest <= MAX_VACANT_MONTHS


# Independent facts: who held the office on that day. None means the office was vacant.
FACTS = [
    ("GBR", "head_of_government", date(2010, 6, 1), "David Cameron"),
    ("USA", "head_of_state", date(2005, 1, 1), "George W. Bush"),
    ("TUR", "head_of_state", date(2021, 1, 13), "Recep Tayyip Erdoğan"),
    ("ARM", "head_of_government", date(2021, 1, 13), "Nikol Pashinyan"),
    ("FRA", "head_of_state", date(2013, 1, 1), "François Hollande"),
    ("RUS", "head_of_state", date(2010, 1, 1), "Dmitry Medvedev"),
    ("RUS", "head_of_government", date(2010, 1, 1), "Vladimir Putin"),
    ("DEU", "head_of_government", date(2015, 6, 1), "Angela Merkel"),
    ("USA", "foreign_minister", date(2014, 1, 1), "John Kerry"),
    ("USA", "defence_minister", date(2025, 6, 1), "Pete Hegseth"),
    ("GBR", "foreign_minister", date(2024, 8, 1), "David Lammy"),
    ("CHN", "foreign_minister", date(2023, 3, 1), "Qin Gang"),
    ("ISR", "head_of_government", date(2022, 9, 1), "Yair Lapid"),
    ("IRN", "head_of_state", date(2015, 1, 1), "Ali Khamenei"),
    ("IRN", "head_of_government", date(2022, 1, 1), "Ebrahim Raisi"),
    ("UKR", "head_of_state", date(2020, 1, 1), "Volodymyr Zelensky"),
    ("AZE", "head_of_state", date(2020, 10, 1), "Ilham Aliyev"),
    ("SYR", "head_of_state", date(2025, 6, 1), "Ahmed al-Sharaa"),
    ("SYR", "foreign_minister", date(2025, 6, 1), "Asaad al-Shaibani"),
    ("JPN", "head_of_government", date(2019, 1, 1), "Shinzo Abe"),
    ("CAN", "head_of_government", date(2025, 6, 1), "Mark Carney"),
    ("IND", "head_of_government", date(2010, 1, 1), "Manmohan Singh"),
    ("LBN", "head_of_state", date(2023, 6, 1), None),
    ("UNO", "igo_head", date(2010, 1, 1), "Ban Ki-moon"),
    ("NAT", "igo_head", date(2020, 1, 1), "Jens Stoltenberg"),
]


@pytest.mark.parametrize(("country", "office", "day", "expected"), FACTS)
def test_office_holder_on_date(country: str, office: str, day: date, expected: str | None) -> None:
    assert holders(country, office, day) == ({expected} if expected else set())


def test_eu_has_three_heads_after_lisbon() -> None:
    # Commission, European Council and High Representative are all coded igo_head EUR.
    assert holders("EUR", "igo_head", date(2021, 1, 1)) == {
        "Ursula von der Leyen",
        "Charles Michel",
        "Josep Borrell",
    }
