"""Schema 3 brings a version-2 store up: dataset columns, their index, the mentions table."""

from __future__ import annotations

from datetime import date

from conftest import DATA
from factories import make_article, make_event
from sqlalchemy import inspect, text

from graphsvc.imports.formats import FORMATS
from graphsvc.imports.runner import run_import
from graphsvc.models import EventFilter
from graphsvc.store import Store
from graphsvc.store import migrate as migrate_module
from graphsvc.store.dataset_columns import NEW_COLUMNS


def _back_to_version_2(store: Store) -> None:
    """What a store made by graphsvc at schema 2 holds: no dataset columns, no mentions."""
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ux_events_dataset_id"))
        for name in NEW_COLUMNS:
            conn.execute(text(f"ALTER TABLE events DROP COLUMN {name}"))
        conn.execute(text("DROP TABLE dataset_mentions"))
        conn.execute(text("UPDATE meta SET value = 2 WHERE key = 'schema'"))


def test_a_version_2_store_is_brought_up_and_its_events_are_graphsvc_ones(store: Store) -> None:
    store.add_article(make_article("An old story.", "old"), [make_event(date=date(2021, 1, 13))])
    _back_to_version_2(store)
    url = store.engine.url.render_as_string(hide_password=False)
    store.close()
    upgraded = Store(url)
    try:
        with upgraded.engine.connect() as conn:
            assert migrate_module.schema_version(conn) == migrate_module.SCHEMA_VERSION >= 3
            columns = {c["name"] for c in inspect(conn).get_columns("events")}
            assert set(NEW_COLUMNS) <= columns
            assert inspect(conn).has_table("dataset_mentions")
        (old,), _ = upgraded.query_events(EventFilter())
        assert (old.dataset, old.dataset_event_id, old.source_url) == ("graphsvc", None, None)
        assert upgraded.count_events(EventFilter(datasets=frozenset({"graphsvc"}))) == 1
        run_import(upgraded, FORMATS["gdelt1"], [DATA / "gdelt1_20120306.export.CSV"])
        again = run_import(upgraded, FORMATS["gdelt1"], [DATA / "gdelt1_20120306.export.CSV"])
        assert again.events_added == 0  # the unique index made by the migration holds
        assert upgraded.count_events(EventFilter(exclude_datasets=frozenset({"graphsvc"}))) == 2
    finally:
        upgraded.close()
