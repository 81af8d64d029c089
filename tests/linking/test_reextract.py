"""Re-extraction after a coder upgrade re-links without losing anything
(graphsvc/ingest/reextract.py, Store.replace_events), through the real coder."""

from __future__ import annotations

from linking_writeups import CALL, LATER_CALL, Versioned, calls, ingest

from graphsvc.ingest.reextract import reextract
from graphsvc.service import GraphService


def test_upgrade_re_extracts_stale_articles_and_keeps_one_event(
    service: GraphService, coder: Versioned
) -> None:
    for story in (*CALL, LATER_CALL):
        ingest(service, story)
    before = sorted(e.reports for e in calls(service))
    rows_before = len(calls(service, reports=True))
    assert reextract(service).articles == 0  # nothing stale yet
    coder.version = "coder-2"
    done = reextract(service)
    assert done.articles == len(CALL) + 1 and done.events >= rows_before
    rows = calls(service, reports=True)
    assert {e.extractor_version for e in rows} == {"coder-2"}
    assert len(rows) == rows_before
    # The call is still one event with three reports (its own row passed to the second
    # report, and the first article's rows came back as reports of it); the week-later
    # call's events stay apart.
    assert sorted(e.reports for e in calls(service)) == before
    (event,) = [e for e in calls(service) if e.reports == 3]
    reporters = {a.id for _, a in service.event_reports(event.id)}
    assert reporters == {s["id"] for s in CALL}
    assert reextract(service).articles == 0  # idempotent
    assert reextract(service, everything=True).articles == len(CALL) + 1
    assert sorted(e.reports for e in calls(service)) == before
    assert len(calls(service, reports=True)) == rows_before
