"""Extraction on a Dask cluster (the optional ``graphsvc[dask]`` extra).

Only this package imports dask, and only when a function of it runs: importing
``graphsvc.distributed`` works without dask installed.

    from graphsvc.distributed import extract_on_cluster, ingest_on_cluster, open_client

Workers import ``graphsvc.distributed.tasks`` alone (spaCy, no database).
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "ClusterError": "graphsvc.distributed.cluster",
    "open_client": "graphsvc.distributed.cluster",
    "extract_on_cluster": "graphsvc.distributed.ingest",
    "extract_batches_on_cluster": "graphsvc.distributed.ingest",
    "ingest_on_cluster": "graphsvc.distributed.ingest",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    # Lazy, so a worker importing .tasks does not pull in the store and the service.
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_EXPORTS[name]), name)
