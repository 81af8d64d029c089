"""How far can an analyst trust Event.confidence? A reliability table on gold sets.

    python eval/calibration.py                       # dev + long-dev (the default sets)
    python eval/calibration.py eval/devset.jsonl other-gold.jsonl --json
    python eval/calibration.py --realnews            # + both real-news halves (texts cached)
    python eval/calibration.py --fit                 # refit extract/data/calibration.json

``--fit`` scores the coder's raw scores (no calibration) on dev, long-dev and the real-news
study half, fits the isotonic map (graphsvc/extract/calibration.py) to whether each event's
pair and root are in the gold, writes it into the package, and then prints every table with
the new map, the real-news held-out half included: the held-out half is the check that the
map holds on news it was not fitted on.

For each gold file the coder's events are scored twice:

- per threshold (0.3, 0.5, 0.7 and no threshold): keep the events with confidence >= t and
  score them with ``graphsvc.evaluate.score`` — precision, recall and F1 at the scorer's
  three levels, so a threshold's cost in recall is visible next to its gain in precision;
- per confidence bucket: the share of events whose (pair, root) item is in the gold
  (event-level precision), so a bucket's confidence can be compared with how often it is
  right (a calibrated coder's 0.8 bucket is right about 80 % of the time).

Held-out sets may be scored here too: only totals are printed, never a document's errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graphsvc.evaluate import GoldDoc, load_gold, score
from graphsvc.extract import Extractor
from graphsvc.extract.calibration import DATA, IDENTITY, isotonic, load_calibration
from graphsvc.models import Event

ROOT = Path(__file__).resolve().parent
DEFAULT_SETS = (ROOT / "devset.jsonl", ROOT / "long-dev.jsonl")
THRESHOLDS = (0.0, 0.6, 0.75, 0.8, 0.9)
BUCKETS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))
REALNEWS = ROOT / "realnews"
LEVELS = ("pair", "pair_root", "directed")


@dataclass
class Bucket:
    low: float
    high: float
    events: int = 0
    right: int = 0
    confidence_sum: float = 0.0

    def row(self) -> dict[str, object]:
        return {
            "bucket": f"[{self.low:.2f}, {min(self.high, 1.0):.2f}{']' if self.high > 1 else ')'}",
            "events": self.events,
            "mean_confidence": round(self.confidence_sum / self.events, 3) if self.events else None,
            "precision": round(self.right / self.events, 3) if self.events else None,
        }


def _gold_items(doc: GoldDoc) -> set[tuple[frozenset[str], str | None]]:
    return {
        (frozenset((e.source, e.target)), e.root)
        for e in doc.events
        if not e.negated and e.source != e.target
    }


def calibrate(docs: list[GoldDoc], predicted: dict[str, list[Event]]) -> dict[str, object]:
    """Threshold table and bucket reliability for one set of gold documents."""
    thresholds = []
    for t in THRESHOLDS:
        kept = {k: [e for e in v if e.confidence >= t] for k, v in predicted.items()}
        report = score(docs, kept)
        row: dict[str, object] = {"threshold": t}
        for level in LEVELS:
            s = report.levels[level]
            row[level] = {
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
            }
        thresholds.append(row)
    buckets = [Bucket(lo, hi) for lo, hi in BUCKETS]
    for confidence, right in _claims(docs, predicted):
        bucket = next(b for b in buckets if b.low <= confidence < b.high)
        bucket.events += 1
        bucket.right += right
        bucket.confidence_sum += confidence
    return {"thresholds": thresholds, "buckets": [b.row() for b in buckets]}


def _print(name: str, result: dict[str, object]) -> None:
    print(f"\n== {name}")
    print("threshold   " + "   ".join(f"{lvl:>20}" for lvl in LEVELS))
    print("            " + "   ".join(f"{'P     R     F1':>20}" for _ in LEVELS))
    for row in result["thresholds"]:  # type: ignore[union-attr]
        cells = [
            f"{row[lvl]['precision']:.3f} {row[lvl]['recall']:.3f} {row[lvl]['f1']:.3f}"
            for lvl in LEVELS
        ]
        label = "none" if row["threshold"] == 0 else f">= {row['threshold']:.2f}"
        print(f"{label:<10}  " + "   ".join(f"{c:>20}" for c in cells))
    print("\nconfidence bucket   events   mean conf   precision (pair+root, per event)")
    for b in result["buckets"]:  # type: ignore[union-attr]
        mean = "-" if b["mean_confidence"] is None else f"{b['mean_confidence']:.3f}"
        prec = "-" if b["precision"] is None else f"{b['precision']:.3f}"
        print(f"{b['bucket']:<18}  {b['events']:>6}   {mean:>9}   {prec:>9}")


def _realnews(split: str) -> list[GoldDoc]:
    """The real-news half's documents whose texts are cached (eval/realnews/README.md)."""
    sys.path.insert(0, str(REALNEWS))
    import score as realnews  # eval/realnews/score.py

    lines = [line for line in realnews.load_lines() if line["split"] == split]
    docs, _missing = realnews.gold_documents(lines)
    return docs


def _claims(docs: list[GoldDoc], predicted: dict[str, list[Event]]) -> list[tuple[float, bool]]:
    """(confidence, right?) per claim: an event's pair and root, once per confidence (a
    symmetric pair or a repeat is one claim); right when the gold has that pair and root."""
    claims = []
    for doc in docs:
        gold = _gold_items(doc)
        seen: set[tuple[frozenset[str], str, float]] = set()
        for e in predicted.get(doc.id, []):
            if e.negated or e.source == e.target:
                continue
            pair = frozenset((e.source, e.target))
            if (pair, e.root, e.confidence) in seen:
                continue
            seen.add((pair, e.root, e.confidence))
            claims.append((e.confidence, (pair, e.root) in gold))
    return claims


def _extract_all(extractor: Extractor, docs: list[GoldDoc]) -> dict[str, list[Event]]:
    return {d.id: extractor.extract(d.text, published=d.date, doc_id=d.id) for d in docs}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold JSONL files (eval/README.md)")
    parser.add_argument("--json", action="store_true", help="print the tables as JSON")
    parser.add_argument(
        "--realnews", action="store_true", help="add the real-news study and held-out halves"
    )
    parser.add_argument(
        "--fit", action="store_true", help="refit the shipped map (dev, long-dev, study)"
    )
    args = parser.parse_args(argv)
    sets: dict[str, list[GoldDoc]] = {
        p.name: load_gold(p) for p in (args.gold or list(DEFAULT_SETS))
    }
    if args.realnews or args.fit:
        sets["realnews-study"] = _realnews("study")
        sets["realnews-heldout"] = _realnews("heldout")
    if args.fit:
        raw = Extractor(calibration=IDENTITY)
        fit_on = [n for n in sets if n != "realnews-heldout"]
        points = [p for name in fit_on for p in _claims(sets[name], _extract_all(raw, sets[name]))]
        fitted = isotonic(points)
        DATA.write_text(fitted.to_json({n: len(sets[n]) for n in fit_on}), encoding="utf-8")
        load_calibration.cache_clear()
        print(f"fitted on {len(points)} claims of {', '.join(fit_on)} -> {DATA}")
    extractor = Extractor()
    everything: list[GoldDoc] = []
    predicted: dict[str, list[Event]] = {}
    out: dict[str, object] = {}
    for name, docs in sets.items():
        predicted.update(_extract_all(extractor, docs))
        out[name] = calibrate(docs, predicted)
        if name != "realnews-heldout":
            everything += docs
    if len(sets) > 1:
        out["all but held-out"] = calibrate(everything, predicted)
    if args.json:
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        for name, result in out.items():
            _print(name, result)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
