"""Queued ingestion: the submit side (API), extraction workers, and the pool ``serve`` starts."""

# Worker defaults, here so that `graphsvc --help` does not import the worker's dependencies.
BATCH_SIZE = 16
LEASE_SECONDS = 60.0
POLL_INTERVAL = 0.5
