"""Persistence of articles, actors and events (the only package that imports SQLAlchemy)."""

from graphsvc.store.engine import DatabaseUnavailable
from graphsvc.store.jobs import JobQueue
from graphsvc.store.store import Dyad, Store

__all__ = ["DatabaseUnavailable", "Dyad", "JobQueue", "Store"]
