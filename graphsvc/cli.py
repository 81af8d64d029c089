"""The ``graphsvc`` command: serve, ingest, extract, export, evaluate.

Heavy imports (spaCy, SQLAlchemy, FastAPI) happen inside the commands, so ``--help`` is
instant. Every expected failure ends as one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import orjson
from pydantic import ValidationError

from graphsvc import __version__
from graphsvc.errors import GraphsvcError
from graphsvc.extract.ontology import load_ontology
from graphsvc.imports.records import DATASETS as DATASET_NAMES
from graphsvc.input_files import InputDoc, doc_id, read_inputs
from graphsvc.models import INT_MAX, ArticleInput, Event, EventFilter
from graphsvc.settings import Settings

if TYPE_CHECKING:
    from graphsvc.service import GraphService

# ------------------------------------------------------------------------------ helpers


def make_settings(**overrides: Any) -> Settings:
    """Settings from GRAPHSVC_* variables, with the options actually given on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def open_service(settings: Settings) -> GraphService:
    from graphsvc.service import GraphService

    return GraphService(settings)


def event_json(event: Event, doc: str) -> bytes:
    record: dict[str, Any] = {
        "doc_id": doc,
        "source": event.source,
        "target": event.target,
        "code": event.code,
        "root": event.root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "label": event.label,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "sentence": event.sentence,
        "source_text": event.source_text,
        "target_text": event.target_text,
        "confidence": event.confidence,
    }
    if event.symmetric:
        record["symmetric"] = True
    if event.negated:
        record["negated"] = True
    return orjson.dumps(record)


def _split(values: Iterable[str]) -> frozenset[str]:
    return frozenset(p.strip() for v in values for p in v.split(",") if p.strip())


def _known(values: tuple[str, ...], option: str, *, roots: bool) -> frozenset[str]:
    """CAMEO codes (or roots) as the API takes them: only those of the ontology."""
    items = _split(values)
    cameo = load_ontology()
    for item in sorted(items):
        if item not in cameo or (roots and cameo.get(item).level != "root"):
            what = "root (01 to 20)" if roots else "code of the ontology (GET /ontology)"
            raise click.BadParameter(f"{item!r} is not a CAMEO {what}.", param_hint=option)
    return items


def build_filter(
    date_from: datetime | None,
    date_to: datetime | None,
    actor: tuple[str, ...],
    code: tuple[str, ...],
    root: tuple[str, ...],
    quad_class: tuple[int, ...],
    min_count: int,
    dataset: tuple[str, ...] = (),
    exclude_dataset: tuple[str, ...] = (),
    min_confidence: float = 0.0,
) -> EventFilter:
    start = date_from.date() if date_from else None
    end = date_to.date() if date_to else None
    if start and end and start > end:
        raise click.BadParameter(f"--date-from {start} is after --date-to {end}")
    return EventFilter(
        date_from=start,
        date_to=end,
        actors=frozenset(a.upper() for a in _split(actor)),
        codes=_known(code, "--code", roots=False),
        roots=_known(root, "--root", roots=True),
        quad_classes=frozenset(quad_class),
        min_count=min_count,
        datasets=frozenset(dataset),
        exclude_datasets=frozenset(exclude_dataset),
        min_confidence=min_confidence,
    )


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The graph filters shared by the API, as command options."""
    iso = click.DateTime(formats=["%Y-%m-%d"])
    options = [
        click.option("--date-from", type=iso, help="Events on or after this date (YYYY-MM-DD)."),
        click.option("--date-to", type=iso, help="Events on or before this date (YYYY-MM-DD)."),
        click.option("--actor", multiple=True, help="Actor code(s): --actor RUS, or RUS,TUR."),
        click.option("--code", multiple=True, help="CAMEO code(s), e.g. 041 or 041,057."),
        click.option("--root", multiple=True, help="CAMEO root(s), e.g. 04 or 04,19."),
        click.option(
            "--quad-class",
            multiple=True,
            type=click.IntRange(1, 4),
            help="Quad class 1-4 (repeatable).",
        ),
        click.option(
            "--min-count",
            type=click.IntRange(1, INT_MAX),
            default=1,
            show_default=True,
            help="Keep dyads with at least this many events.",
        ),
        click.option(
            "--dataset",
            multiple=True,
            type=click.Choice(DATASET_NAMES),
            help="Keep only events of this dataset (repeatable; graphsvc: extracted here).",
        ),
        click.option(
            "--exclude-dataset",
            multiple=True,
            type=click.Choice(DATASET_NAMES),
            help="Leave out the events of this dataset (repeatable).",
        ),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0, 1),
            default=0.0,
            show_default=True,
            help="Keep events extracted with at least this confidence (0 to 1; multiples "
            "of 0.05 are counted from the rollups).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


db_option = click.option(
    "--db",
    default=None,
    metavar="PATH|URL",
    help="SQLite file or database URL (default: GRAPHSVC_DB or ./data/graphsvc.db).",
)
processes_option = click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for the spaCy pipeline.",
)
published_option = click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date (YYYY-MM-DD) for articles that give none; relative dates such as "
    "'Wednesday' resolve against it. A .txt file with a date in its name uses that date.",
)
paths_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)


# Commands kept in their own packages, imported only when one of them runs (or --help lists
# them): they pull in SQLAlchemy and the import readers, ~0.3 s that `extract` never uses.
LAZY_COMMANDS = {
    "feeds": "graphsvc.feeds.command:feeds",
    "follow": "graphsvc.feeds.command:follow",
    "import": "graphsvc.imports.command:import_command",
    "worker": "graphsvc.ingest.command:worker",
}


class Group(click.Group):
    """Turn expected failures into one line on stderr and exit code 1; load the commands of
    ``LAZY_COMMANDS`` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphsvcError as exc:
            raise click.ClickException(exc.detail) from None
        except ValidationError as exc:  # GRAPHSVC_* variables that do not parse
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            message = first["msg"].removeprefix("Value error, ")
            raise click.ClickException(f"invalid setting {where}: {message}") from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


# ----------------------------------------------------------------------------- commands


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="graphsvc")
def main() -> None:
    """graphsvc: news about international politics in, a graph of who does what to whom out."""


@main.command()
@click.option(
    "--host", default=None, help="Interface to bind (default 127.0.0.1 or GRAPHSVC_HOST)."
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port (default 8000 or GRAPHSVC_PORT).",
)
@db_option
@click.option(
    "--load-demo-if-empty",
    is_flag=True,
    help="Ingest the bundled demo corpus when the database has no article.",
)
@click.option(
    "--ingest-workers",
    type=click.IntRange(min=0),
    default=None,
    help="Extraction worker processes for queued articles (default 1 or "
    "GRAPHSVC_INGEST_WORKERS; 0: none, run `graphsvc worker` yourself).",
)
@click.option(
    "--insecure-no-auth",
    is_flag=True,
    help="Serve on an address other than loopback without GRAPHSVC_API_KEY (anyone who "
    "reaches it can write and delete).",
)
def serve(
    host: str | None,
    port: int | None,
    db: str | None,
    load_demo_if_empty: bool,
    ingest_workers: int | None,
    insecure_no_auth: bool,
) -> None:
    """Serve the REST API, the graph pages and the downloads, with a pool of extraction
    workers for queued articles and a scheduler polling the followed feeds (`graphsvc
    feeds`; off with GRAPHSVC_FOLLOW_FEEDS=false). Off loopback it needs GRAPHSVC_API_KEY,
    and answers only the host names in GRAPHSVC_ALLOWED_HOSTS (default: the bind address
    and localhost)."""
    import uvicorn

    from graphsvc.api.app import create_app
    from graphsvc.api.server import check_exposure, uvicorn_options
    from graphsvc.ingest.pool import WorkerPool

    settings = make_settings(host=host, port=port, db=db, ingest_workers=ingest_workers)
    check_exposure(settings, insecure_no_auth=insecure_no_auth)
    if "://" not in settings.db:
        Path(settings.db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    service = open_service(settings)
    pool = WorkerPool(settings, service)
    try:
        pool.start()
        if load_demo_if_empty:
            added = service.load_demo_if_empty()
            if added:
                click.echo(f"Loaded {added} demo articles into an empty database.")
        shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
        base = f"http://{shown}:{settings.port}"
        click.echo(f"Graph page:       {base}/view")
        click.echo(f"API docs:         {base}/docs")
        click.echo(f"GraphML download: {base}/graph.graphml")
        uvicorn.run(create_app(settings, service), **uvicorn_options(settings))
    finally:
        pool.stop()
        service.close()


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@db_option
@processes_option
@published_option
@click.option(
    "--cluster",
    default=None,
    metavar="ADDRESS",
    help="Extract on a Dask cluster: tcp://HOST:8786, or local:N to start N local worker "
    "processes (default: GRAPHSVC_DASK_SCHEDULER; needs graphsvc[dask]).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Articles per Dask task (with --cluster).",
)
def ingest(
    inputs: tuple[str, ...],
    db: str | None,
    processes: int,
    published: datetime | None,
    cluster: str | None,
    batch_size: int,
) -> None:
    """Store articles from .txt files (one article each), .jsonl files (one per line),
    .html/.htm pages (their main text, title, date, author and canonical URL), directories
    (searched recursively) and http(s) URLs (fetched under GRAPHSVC_FETCH_TIMEOUT,
    GRAPHSVC_FETCH_MAX_BYTES; private and loopback addresses are refused unless
    GRAPHSVC_FETCH_ALLOW_PRIVATE=true). JSONL keys: text, and optionally id, title, url,
    source, published (or date). Every file is checked and every URL fetched before
    anything is stored: one failure names its file (and line) or URL, and nothing is stored."""
    from graphsvc.sources.cli_inputs import is_url, read_ingest_inputs
    from graphsvc.sources.fetch import FetchPolicy

    for arg in inputs:  # as click.Path(exists=True) says it (a usage error, exit 2)
        if not is_url(arg) and not Path(arg).exists():
            raise click.BadParameter(f"Path '{arg}' does not exist.", param_hint="PATH|URL...")
    settings = make_settings(db=db, dask_scheduler=cluster)
    if settings.dask_scheduler and processes > 1:
        raise click.UsageError("use --processes or --cluster, not both")
    docs = read_ingest_inputs(
        inputs,
        published=published.date() if published else None,
        policy=FetchPolicy.from_settings(settings),
    )
    service = open_service(settings)
    try:
        with click.progressbar(length=len(docs), label="Ingesting", file=sys.stderr) as bar:
            items, report = iter(docs), _progress_to(bar)
            if settings.dask_scheduler:
                from graphsvc.distributed.ingest import ingest_on_cluster

                summary = ingest_on_cluster(
                    service,
                    items,
                    cluster=settings.dask_scheduler,
                    batch_size=batch_size,
                    progress=report,
                )
            else:
                summary = service.ingest_many(items, processes=processes, progress=report)
    finally:
        service.close()
    click.echo(
        f"{summary.articles_added} articles added, {summary.articles_skipped} skipped "
        f"(already present), {summary.events_added} events"
    )
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    if summary.errors:
        sys.exit(1)


def _progress_to(bar: Any) -> Callable[[int], None]:
    """The service reports how many articles are done so far; the bar wants increments."""
    done = 0

    def report(count: int) -> None:
        nonlocal done
        if count > done:
            bar.update(count - done)
            done = count

    return report


@main.command()
@paths_argument
@processes_option
@published_option
def extract(paths: tuple[Path, ...], processes: int, published: datetime | None) -> None:
    """Print the events found in .txt, .jsonl or .html/.htm files as JSON lines (no database).

    JSONL keys: id, text, and optionally date (or published), title, url; others are ignored.
    """
    docs = read_inputs(paths, published=published.date() if published else None)
    from graphsvc.extract import Extractor

    extractor = Extractor(make_settings())
    items = (_with_id(d) for d in docs)
    for line in iter_events_json(extractor.extract_many(items, processes=processes)):
        click.echo(line)  # bytes go to the binary stdout, unchanged


def _with_id(doc: InputDoc) -> ArticleInput:
    item = doc.item
    return ArticleInput(
        text=item.text,
        id=doc_id(doc),
        title=item.title,
        url=item.url,
        source=item.source,
        published=item.published,
    )


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json", "csv"]),
    required=True,
    help="Output format (csv: one row per event).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
@filter_options
@click.option(
    "--multi/--aggregated",
    default=True,
    show_default=True,
    help="One edge per event, or one edge per dyad with counts.",
)
@click.option(
    "--unit",
    type=click.Choice(["events", "reports"]),
    default="events",
    show_default=True,
    help="csv: one row per event (an event several articles reported once), or every "
    "article's report row.",
)
@db_option
def export(
    fmt: str, output: Path | None, multi: bool, unit: str, db: str | None, **filters: Any
) -> None:
    """Export the (filtered) graph as GraphML, GEXF, node-link JSON or an events CSV.

    Event-level output (--multi, csv) is streamed from the database in constant memory; a
    file is written under a temporary name and renamed when complete.
    """
    from graphsvc.atomic_write import write_atomically

    if unit == "reports" and fmt != "csv":
        raise click.UsageError("--unit reports is for --format csv (graphs count events)")
    event_filter = replace(build_filter(**filters), reports=unit == "reports")
    service = open_service(make_settings(db=db))
    try:
        chunks, _media_type = service.export_stream(fmt, event_filter, multi=multi)
        try:
            if output is None:
                for chunk in chunks:
                    click.echo(chunk, nl=False)  # bytes go to the binary stdout
            else:
                written = write_atomically(output, chunks)
                click.echo(f"Wrote {written} bytes to {output}", err=True)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:  # releases the cursor if writing stopped early
                close()
    finally:
        service.close()


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gold", "plover", "petrarch"]),
    default="gold",
    show_default=True,
    help="Format of the gold file.",
)
@click.option(
    "--plover-table",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="CAMEO→PLOVER table (default: next to a PLOVER gold file).",
)
@processes_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--errors/--no-errors",
    "show_errors",
    default=True,
    show_default=True,
    help="List missed and spurious events per document.",
)
def evaluate(
    gold: Path,
    fmt: str,
    plover_table: Path | None,
    processes: int,
    as_json: bool,
    show_errors: bool,
) -> None:
    """Score the extractor against a gold file (precision, recall, F1 per level)."""
    from graphsvc.evaluate import format_report, run_evaluation
    from graphsvc.extract import Extractor

    extractor = Extractor(make_settings())
    report = run_evaluation(extractor, gold, fmt, plover_table=plover_table, processes=processes)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report, show_errors=show_errors))


@main.command()
@db_option
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every article, not only those whose events another extractor version coded.",
)
def reextract(db: str | None, everything: bool) -> None:
    """Extract stored articles again after a coder upgrade, replacing their events and
    re-linking them as reports (an event several articles reported stays one event with
    its reports; none is lost)."""
    from graphsvc.ingest.reextract import reextract as run

    service = open_service(make_settings(db=db))
    try:
        stale = service.store.stale_article_ids(None if everything else service.extractor.version)
        with click.progressbar(length=len(stale), label="Re-extracting", file=sys.stderr) as bar:
            done = run(service, everything=everything, progress=_progress_to(bar))
    finally:
        service.close()
    click.echo(f"{done.articles} articles re-extracted, {done.events} event rows")


def iter_events_json(docs: Iterable[tuple[ArticleInput, list[Event]]]) -> Iterator[bytes]:
    for item, events in docs:
        for event in events:
            yield event_json(event, item.id or "")


if __name__ == "__main__":
    main()
