"""ActorNames in the service: the index is built once and follows the actors table; user
actors are found by name; counts rank actors with events first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from factories import api_support

from graphsvc.models import Actor, ArticleInput
from graphsvc.service import GraphService
from graphsvc.settings import Settings


def _service(**settings: object) -> GraphService:
    fake = api_support().FakeExtractor()
    return GraphService(Settings(db="sqlite://", **settings), extractor=fake)


def test_the_index_is_built_once_and_again_when_the_actors_table_changes() -> None:
    service = _service()
    try:
        first = service.names.index()
        assert service.names.index() is first
        service.search_actors("Putin")
        assert service.names.index() is first
        service.store.upsert_actors([Actor("QZX", "Quuxland", "state", ("Quuxia",))])
        again = service.names.index()
        assert again is not first
        assert service.resolve_actor("Quuxia") == "QZX"
    finally:
        service.close()


def test_user_actors_are_found_by_name(tmp_path: Path) -> None:
    extra = tmp_path / "actors.yaml"
    extra.write_text(
        "- code: XKV\n  label: Vexland\n  kind: state\n  names: [Vexland, Vexlandia, Vexish]\n",
        encoding="utf-8",
    )
    service = _service(extra_actors=extra)
    try:
        assert service.resolve_actor("Vexlandia") == "XKV"
        hit = service.search_actors("vexish").hits[0]
        assert (hit.actor.code, hit.hit.match) == ("XKV", "exact")
    finally:
        service.close()


def test_actors_with_events_rank_first_within_a_tier() -> None:
    service = _service()
    try:
        text = api_support().STORY_RUS_TUR["text"]
        service.ingest_many([ArticleInput(text=text, published=date(2021, 1, 13))])
        ranked = [h.actor.code for h in service.search_actors("ru").hits]
        assert ranked[0] == "RUS"  # "ru" begins Russia, Rwanda (RWA), Russian...
        tur = next(h for h in service.search_actors("Turkey").hits if h.actor.code == "TUR")
        assert tur.event_count >= 1 and tur.stored
        nato = service.search_actors("NATO").hits[0]
        assert nato.actor.code == "NAT" and nato.event_count == 0
    finally:
        service.close()
