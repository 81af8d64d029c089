"""Score the coder on the real-news study set wherever its texts are at hand.

    python eval/realnews/score.py                      # both halves, scores only
    python eval/realnews/score.py --split study --errors   # the study half, with its errors
    python eval/realnews/score.py --fill DIR           # first copy ID.txt files from DIR
    python eval/realnews/score.py --thresholds 0.3,0.5,0.7   # precision/recall per threshold

The articles are other people's writing, so their texts never enter the repository:
``annotations.jsonl`` holds each article's address, metadata, the SHA-256 of the text the
annotators read, and the gold events with their evidence as offsets. The texts live in the
git-ignored ``cache/`` beside this file; ``--fill DIR`` copies ``ID.txt`` files a person
provides (the article's text as saved from its address) into it, keeping only those whose
hash matches. Articles without a text are skipped and counted. The held-out half is scored,
never listed error by error (``--errors`` is refused for it): its score is the estimate of
unseen news only while nobody tunes on its mistakes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ANNOTATIONS = HERE / "annotations.jsonl"
CACHE = HERE / "cache"


def load_lines(path: Path = ANNOTATIONS) -> list[dict]:
    return [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fill(lines: list[dict], folder: Path) -> tuple[int, list[str]]:
    """Copy matching ``ID.txt`` texts from ``folder`` into the cache."""
    CACHE.mkdir(exist_ok=True)
    copied, mismatched = 0, []
    for line in lines:
        source = folder / f"{line['id']}.txt"
        if not source.exists():
            continue
        if sha256(source.read_text(encoding="utf-8")) != line["sha256"]:
            mismatched.append(line["id"])
            continue
        shutil.copyfile(source, CACHE / source.name)
        copied += 1
    return copied, mismatched


def gold_documents(lines: list[dict]) -> tuple[list, list[str]]:
    """GoldDocs of the articles whose cached text matches; the ids of the others."""
    sys.path.insert(0, str(ROOT))
    from graphsvc.evaluate import GoldDoc, GoldEvent, _parse_date

    docs, missing = [], []
    for line in lines:
        path = CACHE / f"{line['id']}.txt"
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text is None or sha256(text) != line["sha256"]:
            missing.append(line["id"])
            continue
        events = []
        for raw in line["events"]:
            span = raw.get("evidence")
            events.append(
                GoldEvent(
                    raw["source"],
                    raw["target"],
                    raw.get("root"),
                    raw.get("code"),
                    symmetric=raw.get("symmetric", False),
                    negated=raw.get("negated", False),
                    evidence=text[span[0] : span[1]] if span else None,
                )
            )
        docs.append(GoldDoc(line["id"], text, _parse_date(line.get("date")), tuple(events)))
    return docs, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("study", "heldout", "all"), default=None)
    parser.add_argument("--errors", action="store_true", help="list errors (study half only)")
    parser.add_argument("--fill", type=Path, help="copy ID.txt texts from this folder first")
    parser.add_argument(
        "--thresholds", default="", help="comma-separated confidence thresholds to score at"
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    if args.errors and args.split != "study":
        parser.error("--errors lists the study half's errors only: add --split study")
    lines = load_lines()
    if args.fill:
        copied, mismatched = fill(lines, args.fill)
        print(f"copied {copied} texts; hash mismatch: {', '.join(mismatched) or 'none'}")
    sys.path.insert(0, str(ROOT))
    from graphsvc.evaluate import format_report, score
    from graphsvc.extract import Extractor

    extractor = Extractor()
    thresholds = [float(t) for t in args.thresholds.split(",") if t.strip()]
    halves = ("study", "heldout") if args.split in (None, "all") else (args.split,)
    results = {}
    for half in halves:
        docs, missing = gold_documents([line for line in lines if line["split"] == half])
        predicted = {d.id: extractor.extract(d.text, published=d.date, doc_id=d.id) for d in docs}
        report = score(docs, predicted)
        print(f"== {half}: {len(docs)} articles scored, {len(missing)} without their text")
        if not args.json:
            print(format_report(report, show_errors=args.errors and half == "study"))
        results[half] = {"scored": len(docs), "missing": len(missing), **report.to_dict()}
        if not args.errors:
            results[half].pop("errors", None)
        for threshold in thresholds:
            kept = {
                doc: [e for e in events if e.confidence >= threshold]
                for doc, events in predicted.items()
            }
            at = score(docs, kept)
            p, r = at.pair, at.pair_root
            print(
                f"  confidence >= {threshold:.2f}: pair P {p.precision:.3f} R {p.recall:.3f} "
                f"F1 {p.f1:.3f}; pair+root P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}"
            )
        print()
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
