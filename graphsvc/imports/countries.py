"""Actor codes of imported events: CAMEO country codes and country names to graphsvc codes.

graphsvc's actors are the gazetteer's states (ISO 3166-1 alpha-3) and international
organisations (graphsvc/extract/data). GDELT writes CAMEO country codes — ISO alpha-3 for
most states, a few of their own (``data/cameo_countries.csv``: ROM, ZAR, TMP, KSV …, and
region codes such as EUR "Europe" that are no actor here); ICEWS and ACLED write country
names. Both are read from the gazetteer's YAML tables alone (no spaCy): a name is looked up
by its folded form (case, accents and punctuation ignored, "the" dropped, "Korea, Republic
of" turned into "Republic of Korea"), then in ``data/country_names.csv`` for spellings
those datasets use that the gazetteer does not list.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import yaml

from graphsvc.extract.gazetteer import DATA_DIR, country_entries, fold_text, igo_entries
from graphsvc.models import Actor

HERE = Path(__file__).resolve().parent / "data"
_PUNCT = re.compile(r"[^\w\s]+")


def name_key(name: str) -> str:
    """The folded lookup form of a country or organisation name."""
    text = name.strip()
    head, sep, tail = text.rpartition(",")
    if sep and tail.strip().lower().endswith(("of", "of the")):  # "Korea, Republic of"
        text = f"{tail.strip()} {head.strip()}"
    words = _PUNCT.sub(" ", fold_text(text)).lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@cache
def _yaml_rows(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    return [r for r in data if isinstance(r, dict)]


@cache
def known_codes() -> dict[str, str]:
    """Every gazetteer actor code -> its kind ("state" or "igo")."""
    codes = {str(r["code"]): "state" for r in _yaml_rows("countries.yaml")}
    codes.update({str(r["code"]): "igo" for r in _yaml_rows("igos.yaml")})
    return codes


@cache
def _names() -> dict[str, str]:
    index: dict[str, str] = {}
    for file in ("igos.yaml", "countries.yaml"):  # a state wins over an IGO on a shared name
        for row in _yaml_rows(file):
            for name in [row.get("label"), *(row.get("names") or [])]:
                if name:
                    index[name_key(str(name))] = str(row["code"])
    with (HERE / "country_names.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            index[name_key(row["name"])] = row["code"]
    return index


@cache
def _cameo_table() -> dict[str, str]:
    with (HERE / "cameo_countries.csv").open(encoding="utf-8", newline="") as fh:
        return {row["cameo"]: row["code"] for row in csv.DictReader(fh)}


def from_name(name: str) -> str | None:
    """The actor code a country or organisation name stands for, or None."""
    key = name_key(name) if name.strip() else ""
    return _names().get(key) if key else None


def from_cameo_country(code: str) -> str | None:
    """The actor code of a CAMEO country code (None for regions and unknown codes)."""
    code = code.strip().upper()
    if code in _cameo_table():
        return _cameo_table()[code] or None
    return code if known_codes().get(code) == "state" else None


def from_cameo_actor(actor_code: str, country_code: str) -> str | None:
    """A GDELT actor's graphsvc code: its country code when it has one, else an IGO actor
    code (IGO + segments of three letters, like IGOUNO, IGOEUREEC, IGOWSTNAT) resolved by its
    last segment that names an organisation here (region segments skipped), else None."""
    if country_code.strip():
        return from_cameo_country(country_code)
    code = actor_code.strip().upper()
    if not code.startswith("IGO"):
        return from_cameo_country(code[:3]) if len(code) >= 3 else None
    table = _cameo_table()
    for i in range(len(code) - 3, 2, -3):
        segment = code[i : i + 3]
        if segment in table:
            if table[segment]:
                return table[segment]
            continue  # a region
        if known_codes().get(segment) == "igo":
            return segment
    return None


def resolve(value: str) -> str | None:
    """A code (USA, UNO) or a name (Russian Federation) as an actor code, or None."""
    text = value.strip()
    if text.upper() in known_codes() and len(text) == 3:
        return from_cameo_country(text) or text.upper()
    if text.upper() in _cameo_table():
        return from_cameo_country(text)
    return from_name(text)


def gazetteer_actors() -> list[Actor]:
    """The gazetteer's states and organisations as actors (labels for imported nodes)."""
    return [
        *country_entries(_yaml_rows("countries.yaml"))[1],
        *igo_entries(_yaml_rows("igos.yaml"))[1],
    ]
