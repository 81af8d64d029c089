"""GDELT event files: 1.0 daily events, 2.0 events and 2.0 mentions (tab-separated, no header).

Layouts follow the codebooks: "GDELT Event Database Data Format Codebook V2.0" (GDELT 1.0,
2013-11-03: 57 columns, and 58 in the daily files since 2013-04-01, which add SOURCEURL)
and "GDELT Event Codebook V2.0" / "GDELT 2.0 Mentions Table" (2015-02-19: 61 event columns,
the geography blocks gaining ADM2Code; 16 mention columns). Positions used (0-based):

    0 GLOBALEVENTID  1 SQLDATE  2 MonthYear  3 Year  5 Actor1Code  6 Actor1Name
    7 Actor1CountryCode  15 Actor2Code  16 Actor2Name  17 Actor2CountryCode  25 IsRootEvent
    26 EventCode  27 EventBaseCode  28 EventRootCode  29 QuadClass  30 GoldsteinScale
    31 NumMentions  32 NumSources  33 NumArticles  34 AvgTone
    then DATEADDED and SOURCEURL (56, 57 in 1.0; 59, 60 in 2.0; YYYYMMDD in 1.0,
    YYYYMMDDHHMMSS in 2.0)

Mentions: 0 GLOBALEVENTID 1 EventTimeDate 2 MentionTimeDate 3 MentionType
4 MentionSourceName 5 MentionIdentifier 6 SentenceID … 11 Confidence … (16 columns).

Kept: the event's actors (country codes mapped, countries.py), CAMEO code, root, quad class
and Goldstein score as GDELT gives them, NumMentions/NumSources/NumArticles, SOURCEURL (the
evidence document), DATEADDED as the document's date, AvgTone and the actor codes in
``extra``. A row with an actor that is no graphsvc actor (a region, an ethnic group, a
missing second actor) is skipped and counted, not refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphsvc.imports import countries
from graphsvc.imports.records import (
    Imported,
    Mention,
    Outcome,
    RowError,
    Skipped,
    cameo,
    compact_date,
    key_hash,
    make_event,
    number,
    required,
    whole,
)

GDELT1_COLUMNS = (57, 58)
GDELT2_EVENT_COLUMNS = 61
GDELT2_MENTION_COLUMNS = 16


def parse_gdelt1(fields: Sequence[str]) -> Outcome:
    n = len(fields)
    if n not in GDELT1_COLUMNS:
        raise RowError(f"{n} columns; a GDELT 1.0 event row has 57 or 58 (tab-separated)")
    url = fields[57].strip() if n == 58 else ""
    return _event("gdelt1", fields, added=fields[56], url=url, added_digits=8)


def parse_gdelt2(fields: Sequence[str]) -> Outcome:
    """A GDELT 2.0 events row (61 columns) or mentions row (16 columns)."""
    n = len(fields)
    if n == GDELT2_EVENT_COLUMNS:
        return _event("gdelt2", fields, added=fields[59], url=fields[60].strip(), added_digits=14)
    if n == GDELT2_MENTION_COLUMNS:
        return _mention(fields)
    raise RowError(
        f"{n} columns; a GDELT 2.0 events row has 61 and a mentions row 16 (tab-separated)"
    )


def _event(dataset: str, f: Sequence[str], *, added: str, url: str, added_digits: int) -> Outcome:
    event_id = str(whole(f[0], "GLOBALEVENTID", 0, 2**63 - 1))
    day = compact_date(f[1], "SQLDATE")
    if len(f[1].strip()) != 8:
        raise RowError(f"SQLDATE {f[1].strip()!r} is not a date as YYYYMMDD")
    if f[2].strip() != f"{day.year:04d}{day.month:02d}" or f[3].strip() != f"{day.year:04d}":
        raise RowError(f"MonthYear {f[2].strip()!r} and Year {f[3].strip()!r} disagree with "
                       f"SQLDATE {f[1].strip()!r}")  # fmt: skip
    code = cameo(f[26], "EventCode")
    root = required(f[28], "EventRootCode")
    if root != code.root or f[27].strip() != code.code[:3]:
        raise RowError(f"EventBaseCode {f[27].strip()!r} and EventRootCode {root!r} do not "
                       f"belong to EventCode {code.code!r}")  # fmt: skip
    quad = whole(f[29], "QuadClass", 1, 4)
    goldstein = number(f[30], "GoldsteinScale", -10, 10)
    counts = (whole(f[31], "NumMentions"), whole(f[32], "NumSources"), whole(f[33], "NumArticles"))
    tone = number(f[34], "AvgTone", -100, 100)
    if f[25].strip() not in ("0", "1"):
        raise RowError(f"IsRootEvent {f[25].strip()!r} is not 0 or 1")
    added_text = added.strip()
    if len(added_text) != added_digits:
        raise RowError(f"DATEADDED {added_text!r} is not {added_digits} digits")
    published = compact_date(added_text, "DATEADDED")
    source = countries.from_cameo_actor(f[5], f[7])
    target = countries.from_cameo_actor(f[15], f[17])
    if source is None or target is None:
        side = "Actor1" if source is None else "Actor2"
        return Skipped(f"{side} is no state or organisation here")
    event = make_event(
        dataset, event_id, source, target, code, day,
        source_name=f[6].strip(), target_name=f[16].strip(),
        goldstein=goldstein, quad_class=quad, root=root, url=url or None, counts=counts,
        extra={"actor1_code": f[5].strip(), "actor2_code": f[15].strip(),
               "avg_tone": f"{tone:g}", "is_root_event": f[25].strip()},
    )  # fmt: skip
    # The document: its URL; a 57-column row (no SOURCEURL) is its own evidence.
    return Imported(event, url or f"event {event_id}", published)


def _mention(f: Sequence[str]) -> Mention:
    event_id = str(whole(f[0], "GLOBALEVENTID", 0, 2**63 - 1))
    when = f[2].strip()
    compact_date(when, "MentionTimeDate")
    if len(when) != 14:
        raise RowError(f"MentionTimeDate {when!r} is not 14 digits (YYYYMMDDHHMMSS)")
    whole(f[3], "MentionType", 1, 6)
    identifier = required(f[5], "MentionIdentifier")
    sentence = str(whole(f[6], "SentenceID"))
    return {
        "dataset": "gdelt2",
        "event_key": event_id,
        "mention_key": key_hash(f"{identifier}\t{sentence}", 40),
        "mention_time": when,
        "source_name": f[4].strip(),
        "identifier": identifier,
        "confidence": whole(f[11], "Confidence", 0, 100),
    }
