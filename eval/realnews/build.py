"""Turn the annotators' working files into the committed study set (run once per set).

    python eval/realnews/build.py /work/realnews/annot-A.jsonl /work/realnews/annot-B.jsonl \
        --texts /work/realnews/cache --seed 11

Each working line quotes its evidence from the article's text, which is not ours to publish;
the committed line (``annotations.jsonl``) keeps the article's address and metadata, a
SHA-256 of the text and each event's evidence as character offsets into it — no quoted
text. The texts are copied into the git-ignored ``cache/`` beside this file, from where
``score.py`` reads them. The split into study and held-out halves is made here, once, at
random within each annotator × region stratum (seeded), and written into every line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "annotations.jsonl"
CACHE = HERE / "cache"
KEEP = ("id", "url", "outlet", "region", "date", "date_estimated")
EVENT_FIELDS = ("source", "target", "root", "code", "symmetric", "negated")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def committed_line(record: dict, text: str, annotator: str) -> dict:
    """The line as committed: metadata, text hash and evidence offsets, no quotation."""
    line = {key: record[key] for key in KEEP if key in record}
    line.update(annotator=annotator, sha256=sha256(text), chars=len(text))
    events = []
    for n, event in enumerate(record.get("events", []), start=1):
        evidence = event.get("evidence") or ""
        start = text.find(evidence) if evidence else -1
        if evidence and start < 0:
            raise SystemExit(f"{record['id']}: event {n}: evidence is not in the text")
        kept = {key: event[key] for key in EVENT_FIELDS if key in event}
        kept["evidence"] = [start, start + len(evidence)] if evidence else None
        events.append(kept)
    line["events"] = events
    return line


def split(lines: list[dict], seed: int) -> None:
    """Half of each annotator × region stratum to study, the rest held out (odd strata
    alternate which half gets the extra article)."""
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for line in lines:
        strata[(line["annotator"], line.get("region", ""))].append(line)
    rng = random.Random(seed)
    extra_to_study = True
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda line: line["id"])
        rng.shuffle(members)
        half = len(members) // 2
        if len(members) % 2:
            half += extra_to_study
            extra_to_study = not extra_to_study
        for i, line in enumerate(members):
            line["split"] = "study" if i < half else "heldout"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="annotators' JSONL files")
    parser.add_argument("--texts", type=Path, required=True, help="folder of ID.txt texts")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    lines, seen = [], set()
    CACHE.mkdir(exist_ok=True)
    for path in args.files:
        annotator = path.stem.rsplit("-", 1)[-1]
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            record = json.loads(raw)
            if record["id"] in seen:
                raise SystemExit(f"{path}:{number}: duplicate id {record['id']}")
            seen.add(record["id"])
            source = args.texts / f"{record['id']}.txt"
            text = source.read_text(encoding="utf-8")
            lines.append(committed_line(record, text, annotator))
            shutil.copyfile(source, CACHE / source.name)
    split(lines, args.seed)
    lines.sort(key=lambda line: line["id"])
    with OUT.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    halves = defaultdict(int)
    for line in lines:
        halves[line["split"]] += 1
    print(f"{len(lines)} articles -> {OUT} ({dict(halves)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
