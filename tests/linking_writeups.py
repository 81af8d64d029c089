"""Three outlets' write-ups of one phone call (one filed a day late), a near-miss, and
helpers of the linking tests (tests/linking, tests/api, tests/cli)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from graphsvc.models import ArticleInput, EventFilter

CALL = [
    {
        "id": "call-northwire",
        "source": "Northwire",
        "published": "2023-06-06",
        "title": "Scholz and Macron speak by phone",
        "text": "BERLIN, June 6 (Northwire) - German Chancellor Olaf Scholz spoke by telephone "
        "with French President Emmanuel Macron on Tuesday about European energy prices, a "
        "government spokesman said.",
    },
    {
        "id": "call-harbourpost",
        "source": "Harbour Post",
        "published": "2023-06-06",
        "title": "Macron, Scholz discuss energy",
        "text": "PARIS, June 6 (Harbour Post) - Macron and Scholz discussed energy prices in "
        "Europe in a phone call on Tuesday, the Elysee said.",
    },
    {
        "id": "call-ledger",
        "source": "Daily Ledger",
        "published": "2023-06-07",
        "title": "Leaders held call on energy",
        "text": "BERLIN, June 7 (Daily Ledger) - Olaf Scholz phoned Emmanuel Macron on Tuesday "
        "to discuss European energy prices, German officials said on Wednesday.",
    },
]

# The same two leaders a week later: another call, never a report of the first.
LATER_CALL = {
    "id": "call-later",
    "source": "Northwire",
    "published": "2023-06-13",
    "title": "Scholz and Macron speak again",
    "text": "BERLIN, June 13 (Northwire) - German Chancellor Olaf Scholz spoke by telephone "
    "with French President Emmanuel Macron on Tuesday about a summit in Brussels, a "
    "government spokesman said.",
}


class Versioned:
    """The session's extractor under a version the test sets (a coder upgrade)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.version = "coder-1"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def extract(self, *args: Any, **kwargs: Any) -> Any:
        return [_versioned(e, self.version) for e in self.inner.extract(*args, **kwargs)]

    def extract_many(self, *args: Any, **kwargs: Any) -> Any:
        for doc, events in self.inner.extract_many(*args, **kwargs):
            yield doc, [_versioned(e, self.version) for e in events]


def _versioned(event: Any, version: str) -> Any:
    return replace(event, extractor_version=version)


def ingest(service: Any, story: dict) -> None:
    item = ArticleInput(
        text=story["text"], id=story["id"], title=story["title"], source=story["source"],
        published=date.fromisoformat(story["published"]),
    )  # fmt: skip
    assert service.ingest(item).created


def calls(service: Any, *, reports: bool = False) -> list:
    f = EventFilter(actors=frozenset({"FRA", "DEU"}), roots=frozenset({"04"}), reports=reports)
    return service.store.query_events(f)[0]
