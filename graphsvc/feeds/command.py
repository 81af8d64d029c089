"""``graphsvc feeds add|list|remove`` and ``graphsvc follow [--once]``."""

from __future__ import annotations

import signal
import sys
import threading
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from graphsvc.feed_records import Feed, PollOutcome

DB_HELP = "SQLite file or database URL (default: GRAPHSVC_DB or ./data/graphsvc.db)."


def _open(db: str | None) -> tuple[Any, Any]:
    """(settings, store) for a command that needs no extractor."""
    from graphsvc.cli import make_settings
    from graphsvc.store import Store

    settings = make_settings(db=db)
    return settings, Store(settings.database_url)


@click.group()
def feeds() -> None:
    """Register, list and remove the RSS/Atom/RDF feeds that `graphsvc serve` (or
    `graphsvc follow`) polls on their interval; new entries become articles."""


@feeds.command("add")
@click.argument("url")
@click.option("--db", default=None, metavar="PATH|URL", help=DB_HELP)
@click.option(
    "--interval",
    type=click.IntRange(min=1),
    default=None,
    help="Seconds between polls (default GRAPHSVC_FEED_INTERVAL, 900; at least "
    "GRAPHSVC_FEED_MIN_INTERVAL, 60).",
)
@click.option("--title", default=None, help="A name for the feed (default: the feed's own).")
def add(url: str, db: str | None, interval: int | None, title: str | None) -> None:
    """Register the feed at URL; it is polled at the next look of a scheduler."""
    from graphsvc.feeds.registry import FeedRegistry

    settings, store = _open(db)
    try:
        feed = FeedRegistry(store, settings).add(url, interval_s=interval, title=title)
    finally:
        store.close()
    click.echo(f"feed {feed.id} added: {feed.url} (every {feed.interval_s} s)")


@feeds.command("list")
@click.option("--db", default=None, metavar="PATH|URL", help=DB_HELP)
def list_feeds(db: str | None) -> None:
    """The registered feeds: id, status, articles added, last fetch, next poll, URL and the
    last error."""
    from graphsvc.store import FeedStore

    _, store = _open(db)
    try:
        rows = FeedStore(store).list()
    finally:
        store.close()
    if not rows:
        click.echo("no feeds registered (add one with `graphsvc feeds add URL`)")
        return
    for feed in rows:
        click.echo(_feed_line(feed))
        if feed.last_error:
            click.echo(f"    error: {feed.last_error}")


@feeds.command("remove")
@click.argument("feed_id", type=click.IntRange(min=1))
@click.option("--db", default=None, metavar="PATH|URL", help=DB_HELP)
def remove(feed_id: int, db: str | None) -> None:
    """Stop following feed FEED_ID (its articles stay)."""
    from graphsvc.store import FeedStore

    _, store = _open(db)
    try:
        FeedStore(store).remove(feed_id)
    finally:
        store.close()
    click.echo(f"feed {feed_id} removed")


@click.command()
@click.option("--db", default=None, metavar="PATH|URL", help=DB_HELP)
@click.option("--once", is_flag=True, help="Poll every due feed once, then exit (for cron).")
def follow(db: str | None, once: bool) -> None:
    """Follow the registered feeds without the web server: poll each on its interval and
    ingest new entries, until SIGINT or SIGTERM (a poll under way finishes first). With
    --once, poll every feed that is due once and exit; a feed that fails shows its error
    here and in `graphsvc feeds list`, and does not change the exit code."""
    from graphsvc.cli import make_settings, open_service
    from graphsvc.feeds.wiring import make_scheduler

    settings = make_settings(db=db)
    service = open_service(settings)
    stop = threading.Event()
    try:
        scheduler = make_scheduler(service, settings, stop=stop, on_poll=_report)
        if once:
            summary = scheduler.run_once()
            click.echo(
                f"{summary.polled} feeds polled, {summary.failed} failed, "
                f"{summary.articles_added} articles added"
            )
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        click.echo(f"following feeds (a look every {settings.feed_tick:g} s); Ctrl-C stops")
        scheduler.run_forever()
    finally:
        service.close()


def _report(feed_id: int, url: str, outcome: PollOutcome) -> None:
    line = f"feed {feed_id} {url}: {outcome.status.replace('_', ' ')}"
    if outcome.articles_added:
        line += f", {outcome.articles_added} articles added"
    if outcome.error:
        line += f" ({outcome.error})"
    click.echo(line, err=outcome.failed)
    sys.stdout.flush()


def _feed_line(feed: Feed) -> str:
    status = feed.last_status.replace("_", " ")
    if feed.consecutive_failures:
        status += f" ({feed.consecutive_failures} failures in a row)"
    return (
        f"{feed.id:>4}  {status:<12}  {feed.articles_added:>5} articles  "
        f"last {_when(feed.last_fetch_at)}  next {_when(feed.next_due_at)}  {feed.url}"
    )


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%SZ") if moment else "never"
