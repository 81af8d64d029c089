"""Store creation and migrations under concurrent starts: a schema version in ``meta`` and
one migration run at a time under the database's lock (store/migrate.py).

Before it, processes opening a new store together failed with "table articles already
exists" (SQLite) or a duplicate pg_type key (PostgreSQL), and their batch was not stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import make_article, make_event
from pg_schema import throwaway_schema
from sqlalchemy import inspect, text

from graphsvc.models import EventFilter
from graphsvc.store import Store
from graphsvc.store import migrate as migrate_module
from graphsvc.store.migrate import SCHEMA_VERSION, NewerSchema

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TESTS_DIR = Path(__file__).resolve().parent.parent
OPENERS = 5

# A child process: wait for the start signal, open the store, store its own three articles.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    from datetime import date, timedelta
    from factories import make_article, make_event
    from graphsvc.store import Store
    url, k, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[4])
    Path(f"{go}.ready{k}").touch()
    while not go.exists():
        time.sleep(0.001)
    store = Store(url)
    # Calls a week apart: distinct events, never linked as reports of one (graphsvc/linking)
    week = lambda n: make_event(date=date(2021, 1, 1) + timedelta(days=7 * n))
    batch = [(make_article(f"opener {k} article {i}"), [week(3 * k + i)]) for i in range(3)]
    store.add_articles(batch)
    store.close()
    """
)


@pytest.fixture(params=BACKENDS)
def new_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store nobody has opened yet: a new SQLite file, an empty PG schema."""
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_migrate") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'new' / 'graphsvc.db'}"


def open_together(url: str, tmp_path: Path, n: int = OPENERS) -> list[subprocess.Popen[bytes]]:
    """n processes that open the store at the same instant (they spin on a start file)."""
    go = tmp_path / f"go-{time.monotonic_ns()}"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, url, str(k), str(TESTS_DIR), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for k in range(n)
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(
        Path(f"{go}.ready{k}").exists() or children[k].poll() is not None for k in range(n)
    ):
        time.sleep(0.01)
    go.touch()  # every child has imported graphsvc and spins: they open within a millisecond
    return children


def finish(children: list[subprocess.Popen[bytes]], timeout: float = 60) -> list[tuple[int, str]]:
    """(exit code, output) of each child, once all have ended."""
    outputs = [c.communicate(timeout=timeout)[0].decode() for c in children]
    return [(c.returncode, out) for c, out in zip(children, outputs, strict=True)]


def test_processes_creating_a_new_store_at_once_all_succeed(
    new_store_url: str, tmp_path: Path
) -> None:
    children = open_together(new_store_url, tmp_path)
    outputs = finish(children)
    assert all(code == 0 for code, _ in outputs), [out for code, out in outputs if code]
    store = Store(new_store_url)
    try:
        assert store.count_articles() == 3 * OPENERS  # every batch stored, each once
        assert store.count_events(EventFilter()) == 3 * OPENERS
        assert store.actor_counts(EventFilter())  # the rollups were kept too
        with store.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == SCHEMA_VERSION
    finally:
        store.close()


def test_rollup_rebuild_on_open_is_safe_when_processes_open_together(
    new_store_url: str, tmp_path: Path
) -> None:
    """An older rollup format makes the first opener rebuild; the others wait for it and
    find the work done (the rollups end equal to the events, no opener fails)."""
    store = Store(new_store_url)

    def week(n: int) -> date:  # events a week apart are distinct, never linked as reports
        return date(2020, 1, 1) + timedelta(days=7 * n)

    store.add_articles([(make_article(f"old {i}"), [make_event(date=week(i)),
                                                    make_event("ARM", "AZE", date=week(i))])
                        for i in range(5)])  # fmt: skip
    with store.engine.begin() as conn:  # as a store written with an older rollup format
        for table in ("pair_totals", "pair_years", "pair_months", "code_totals"):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("UPDATE meta SET value = 0 WHERE key = 'rollup'"))
    store.close()
    children = open_together(new_store_url, tmp_path)
    outputs = finish(children)
    assert all(code == 0 for code, _ in outputs), [out for code, out in outputs if code]
    reopened = Store(new_store_url)
    try:
        counts = {code: n for code, n, *_ in reopened.actor_counts(EventFilter())}
        assert counts == {"RUS": 5 + 3 * OPENERS, "TUR": 5 + 3 * OPENERS, "ARM": 5, "AZE": 5}
    finally:
        reopened.close()


def test_a_store_from_before_schema_versions_is_brought_up_to_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    store.add_article(make_article("kept"), [make_event()])
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM meta WHERE key = 'schema'"))
    store.close()
    reopened = Store(url)
    try:
        assert reopened.count_articles() == 1
        with reopened.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == SCHEMA_VERSION
    finally:
        reopened.close()


def test_a_store_of_a_newer_graphsvc_is_refused_in_one_sentence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store(url).close()
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = :v WHERE key = 'schema'"), {"v": 99})
    engine.dispose()
    with pytest.raises(NewerSchema, match="schema version 99, made by a newer graphsvc"):
        Store(url)


def test_a_failed_migration_leaves_nothing_behind(
    new_store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The steps run in the locked transaction: a failure rolls the tables back too."""

    def broken(conn: object) -> None:
        migrate_module._create_tables(conn)  # type: ignore[arg-type]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrate_module, "MIGRATIONS", ((1, broken),))
    with pytest.raises(RuntimeError, match="disk on fire"):
        Store(new_store_url)
    monkeypatch.undo()
    from sqlalchemy import create_engine

    engine = create_engine(new_store_url)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()
    Store(new_store_url).close()  # and the next open creates the store as usual


def test_concurrent_ingest_commands_on_a_new_store(tmp_path: Path) -> None:
    """The issue's reproduction: `graphsvc ingest` runs started together on a new SQLite
    file all exit 0 and every article is stored once."""
    db = tmp_path / "fresh" / "graphsvc.db"
    runs = 2
    files = []
    for k in range(runs):
        path = tmp_path / f"batch{k}.jsonl"
        lines = [
            {"id": f"b{k}-{i}", "text": f"Russia and Turkey held talks, round {k}.{i}."}
            for i in range(3)
        ]
        path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
        files.append(path)
    env = {k: v for k, v in os.environ.items() if k != "GRAPHSVC_API_KEY"}
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "graphsvc.cli", "ingest", "--db", str(db), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
        for path in files
    ]
    outputs = finish(children, timeout=180)
    assert all(code == 0 for code, _ in outputs), [out for code, out in outputs if code]
    store = Store(f"sqlite:///{db}")
    try:
        assert store.count_articles() == 3 * runs
    finally:
        store.close()


def _as_schema_6(url: str) -> None:
    """Make the rollup tables as schema 6 had them (no dataset, confidence tier or
    confidence sum; one stale row each) and mark the store as version 6, format 2."""
    from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, Table, create_engine, insert

    from graphsvc.store.schema import ROLLUPS, SPLIT_KEYS

    new_only = {*SPLIT_KEYS, "confidence_sum"}
    old = MetaData()
    for table in ROLLUPS:
        columns = [Column(c.name, c.type, nullable=c.nullable) for c in table.columns
                   if c.name not in new_only]  # fmt: skip
        key = [c.name for c in table.primary_key.columns if c.name not in new_only]
        Table(table.name, old, *columns, PrimaryKeyConstraint(*key))
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for table in ROLLUPS:
                table.drop(conn)
            old.create_all(conn)
            for table in old.sorted_tables:
                stale = {c.name: 0 for c in table.columns}
                stale.update(source="OLD", target="ROW", negated=False, first_date=None,
                             last_date=None)  # fmt: skip
                stale.update({k: "x" for k in ("code", "root", "label") if k in stale})
                conn.execute(insert(table).values(**stale))
            conn.execute(text("UPDATE meta SET value = 6 WHERE key = 'schema'"))
            conn.execute(text("UPDATE meta SET value = 2 WHERE key = 'rollup'"))
    finally:
        engine.dispose()


def test_schema_6_store_gets_rollups_by_dataset_and_confidence(new_store_url: str) -> None:
    """Migration 6 → 7 makes the rollups again, keyed by dataset and confidence tier, and
    refills them from the events: a dataset or confidence filter then counts from them."""
    store = Store(new_store_url)
    store.add_articles([
        (make_article("extracted"), [make_event(confidence=0.9),
                                     make_event("ARM", "AZE", confidence=0.4)]),
        # a month later: a distinct event, not another report of the first (linking)
        (make_article("imported"), [make_event(dataset="gdelt", dataset_event_id="g1",
                                               confidence=0.7, date=date(2021, 2, 13))]),
    ])  # fmt: skip
    store.close()
    _as_schema_6(new_store_url)
    reopened = Store(new_store_url)
    try:
        with reopened.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == SCHEMA_VERSION == 7
            columns = {c["name"] for c in inspect(conn).get_columns("code_totals")}
            assert {"dataset", "conf_tier", "confidence_sum"} <= columns
            tiers = conn.execute(
                text("SELECT dataset, conf_tier, n FROM pair_totals ORDER BY dataset, conf_tier")
            ).all()
        assert [tuple(r) for r in tiers] == [("gdelt", 14, 1), ("graphsvc", 8, 1),
                                             ("graphsvc", 18, 1)]  # fmt: skip

        def counts(**kw: object) -> dict[str, int]:
            return {c: n for c, n, *_ in reopened.actor_counts(EventFilter(**kw))}  # type: ignore[arg-type]

        assert counts() == {"RUS": 2, "TUR": 2, "ARM": 1, "AZE": 1}  # the stale row is gone
        assert counts(min_confidence=0.7) == {"RUS": 2, "TUR": 2}
        assert counts(min_confidence=0.75) == {"RUS": 1, "TUR": 1}  # between tiers: events
        assert counts(datasets=frozenset({"gdelt"})) == {"RUS": 1, "TUR": 1}
        sums = reopened.dyad_sums(EventFilter())
        rus_tur = next(s for s in sums if (s.source, s.target) == ("RUS", "TUR"))
        assert rus_tur.mean_confidence == pytest.approx(0.8)
    finally:
        reopened.close()
