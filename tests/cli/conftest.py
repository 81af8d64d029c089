"""Fixtures for the CLI tests: a temporary database in GRAPHSVC_DB and a shared extractor.

Commands build their own GraphService and Extractor; both factories are patched to reuse one
session extractor, because loading spaCy per invocation would make the suite slow.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def _api_support() -> Any:
    """tests/api/api_support.py (the fake extractor and session_extractor live there)."""
    if "api_support" in sys.modules:
        return sys.modules["api_support"]
    path = Path(__file__).resolve().parents[1] / "api" / "api_support.py"
    spec = importlib.util.spec_from_file_location("api_support", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_support"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def cli_extractor() -> object:
    return _api_support().session_extractor()


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
