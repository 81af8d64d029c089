"""ICEWS coded event files (tab-separated, header row), as released on Harvard Dataverse
("ICEWS Coded Event Data", doi:10.7910/DVN/28075, files of versions 26-37; BBN ACCENT coder).

Columns (by header name, so their order may vary between releases): Event ID, Event Date
(YYYY-MM-DD), Source Name, Source Sectors, Source Country, Event Text, CAMEO Code,
Intensity, Target Name, Target Sectors, Target Country, Story ID, Sentence Number,
Publisher, City, District, Province, Country, Latitude, Longitude.

- "Event ID" repeats across releases for events of different dates; (Event ID, Event Date)
  is unique, so the stored id is ``ID@DATE``.
- The actor is its country (Source/Target Country, a country name mapped through the
  gazetteer, countries.py); an actor without a country (an international organisation) is
  looked up by its name. Neither known: the row is skipped and counted.
- CAMEO Code keeps its leading zeros in the released files ("042"); a code whose zero was
  lost by a spreadsheet ("42") is read as the three-digit code.
- Intensity is ICEWS's Goldstein-like score (-10 to 10), kept as the Goldstein score; the
  quad class is the code's.
- Evidence: the story (Story ID) and sentence (Sentence Number), with the publisher.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphsvc.imports import countries
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
    whole,
)

COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher",
)  # fmt: skip


def _actor(row: Mapping[str, str], side: str) -> str | None:
    country = row[f"{side} Country"].strip()
    if country:
        return countries.resolve(country)
    return countries.from_name(row[f"{side} Name"])


def _code(text: str) -> str:
    code = text.strip()
    return f"0{code}" if code.isdigit() and len(code) == 2 and code not in _ROOT_LIKE else code


# Two-digit values that are themselves CAMEO roots stay roots ("10" is root 10, not 010).
_ROOT_LIKE = frozenset(f"{i:02d}" for i in range(1, 21))


def parse(row: Mapping[str, str]) -> Outcome:
    raw_id = required(row["Event ID"], "Event ID")
    day = iso_date(row["Event Date"], "Event Date")
    event_id = f"{raw_id}@{day.isoformat()}"
    if len(event_id) > 64:
        raise RowError(f"Event ID {raw_id[:40]!r}… is longer than 53 characters")
    code = cameo(_code(row["CAMEO Code"]), "CAMEO Code")
    intensity = number(row["Intensity"], "Intensity", -10, 10)
    story = required(row["Story ID"], "Story ID")
    sentence = str(whole(row["Sentence Number"], "Sentence Number"))
    source, target = _actor(row, "Source"), _actor(row, "Target")
    if source is None or target is None:
        side = "Source" if source is None else "Target"
        return Skipped(f"{side} is no state or organisation here")
    event = make_event(
        "icews", event_id, source, target, code, day,
        source_name=row["Source Name"].strip(), target_name=row["Target Name"].strip(),
        goldstein=intensity,
        extra={"story_id": story, "sentence_number": sentence,
               "publisher": row["Publisher"].strip(), "event_text": row["Event Text"].strip(),
               "source_sectors": row["Source Sectors"].strip(),
               "target_sectors": row["Target Sectors"].strip()},
    )  # fmt: skip
    return Imported(event, f"story {story}", None)
