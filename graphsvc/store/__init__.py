"""Persistence of articles, actors and events (the only package that imports SQLAlchemy)."""

from graphsvc.store.engine import DatabaseUnavailable
from graphsvc.store.feeds import FeedStore
from graphsvc.store.jobs import JobQueue
from graphsvc.store.store import DataVersion, Dyad, Store

__all__ = ["DataVersion", "DatabaseUnavailable", "Dyad", "FeedStore", "JobQueue", "Store"]
