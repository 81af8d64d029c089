"""Items that reach the queue without passing the API's checks (another producer, an older
server) are refused one by one by the worker, on each backend, and the others stored."""

from __future__ import annotations

from typing import Any

from graphsvc.article_rules import MAX_TEXT_CHARS
from graphsvc.ingest.worker import Worker
from graphsvc.jobs import NewItem
from graphsvc.models import ArticleInput
from graphsvc.store import JobQueue

TEXT = "Russia and Turkey held talks on Wednesday."


def test_the_worker_refuses_unstorable_items_one_by_one(service: Any) -> None:
    items = [
        ArticleInput(text=TEXT),
        ArticleInput(text="Armenia met Azerbaijan. " * (MAX_TEXT_CHARS // 24 + 1)),
        ArticleInput(text="France and Germany \x00 met."),
        ArticleInput(text=TEXT + " Again.", title="nul \x00 title"),
        ArticleInput(text=TEXT + " Later.", id="статья-1"),
        ArticleInput(text=TEXT + " Bidi.", id="a\u202eb"),
    ]
    queue = JobQueue(service.store)
    job_id = queue.enqueue([NewItem(i, None, item=item) for i, item in enumerate(items)]).id
    assert Worker(service).run_once() == job_id
    job = queue.get(job_id)
    assert (job.status, job.done, job.failed) == ("done", 2, 4)
    errors = {i.seq: i.error for i in job.items}
    assert errors[0] is None and errors[4] is None
    assert f"longer than {MAX_TEXT_CHARS:,} characters" in errors[1]
    assert "The text contains a NUL character" in errors[2]
    assert "The title contains a NUL character" in errors[3]
    assert "An article id must be" in errors[5]
    assert service.store.count_articles() == 2
    assert service.get_article("статья-1")[0].text.endswith("Later.")


def test_ingest_many_reports_unstorable_items_and_stores_the_rest(service: Any) -> None:
    summary = service.ingest_many(
        [
            ArticleInput(text=TEXT),
            ArticleInput(text="x" * (MAX_TEXT_CHARS + 1)),
            ArticleInput(text="Armenia \x00 met.", id="nul-1"),
            ArticleInput(text=TEXT + " Again."),
        ]
    )
    assert (summary.articles_added, len(summary.errors)) == (2, 2)
    assert (
        "item 2 (no id): The article is longer" in summary.errors[0]
        or "longer than" in summary.errors[0]
    )
    assert "item 3 (nul-1): The text contains a NUL character" in summary.errors[1]
    assert service.store.count_articles() == 2
