"""``graphsvc import FORMAT FILE...``: existing event datasets into the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from graphsvc.imports.runner import BATCH_SIZE, Summary

FORMAT_NAMES = ("gdelt1", "gdelt2", "icews", "polecat", "acled")


def _summary_line(fmt: str, s: Summary) -> str:
    parts = [
        f"{fmt}: {s.rows:,} rows read in {s.seconds:.1f} s ({s.rows_per_second:,.0f} rows/s)",
        f"{s.events_added:,} events added ({s.events_read - s.events_added:,} already stored)",
    ]
    if s.mentions_read:
        parts.append(
            f"{s.mentions_added:,} mentions added "
            f"({s.mentions_read - s.mentions_added:,} already stored)"
        )
    if s.skipped:
        reasons = "; ".join(f"{reason}: {n:,}" for reason, n in s.skipped.most_common())
        parts.append(f"{sum(s.skipped.values()):,} skipped ({reasons})")
    if s.bad:
        parts.append(f"{len(s.bad):,} malformed rows left out")
    return ", ".join(parts)


class _Progress:
    """A progress bar on a terminal, else a line on stderr every ten seconds."""

    def __init__(self, total: int) -> None:
        self.tty = sys.stderr.isatty()
        self.total = max(total, 1)
        self.last_line = 0.0
        self.bar: Any = None
        if self.tty:
            self.bar = click.progressbar(
                length=self.total, label="importing", file=sys.stderr, item_show_func=lambda s: s
            )
            self.bar.__enter__()
        self.shown = 0

    def __call__(self, done: int, s: Summary) -> None:
        if self.bar is not None:
            self.bar.update(done - self.shown, f"{s.rows:,} rows, {s.rows_per_second:,.0f}/s")
            self.shown = done
        elif s.seconds - self.last_line >= 10:
            self.last_line = s.seconds
            click.echo(
                f"{100 * done / self.total:.0f}% {s.rows:,} rows, {s.events_added:,} "
                f"events added, {s.rows_per_second:,.0f} rows/s",
                err=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMAT_NAMES))
@click.argument(
    "paths",
    metavar="FILE...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--db",
    default=None,
    metavar="PATH|URL",
    help="SQLite file or database URL (default: GRAPHSVC_DB or ./data/graphsvc.db).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(100, 100_000),
    default=BATCH_SIZE,
    show_default=True,
    help="Rows written per transaction.",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Report a malformed row (FILE:LINE: message) and go on without it, instead "
    "of stopping there; the exit code is still 1.",
)
def import_command(
    fmt: str, paths: tuple[Path, ...], db: str | None, batch_size: int, skip_bad: bool
) -> None:
    """Import event dataset files: gdelt1 (GDELT 1.0 daily events), gdelt2 (GDELT 2.0
    events and mentions files), icews (ICEWS coded events), polecat (POLECAT, PLOVER types
    mapped to CAMEO) or acled (ACLED CSV exports). Files may be zipped, as GDELT ships them.

    Each event is tagged with its dataset (filter with --dataset / dataset=) and its id
    there: importing a file again adds nothing. Rows are written in batches, one
    transaction each; a malformed row stops the import with FILE:LINE: message and exit
    code 1, after the batches before it and with nothing of its own batch stored (fix the
    row and run the import again: it continues where it stopped). Rows whose actors are no
    state or organisation here (regions, groups, a missing second actor) are skipped and
    counted in the summary.
    """
    from graphsvc.imports.formats import FORMATS
    from graphsvc.imports.readers import total_size
    from graphsvc.imports.runner import run_import
    from graphsvc.settings import Settings
    from graphsvc.store.store import Store

    settings = Settings(**({"db": db} if db else {}))
    store = Store(settings.database_url)
    progress = _Progress(total_size(paths))
    try:
        summary = run_import(
            store, FORMATS[fmt], paths, batch_size=batch_size, skip_bad=skip_bad, progress=progress
        )
    finally:
        progress.close()
        store.close()
    for message in summary.bad:
        click.echo(message, err=True)
    click.echo(_summary_line(fmt, summary), err=True)
    if summary.bad:
        sys.exit(1)
