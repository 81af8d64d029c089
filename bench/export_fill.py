"""Fill a store with synthetic articles and events for the export benchmark.

~200 actors (the gazetteer's states and IGOs) with power-law activity, real CAMEO codes
from the project's ontology table, ten years of dates, wire-style sentences. Written through
the store's own write path (``write_batch``: one call to switch to the bulk path).
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import yaml

from graphsvc.models import Actor, Article, Event, content_hash
from graphsvc.store import Store

DATA = Path(__file__).resolve().parents[1] / "graphsvc" / "extract" / "data"
EVENTS_PER_ARTICLE = 20
FIRST_DAY = date(2015, 1, 1)
DAYS = 3652
VERBS = ("said", "told reporters", "announced", "confirmed", "reported")


def load_actors() -> list[Actor]:
    found = []
    for name, kind in (("countries.yaml", "state"), ("igos.yaml", "igo")):
        raw = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        entries = raw if isinstance(raw, list) else next(iter(raw.values()))
        found += [Actor(e["code"], e.get("label") or e["code"], kind) for e in entries]
    return found


def load_codes() -> list[tuple[str, str, str, float, int]]:
    """(code, root, label, goldstein, quad class) of every base/detail CAMEO code."""
    with (DATA / "cameo.csv").open(encoding="utf-8", newline="") as handle:
        return [
            (r["code"], r["root"], r["label"], float(r["goldstein"]), int(r["quad_class"]))
            for r in csv.DictReader(handle)
            if r["level"] != "root" and r["goldstein"] and r["quad_class"]
        ]


def synthetic(n_events: int, seed: int = 7) -> Iterator[tuple[Article, list[Event]]]:
    rnd = random.Random(seed)
    actors = load_actors()
    rnd.shuffle(actors)  # activity rank independent of alphabetical order
    codes = load_codes()
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(actors))]
    made = 0
    number = 0
    while made < n_events:
        number += 1
        day = FIRST_DAY + timedelta(days=rnd.randrange(DAYS))
        size = min(EVENTS_PER_ARTICLE, n_events - made)
        events = []
        sentences = []
        for _ in range(size):
            a, b = rnd.choices(actors, weights, k=2)
            if a.code == b.code:
                b = actors[(actors.index(a) + 1) % len(actors)]
            code, root, label, goldstein, quad = rnd.choice(codes)
            # Quotes are common in wire copy, ampersands rare (they take the escaping path).
            topic = f'"{label.lower()}"' if rnd.random() < 0.4 else label.lower()
            where = "the capital & the region" if rnd.random() < 0.03 else "the capital"
            sentence = (
                f"{a.label} officials {rnd.choice(VERBS)} on {day:%A} that talks with "
                f"{b.label} on {topic} would continue, according to a statement released in "
                f"{where} and seen by reporters (ref. {rnd.randrange(10**6)})."
            )
            sentences.append(sentence)
            events.append(
                Event(
                    a.code, b.code, code, root, quad, goldstein, label, day, "day", sentence,
                    trigger_text="talks", trigger_start=40, trigger_end=45,
                    source_text=f"{a.label} officials", source_end=len(a.label) + 10,
                    target_text=b.label, target_start=60, target_end=60 + len(b.label),
                    source_sector="GOV", target_sector=rnd.choice(("GOV", None, "MIL")),
                    group_id=None if rnd.random() < 0.9 else f"g{number}",
                    symmetric=code.startswith("04"), negated=rnd.random() < 0.02,
                    confidence=round(rnd.uniform(0.5, 1.0), 2), mentions=rnd.randint(1, 3),
                    extractor_version="bench-1",
                )
            )  # fmt: skip
        text = " ".join(sentences)
        article = Article(
            id=f"bench-{number:08d}",
            text=text,
            title=f"Wire story {number}",
            source="bench",
            published=day,
            content_hash=content_hash(text),
        )
        made += size
        yield article, events


def write_batch(store: Store, items: Sequence[tuple[Article, Sequence[Event]]]) -> None:
    """One line to switch to the lead's bulk path: ``store.add_articles(items)``."""
    add_many = getattr(store, "add_articles", None)
    if add_many is not None:
        add_many(items)
        return
    for article, events in items:
        store.add_article(article, events)


def fill(url: str, n_events: int, *, batch: int = 500) -> float:
    """Fill an empty store with ``n_events`` events; returns seconds taken."""
    store = Store(url)
    try:
        store.upsert_actors(load_actors())
        started = time.perf_counter()
        pending: list[tuple[Article, list[Event]]] = []
        for item in synthetic(n_events):
            pending.append(item)
            if len(pending) >= batch:
                write_batch(store, pending)
                pending = []
        if pending:
            write_batch(store, pending)
        return time.perf_counter() - started
    finally:
        store.close()
