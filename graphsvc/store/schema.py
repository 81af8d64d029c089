"""Table definitions (SQLAlchemy Core). One schema for SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

# Where an article came from; added by migration 5 (store/migrate.py), so listed once here
# for the table and for the ALTER TABLE of older stores. fetched_at is naive UTC.
PROVENANCE_COLUMNS = (
    ("origin", String(16)),
    ("origin_ref", Text()),
    ("fetched_url", Text()),
    ("fetched_at", DateTime(timezone=False)),
    ("author", Text()),
    ("canonical_url", Text()),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text),
    Column("published", Date),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    # Naive UTC: both dialects store and compare it the same way (keyset pagination).
    Column("created_at", DateTime(timezone=False), nullable=False),
    # Provenance (models.Provenance; schema 5): all nullable, NULL for older articles.
    *(Column(name, type_) for name, type_ in PROVENANCE_COLUMNS),
    Index("ix_articles_created", "created_at", "id"),
)

actors = Table(
    "actors",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("label", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list of strings
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("source", String(32), nullable=False),
    Column("target", String(32), nullable=False),
    Column("code", String(8), nullable=False),
    Column("root", String(4), nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("label", Text, nullable=False),
    Column("date", Date),
    Column("date_precision", String(16), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("source_text", Text, nullable=False),
    Column("source_start", Integer, nullable=False),
    Column("source_end", Integer, nullable=False),
    Column("target_text", Text, nullable=False),
    Column("target_start", Integer, nullable=False),
    Column("target_end", Integer, nullable=False),
    Column("source_sector", String(16)),
    Column("target_sector", String(16)),
    Column("group_id", String(64)),
    Column("symmetric", Boolean, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("extractor_version", String(64), nullable=False),
    Column("extra", Text, nullable=False, default="{}"),  # JSON object of strings
    # Events, not reports (graphsvc/linking): a row is one article's report. NULL here: the
    # row is the event's canonical row, counted by every rollup, graph and export; else the
    # id of that canonical row, and the row counts nowhere but in the event's report list.
    Column("event_id", Integer),
    # On a canonical row: how many articles reported the event, its own included (two rows
    # of one sentence count once); 0 on a report that points at another row.
    Column("reports", Integer, nullable=False, default=1),
    # Imported datasets (graphsvc/imports, schema 3): the dataset an event comes from
    # ('graphsvc' for events extracted here), its id there (unique per dataset, so a
    # re-import adds nothing), the evidence URL and GDELT's report counts (NULL elsewhere).
    Column("dataset", String(16), nullable=False, server_default="graphsvc"),
    Column("dataset_event_id", String(64)),
    Column("source_url", Text),
    Column("num_mentions", Integer),
    Column("num_sources", Integer),
    Column("num_articles", Integer),
    CheckConstraint("quad_class BETWEEN 1 AND 4", name="ck_events_quad_class"),
    CheckConstraint("goldstein BETWEEN -10 AND 10", name="ck_events_goldstein"),
    CheckConstraint("confidence BETWEEN 0 AND 1", name="ck_events_confidence"),
    # (source|target, date, id) serve an actor's or a dyad's most recent events by index.
    Index("ix_events_dyad_date", "source", "target", "date", "id"),
    Index("ix_events_source_date", "source", "date", "id"),
    Index("ix_events_target_date", "target", "date", "id"),
    Index("ix_events_date", "date"),
    Index("ix_events_code", "code"),
    Index("ix_events_root", "root"),
    Index("ix_events_article", "article_id"),
    Index("ix_events_event_id", "event_id"),
    # The dataset's id leads: a batch's "already stored?" IN list is an index condition
    # whatever the planner believes of the dataset column (stale statistics mid-import made
    # PostgreSQL scan every event of the dataset for each 500-key lookup).
    Index("ux_events_dataset_id", "dataset_event_id", "dataset", unique=True),
)

# GDELT 2.0 mentions (graphsvc/imports/gdelt.py): one row per mention of an imported event,
# kept so a re-imported mentions file adds nothing and an event's report counts can be
# recounted from them (the event may be imported before or after its mentions).
dataset_mentions = Table(
    "dataset_mentions",
    metadata,
    Column("dataset", String(16), nullable=False),
    Column("event_key", String(64), nullable=False),  # the event's dataset_event_id
    Column("mention_key", String(40), nullable=False),  # sha1 of the document and sentence
    Column("mention_time", String(14), nullable=False),  # YYYYMMDDHHMMSS as GDELT writes it
    Column("source_name", Text, nullable=False),
    Column("identifier", Text, nullable=False),
    Column("confidence", Integer),
    PrimaryKeyConstraint("dataset", "event_key", "mention_key", name="pk_dataset_mentions"),
)


ROOTS = tuple(f"{i:02d}" for i in range(1, 21))  # CAMEO roots 01-20
QUADS = (1, 2, 3, 4)
# The sums a pair rollup keeps: events, events per quad class and per CAMEO root,
# Goldstein sum, symmetric events. Every aggregate the graphs, lists, profiles and series
# show is a sum of these (and min/max of the dates).
PAIR_SUMS = ("n", *(f"n_q{q}" for q in QUADS), *(f"n_r{r}" for r in ROOTS), "symmetric_n")


# Every rollup row is also keyed by the events' dataset and confidence tier (schema 7), so
# that dataset filters and min_confidence on a tier boundary are answered from the rollups
# (models.CONFIDENCE_TIERS); confidence_sum gives an edge's mean confidence.
SPLIT_KEYS = ("dataset", "conf_tier")


def _split_columns() -> list[Column]:
    return [
        Column("dataset", String(16), nullable=False),
        Column("conf_tier", Integer, nullable=False),
    ]


def _pair_rollup(name: str, period: str | None) -> Table:
    """Events per ordered pair (and year or month: yyyy / yyyymm, 0 when undated),
    negation, dataset and confidence tier."""
    keys = ["source", "target", *([period] if period else []), "negated", *SPLIT_KEYS]
    return Table(
        name,
        metadata,
        Column("source", String(32), nullable=False),
        Column("target", String(32), nullable=False),
        *([Column(period, Integer, nullable=False)] if period else []),
        Column("negated", Boolean, nullable=False),
        *_split_columns(),
        *(Column(s, Integer, nullable=False) for s in PAIR_SUMS),
        Column("goldstein_sum", Float, nullable=False),
        Column("confidence_sum", Float, nullable=False),
        Column("first_date", Date),
        Column("last_date", Date),
        PrimaryKeyConstraint(*keys, name=f"pk_{name}"),
        Index(f"ix_{name}_target", "target", "source"),
        *([Index(f"ix_{name}_{period}", period)] if period else []),
        # SQLite: rows clustered by their key, so a pair's rows are read together.
        sqlite_with_rowid=False,
    )


# Rollups maintained in the transaction that writes the events (store/rollup.py). A decade
# of news is tens of thousands of pair rows (pair_totals), a year's worth of pair_years
# rows per year, and so on: graphs, lists and series read these instead of the events.
pair_totals = _pair_rollup("pair_totals", None)
pair_years = _pair_rollup("pair_years", "year")
pair_months = _pair_rollup("pair_months", "month")

# Per pair and CAMEO code over all time: graphs and counts filtered by code, root or quad
# class, and a relation's breakdown by code.
code_totals = Table(
    "code_totals",
    metadata,
    Column("source", String(32), nullable=False),
    Column("target", String(32), nullable=False),
    Column("code", String(8), nullable=False),
    Column("root", String(4), nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("negated", Boolean, nullable=False),
    *_split_columns(),
    Column("n", Integer, nullable=False),
    Column("goldstein_sum", Float, nullable=False),
    Column("confidence_sum", Float, nullable=False),
    Column("symmetric_n", Integer, nullable=False),
    Column("first_date", Date),
    Column("last_date", Date),
    Column("label", Text, nullable=False),
    PrimaryKeyConstraint(
        "source",
        "target",
        "code",
        "root",
        "quad_class",
        "negated",
        *SPLIT_KEYS,
        name="pk_code_totals",
    ),
    Index("ix_code_totals_target", "target", "source"),
    Index("ix_code_totals_code", "code"),
    sqlite_with_rowid=False,
)
PAIR_ROLLUPS = (pair_totals, pair_years, pair_months)
ROLLUPS = (*PAIR_ROLLUPS, code_totals)

# Key/value integers: "generation" counts deletions and actor changes (rare writes that
# additions alone would not reveal); "rollup" the rollup format the tables were built with.
meta = Table(
    "meta",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

# The ingestion queue (graphsvc/store/jobs.py): one row per job, one per article input.
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(16), nullable=False),  # queued | running | done | failed
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("worker", String(200)),
    Column("lease_until", DateTime(timezone=False)),  # naive UTC, like articles.created_at
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("updated_at", DateTime(timezone=False), nullable=False),
    Index("ix_jobs_status_created", "status", "created_at"),
)

job_items = Table(
    "job_items",
    metadata,
    Column("job_id", String(32), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),  # the item's 0-based index in the request
    Column("line", Integer),  # its JSONL line, when it came from one
    Column("payload", Text),  # the article input as JSON; NULL for an item refused on arrival
    Column("status", String(16), nullable=False),  # pending | done | failed
    Column("article_id", String(200)),
    Column("created", Boolean),
    Column("events", Integer),
    Column("error", Text),
)

# Feeds followed continuously (graphsvc/feeds, store/feeds.py): one row per registered feed,
# with what its last poll found; times are naive UTC like the rest.
feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("title", Text),
    Column("interval_s", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("etag", Text),  # validators of the last 200, sent back on the next poll
    Column("last_modified", Text),
    Column("last_fetch_at", DateTime(timezone=False)),
    Column("last_status", String(16), nullable=False, default="new"),  # feeds/status.py
    Column("last_error", Text),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    # Due when next_due_at <= now; a poller claims a feed by moving it ahead (a lease).
    Column("next_due_at", DateTime(timezone=False), nullable=False),
    Column("articles_added", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Index("ix_feeds_due", "enabled", "next_due_at"),
)

# Every entry a feed has shown, so none is fetched twice: its key is the entry's id, else
# its link, else a hash of its content. article_id is the article it gave (NULL while it
# gave none: its page and its summary both failed; retried up to a few attempts).
feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_key", String(128), primary_key=True),
    Column("seen_at", DateTime(timezone=False), nullable=False),
    Column("article_id", String(200)),
    Column("attempts", Integer, nullable=False, default=1),
    Column("error", Text),
)
