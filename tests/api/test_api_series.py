"""The series of /relations and /actors/{code} recomputed from the /events rows.

A constructed store (events of RUS, TUR and ARM over two years, some of them symmetric,
every quad class) is read through the API; each series point — count per quad class,
Goldstein sum and mean — must equal a plain count over the events /events returns for
the same scope, at every interval, with the directed dyad holding the reverse pair's
symmetric events.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from api_support import TestClient
from factories import make_article, make_event

from graphsvc.settings import Settings

QUAD_CODES = {1: ("043", 2.8), 2: ("070", 7.0), 3: ("130", -4.4), 4: ("190", -10.0)}
INTERVALS = ("day", "week", "month", "quarter", "year")


@pytest.fixture
def built(make_client: Callable[..., TestClient], tmp_path: Any, extractor: Any) -> TestClient:
    from graphsvc.service import GraphService

    service = GraphService(Settings(db=str(tmp_path / "series.db")), extractor=extractor)
    rng = random.Random(3)
    for i in range(12):
        events = []
        for _ in range(rng.randrange(1, 6)):
            source, target = rng.sample(["RUS", "TUR", "ARM"], 2)
            quad = rng.choice([1, 2, 3, 4])
            code, goldstein = QUAD_CODES[quad]
            day = date(2020, 12, 20) + timedelta(days=rng.randrange(500))
            events.append(
                make_event(source, target, code=code, root=code[:2], quad_class=quad,
                           goldstein=goldstein, date=day, symmetric=rng.random() < 0.4)
            )  # fmt: skip
        service.store.add_article(make_article(f"story {i}", f"s{i}"), events)
    talks = make_event("RUS", "TUR", date=date(2021, 6, 30), symmetric=True)  # mutual talks
    service.store.add_article(make_article("talks", "talks"), [talks])
    yield make_client(service=service)
    service.close()


def _period(day: date, interval: str) -> str:
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return day.strftime("%Y-%m")
    if interval == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def _expected(rows: list[dict[str, Any]], interval: str) -> dict[str, tuple]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    sums: dict[str, float] = defaultdict(float)
    for e in rows:
        period = _period(date.fromisoformat(e["date"]), interval)
        counts[period][e["quad_class"] - 1] += 1
        sums[period] += e["goldstein"]
    return {p: (tuple(q), round(sums[p], 3), round(sums[p] / sum(q), 3)) for p, q in counts.items()}


def _got(series: list[dict[str, Any]]) -> dict[str, tuple]:
    return {
        p["period"]: (
            tuple(p["by_quad_class"][str(q)] for q in (1, 2, 3, 4)),
            round(p["goldstein_sum"], 3),
            p["goldstein_mean"],
        )
        for p in series
        if p["count"]  # the empty periods in between
    }


def _events(client: TestClient, actor: str) -> list[dict[str, Any]]:
    body = client.get("/events", params={"actor": actor, "limit": 500}).json()
    assert body["next"] is None
    return body["data"]


@pytest.mark.parametrize("interval", INTERVALS)
def test_directed_relation_series_equals_its_events(built: TestClient, interval: str) -> None:
    rows = [
        e
        for e in _events(built, "TUR")
        if (e["source"], e["target"]) == ("TUR", "RUS")
        or ((e["source"], e["target"]) == ("RUS", "TUR") and e["symmetric"])
    ]
    assert any(e["source"] == "RUS" for e in rows)  # the store holds mirrored events
    body = built.get("/relations", params={"source": "TUR", "target": "RUS", "interval": interval})
    body = body.json()
    assert body["count"] == len(rows) == len(body["events"])
    assert {e["id"] for e in body["events"]} == {e["id"] for e in rows}
    assert _got(body["series"]) == _expected(rows, interval)


@pytest.mark.parametrize("interval", INTERVALS)
def test_undirected_relation_and_actor_series_equal_their_events(
    built: TestClient, interval: str
) -> None:
    mine = _events(built, "TUR")
    pair = [e for e in mine if {e["source"], e["target"]} == {"TUR", "RUS"}]
    body = built.get("/relations", params={"a": "RUS", "b": "TUR", "interval": interval}).json()
    assert body["count"] == len(pair)
    assert _got(body["series"]) == _expected(pair, interval)
    profile = built.get("/actors/TUR", params={"interval": interval}).json()
    assert profile["event_count"] == len(mine)
    assert _got(profile["series"]) == _expected(mine, interval)
    partners = {p["code"]: p["count"] for p in profile["partners"]}
    assert partners["RUS"] == len(pair)  # a symmetric event is one event with its partner


def test_series_periods_are_contiguous(built: TestClient) -> None:
    body = built.get("/relations", params={"a": "RUS", "b": "TUR", "interval": "month"}).json()
    months = [date.fromisoformat(p["start"]) for p in body["series"]]
    steps = {(b.year * 12 + b.month) - (a.year * 12 + a.month) for a, b in pairwise(months)}
    assert steps == {1}


@pytest.mark.parametrize("path", ["/relations?a=RUS&b=TUR", "/actors/TUR?"])
def test_a_bad_interval_is_a_422_naming_it(built: TestClient, path: str) -> None:
    response = built.get(f"{path}&interval=fortnight")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "interval" in response.text
