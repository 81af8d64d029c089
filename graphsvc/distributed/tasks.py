"""What runs on a Dask worker: extract a batch of articles with the process's own Extractor.

No dask import here: the scheduler ships these functions by reference, and each worker
process imports this module once, so the module-level cache below loads the spaCy model
once per worker process (not once per task).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from graphsvc.models import Actor, ArticleInput, Event
from graphsvc.settings import Settings

if TYPE_CHECKING:
    from graphsvc.extract import Extractor

# Only these settings change what the extractor finds; the rest (database URL, API key)
# never leaves the client.
EXTRACTION_FIELDS = frozenset({"spacy_model", "matmul", "extra_actors"})

_extractors: dict[str, Extractor] = {}
_load_lock = threading.Lock()
_use_locks: dict[str, threading.Lock] = {}


def extraction_settings(settings: Settings) -> Settings:
    """A copy of ``settings`` with only what a worker needs (no database URL, no API key)."""
    return Settings.model_construct(**settings.model_dump(include=set(EXTRACTION_FIELDS)))


def _extractor(settings: Settings) -> tuple[Extractor, threading.Lock]:
    from graphsvc.extract import Extractor

    key = settings.model_dump_json(include=set(EXTRACTION_FIELDS))
    with _load_lock:
        if key not in _extractors:
            _extractors[key] = Extractor(settings)
            _use_locks[key] = threading.Lock()  # a worker may run several threads
        return _extractors[key], _use_locks[key]


def extract_batch(settings: Settings, batch: list[ArticleInput]) -> list[list[Event]]:
    """Events of every article in ``batch``, in batch order (one task = one batch). Only
    the events travel back: the client still holds the articles."""
    extractor, lock = _extractor(settings)
    with lock:
        return [events for _, events in extractor.extract_many(batch)]


def worker_actors(settings: Settings) -> list[Actor]:
    """The actors the workers' extractor knows (the client stores them, as ingest does)."""
    extractor, _ = _extractor(settings)
    return extractor.actors()
