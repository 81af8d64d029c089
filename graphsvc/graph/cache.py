"""A thread-safe cache of answers (graphs, serialised bodies), bounded by bytes.

Each entry remembers the data version it was built from. When the store has moved on, the
caller's ``still_valid(old_version)`` decides whether the change touched the entry (for a
graph: did any new event match its filter?) — so a stream of writes about today does not
throw away last year's graph. Builds of one key run once at a time: concurrent requests
for a cold key wait for the first build instead of repeating it.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import networkx as nx

T = TypeVar("T")
V = TypeVar("V")
# Rough bytes per node or edge of a networkx graph with a dozen flat attributes (measured
# with tracemalloc on dyad graphs: 0.8-1.2 KB per edge).
GRAPH_BYTES_PER_ITEM = 1200


def size_of(value: Any, depth: int = 0) -> int:
    """Approximate memory held by a cached answer: bodies by length, graphs by their node
    and edge counts, records and collections by what they hold (a few levels deep)."""
    if isinstance(value, bytes | bytearray | str):
        return len(value) + 64
    if isinstance(value, nx.Graph):
        return GRAPH_BYTES_PER_ITEM * (value.number_of_nodes() + value.number_of_edges()) + 512
    if depth > 4:
        return 64
    if isinstance(value, dict):
        return 64 + sum(size_of(k, depth + 1) + size_of(v, depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return 56 + sum(size_of(item, depth + 1) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        names = value.__dataclass_fields__
        return 64 + sum(size_of(getattr(value, name), depth + 1) for name in names)
    return sys.getsizeof(value)


@dataclass
class _Entry(Generic[V]):
    value: Any
    version: V
    size: int
    built_at: float


class AnswerCache(Generic[V]):
    """Answers keyed by a hashable key, each tagged with the version ``V`` it was built at."""

    def __init__(self, max_bytes: int, *, max_age: float | None = None) -> None:
        self.max_bytes = max_bytes
        self.max_age = max_age  # seconds an entry may live without a rebuild (None: forever)
        self._items: OrderedDict[Hashable, _Entry[V]] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def get_or_build(
        self,
        key: Hashable,
        version: V,
        build: Callable[[], T],
        *,
        still_valid: Callable[[V], bool] | None = None,
    ) -> T:
        """The answer for ``key`` at ``version``: cached if built at this version (or at an
        older one that ``still_valid`` accepts), else ``build()``, once at a time per key."""
        found = self._lookup(key, version, still_valid)
        if found is not None:
            return found.value
        with self._lock:
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            found = self._lookup(key, version, still_valid)  # built while we waited?
            if found is not None:
                return found.value
            value = build()
            self._store(key, _Entry(value, version, size_of(value), time.monotonic()))
        with self._lock:
            if not gate.locked():
                self._building.pop(key, None)
        return value

    def _lookup(
        self, key: Hashable, version: V, still_valid: Callable[[V], bool] | None
    ) -> _Entry[V] | None:
        with self._lock:
            entry = self._items.get(key)
        if entry is None or self._expired(entry):
            self._miss()
            return None
        if entry.version != version:
            if still_valid is None or not still_valid(entry.version):
                self._miss()
                return None
            entry.version = version  # nothing it depends on changed since: carry it forward
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
            self.hits += 1
        return entry

    def _expired(self, entry: _Entry[V]) -> bool:
        return self.max_age is not None and time.monotonic() - entry.built_at > self.max_age

    def _miss(self) -> None:
        with self._lock:
            self.misses += 1

    def _store(self, key: Hashable, entry: _Entry[V]) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            if entry.size > self.max_bytes:
                return  # larger than the whole budget: answered, not kept
            self._items[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes and self._items:
                _, evicted = self._items.popitem(last=False)
                self.bytes -= evicted.size

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)
