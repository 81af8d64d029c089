"""Score extracted events against gold data: the team's JSONL format, PLOVER and PETRARCH.

Pure Python on purpose: the scorer must run without spaCy, so an extractor is only ever
passed in (``run_evaluation``) and the CAMEO ontology is imported lazily where a loader
needs to tell standard codes from test codes.

Three levels, micro-averaged over documents (tp/fp/fn are summed over documents first):

``pair``
    Unordered actor pairs, one set per document: {RUS, TUR}.
``pair_root``
    Unordered pair plus event type: the CAMEO root ("04"), or for PLOVER gold the PLOVER
    event type (predicted CAMEO codes are translated through the CAMEO→PLOVER table).
``directed``
    Ordered (source, target, type) for gold events that are not symmetric. The level only
    looks at the (pair, type) keys such gold events have: a non-symmetric prediction under
    one of those keys must point the same way to count, a prediction pointing the other
    way is spurious, and a symmetric prediction makes no claim about direction, so it
    earns nothing here (the gold item stays missed). Predictions under other keys are left
    to the ``pair_root`` level, so a meeting coded symmetric on both sides never appears.

Conventions shared by every level: predicted events with ``negated=True`` are not events;
gold events with ``negated=True`` are not in the positive sets (they feed
``negated_emitted``); pairs of an actor with itself are ignored on both sides; the same
item stated twice in a document counts once. Precision with no predictions is 1.0 when
nothing was missed too, else 0.0 (recall likewise), so an empty run never scores well.
A gold pair whose type is unknown (``root`` None, e.g. a PETRARCH test code) counts at the
``pair`` level only; typed predictions on that pair are then neither hits nor errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from graphsvc.errors import InputFileError, InvalidInput
from graphsvc.models import ArticleInput, Event

LEVELS = ("pair", "pair_root", "directed")
FORMATS = ("gold", "plover", "petrarch")
PLOVER_PREFIX = "plover:"

# ISO 3166-1 alpha-3, all 249 assigned codes (facts; used to keep real countries only).
_ISO_CODES = """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
    COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
    ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
    GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
    JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
    MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
    NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
    PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
"""
ISO3166_ALPHA3 = frozenset(_ISO_CODES.split())

# PETRARCH's validation dictionary reuses two real codes for fictional places (README):
# ERI is Eriador, FRO is the Shire.
PETRARCH_FICTIONAL_CLASHES = frozenset({"ERI", "FRO"})

# The PLOVER gold records keep three pre-ISO codes; they name real countries.
PLOVER_LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}

# The PLOVER gold records were coded with PLOVER 0.5b1 event names; the CAMEO→PLOVER table
# is the 2021 draft 0.8, which renamed DEMAND to REQUEST, folded DISAPPROVE and INVESTIGATE
# into ACCUSE (modes "disapprove", "investigate") and FIGHT into ASSAULT. Scores compare in
# the 2021 vocabulary, the coarser of the two.
PLOVER_05B1_TO_2021 = {
    "AGREE": "AGREE",
    "CONSULT": "CONSULT",
    "SUPPORT": "SUPPORT",
    "COOPERATE": "COOPERATE",
    "AID": "AID",
    "CONCEDE": "CONCEDE",
    "RETREAT": "RETREAT",
    "INVESTIGATE": "ACCUSE",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "REJECT": "REJECT",
    "THREATEN": "THREATEN",
    "PROTEST": "PROTEST",
    "MOBILIZE": "MOBILIZE",
    "SANCTION": "SANCTION",
    "COERCE": "COERCE",
    "ASSAULT": "ASSAULT",
    "FIGHT": "ASSAULT",
}

_CAMEO_SHAPE = re.compile(r"\d{2,4}")
_ROOT_SHAPE = re.compile(r"\d{2}")
_TABLE_LINE = re.compile(r"\s*(\d{2,4})\s*:\s*([A-Za-z_]+)")


# ---------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated interaction. ``root`` is None when the type is unknown or not CAMEO."""

    source: str
    target: str
    root: str | None
    code: str | None = None
    symmetric: bool = False
    negated: bool = False
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    date: date | None
    events: tuple[GoldEvent, ...] = ()


class SupportsExtract(Protocol):
    def extract(
        self, text: str, *, published: date | None = None, doc_id: str | None = None
    ) -> list[Event]: ...


# ---------------------------------------------------------------------- team gold (JSONL)


def _need(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


def _parse_date(value: Any) -> date | None:
    if value is None:
        return None
    _need(isinstance(value, str), "date must be YYYY-MM-DD or null")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"bad date {value!r}, expected YYYY-MM-DD") from None


def _parse_gold_event(raw: Any, text: str, n: int) -> GoldEvent:
    where = f"event {n}"
    _need(isinstance(raw, dict), f"{where}: must be an object")
    actors = []
    for side in ("source", "target"):
        value = raw.get(side)
        _need(isinstance(value, str) and value.strip() != "", f"{where}: {side} is required")
        actors.append(value.strip().upper())
    code = raw.get("code")
    root = raw.get("root")
    _need(code is None or isinstance(code, str), f"{where}: code must be a string or null")
    _need(root is None or isinstance(root, str), f"{where}: root must be a string or null")
    if code is not None and _CAMEO_SHAPE.fullmatch(code):
        root = root if root is not None else code[:2]
        _need(root == code[:2], f"{where}: root {root!r} does not match code {code!r}")
    _need(root is None or _ROOT_SHAPE.fullmatch(root) is not None, f"{where}: bad root {root!r}")
    flags = {}
    for name in ("symmetric", "negated"):
        value = raw.get(name, False)
        _need(isinstance(value, bool), f"{where}: {name} must be true or false")
        flags[name] = value
    evidence = raw.get("evidence")
    _need(evidence is None or isinstance(evidence, str), f"{where}: evidence must be a string")
    # Evidence is a quotation: a typo in it would make the gold untraceable.
    _need(not evidence or evidence in text, f"{where}: evidence is not a substring of text")
    return GoldEvent(actors[0], actors[1], root, code, evidence=evidence or None, **flags)


def _parse_gold_doc(raw: Any) -> GoldDoc:
    _need(isinstance(raw, dict), "a line must hold a JSON object")
    doc_id = raw.get("id")
    _need(isinstance(doc_id, str | int) and str(doc_id) != "", "id is required")
    text = raw.get("text")
    _need(isinstance(text, str), "text must be a string")
    events = raw.get("events", [])
    _need(isinstance(events, list), "events must be a list")
    parsed = tuple(_parse_gold_event(e, text, i) for i, e in enumerate(events, start=1))
    return GoldDoc(str(doc_id), text, _parse_date(raw.get("date")), parsed)


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold file of issue 3's form, one JSON document per line (blank lines skipped).

    Raises InputFileError(path, line, detail) on the first malformed line, a bad date, an
    evidence string that is not in the text, or a repeated document id.
    """
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    try:
        with Path(path).open(encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    doc = _parse_gold_doc(json.loads(line))
                    _need(doc.id not in seen, f"duplicate id {doc.id!r}")
                except ValueError as exc:  # json.JSONDecodeError is a ValueError too
                    raise InputFileError(str(path), number, str(exc)) from None
                seen.add(doc.id)
                docs.append(doc)
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), None, f"not UTF-8: {exc.reason}") from None
    except OSError as exc:
        raise InputFileError(str(path), None, exc.strerror or str(exc)) from None
    return docs


# ------------------------------------------------------------------------------ PETRARCH


def _standard_cameo_codes() -> frozenset[str]:
    # Imported here, not at module level: graphsvc.extract pulls in spaCy.
    from graphsvc.extract.ontology import load_ontology

    return frozenset(c.code for c in load_ontology().all())


def _petrarch_country(actor: str) -> str | None:
    root = actor[:3]
    if root in ISO3166_ALPHA3 and root not in PETRARCH_FICTIONAL_CLASHES:
        return root
    return None


def load_petrarch(path: str | Path, *, cameo_codes: Collection[str] | None = None) -> list[GoldDoc]:
    """The PETRARCH validation records reduced to real countries.

    Kept: records with ``valid`` true, no ``expect_error`` and an expectation. Of their
    expected events only those whose source and target both start with a real ISO 3166
    alpha-3 code stay (the agent suffix is dropped: USAGOV → USA); ERI and FRO are fictional
    in this file. ``root`` is the code's first two digits when the code is standard CAMEO
    (``cameo_codes``, by default the project ontology), else None. Records that expect no
    events are documents without events; records whose expected events are all fictional
    are dropped.
    """
    codes = _standard_cameo_codes() if cameo_codes is None else frozenset(cameo_codes)
    try:
        return _read_petrarch(Path(path), codes)
    except OSError as exc:
        raise InputFileError(str(path), None, exc.strerror or str(exc)) from None


def _read_petrarch(path: Path, codes: frozenset[str]) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not record.get("valid", True) or record.get("expect_error"):
                    continue
                if record.get("no_expectation"):
                    continue
                events = []
                for raw in record.get("expected", []):
                    source = _petrarch_country(raw["source"])
                    target = _petrarch_country(raw["target"])
                    if source is None or target is None:
                        continue
                    code = raw["code"]
                    root = code[:2] if code in codes else None
                    events.append(GoldEvent(source, target, root, code))
                if not events and not record.get("expect_no_events"):
                    continue
                docs.append(
                    GoldDoc(
                        record["id"],
                        record["text"],
                        _parse_date(record.get("date")),
                        tuple(events),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise InputFileError(str(path), number, f"bad PETRARCH record: {exc}") from None
    return docs


# -------------------------------------------------------------------------------- PLOVER


def load_plover_table(path: str | Path) -> dict[str, str]:
    """CAMEO code → PLOVER (2021) event type, parsed from CAMEO2PLOVER-2021.txt.

    Lines look like ``041: CONSULT, phone,   # Discuss by telephone``; two-digit lines are
    root headers. A code listed twice keeps its first type (root 08 heads both CONCEDE and
    RETREAT; every 08x code has its own line, so the header only matters for unknown codes).
    """
    table: dict[str, str] = {}
    try:
        with Path(path).open(encoding="utf-8") as fh:
            for line in fh:
                match = _TABLE_LINE.match(line)
                if match:
                    table.setdefault(match.group(1), match.group(2).upper())
    except OSError as exc:
        raise InputFileError(str(path), None, exc.strerror or str(exc)) from None
    if not table:
        raise InputFileError(str(path), None, "no CAMEO→PLOVER rows found")
    return table


def plover_type(code: str, table: Mapping[str, str]) -> str | None:
    """PLOVER type of a CAMEO code: exact code, else its base code, else its root.

    None for roots 01 and 02, which PLOVER drops.
    """
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


def _plover_actors(value: Any) -> list[str | None]:
    """Country codes of one side; None marks an actor that is no real country (IGO, NGO…)."""
    if not isinstance(value, list):
        return []
    codes: list[str | None] = []
    for actor in value:
        code = str(actor.get("code", "")).strip().upper() if isinstance(actor, dict) else ""
        code = PLOVER_LEGACY_CODES.get(code, code)
        codes.append(code if code in ISO3166_ALPHA3 else None)
    return codes


def _plover_events(record: Mapping[str, Any]) -> list[GoldEvent] | None:
    """Pairwise events of one record; None when an actor is not a real country."""
    name = str(record.get("event", "")).upper()
    if name not in PLOVER_05B1_TO_2021:
        raise ValueError(f"unknown PLOVER event type {name!r}")
    sources = _plover_actors(record.get("source"))
    targets = _plover_actors(record.get("target"))
    if None in sources or None in targets:
        return None
    code = PLOVER_PREFIX + name
    evidence = record.get("eventText") or None
    text = record.get("text", "")
    evidence = evidence if evidence and evidence in text else None
    events: list[GoldEvent] = []
    if targets:
        for s in sources:
            events.extend(GoldEvent(s, t, None, code, evidence=evidence) for t in targets)
        return events
    # No target: the sources act together, reciprocally ("(SRC/TAR: Israel) and the
    # (SRC/TAR: Palestinians) reached a consensus"), so every pair of them is one symmetric
    # event. A single source without a target is a one-sided (domestic) event: none.
    for i, first in enumerate(sources):
        for second in sources[i + 1 :]:
            events.append(GoldEvent(first, second, None, code, symmetric=True, evidence=evidence))
    return events


def load_plover(path: str | Path, *, keep_empty: bool = False) -> list[GoldDoc]:
    """PLOVER gold records with real countries on both sides, as GoldDocs.

    The DOCUMENT header record is skipped. Each source × target pair is an event (with no
    target, each pair of the reciprocal sources, symmetric). ``code`` keeps the record's
    PLOVER 0.5b1 type as ``"plover:AGREE"``; ``root`` is None. Records naming an actor
    without a real country code (generic IGO, NGO, IMG…) are dropped, since a prediction
    naming that organisation could not be matched. Records left with no country pair
    (self-pairs, one-sided events) are dropped unless ``keep_empty``. Three pre-ISO codes
    (JAP, ITL, VTN) are read as JPN, ITA, VNM; repeated ids get a ``~2`` suffix.
    """
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputFileError(str(path), None, f"cannot read PLOVER JSON: {exc}") from None
    if not isinstance(records, list):
        raise InputFileError(str(path), None, "expected a JSON array of records")
    docs: list[GoldDoc] = []
    ids: dict[str, int] = {}
    for index, record in enumerate(records):
        if not isinstance(record, dict) or record.get("event") == "DOCUMENT":
            continue
        try:
            events = _plover_events(record)
            # The set's dates are all the placeholder 2000-01-01 (its README says so); the
            # sentences span decades, so a leader must not be resolved against that date.
            when = None if record.get("date") == "2000-01-01" else _parse_date(record.get("date"))
        except (ValueError, TypeError, AttributeError) as exc:
            raise InputFileError(str(path), None, f"record {index}: {exc}") from None
        if events is None:
            continue
        if not keep_empty and not any(e.source != e.target for e in events):
            continue
        doc_id = str(record.get("id", f"plover-{index}"))
        ids[doc_id] = ids.get(doc_id, 0) + 1
        if ids[doc_id] > 1:
            doc_id = f"{doc_id}~{ids[doc_id]}"
        docs.append(GoldDoc(doc_id, str(record.get("text", "")), when, tuple(events)))
    return docs


# ------------------------------------------------------------------------------- scoring

Item = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LevelScore:
    level: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class DocResult:
    """Errors of one document: items per level, plus the negated gold items emitted."""

    doc_id: str
    missed: dict[str, list[Item]] = field(default_factory=dict)
    spurious: dict[str, list[Item]] = field(default_factory=dict)
    negated_emitted: list[Item] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        lists = [*self.missed.values(), *self.spurious.values(), self.negated_emitted]
        return any(lists)


@dataclass(slots=True)
class Report:
    levels: dict[str, LevelScore]
    negated_emitted: int
    negated_gold: int
    documents: list[DocResult]
    gold_events: int
    predicted_events: int
    type_scheme: str = "cameo"  # "plover" when pair_root/directed compare PLOVER types

    @property
    def pair(self) -> LevelScore:
        return self.levels["pair"]

    @property
    def pair_root(self) -> LevelScore:
        return self.levels["pair_root"]

    @property
    def directed(self) -> LevelScore:
        return self.levels["directed"]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (items joined as in the printed report)."""
        return {
            "documents": len(self.documents),
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "type_scheme": self.type_scheme,
            "levels": {
                name: {
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for name, s in self.levels.items()
            },
            "negated_gold": self.negated_gold,
            "negated_emitted": self.negated_emitted,
            "errors": [
                {
                    "id": d.doc_id,
                    "missed": {k: [format_item(k, i) for i in v] for k, v in d.missed.items() if v},
                    "spurious": {
                        k: [format_item(k, i) for i in v] for k, v in d.spurious.items() if v
                    },
                    "negated_emitted": [format_item("pair_root", i) for i in d.negated_emitted],
                }
                for d in self.documents
                if d.has_errors
            ],
        }


@dataclass(frozen=True, slots=True)
class _Claim:
    """An event reduced to what the levels compare; ``kind`` None means type unknown."""

    source: str
    target: str
    kind: str | None
    symmetric: bool

    @property
    def pair(self) -> Item:
        return tuple(sorted((self.source, self.target)))


def _gold_kind(event: GoldEvent) -> str | None:
    code = event.code or ""
    if code.startswith(PLOVER_PREFIX):
        return PLOVER_05B1_TO_2021.get(code[len(PLOVER_PREFIX) :].upper())
    return event.root


def _predicted_kind(event: Event, plover_table: Mapping[str, str] | None) -> str | None:
    if plover_table is not None:
        return plover_type(event.code, plover_table)
    return event.root or (event.code[:2] if event.code else None)


def _score_document(
    gold: GoldDoc, predicted: Iterable[Event], plover_table: Mapping[str, str] | None
) -> tuple[dict[str, tuple[set[Item], set[Item]]], list[Item], int]:
    """Gold and predicted item sets per level, emitted negated items, negated gold count."""
    positives = [
        _Claim(e.source, e.target, _gold_kind(e), e.symmetric)
        for e in gold.events
        if not e.negated and e.source != e.target
    ]
    negatives = [
        _Claim(e.source, e.target, _gold_kind(e), e.symmetric)
        for e in gold.events
        if e.negated and e.source != e.target
    ]
    claims = [
        _Claim(e.source, e.target, _predicted_kind(e, plover_table), e.symmetric)
        for e in predicted
        if not e.negated and e.source != e.target
    ]

    gold_pairs = {c.pair for c in positives}
    pred_pairs = {c.pair for c in claims}

    # A gold pair whose type is unknown (a PETRARCH test code) cannot be typed, so typed
    # predictions on that pair are neither right nor wrong at the typed levels.
    untyped = {c.pair for c in positives if c.kind is None}
    gold_typed = {(*c.pair, c.kind) for c in positives if c.kind is not None}
    pred_typed = {
        (*c.pair, c.kind)
        for c in claims
        if c.kind is not None and ((*c.pair, c.kind) in gold_typed or c.pair not in untyped)
    }

    directed_gold = {
        (c.source, c.target, c.kind) for c in positives if not c.symmetric and c.kind is not None
    }
    directed_keys = {(*tuple(sorted(item[:2])), item[2]) for item in directed_gold}
    directed_pred = {
        (c.source, c.target, c.kind)
        for c in claims
        if not c.symmetric and c.kind is not None and (*c.pair, c.kind) in directed_keys
    }

    # A denied event is "emitted" when the prediction has its pair (and type, if known) —
    # unless a positive gold event has the same key, which makes the two indistinguishable.
    emitted: list[Item] = []
    for c in negatives:
        if c.kind is None:
            if c.pair in pred_pairs and c.pair not in gold_pairs:
                emitted.append(c.pair)
        else:
            key = (*c.pair, c.kind)
            if key in pred_typed and key not in gold_typed:
                emitted.append(key)
    sets = {
        "pair": (gold_pairs, pred_pairs),
        "pair_root": (gold_typed, pred_typed),
        "directed": (directed_gold, directed_pred),
    }
    return sets, sorted(set(emitted)), len(negatives)


def score(
    gold: list[GoldDoc],
    predicted: Mapping[str, list[Event]],
    *,
    plover_table: Mapping[str, str] | str | Path | None = None,
) -> Report:
    """Compare predictions (doc id → events) with gold documents at the three levels.

    Gold typed with PLOVER (``code`` "plover:…") needs ``plover_table`` (a mapping or the
    path of CAMEO2PLOVER-2021.txt) to translate predicted CAMEO codes; predictions whose
    code PLOVER drops (roots 01, 02) then count at the ``pair`` level only. Predictions for
    ids not in ``gold`` are ignored.
    """
    is_plover = any((e.code or "").startswith(PLOVER_PREFIX) for d in gold for e in d.events)
    table: Mapping[str, str] | None = None
    if is_plover:
        if plover_table is None:
            raise InvalidInput("PLOVER gold needs the CAMEO→PLOVER table (plover_table)")
        table = (
            plover_table if isinstance(plover_table, Mapping) else load_plover_table(plover_table)
        )
    totals = {level: [0, 0, 0] for level in LEVELS}
    documents: list[DocResult] = []
    negated_emitted = negated_gold = gold_events = predicted_events = 0
    for doc in gold:
        events = list(predicted.get(doc.id, []))
        gold_events += sum(1 for e in doc.events if not e.negated and e.source != e.target)
        predicted_events += sum(1 for e in events if not e.negated)
        sets, emitted, negatives = _score_document(doc, events, table)
        result = DocResult(doc.id, negated_emitted=emitted)
        for level, (gold_items, pred_items) in sets.items():
            totals[level][0] += len(gold_items & pred_items)
            totals[level][1] += len(pred_items - gold_items)
            totals[level][2] += len(gold_items - pred_items)
            result.missed[level] = sorted(gold_items - pred_items)
            result.spurious[level] = sorted(pred_items - gold_items)
        negated_emitted += len(emitted)
        negated_gold += negatives
        documents.append(result)
    return Report(
        levels={level: LevelScore(level, *counts) for level, counts in totals.items()},
        negated_emitted=negated_emitted,
        negated_gold=negated_gold,
        documents=documents,
        gold_events=gold_events,
        predicted_events=predicted_events,
        type_scheme="plover" if is_plover else "cameo",
    )


# ------------------------------------------------------------------------------ printing


def format_item(level: str, item: Item) -> str:
    """``ARM–AZE``, ``ARM–AZE 04`` or ``ARM→AZE 19``."""
    if level == "directed":
        return f"{item[0]}→{item[1]} {item[2]}"
    pair = f"{item[0]}–{item[1]}"
    return f"{pair} {item[2]}" if len(item) > 2 else pair


def format_report(report: Report, *, show_errors: bool = True) -> str:
    """A score table, then per document the missed (gold, not found) and spurious items."""
    typed = "PLOVER type" if report.type_scheme == "plover" else "CAMEO root"
    lines = [
        f"documents: {len(report.documents)}   gold events: {report.gold_events}   "
        f"predicted events: {report.predicted_events}   types: {typed}",
        "",
        f"{'level':<10} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>10} {'recall':>8} {'F1':>7}",
    ]
    for name, s in report.levels.items():
        lines.append(
            f"{name:<10} {s.tp:>5} {s.fp:>5} {s.fn:>5} "
            f"{s.precision:>10.3f} {s.recall:>8.3f} {s.f1:>7.3f}"
        )
    lines.append("")
    lines.append(f"negated gold events emitted: {report.negated_emitted} of {report.negated_gold}")
    if not show_errors:
        return "\n".join(lines)
    for doc in report.documents:
        if not doc.has_errors:
            continue
        lines.append("")
        lines.append(f"[{doc.doc_id}]")
        for label, per_level in (("missed", doc.missed), ("spurious", doc.spurious)):
            for level in LEVELS:
                items = per_level.get(level) or []
                if items:
                    shown = ", ".join(format_item(level, i) for i in items)
                    lines.append(f"  {label:<8} {level:<9} {shown}")
        if doc.negated_emitted:
            shown = ", ".join(format_item("pair_root", i) for i in doc.negated_emitted)
            lines.append(f"  negated emitted    {shown}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------- running


def load_documents(path: str | Path, fmt: str = "gold") -> list[GoldDoc]:
    """Load any of the three formats: ``gold`` (team JSONL), ``plover``, ``petrarch``."""
    if fmt == "gold":
        return load_gold(path)
    if fmt == "plover":
        return load_plover(path)
    if fmt == "petrarch":
        return load_petrarch(path)
    raise InvalidInput(f"unknown gold format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _predict(extractor: Any, docs: list[GoldDoc], processes: int) -> Iterator[tuple[str, list]]:
    if processes > 1 and hasattr(extractor, "extract_many"):
        inputs = [ArticleInput(text=d.text, id=d.id, published=d.date) for d in docs]
        for article, events in extractor.extract_many(inputs, processes=processes):
            yield str(article.id), events
        return
    for doc in docs:
        yield doc.id, extractor.extract(doc.text, published=doc.date, doc_id=doc.id)


def run_evaluation(
    extractor: SupportsExtract,
    path: str | Path,
    fmt: str = "gold",
    *,
    plover_table: str | Path | None = None,
    processes: int = 1,
) -> Report:
    """Load a gold file, run the extractor over its documents and score the output.

    For ``fmt="plover"`` without ``plover_table`` the table is looked for next to the gold
    file (``CAMEO2PLOVER-2021.txt``, as in the shared eval folder).
    """
    docs = load_documents(path, fmt)
    if fmt == "plover" and plover_table is None:
        plover_table = Path(path).with_name("CAMEO2PLOVER-2021.txt")
        if not plover_table.exists():
            raise InvalidInput("PLOVER scoring needs the CAMEO→PLOVER table (plover_table)")
    predicted = dict(_predict(extractor, docs, processes))
    return score(docs, predicted, plover_table=plover_table)
