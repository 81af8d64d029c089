"""The feed scheduler's life inside the app: started in the lifespan, stopped at shutdown.

It runs in its own thread (fetching, parsing and extraction block), so the event loop never
waits for a poll; stopping it is awaited off the loop too. Several server processes on one
database each run one: they claim due feeds atomically (store/feeds.py), never the same one.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool


def start_feed_scheduler(app: FastAPI) -> None:
    settings = app.state.settings
    if not settings.follow_feeds or getattr(app.state, "feed_scheduler", None) is not None:
        return
    from graphsvc.feeds.wiring import make_scheduler

    scheduler = make_scheduler(app.state.service, settings)
    scheduler.start()
    app.state.feed_scheduler = scheduler


async def stop_feed_scheduler(app: FastAPI) -> None:
    scheduler = getattr(app.state, "feed_scheduler", None)
    if scheduler is not None:
        app.state.feed_scheduler = None
        await run_in_threadpool(scheduler.stop)
