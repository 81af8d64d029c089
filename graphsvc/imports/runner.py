"""Streaming a dataset's files into the store: batches of rows, one transaction each.

Rows are parsed one at a time and written ``batch_size`` at a time through
``Store.add_imported`` (COPY on PostgreSQL, executemany on SQLite, rollups updated in the
same transaction), so memory stays flat whatever the file size. A batch commits whole or
not at all, and events already stored (same dataset and id) are skipped: re-running an
import, or running it again after a crash, adds only what is missing.

A malformed row stops the import (``ImportError`` naming ``FILE:LINE``) before its batch is
written — the batches before it are stored, the rows of its batch are not — unless
``skip_bad``: then it is reported and left out, and the import goes on.
"""

from __future__ import annotations

import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphsvc.errors import GraphsvcError
from graphsvc.imports import countries, readers
from graphsvc.imports.formats import Format
from graphsvc.imports.records import LABELS, Imported, RowError, Skipped, key_hash
from graphsvc.models import content_hash
from graphsvc.store.queries import event_row
from graphsvc.store.store import Store

BATCH_SIZE = 5000


class BadRow(GraphsvcError):
    """A row that does not follow its codebook: ``FILE:LINE: message``."""


@dataclass
class Summary:
    rows: int = 0  # data rows read (headers not counted)
    events_added: int = 0
    events_read: int = 0
    mentions_added: int = 0
    mentions_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[int, Summary], None]  # (bytes read so far, summary so far)


def document_article(dataset: str, document: str, url: str | None,
                     published: Any, now: datetime) -> dict[str, Any]:  # fmt: skip
    """The articles row standing for one evidence document of a dataset (store/imported.py)."""
    label = LABELS[dataset]
    text = (
        f"Evidence of {label} events: {document}. The {label} dataset holds the events "
        "coded from this document, not its text."
    )
    return {
        "id": f"{dataset}-{key_hash(document)}",
        "title": f"{label}: {document}"[:1000],
        "url": url if url and len(url) <= 2000 else None,
        "source": label,
        "published": published,
        "text": text,
        "content_hash": content_hash(text),
        "created_at": now,
        # one notion of provenance for every input path (models.Provenance)
        "origin": "import",
        "origin_ref": dataset,
    }


class _Batch:
    def __init__(self, store: Store, fmt: Format, summary: Summary) -> None:
        self.store, self.fmt, self.summary = store, fmt, summary
        self.articles: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []

    def __len__(self) -> int:
        return len(self.events) + len(self.mentions)

    def add(self, item: Imported | dict[str, Any]) -> None:
        if not isinstance(item, Imported):
            self.mentions.append(item)
            return
        event = item.event
        article = self.articles.get(item.document)
        if article is None:
            now = datetime.now(UTC).replace(tzinfo=None)
            article = document_article(self.fmt.name, item.document, event.source_url,
                                       item.published, now)  # fmt: skip
            self.articles[item.document] = article
        self.events.append(event_row(event, article["id"]))

    def clear(self) -> None:
        self.articles.clear()
        self.events.clear()
        self.mentions.clear()

    def flush(self) -> None:
        if not self:
            return
        added, mentions = self.store.add_imported(
            self.fmt.name, list(self.articles.values()), self.events, self.mentions,
            with_mentions=self.fmt.with_mentions,
        )  # fmt: skip
        self.summary.events_added += added
        self.summary.mentions_added += mentions
        self.clear()


def run_import(
    store: Store,
    fmt: Format,
    paths: Sequence[Path],
    *,
    batch_size: int = BATCH_SIZE,
    skip_bad: bool = False,
    progress: Progress | None = None,
    report_every: float = 0.5,
) -> Summary:
    """Import ``paths`` (in order) as ``fmt``; raises BadRow at the first malformed row
    unless ``skip_bad`` (then the bad rows are in ``Summary.bad``)."""
    # Labels and kinds of the actors the events may name, for those the store lacks (the
    # extractor's own actor rows, which may carry more aliases, are left as they are).
    have = store.actors()
    store.upsert_actors(a for a in countries.gazetteer_actors() if a.code not in have)
    run = _Run(_Batch(store, fmt, Summary()), batch_size, skip_bad, progress, report_every)
    for path in paths:
        try:
            run.file(path)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            run.batch.clear()
            raise BadRow(f"{path}: a damaged zip archive ({exc})") from None
    return run.finish()


class _Run:
    """One import's reading loop: rows into the batch, the batch into the store as it fills."""

    def __init__(self, batch: _Batch, batch_size: int, skip_bad: bool,
                 progress: Progress | None, report_every: float) -> None:  # fmt: skip
        self.batch, self.batch_size, self.skip_bad = batch, batch_size, skip_bad
        self.progress, self.report_every = progress, report_every
        self.summary = batch.summary
        self.started = self.last = time.perf_counter()
        self.done_bytes = 0  # of the files (zip members) read to their end

    def file(self, path: Path) -> None:
        for part in readers.parts(path):
            for number, outcome in self.batch.fmt.rows(part):
                self.row(part, number, outcome)
            self.done_bytes += part.size

    def row(self, part: readers.Part, number: int, outcome: Any) -> None:
        summary = self.summary
        if isinstance(outcome, RowError):
            message = f"{part.name}:{number}: {outcome}"
            if not self.skip_bad:
                self.batch.clear()  # nothing of the batch holding a bad row is written
                raise BadRow(message)
            summary.bad.append(message)
            return
        summary.rows += 1
        if isinstance(outcome, Imported) and outcome.event.source == outcome.event.target:
            # A state acting on itself (a protest with no second actor, a GDELT row coded
            # within one country) is no interaction between two actors: no edge here.
            outcome = Skipped("both sides are the same actor")
        if isinstance(outcome, Skipped):
            summary.skipped[outcome.reason] += 1
            return
        if isinstance(outcome, Imported):
            summary.events_read += 1
        else:
            summary.mentions_read += 1
        self.batch.add(outcome)
        if len(self.batch) >= self.batch_size:
            self.batch.flush()
            now = time.perf_counter()
            if self.progress is not None and now - self.last >= self.report_every:
                summary.seconds = now - self.started
                self.progress(self.done_bytes + part.stream.count, summary)
                self.last = now

    def finish(self) -> Summary:
        self.batch.flush()
        self.summary.seconds = time.perf_counter() - self.started
        if self.progress is not None:
            self.progress(self.done_bytes, self.summary)
        return self.summary
