"""Re-extraction after a coder upgrade: ``graphsvc reextract``.

Every stored article whose events came from another extractor version (or every article:
``everything``, ``graphsvc reextract --all``) is extracted again and its event rows are
replaced in one transaction per article (``Store.replace_events``), re-linked as reports of
the events other articles state: an event whose own row goes passes to its other reports
first, so no report is lost and the counts stay counts of events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphsvc.service import GraphService

BATCH = 64  # articles extracted at once


@dataclass(slots=True)
class Reextracted:
    articles: int = 0
    events: int = 0


def reextract(
    service: GraphService,
    *,
    everything: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Reextracted:
    """Re-extract the stale articles (all with ``everything``); see the module docstring."""
    store = service.store
    version = service.extractor.version
    ids = store.stale_article_ids(None if everything else version)
    done = Reextracted()
    for start in range(0, len(ids), BATCH):
        found = [store.get_article(i) for i in ids[start : start + BATCH]]
        batch = [pair[0] for pair in found if pair is not None]  # deleted meanwhile: skip
        for article, events in zip(batch, service.extract_articles(batch), strict=True):
            done.events += len(store.replace_events(article.id, events))
            done.articles += 1
        if progress is not None:
            progress(min(start + BATCH, len(ids)))
    return done
