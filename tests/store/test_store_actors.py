"""Actors table: upsert semantics and the generation counter of the data version."""

from __future__ import annotations

from graphsvc.models import Actor
from graphsvc.store import Store


def test_upsert_inserts_updates_and_skips_unchanged(store: Store) -> None:
    start = store.version
    rus = Actor("RUS", "Russia", "state", ("Russian Federation", "Россия"))
    assert store.upsert_actors([rus, Actor("UNO", "United Nations", "igo")]) == 2
    assert store.version.generation == start.generation + 1
    assert store.get_actor("RUS") == rus
    assert store.get_actor("XXX") is None

    # Same data again: nothing written, version unchanged (no cache invalidation).
    assert store.upsert_actors([rus]) == 0
    assert store.version.generation == start.generation + 1

    renamed = Actor("RUS", "Russian Federation", "state", ())
    assert store.upsert_actors([renamed]) == 1
    assert store.version.generation == start.generation + 2
    assert store.actors() == {
        "RUS": renamed,
        "UNO": Actor("UNO", "United Nations", "igo", ()),
    }


def test_upsert_duplicate_codes_last_wins(store: Store) -> None:
    store.upsert_actors([Actor("TUR", "Turkey"), Actor("TUR", "Türkiye")])
    assert store.get_actor("TUR") == Actor("TUR", "Türkiye")


def test_has_events_for(store: Store) -> None:
    assert not store.has_events_for("RUS")
