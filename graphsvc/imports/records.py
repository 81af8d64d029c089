"""What a format module makes of one row, and the checks every format shares."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from graphsvc.extract.ontology import CameoCode, load_ontology
from graphsvc.models import Event

# Dataset names as stored in events.dataset; "graphsvc" marks events extracted here.
EXTRACTED = "graphsvc"
LABELS = {
    "gdelt1": "GDELT 1.0",
    "gdelt2": "GDELT 2.0",
    "icews": "ICEWS",
    "polecat": "POLECAT",
    "acled": "ACLED",
}
DATASETS = (EXTRACTED, *LABELS)
EXTRACTOR_VERSION = "import"  # events.extractor_version of imported events: "import:<dataset>"


class RowError(ValueError):
    """A row that does not follow its codebook; the message names the field."""


@dataclass(slots=True)
class Imported:
    """One event and the document it was coded from (its evidence)."""

    event: Event
    document: str  # the document's key: SOURCEURL, story id, record id
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A well-formed row that makes no edge here (reason counted in the summary)."""

    reason: str


Mention = dict[str, Any]  # a dataset_mentions row (GDELT 2.0)
Outcome = Imported | Skipped | Mention


def cameo(code: str, field: str = "CAMEO code") -> CameoCode:
    """The ontology entry of a CAMEO code as a dataset writes it."""
    ontology = load_ontology()
    text = code.strip()
    if text in ontology:
        return ontology.get(text)
    raise RowError(f"{field} {text!r} is not a CAMEO code")


def number(value: str, field: str, low: float = -math.inf, high: float = math.inf) -> float:
    try:
        out = float(value)
    except ValueError:
        raise RowError(f"{field} {value.strip()!r} is not a number") from None
    if not low <= out <= high or math.isnan(out):
        raise RowError(f"{field} {out:g} is outside {low:g} to {high:g}")
    return out


def whole(value: str, field: str, low: int = 0, high: int = 2**31 - 1) -> int:
    text = value.strip()
    if not text.lstrip("-").isdigit():
        raise RowError(f"{field} {text!r} is not a whole number")
    out = int(text)
    if not low <= out <= high:
        raise RowError(f"{field} {out} is outside {low} to {high}")
    return out


def compact_date(value: str, field: str) -> date:
    """YYYYMMDD (GDELT's SQLDATE), or the date part of YYYYMMDDHHMMSS."""
    text = value.strip()
    if not text.isdigit() or len(text) not in (8, 14):
        raise RowError(f"{field} {text!r} is not a date as YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise RowError(f"{field} {text!r} is not a valid date") from None


def iso_date(value: str, field: str) -> date:
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise RowError(f"{field} {text!r} is not a date as YYYY-MM-DD")


def required(value: str, field: str) -> str:
    text = value.strip()
    if not text:
        raise RowError(f"{field} is empty")
    return text


def key_hash(text: str, size: int = 24) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


def make_event(
    dataset: str,
    event_id: str,
    source: str,
    target: str,
    code: CameoCode,
    day: date,
    *,
    source_name: str,
    target_name: str,
    goldstein: float | None = None,
    quad_class: int | None = None,
    root: str | None = None,
    url: str | None = None,
    counts: tuple[int, int, int] | None = None,
    extra: dict[str, str] | None = None,
) -> Event:
    """An imported event. Goldstein score, quad class and root are the dataset's own when it
    gives them, else the ontology's for the code; the sentence says where the event comes
    from, since the dataset holds no text (offsets are 0: nothing to highlight)."""
    where = f", {url}" if url else ""
    sentence = (
        f"{source_name or source} → {target_name or target}: {code.label} "
        f"({LABELS[dataset]} event {event_id}{where})"
    )
    mentions, sources, articles = counts or (None, None, None)
    return Event(
        source=source,
        target=target,
        code=code.code,
        root=root or code.root,
        quad_class=quad_class or code.quad_class,
        goldstein=code.goldstein if goldstein is None else goldstein,
        label=code.label,
        date=day,
        date_precision="day",
        sentence=sentence,
        source_text=source_name[:500],
        target_text=target_name[:500],
        extractor_version=f"{EXTRACTOR_VERSION}:{dataset}",
        dataset=dataset,
        dataset_event_id=event_id,
        source_url=url or None,
        num_mentions=mentions,
        num_sources=sources,
        num_articles=articles,
        extra={k: v for k, v in (extra or {}).items() if v},
    )
