"""User actor files (YAML / CSV): parsing, grouping, roles and line-numbered errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graphsvc.errors import InputFileError
from graphsvc.extract.user_actors import load_user_actors, parse_user_actors
from graphsvc.models import AliasEntry, Role

YAML_OK = """\
# extra actors for a newsroom
- code: XKX
  label: Kosovo
  kind: state
  names: [Kosovo, Pristina, Kosovar, Kosovars]
- code: caricom
  kind: igo
  names: Caribbean Community
- kind: person
  names: [Albin Kurti, Kurti]
  roles:
    - {country: XKX, sector: GOV, office: prime minister, start: 2021-03-22}
    - country: XKX
      office: prime minister
      start: "2020-02-03"
      end: 2020-06-03
- kind: person
  code: XKX
  sector: opp
  names: [Vjosa Osmani]
- code: WGN
  kind: group
  names: [Wagner Group]
  sector: MIL
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_entries(tmp_path: Path) -> None:
    entries = load_user_actors(write(tmp_path, "extra.yaml", YAML_OK))
    assert entries[0] == AliasEntry(
        ("Kosovo", "Pristina", "Kosovar", "Kosovars"), "country", "XKX", None
    )
    assert entries[1] == AliasEntry(("Caribbean Community",), "igo", "CARICOM", None)
    kurti = entries[2]
    assert kurti.kind == "person" and kurti.code is None
    assert kurti.roles == (
        Role("XKX", "GOV", "prime minister", date(2021, 3, 22), None),
        Role("XKX", "GOV", "prime minister", date(2020, 2, 3), date(2020, 6, 3)),
    )
    assert next(r for r in kurti.roles if r.active_on(date(2020, 4, 1))).end == date(2020, 6, 3)
    assert not any(r.active_on(date(2021, 1, 1)) for r in kurti.roles)
    osmani = entries[3]
    assert osmani.roles == (Role("XKX", "OPP"),)
    assert entries[4] == AliasEntry(("Wagner Group",), "group", "WGN", "MIL")


def test_yaml_labels_and_nodes(tmp_path: Path) -> None:
    parsed = parse_user_actors(write(tmp_path, "extra.yml", YAML_OK))
    assert parsed.labels == {"XKX": "Kosovo"}
    nodes = {a.code: a for a in parsed.actors()}
    assert set(nodes) == {"XKX", "CARICOM"}
    assert nodes["XKX"].kind == "state" and nodes["XKX"].label == "Kosovo"
    assert nodes["CARICOM"].kind == "igo" and nodes["CARICOM"].label == "Caribbean Community"


def test_yaml_actors_key_and_empty(tmp_path: Path) -> None:
    wrapped = "actors:\n  - {code: XKX, kind: state, names: [Kosovo]}\n"
    assert load_user_actors(write(tmp_path, "a.yaml", wrapped))[0].code == "XKX"
    assert load_user_actors(write(tmp_path, "b.yaml", "# nothing yet\n")) == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "- {code: XKX, kind: state, names: [Kosovo]}\n- {code: XK, kind: state, names: [K]}\n",
            2,
            "not a valid country code",
        ),
        ("- code: XKX\n  kind: nation\n  names: [Kosovo]\n", 1, "kind must be one of"),
        ("- code: XKX\n  kind: state\n", 1, "names must be a non-empty list"),
        ("- code: XKX\n  kind: state\n  names: [Kosovo]\n  nmaes: [typo]\n", 1, "unknown key"),
        ("- kind: person\n  names: [A B]\n", 1, "needs roles or a code"),
        (
            "- kind: person\n  names: [A B]\n  roles:\n    - {country: XKX, start: 2021-13-01}\n",
            1,
            "not a date",
        ),
        (
            "- kind: person\n  names: [A B]\n  roles:\n    - {country: XKX, start: 2021-05-01,"
            " end: 2021-01-01}\n",
            1,
            "starts (2021-05-01) after it ends",
        ),
        ("- kind: person\n  names: [A B]\n  roles:\n    - {sector: GOV}\n", 1, "needs a country"),
        ("- {code: XKX, kind: state, names: [Kosovo], sector: GOVT}\n", 1, "sector"),
        (
            "- {code: XKX, kind: state, names: [Kosovo], roles: [{country: XKX}]}\n",
            1,
            "only persons have roles",
        ),
        ("- code: XKX\n  kind: state\n  names: [Kosovo\n", 4, "invalid YAML"),
        ("code: XKX\n", 1, "expected a list"),
    ],
)
def test_yaml_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(InputFileError) as info:
        load_user_actors(path)
    assert info.value.line == line
    assert message in info.value.detail
    assert info.value.path == str(path)


CSV_OK = """\
name,code,kind,sector,start,end
Kosovo,XKX,state,,,
Pristina,XKX,state,,,
Kosovo Police,XKX,state,COP,,
Albin Kurti,XKX,person,GOV,2021-03-22,
Kurti,XKX,person,GOV,2021-03-22,
Albin Kurti,XKX,person,GOV,2020-02-03,2020-06-03
Vjosa Osmani,XKX,person,,2021-04-04,
Caribbean Community,CARICOM,igo,,,

"""


def test_csv_grouping(tmp_path: Path) -> None:
    entries = load_user_actors(write(tmp_path, "extra.csv", CSV_OK))
    by_names = {e.names: e for e in entries}
    assert by_names[("Kosovo", "Pristina")] == AliasEntry(("Kosovo", "Pristina"), "country", "XKX")
    assert by_names[("Kosovo Police",)].sector == "COP"
    assert by_names[("Caribbean Community",)].kind == "igo"
    albin = by_names[("Albin Kurti",)]
    assert albin.roles == (
        Role("XKX", "GOV", None, date(2021, 3, 22)),
        Role("XKX", "GOV", None, date(2020, 2, 3), date(2020, 6, 3)),
    )
    assert by_names[("Kurti",)].roles == (Role("XKX", "GOV", None, date(2021, 3, 22)),)
    assert by_names[("Vjosa Osmani",)].roles == (Role("XKX", "GOV", None, date(2021, 4, 4)),)
    assert len(entries) == 6


def test_csv_merges_aliases_with_identical_roles(tmp_path: Path) -> None:
    text = (
        "name,code,kind,sector,start,end\nAlbin Kurti,XKX,person,GOV,2021-03-22,\n"
        "Kurti,XKX,person,GOV,2021-03-22,\n"
    )
    (entry,) = load_user_actors(write(tmp_path, "p.csv", text))
    assert entry.names == ("Albin Kurti", "Kurti")


def test_csv_label_and_bom(tmp_path: Path) -> None:
    text = "\ufeffname,code,kind,sector,start,end,label\nKosova,XKX,state,,,,Kosovo\n"
    parsed = parse_user_actors(write(tmp_path, "l.csv", text))
    assert parsed.labels == {"XKX": "Kosovo"}
    assert parsed.actors()[0].label == "Kosovo"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name,code,kind\nKosovo,XKX,state\n", 1, "missing column(s): sector, start, end"),
        ("name,code,kind,sector,start,end,colour\n", 1, "unknown column(s): colour"),
        (
            "name,code,kind,sector,start,end\nKosovo,XKX,state,,,\nPristina,XKX,state\n",
            3,
            "expected 6 fields",
        ),
        (
            "name,code,kind,sector,start,end\nKosovo,XKX,state,,2020-01-01,\n",
            2,
            "only apply to persons",
        ),
        ("name,code,kind,sector,start,end\n,XKX,state,,,\n", 2, "name is empty"),
        ("name,code,kind,sector,start,end\nA B,XKX,person,GOV,01/02/2020,\n", 2, "not a date"),
        ("name,code,kind,sector,start,end\nA B,,person,GOV,,\n", 2, "role country"),
    ],
)
def test_csv_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(InputFileError) as info:
        load_user_actors(write(tmp_path, "bad.csv", text))
    assert info.value.line == line
    assert message in info.value.detail


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"use \.yaml or \.csv"):
        load_user_actors(write(tmp_path, "x.json", "[]"))
    with pytest.raises(InputFileError) as info:
        load_user_actors(tmp_path / "missing.yaml")
    assert info.value.line is None
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(b"name,code,kind,sector,start,end\nC\xf4te d'Ivoire,CIV,state,,,\n")
    with pytest.raises(InputFileError) as info:
        load_user_actors(bad)
    assert info.value.line == 2 and "UTF-8" in info.value.detail
