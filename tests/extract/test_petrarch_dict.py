"""CAMEO/PETRARCH dictionary importer: inline fixtures per format variant + the public files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graphsvc.errors import InputFileError
from graphsvc.extract.petrarch_dict import (
    MappedCode,
    load_petrarch_actors,
    load_petrarch_agents,
    map_code,
    parse_dict_date,
    parse_petrarch_actors,
    parse_petrarch_agents,
)
from graphsvc.models import AliasEntry, Role

DICTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "dictionaries"


def shared(name: str) -> Path:
    path = DICTS / name
    if not path.exists():
        pytest.skip("shared eval dictionaries absent")
    return path


def write(tmp_path: Path, text: str, name: str = "x.actors") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def first_active(entry: AliasEntry, day: date) -> Role | None:
    return next((r for r in entry.roles if r.active_on(day)), None)


# --- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("RUSGOV", MappedCode("country", "RUS", "GOV")),
        ("TUR", MappedCode("country", "TUR", None)),
        ("usamil", MappedCode("country", "USA", "MIL")),
        ("IGOUNO", MappedCode("igo", "UNO", None)),
        ("IGOWSTNAT", MappedCode("igo", "NAT", None)),
        ("IGOEUREEC", MappedCode("igo", "EUR", None)),
        ("IGOUNOJUDICJ", MappedCode("igo", "ICJ", None)),
        ("IGOAFRAFU", MappedCode("igo", "AFR", None)),
        ("IGOASABUS", MappedCode("group", "IGOASABUS", None)),
        ("NGOHRIAMN", MappedCode("group", "NGOHRIAMN", None)),
        ("YEMNO", MappedCode("country", "YEM", None)),
        ("EUR", None),  # region Europe, not the EU
        ("WST", None),
        ("ELI", None),  # agent only
        ("IGO", None),
        ("---", None),
        ("G77", None),
        ("ELR/GAL", None),
        ("", None),
    ],
)
def test_map_code(code: str, expected: MappedCode | None) -> None:
    assert map_code(code) == expected


def test_parse_dict_date() -> None:
    assert parse_dict_date("20080508") == date(2008, 5, 8)
    assert parse_dict_date("080508") == date(2008, 5, 8)
    assert parse_dict_date("300101") == date(2030, 1, 1)
    assert parse_dict_date("310101") == date(1931, 1, 1)
    assert parse_dict_date("991231") == date(1999, 12, 31)
    for bad in ("2004017", "201005011", "991332"):
        with pytest.raises(ValueError):
            parse_dict_date(bad)


# --- inline fixtures, one per format variant -------------------------------------------------

FIXTURE = """\
# header comment
<!-- a one-line XML comment -->
<!-- a comment
   [NOT 990101-000101] spanning lines -->
TURKEY_  [TUR]   # code on the phrase line
+TURKISH_
+TÜRKİYE
+ANKARA

RECEP_TAYYIP_ERDOGAN_  # CountryInfo.txt
+ERDOGAN_
+RECEP_TAYYIP_ERDOĞAN
\t[TURELI 720101-021118]
\t[TURGOV 021118-030314]
\t[TURGOV >030314]
\t[TURELI]
GOLLUM  ; legacy comment
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
#\t[950601-990815]  commented out
\t[HOBREB > 990816]
JAVIER_SOLANA_ [IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006] [ESPELI]
THE_UNITED_NATIONS_ [IGOUNO]
UN_
UNITED NATIONS ORGANIZATION
\t[IGOUNO]
ORPHAN_PHRASE_ [---]
EUROPE_ [EUR]
"""


def test_fixture_entries(tmp_path: Path) -> None:
    parsed = parse_petrarch_actors(write(tmp_path, FIXTURE))
    entries = {e.names[0]: e for e in parsed.entries}
    assert entries["TURKEY"] == AliasEntry(
        ("TURKEY", "TURKISH", "TÜRKİYE", "ANKARA"), "country", "TUR", None
    )
    erdogan = entries["RECEP TAYYIP ERDOGAN"]
    assert erdogan.kind == "person"
    assert erdogan.names == ("RECEP TAYYIP ERDOGAN", "ERDOGAN", "RECEP TAYYIP ERDOĞAN")
    # Dated roles first in file order, the default LAST with no dates.
    assert erdogan.roles == (
        Role("TUR", "ELI", None, date(1972, 1, 1), date(2002, 11, 18)),
        Role("TUR", "GOV", None, date(2002, 11, 18), date(2003, 3, 14)),
        Role("TUR", "GOV", None, date(2003, 3, 14), None),
        Role("TUR", "ELI", None, None, None),
    )
    assert first_active(erdogan, date(2021, 1, 13)) == Role("TUR", "GOV", None, date(2003, 3, 14))
    assert first_active(erdogan, date(1960, 1, 1)) == Role("TUR", "ELI")  # falls to default

    gollum = entries["GOLLUM"]
    assert gollum.names == ("GOLLUM", "SMEAGOL")
    assert gollum.roles == (
        Role("HOB", "GOV", None, None, date(1995, 6, 1)),  # no agent: sector defaults to GOV
        Role("HOB", "GOV", None, date(1995, 6, 1), date(1999, 8, 15)),
        Role("HOB", "REB", None, date(1999, 8, 16), None),
    )
    solana = entries["JAVIER SOLANA"]
    assert solana.roles == (
        Role("EUR", "GOV", None, date(1995, 7, 1), date(1995, 12, 31)),
        Role("NAT", "GOV", None, date(1995, 12, 5), date(1999, 10, 6)),
        Role("ESP", "ELI"),
    )
    assert entries["THE UNITED NATIONS"] == AliasEntry(("THE UNITED NATIONS",), "igo", "UNO", None)
    # Stacked primaries without their own code share the codes that follow.
    assert entries["UN"] == AliasEntry(("UN", "UNITED NATIONS ORGANIZATION"), "igo", "UNO", None)
    assert "ORPHAN PHRASE" not in entries and "EUROPE" not in entries
    assert "NOT" not in str(parsed.entries)  # the XML comment was skipped
    assert parsed.uncoded == 2 and parsed.skipped_codes == 2
    assert parsed.phrases == 9 and parsed.synonyms == 6 and parsed.problems == []


def test_bad_dates_are_skipped_or_strict(tmp_path: Path) -> None:
    text = "A_PERSON_\n\t[USAGOV 2004017-20061201]\n\t[USAELI >20070101]\nB_PERSON_ [FRA]\n"
    path = write(tmp_path, text)
    parsed = parse_petrarch_actors(path)
    assert parsed.problems == [(2, "date '2004017' is neither YYYYMMDD nor YYMMDD")]
    assert parsed.entries[0].roles == (Role("USA", "ELI", None, date(2007, 1, 1)),)
    assert parsed.entries[1] == AliasEntry(("B PERSON",), "country", "FRA", None)
    with pytest.raises(InputFileError) as info:
        parse_petrarch_actors(path, strict=True)
    assert info.value.line == 2


def test_reversed_range_and_orphans(tmp_path: Path) -> None:
    text = "+ORPHAN_SYNONYM\n\t[USA]\nX_ \n\t[USAGOV 20121207-20120802]\n"
    parsed = parse_petrarch_actors(write(tmp_path, text))
    assert [line for line, _ in parsed.problems] == [1, 2, 4]
    assert parsed.entries == []
    assert parsed.uncoded == 1


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.actors"
    path.write_bytes(b"FRANCE_ [FRA]\nC\xd4TE_D'IVOIRE_ [CIV]\n")
    with pytest.raises(InputFileError) as info:
        load_petrarch_actors(path)
    assert info.value.line == 2


AGENTS_FIXTURE = """\
<!-- agents -->
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
MINISTER [~GOV] # comment
ARMY [~MIL]
REBEL [~REB]
ARMED_FORCES {} [~MIL]
POLICE!PERSON! [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
EMBASSY [~GOV]
BOSS_ [~BUS]
HUMAN_RIGHTS_BODY  [NGO~]
POLICE {} [ ~COP]
NO_CODE_HERE
"""


def test_agents_fixture(tmp_path: Path) -> None:
    parsed = parse_petrarch_agents(write(tmp_path, AGENTS_FIXTURE, "x.agents"))
    agents = parsed.agents
    assert agents["minister"] == "GOV" and agents["ministers"] == "GOV"
    assert agents["army"] == "MIL" and agents["armies"] == "MIL"
    assert agents["rebels"] == "REB"
    assert agents["armed forces"] == "MIL" and "armed forceses" not in agents
    assert agents["attorneys general"] == "GOV" and "attorney generals" not in agents
    assert agents["embassies"] == "GOV"
    assert agents["boss"] == "BUS" and "bosses" not in agents  # trailing _: no plural
    assert agents["human rights body"] == "NGO"
    assert agents["police"] == "COP"
    assert not any("!" in k or "policeman" in k for k in agents)
    assert parsed.substitution_skipped == 1
    assert parsed.problems == [(13, "no agent code in 'NO_CODE_HERE'")]


# --- the public dictionaries -----------------------------------------------------------------


def test_phoenix_countries() -> None:
    parsed = parse_petrarch_actors(shared("Phoenix.Countries.actors.txt"))
    assert len(parsed.entries) > 15_000
    assert parsed.phrases > 18_000 and parsed.synonyms > 7_000 and parsed.codes > 28_000
    putin = next(e for e in parsed.entries if "VLADIMIR PUTIN" in e.names)
    assert putin.kind == "person" and "PUTIN" in putin.names
    assert first_active(putin, date(2010, 1, 1)) == Role("RUS", "GOV", None, date(2008, 5, 8))
    assert first_active(putin, date(1995, 1, 1)).sector == "ELI"  # type: ignore[union-attr]
    assert putin.roles[-1] == Role("RUS", "ELI")  # the default comes last
    turkey = next(e for e in parsed.entries if "TURKEY" in e.names)
    assert (turkey.kind, turkey.code) == ("country", "TUR")
    kinds = {e.kind for e in parsed.entries}
    assert kinds == {"country", "person"}
    # Every role's country is a 3-letter code.
    assert all(len(r.country) == 3 for e in parsed.entries for r in e.roles)


def test_phoenix_international() -> None:
    entries = load_petrarch_actors(shared("Phoenix.International.actors.txt"))
    un = next(e for e in entries if "THE UNITED NATIONS" in e.names)
    assert (un.kind, un.code) == ("igo", "UNO")
    igo_codes = {e.code for e in entries if e.kind == "igo"}
    assert {"UNO", "NAT", "EUR", "WHO", "IAE"} <= igo_codes


def test_validate_dictionaries() -> None:
    parsed = parse_petrarch_actors(shared("PETR.Validate.actors.txt"))
    assert len(parsed.entries) > 100
    names = {n for e in parsed.entries for n in e.names}
    assert "<! -- NEW ACTORS FOR PETRARCH VALIDATION TEST -->" not in names
    gollum = next(e for e in parsed.entries if "GOLLUM" in e.names)
    assert first_active(gollum, date(2000, 1, 1)) == Role("HOB", "REB", None, date(1999, 8, 16))
    agents = load_petrarch_agents(shared("PETR.Validate.agents.txt"))
    assert agents["minister"] == "GOV" and agents["troops"] == "MIL"


def test_phoenix_agents() -> None:
    parsed = parse_petrarch_agents(shared("Phoenix.agents.txt"))
    agents = parsed.agents
    assert agents["army"] == "MIL" and agents["president"] == "GOV"
    assert agents["insurgents"] == "REB" and agents["armed rebels"] == "REB"
    assert agents["diplomats"] == "GOV" and agents["police"] == "COP"
    assert len(agents) > 3_000
    assert parsed.substitution_skipped > 100
