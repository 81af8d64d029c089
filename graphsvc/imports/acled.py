"""ACLED CSV exports (comma-separated, header row, UTF-8), as the ACLED export tool and API
write them ("ACLED Codebook", 2023 edition: event_id_cnty, event_date, year,
time_precision, disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1,
actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country,
admin1 … location, latitude, longitude, geo_precision, source, source_scale, notes,
fatalities, tags, timestamp). Columns are read by name; older exports' extra columns
(data_id, event_id_no_cnty …) are ignored.

- Event types: ACLED has no CAMEO coding. ``data/acled_cameo.csv`` maps each (event_type,
  sub_event_type) of the codebook to one CAMEO code, with the reason on its row (README,
  "ACLED event types"); sub-event types with no actor-to-actor interaction (a base
  established, a change to a group) map to nothing and their rows are skipped and counted.
  An event type or sub-event type the codebook does not list is a malformed row.
- Actors by country: an actor's country is the one its name states — "Military Forces of
  Russia (2000-)", "Government of Kenya", "Protesters (Kenya)" — else the event's country;
  a missing actor2 (most protests, many strategic developments) is the event's country.
  ACLED's actor1/actor2 are not directed; actor1 is kept as the source as ACLED lists it.
- Dates: event_date as YYYY-MM-DD (current exports) or "16 February 2023" (older ones).
- Goldstein score and quad class: the mapped code's. Fatalities, notes, sources, the
  interaction code and the sub-event type are kept in ``extra``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache

from graphsvc.imports import countries
from graphsvc.imports.countries import HERE
from graphsvc.imports.records import (
    Imported,
    Outcome,
    RowError,
    Skipped,
    cameo,
    make_event,
    required,
    whole,
)

COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
           "country")  # fmt: skip
_IN_PARENS = re.compile(r"\(([^()]*)\)")
_OF = re.compile(r"\bof (?:the )?([^()]+?)\s*(?:\(|$)")


@cache
def type_table() -> dict[tuple[str, str], str]:
    """(event_type, sub_event_type) -> CAMEO code, "" where no interaction is coded."""
    with (HERE / "acled_cameo.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["event_type"], r["sub_event_type"]): r["cameo"] for r in csv.DictReader(fh)}


def actor_country(actor: str) -> str | None:
    """The country an ACLED actor name states, or None."""
    for inner in _IN_PARENS.findall(actor):
        code = countries.from_name(inner)
        if code is not None:
            return code
    match = _OF.search(actor)
    return countries.from_name(match.group(1)) if match else None


def _date(text: str) -> date:
    value = text.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"event_date {value!r} is not a date as YYYY-MM-DD or '16 February 2023'")


def parse(row: Mapping[str, str]) -> Outcome:
    event_id = required(row["event_id_cnty"], "event_id_cnty")
    if len(event_id) > 64:
        raise RowError(f"event_id_cnty {event_id[:40]!r}… is longer than 64 characters")
    day = _date(row["event_date"])
    kind = (row["event_type"].strip(), row["sub_event_type"].strip())
    table = type_table()
    if kind not in table:
        raise RowError(f"event_type {kind[0]!r} with sub_event_type {kind[1]!r} is not in the "
                       "ACLED codebook")  # fmt: skip
    fatalities = row.get("fatalities", "").strip()
    if fatalities:
        whole(fatalities, "fatalities")
    actor1 = required(row["actor1"], "actor1")
    actor2 = row["actor2"].strip()
    country = countries.from_name(required(row["country"], "country"))
    if not table[kind]:
        return Skipped(f"{kind[1]} is no interaction between actors")
    source = actor_country(actor1) or country
    target = (actor_country(actor2) or country) if actor2 else country
    if source is None or target is None:
        return Skipped("country is no state here")
    event = make_event(
        "acled", event_id, source, target, cameo(table[kind]), day,
        source_name=actor1, target_name=actor2 or row["country"].strip(),
        extra={"event_type": kind[0], "sub_event_type": kind[1], "fatalities": fatalities,
               "interaction": row.get("interaction", "").strip(),
               "sources": row.get("source", "").strip(), "notes": row.get("notes", "").strip()},
    )  # fmt: skip
    return Imported(event, f"record {event_id}", None)
