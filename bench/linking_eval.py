"""Link quality of "events, not reports" on the team's multi-outlet set (eval/linking/).

Extracts the articles once with the real coder, then stores them (in file order, and in
shuffled orders) into fresh in-memory stores and scores the links against the gold:
pairwise link precision/recall/F1 and B-cubed, and the same over a sweep of the sentence
similarity threshold.

    .venv/bin/python bench/linking_eval.py [--articles eval/linking/articles.jsonl]
        [--gold eval/linking/gold.jsonl] [--orders 5]
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date
from pathlib import Path

from graphsvc.linking import gold as gold_module
from graphsvc.linking import rules, score
from graphsvc.models import Article, EventFilter, content_hash
from graphsvc.service import GraphService
from graphsvc.settings import Settings
from graphsvc.store import Store

HERE = Path(__file__).resolve().parent.parent / "eval" / "linking"


def _articles(path: Path) -> list[Article]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        published = date.fromisoformat(raw["published"])
        out.append(Article(raw["id"], raw["text"], raw.get("title"), None, raw.get("source"),
                           published, content_hash(raw["text"])))  # fmt: skip
    return out


def run(items, gold, threshold: float):  # type: ignore[no-untyped-def]
    rules.MIN_SIMILARITY = threshold
    store = Store("sqlite://")
    try:
        for pair in items:  # one article per transaction, as POST /articles does
            store.add_articles([pair])
        rows, _ = store.query_events(EventFilter(reports=True, include_negated=True))
    finally:
        store.close()
    predicted, truth = gold_module.assignments(rows, gold)
    return score.pairwise(predicted, truth), score.bcubed(predicted, truth), len(truth), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=HERE / "articles.jsonl")
    parser.add_argument("--gold", type=Path, default=HERE / "gold.jsonl")
    parser.add_argument("--orders", type=int, default=5, help="shuffled ingest orders")
    args = parser.parse_args()
    articles = _articles(args.articles)
    gold = gold_module.load(args.gold)
    service = GraphService(Settings(database_url="sqlite://"))
    events = service.extract_articles(articles)
    service.close()
    items = list(zip(articles, events, strict=True))
    default = rules.MIN_SIMILARITY
    pw, b3, n, rows = run(items, gold, default)
    gold_events = len(set(gold_module.assignments(rows, gold)[1].values()))
    print(f"{len(articles)} articles, {len(rows)} event rows, {n} gold reports of "
          f"{gold_events} gold events")  # fmt: skip
    print(f"file order, threshold {default}: pairwise P={pw.precision:.3f} R={pw.recall:.3f} "
          f"F1={pw.f1:.3f} ({pw.true_positives}/{pw.predicted} predicted links right, "
          f"{pw.gold} gold links); B-cubed P={b3.precision:.3f} R={b3.recall:.3f} "
          f"F1={b3.f1:.3f}")  # fmt: skip
    rng = random.Random(1)
    for k in range(args.orders):
        shuffled = items[:]
        rng.shuffle(shuffled)
        pw, b3, *_ = run(shuffled, gold, default)
        print(f"shuffled order {k + 1}: pairwise P={pw.precision:.3f} R={pw.recall:.3f} "
              f"F1={pw.f1:.3f}; B-cubed F1={b3.f1:.3f}")  # fmt: skip
    for threshold in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3):
        pw, b3, *_ = run(items, gold, threshold)
        print(f"threshold {threshold:.2f}: pairwise P={pw.precision:.3f} R={pw.recall:.3f} "
              f"F1={pw.f1:.3f}; B-cubed F1={b3.f1:.3f}")  # fmt: skip
    rules.MIN_SIMILARITY = default


if __name__ == "__main__":
    main()
