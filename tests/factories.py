"""Domain records for tests: one place for the defaults, each test names only what it varies."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphsvc.models import Article, Event, content_hash


def make_event(
    source: str = "RUS", target: str = "TUR", eid: int | None = None, **overrides: Any
) -> Event:
    """A phone call (CAMEO 041) on 2021-01-13; ``overrides`` set any other Event field."""
    fields: dict[str, Any] = {
        "code": "041",
        "root": "04",
        "quad_class": 1,
        "goldstein": 1.0,
        "label": "Discuss by telephone",
        "date": date(2021, 1, 13),
        "date_precision": "day",
        "sentence": f"{source} called {target}.",
        "id": eid,
    }
    fields.update(overrides)
    return Event(source=source, target=target, **fields)


def make_article(text: str, article_id: str | None = None, **overrides: Any) -> Article:
    """An article whose id defaults to the start of its content hash, as the service makes it."""
    digest = content_hash(text)
    return Article(id=article_id or digest[:16], text=text, content_hash=digest, **overrides)


def api_support() -> Any:
    """tests/api/api_support.py (the fake extractors) for suites outside tests/api, loaded
    once under its own name so every suite shares the same module."""
    import importlib.util
    import sys
    from pathlib import Path

    if "api_support" in sys.modules:
        return sys.modules["api_support"]
    path = Path(__file__).resolve().parent / "api" / "api_support.py"
    spec = importlib.util.spec_from_file_location("api_support", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_support"] = module
    spec.loader.exec_module(module)
    return module
