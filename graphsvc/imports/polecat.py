"""POLECAT event files (tab-separated, header row), coded in PLOVER (POLECAT on Harvard
Dataverse, doi:10.7910/DVN/AJGVIT; PLOVER codebook of openeventdata/PLOVER, 2023).

Decision: PLOVER types are mapped to CAMEO so POLECAT events sit in the same graph, filters
and rollups as every other event — and the PLOVER type and mode are kept alongside in the
event's ``extra`` (``plover_type``, ``plover_mode``), so nothing of the coding is lost. The
mapping is graphsvc's own table ``data/plover_cameo.csv``: per event type (and, where a
mode names a narrower CAMEO code, per mode) one CAMEO code, chosen so that graphsvc's CAMEO
table (extract/data/cameo.csv, whose ``plover`` column follows the CAMEO2PLOVER conversion
of PLOVER draft 0.8) translates it back to the same type — tests check this row by row.

Columns read (by header name): Event ID, Event Date (YYYY-MM-DD), Event Type, Event Mode,
Event Intensity (-10 to 10; the code's Goldstein value when empty), Actor Name, Actor
Country, Recipient Name, Recipient Country (ISO alpha-3 codes or names; an actor without a
country, an international organisation, is looked up by its name), and when present Story
ID (the evidence document; else the event is its own) and Publication Date.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache

from graphsvc.imports import countries
from graphsvc.imports.countries import HERE
from graphsvc.imports.records import (
    Imported,
    Outcome,
    RowError,
    Skipped,
    cameo,
    iso_date,
    make_event,
    number,
    required,
)

COLUMNS = ("Event ID", "Event Date", "Event Type", "Actor Country", "Recipient Country")
OPTIONAL = ("Event Mode", "Event Intensity", "Actor Name", "Recipient Name", "Story ID",
            "Publication Date")  # fmt: skip


@cache
def plover_table() -> dict[tuple[str, str], str]:
    """(PLOVER type, mode or "") -> CAMEO code."""
    with (HERE / "plover_cameo.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["plover"], r["mode"]): r["cameo"] for r in csv.DictReader(fh)}


def cameo_for(event_type: str, mode: str) -> str:
    table = plover_table()
    kind = event_type.strip().upper()
    if (kind, "") not in table:
        raise RowError(f"Event Type {event_type.strip()!r} is not a PLOVER event type")
    return table.get((kind, mode.strip().lower().replace(" ", "-")), table[(kind, "")])


def _actor(row: Mapping[str, str], side: str) -> str | None:
    """The side's country; without one (an international organisation), its name."""
    country = row[f"{side} Country"].strip()
    if country:
        return countries.resolve(country)
    return countries.from_name(row.get(f"{side} Name", ""))


def parse(row: Mapping[str, str]) -> Outcome:
    event_id = required(row["Event ID"], "Event ID")
    if len(event_id) > 64:
        raise RowError(f"Event ID {event_id[:40]!r}… is longer than 64 characters")
    day = iso_date(row["Event Date"], "Event Date")
    mode = row.get("Event Mode", "")
    code = cameo(cameo_for(row["Event Type"], mode), "mapped CAMEO code")
    intensity_text = row.get("Event Intensity", "").strip()
    goldstein = number(intensity_text, "Event Intensity", -10, 10) if intensity_text else None
    published_text = row.get("Publication Date", "").strip()
    published = iso_date(published_text[:10], "Publication Date") if published_text else None
    source = _actor(row, "Actor")
    target = _actor(row, "Recipient")
    if source is None or target is None:
        side = "Actor" if source is None else "Recipient"
        return Skipped(f"{side} is no state or organisation here")
    story = row.get("Story ID", "").strip()
    event = make_event(
        "polecat", event_id, source, target, code, day,
        source_name=row.get("Actor Name", "").strip(),
        target_name=row.get("Recipient Name", "").strip(),
        goldstein=goldstein,
        extra={"plover_type": row["Event Type"].strip().upper(), "plover_mode": mode.strip(),
               "story_id": story},
    )  # fmt: skip
    return Imported(event, f"story {story}" if story else f"event {event_id}", published)
