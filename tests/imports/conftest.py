"""Import fixtures: a store on a SQLite file and (with GRAPHSVC_TEST_DATABASE_URL) one in a
throw-away PostgreSQL schema; the dataset fixture files; an ``imported`` helper."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_schema import throwaway_schema

from graphsvc.imports.formats import FORMATS
from graphsvc.imports.runner import Summary, run_import
from graphsvc.store import Store

PG_URL = os.environ.get("GRAPHSVC_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
DATA = Path(__file__).resolve().parent.parent / "fixtures" / "datasets"


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        with throwaway_schema(PG_URL, "graphsvc_import") as url:
            pg = Store(url)
            try:
                yield pg
            finally:
                pg.close()
        return
    lite = Store(f"sqlite:///{tmp_path / 'import.db'}")
    yield lite
    lite.close()


@pytest.fixture
def run(store: Store) -> Callable[..., Summary]:
    """run(format, *fixture names or paths, **options) -> the import's summary."""

    def go(fmt: str, *files: str | Path, **options: object) -> Summary:
        paths = [f if isinstance(f, Path) else DATA / f for f in files]
        return run_import(store, FORMATS[fmt], paths, **options)  # type: ignore[arg-type]

    return go
