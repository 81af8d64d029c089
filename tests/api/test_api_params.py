"""Query and path parameters: bounds, strict formats and cursors, on SQLite and PostgreSQL.

Each case was a 500 or a silently accepted loose value before (issue 8)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import pytest
from api_support import BACKENDS, STORY_ARM_AZE, STORY_RUS_TUR, TestClient, fake_api_client

PROBLEM = "application/problem+json"
FILTERED = ["/graph", "/graph.json", "/graph.graphml", "/graph.gexf", "/events.csv", "/events"]
FILTERED += ["/actors", "/actors/RUS", "/relations?a=RUS&b=TUR", "/view"]


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    stories = (STORY_RUS_TUR, STORY_ARM_AZE)
    with fake_api_client(request.param, tmp_path_factory, "h8params_api", stories) as client:
        yield client


def _problem(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM if status != 200 else "")
    return response.json()["detail"]


def _get(client: TestClient, path: str, **params: str):
    sep = "&" if "?" in path else "?"
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"{path}{sep}{query}", headers={"Accept": "application/json"})


@pytest.mark.parametrize("path", FILTERED)
@pytest.mark.parametrize("value", ["9223372036854775808", "2147483648", "0", "-1", "1.0", "²"])
def test_min_count_out_of_bounds_or_loose_is_422(client: TestClient, path: str, value: str) -> None:
    detail = _problem(_get(client, path, min_count=value), 422)
    assert "min_count" in detail


@pytest.mark.parametrize("path", FILTERED)
def test_min_count_at_the_bound_is_an_empty_answer(client: TestClient, path: str) -> None:
    assert _get(client, path, min_count="2147483647").status_code == 200


@pytest.mark.parametrize("value", ["0", "1609459200", "2021-01-01T00:00", "20210101", "2021-02-30"])
@pytest.mark.parametrize("path", ["/events", "/graph", "/view"])
def test_dates_are_strict_iso(client: TestClient, path: str, value: str) -> None:
    assert "date_from" in _problem(_get(client, path, date_from=value), 422)


@pytest.mark.parametrize(
    ("path", "value"), [("/events", "1.0"), ("/articles", "1.0"), ("/events", "1e2")]
)
def test_limit_is_a_strict_whole_number(client: TestClient, path: str, value: str) -> None:
    assert "limit" in _problem(_get(client, path, limit=value), 422)


def test_multi_is_true_or_false(client: TestClient) -> None:
    assert _get(client, "/graph", multi="true").status_code == 200
    assert "multi" in _problem(_get(client, "/graph", multi="yes"), 422)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor", [_b64(b"[1e20]"), _b64(b"[100000000000000000000]"), _b64(b"[2147483648]"), "1e20"]
)
def test_events_cursor_out_of_format_is_400(client: TestClient, cursor: str) -> None:
    detail = _problem(_get(client, "/events", cursor=cursor), 400)
    assert "cursor" in detail


@pytest.mark.parametrize("cursor", ["2147483648", "9223372036854775808", "9999999999999999999"])
def test_events_cursor_past_every_id_is_an_empty_page(client: TestClient, cursor: str) -> None:
    page = _get(client, "/events", cursor=cursor)
    assert page.status_code == 200, page.text
    assert page.json()["data"] == [] and page.json()["next"] is None


@pytest.mark.parametrize(
    "cursor", ["1609459200000000:a%00b", "%00", _b64(b'["2021-01-01T00:00:00","a\\u0000b"]'), "x:y"]
)
def test_articles_cursor_out_of_format_is_400(client: TestClient, cursor: str) -> None:
    assert "cursor" in _problem(_get(client, "/articles", cursor=cursor), 400)


def test_cursors_page_through_everything_once(client: TestClient) -> None:
    for path in ("/articles", "/events"):
        seen: list[object] = []
        cursor = ""
        while True:
            page = _get(client, path, limit="1", cursor=cursor).json()
            seen += [item["id"] for item in page["data"]]
            if not page["next"]:
                break
            cursor = page["next"]
        assert len(seen) == len(set(seen)) == len(_get(client, path, limit="100").json()["data"])


@pytest.mark.parametrize(
    "path", ["/jobs/%00", "/jobs/x", "/actors/%00", "/actors/R-S", "/view/actors/%00"]
)
def test_ids_no_resource_can_have_are_404(client: TestClient, path: str) -> None:
    _problem(client.get(path, headers={"Accept": "application/json"}), 404)


@pytest.mark.parametrize(
    "params",
    [{"actor": "%00"}, {"code": "%00"}, {"code": "abc"}, {"root": "1x"}, {"quad_class": "7"}],
)
def test_list_filters_outside_their_format_are_422(
    client: TestClient, params: dict[str, str]
) -> None:
    name = next(iter(params))
    assert name in _problem(_get(client, "/events", **params), 422)


def test_relation_codes_outside_their_format_are_422(client: TestClient) -> None:
    _problem(_get(client, "/relations", a="RU%00", b="TUR"), 422)
    assert "either" in _problem(_get(client, "/relations", source="RUS"), 422).lower()


def test_options_lists_every_documented_method(client: TestClient) -> None:
    for path, methods in (("/articles", {"GET", "POST"}), ("/articles/x", {"GET", "DELETE"})):
        response = client.options(path)
        assert response.status_code == 405
        assert methods <= {m.strip() for m in response.headers["allow"].split(",")}


IMPOSSIBLE = [
    ({"root": "190"}, "root"),
    ({"root": "21"}, "root"),
    ({"root": "00"}, "root"),
    ({"root": "04,190"}, "root"),
    ({"code": "9999"}, "unknown CAMEO code"),
    ({"code": "0411"}, "unknown CAMEO code"),
    ({"quad_class": "5"}, "quad_class"),
    ({"quad_class": "0"}, "quad_class"),
]


@pytest.mark.parametrize(
    "path", [*FILTERED, "/analysis/centrality", "/analysis/communities", "/view/actors/RUS"]
)
@pytest.mark.parametrize(("params", "named"), IMPOSSIBLE)
def test_impossible_filter_values_are_422_naming_the_parameter(
    client: TestClient, path: str, params: dict[str, str], named: str
) -> None:
    assert named in _problem(_get(client, path, **params), 422)


@pytest.mark.parametrize(
    ("params", "named"),
    [*IMPOSSIBLE, ({"date_from": "2021-02-01", "date_to": "2021-01-01"}, "date_from")],
)
def test_graph_page_form_refuses_impossible_values_with_a_page(
    client: TestClient, params: dict[str, str], named: str
) -> None:
    response = client.get("/view", params=params, headers={"Accept": "text/html"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert named in response.text


def test_possible_filter_values_still_match(client: TestClient) -> None:
    everything = _get(client, "/events").json()["data"]
    assert everything
    event = everything[0]
    for params in (
        {"root": event["root"]},
        {"code": event["code"]},
        {"quad_class": str(event["quad_class"])},
        {"date_from": event["date"], "date_to": event["date"]},
    ):
        got = _get(client, "/events", **params)
        assert got.status_code == 200 and event["id"] in {e["id"] for e in got.json()["data"]}


def test_filter_patterns_in_the_openapi_list_the_ontology(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"]["/events"]["get"]["parameters"]}
    code_pattern, root_pattern = (
        parameters[name]["schema"]["anyOf"][0]["items"]["pattern"] for name in ("code", "root")
    )
    assert re.fullmatch(code_pattern, "041,057") and not re.fullmatch(code_pattern, "9999")
    assert re.fullmatch(root_pattern, " 04, 20") and not re.fullmatch(root_pattern, "190")
