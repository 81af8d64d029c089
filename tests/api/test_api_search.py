"""Finding actors by name: /actors?q=, names in actor= filters, the graph page's actor box."""

from __future__ import annotations

import pytest
from api_support import TestClient

PROBLEM = "application/problem+json"
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _problem(response, status: int = 422) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    return response.json()["detail"]


@pytest.mark.parametrize(
    ("q", "code"),
    [("Putin", "RUS"), ("Kremlin", "RUS"), ("Erdogan", "TUR"), ("Erdoğan", "TUR"),
     ("Ankara", "TUR"), ("Russian", "RUS"), ("NATO", "NAT"), ("russia", "RUS")],
)  # fmt: skip
def test_actors_q_finds_names_aliases_capitals_and_leaders(
    loaded: TestClient, q: str, code: str
) -> None:
    body = loaded.get("/actors", params={"q": q}).json()
    first = body["data"][0]
    assert first["code"] == code and first["match"] == "exact"
    assert first["matched"] and body["suggestions"] == []
    assert body["count"] == len(body["data"])


def test_search_hits_say_why_and_whether_they_have_events(loaded: TestClient) -> None:
    putin = loaded.get("/actors", params={"q": "Putin"}).json()["data"][0]
    assert putin["matched"] == "Vladimir Putin, head of state of Russia"
    assert putin["has_events"] and putin["event_count"] >= 1
    nato = loaded.get("/actors", params={"q": "NATO"}).json()["data"][0]
    assert not nato["has_events"] and nato["event_count"] == 0  # known, not in these stories
    # within a rank, actors with events come first: Armenia and Azerbaijan are in the store
    ar = [a["code"] for a in loaded.get("/actors", params={"q": "ar"}).json()["data"]]
    assert ar[0] == "ARM"


def test_a_misspelt_name_gets_suggestions(loaded: TestClient) -> None:
    body = loaded.get("/actors", params={"q": "Puttin"}).json()
    assert [a["code"] for a in body["data"]] == ["RUS"]
    assert body["data"][0]["match"] == "fuzzy" and body["suggestions"] == ["Putin"]
    nothing = loaded.get("/actors", params={"q": "qqqqqqqq"}).json()
    assert nothing == {"data": [], "count": 0, "suggestions": []}


def test_actor_filter_takes_an_unambiguous_name(loaded: TestClient) -> None:
    by_code = loaded.get("/graph", params={"actor": "RUS"})
    assert by_code.status_code == 200 and by_code.json()["nodes"]
    for name in ("Putin", "putin", "the Kremlin", "Russian Federation"):
        assert loaded.get("/graph", params={"actor": name}).json() == by_code.json(), name
    events = loaded.get("/events", params={"actor": "Putin,Erdoğan"}).json()["data"]
    assert events == loaded.get("/events", params={"actor": "RUS,TUR"}).json()["data"]


def test_unknown_or_ambiguous_actor_names_are_422_naming_the_parameter(
    loaded: TestClient,
) -> None:
    for path in ("/graph", "/events", "/actors", "/events.csv"):
        detail = _problem(loaded.get(path, params={"actor": "Putn"}))
        assert detail.startswith("actor 'Putn' is no known actor code or name")
        assert "did you mean Putin (RUS)?" in detail, path
    ambiguous = _problem(loaded.get("/graph", params={"actor": "Charles III"}))
    assert "could mean several actors" in ambiguous
    assert all(c in ambiguous for c in ("(GBR)", "(CAN)", "(AUS)"))
    nothing = _problem(loaded.get("/graph", params={"actor": "qqqqqqqq"}))
    assert "/actors?q=" in nothing
    assert "actor" in _problem(loaded.get("/graph", params={"actor": "Ru\x01ssia"}))


def test_codes_work_as_before(loaded: TestClient) -> None:
    assert loaded.get("/graph", params={"actor": "rus"}).json()["nodes"]
    # a code without a name (yet) is still a filter, matching nothing
    empty = loaded.get("/graph", params={"actor": "QQQ"})
    assert empty.status_code == 200 and empty.json()["nodes"] == []


def _graph_data(html: str) -> str:
    start = html.index('id="graph-data">')
    return html[start : html.index("</script>", start)]


def test_graph_page_draws_a_named_actor(loaded: TestClient) -> None:
    named = loaded.get("/view", params={"actor": "Putin"}, headers=HTML)
    assert named.status_code == 200
    by_code = loaded.get("/view", params={"actor": "RUS"}, headers=HTML).text
    assert _graph_data(named.text) == _graph_data(by_code)
    assert 'name="actor" value="RUS"' in named.text


def test_graph_page_shows_its_form_again_for_an_unknown_name(loaded: TestClient) -> None:
    response = loaded.get(
        "/view", params={"actor": "Putn", "date_from": "2021-01-01"}, headers=HTML
    )
    assert response.status_code == 422
    html = response.text
    assert '<form class="filters"' in html and 'name="actor" value="Putn"' in html
    assert 'name="date_from" value="2021-01-01"' in html  # the rest of the form is kept
    assert 'role="alert"' in html and "did you mean Putin (RUS)?" in html
    assert 'id="graph"' not in html  # no empty graph
    ego = loaded.get("/view/actors/TUR", params={"actor": "Putn"}, headers=HTML)
    assert ego.status_code == 422 and "did you mean Putin (RUS)?" in ego.text
    # a client that does not ask for HTML gets the problem
    assert "Putin (RUS)" in _problem(loaded.get("/view", params={"actor": "Putn"}))


def test_graph_page_escapes_what_was_typed(loaded: TestClient) -> None:
    typed = '"><script>alert(1)</script>'
    response = loaded.get("/view", params={"actor": typed}, headers=HTML)
    assert response.status_code == 422
    assert "<script>alert(1)" not in response.text
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_nav_has_a_search_box(client: TestClient) -> None:
    html = client.get("/").text
    assert '<form class="gs-nav-search" method="get" action="/pages/search"' in html
    assert 'name="q"' in html


def test_search_page_redirects_one_exact_hit_to_the_actor_page(loaded: TestClient) -> None:
    response = loaded.get("/pages/search", params={"q": "Putin"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/view/actors/RUS"
    assert loaded.get("/pages/search", params={"q": "Erdoğan"}).url.path == "/view/actors/TUR"


def test_search_page_lists_hits_with_links_and_reasons(loaded: TestClient) -> None:
    response = loaded.get("/pages/search", params={"q": "Korea"})
    assert response.status_code == 200
    html = response.text
    assert 'href="/view/actors/PRK"' in html and 'href="/view/actors/KOR"' in html
    assert "North Korea" in html and "none yet" in html  # neither has events here
    assert loaded.get("/pages/search").status_code == 200  # just the form


def test_search_page_suggests_close_spellings(loaded: TestClient) -> None:
    html = loaded.get("/pages/search", params={"q": "Puttin"}).text
    assert "Did you mean" in html and 'href="/pages/search?q=Putin"' in html
    nothing = loaded.get("/pages/search", params={"q": "qqqqqqqq"}).text
    assert "No actor is called “qqqqqqqq”" in nothing


def test_search_page_escapes_the_query(loaded: TestClient) -> None:
    q = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
    response = loaded.get("/pages/search", params={"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    too_long = loaded.get("/pages/search", params={"q": "x" * 201})
    assert too_long.status_code == 422


def test_page_filter_dependency_resolves_names_for_other_pages() -> None:
    from graphsvc.api.routes.pages import PageForm, page_filter
    from graphsvc.errors import InvalidInput
    from graphsvc.models import EventFilter

    ok = EventFilter(actors=frozenset({"RUS"}))
    assert page_filter(PageForm(ok, "Putin")) is ok
    with pytest.raises(InvalidInput, match="Putn"):
        page_filter(PageForm(EventFilter(), "Putn", InvalidInput("actor 'Putn' is no …")))
