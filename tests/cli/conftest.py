"""Fixtures for the CLI tests: a temporary database in GRAPHSVC_DB and a shared extractor.

Commands build their own GraphService and Extractor; both factories are patched to reuse one
session extractor, because loading spaCy per invocation would make the suite slow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import api_support


@pytest.fixture(scope="session")
def cli_extractor() -> object:
    return api_support().session_extractor()


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("GRAPHSVC_DB", str(path))
    monkeypatch.delenv("GRAPHSVC_API_KEY", raising=False)
    return path


@pytest.fixture
def patched(
    db_path: Path, cli_extractor: object, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], Any]:
    """Commands use the session extractor; returns a factory for a service on the same DB."""
    import graphsvc.cli
    import graphsvc.extract
    from graphsvc.service import GraphService
    from graphsvc.settings import Settings

    def open_service(settings: Settings) -> GraphService:
        return GraphService(settings, extractor=cli_extractor)

    monkeypatch.setattr(graphsvc.cli, "open_service", open_service)
    monkeypatch.setattr(
        graphsvc.extract, "Extractor", lambda settings=None: cli_extractor, raising=False
    )
    return lambda: open_service(Settings())
