"""Names in actor= filters: the parser's pattern agrees with the parser, what the OpenAPI
declares (codes) is always taken, and whatever the input, the filter holds codes or the
parser says why not (never another error)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.actor_search import ActorNames
from graphsvc.api.filters import ACTOR_CODES, ACTOR_NAMES, build_filter
from graphsvc.errors import InvalidInput
from graphsvc.models import Actor

FAST = settings(max_examples=300, derandomize=True, deadline=None)
values = st.text(max_size=30) | st.text(alphabet="RUSputin ,.\x00\n'é-", max_size=30)


@FAST
@given(values)
def test_pattern_allows_exactly_what_the_parser_takes(value: str) -> None:
    try:
        ACTOR_NAMES.split([value])
        parsed = True
    except InvalidInput as exc:
        assert exc.detail.startswith("actor must be")
        parsed = False
    assert parsed == bool(re.fullmatch(ACTOR_NAMES.pattern, value))


@FAST
@given(st.lists(st.from_regex(ACTOR_CODES.pattern, fullmatch=True), max_size=3))
def test_what_the_openapi_declares_is_always_taken(names: ActorNames, items: list[str]) -> None:
    f = build_filter(actors=items, resolve_actor=names.resolve)
    assert all(re.fullmatch(r"[A-Z0-9]+", a) for a in f.actors)


@pytest.fixture(scope="module")
def names() -> ActorNames:
    stored = {"RUS": Actor("RUS", "Russia", "state", ("Russia",))}
    return ActorNames(lambda: stored)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(values, max_size=3))
def test_any_actor_value_gives_codes_or_invalid_input(names: ActorNames, items: list[str]) -> None:
    try:
        f = build_filter(actors=items, resolve_actor=names.resolve)
    except InvalidInput as exc:
        assert exc.detail.startswith(("actor ", "A filter takes"))
        return
    assert all(re.fullmatch(r"[A-Z0-9]+", a) for a in f.actors)
