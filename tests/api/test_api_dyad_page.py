"""The evidence pages: the dyad page (summary, SVG chart, highlighted events with paging and
filters, errors), the actor page's partners and recent events, and dyad links everywhere."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from api_support import STORY_RUS_TUR, TestClient
from factories import make_article, make_event

from graphsvc.models import Event

HTML = {"Accept": "text/html"}
NASTY = 'Officials said "Russia & Turkey" <script>alert(1)</script> met in Ankara.'
ROW = re.compile(r"<tr>\s*<td class=\"gs-date\">([^<]*)</td>")
ARTICLE_LINK = re.compile(r'href="(/pages/articles/[^"]+)"')
OLDER = re.compile(r'href="([^"]*)#events" rel="next"')
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def _store(client: TestClient) -> Any:
    return client.app.state.service.store  # type: ignore[attr-defined]


def _nasty_event(**overrides: Any) -> Event:
    """RUS→TUR in NASTY, its offsets into an article where the sentence starts at 7."""
    base = 7
    fields: dict[str, Any] = {
        "sentence": NASTY,
        "sentence_start": base,
        "source_text": "Russia",
        "source_start": base + NASTY.index("Russia"),
        "source_end": base + NASTY.index("Russia") + 6,
        "target_text": "Turkey",
        "target_start": base + NASTY.index("Turkey"),
        "target_end": base + NASTY.index("Turkey") + 6,
        "trigger_text": "met",
        "trigger_start": base + NASTY.index("met"),
        "trigger_end": base + NASTY.index("met") + 3,
    }
    fields.update(overrides)
    return make_event("RUS", "TUR", **fields)


@pytest.fixture
def dyads(client: TestClient) -> TestClient:
    """RUS→TUR on 30 days (one a day from 2021-01-01, quad classes cycling), TUR→RUS on 5,
    RUS→ARM on 3, two undated RUS→TUR; 5 articles, one titled with markup."""
    store = _store(client)
    start = date(2021, 1, 1)
    goldstein = {1: 1.0, 2: 7.0, 3: -2.0, 4: -10.0}
    events: list[list[Event]] = [[] for _ in range(5)]
    for i in range(30):
        quad = i % 4 + 1
        events[i % 5].append(
            make_event(
                "RUS", "TUR", quad_class=quad, goldstein=goldstein[quad],
                date=start + timedelta(days=i), sentence=f"Russia met Turkey, day {i}.",
            )
        )  # fmt: skip
    for i in range(5):
        events[i].append(make_event("TUR", "RUS", date=start + timedelta(days=40 + i)))
    for i in range(3):
        events[i].append(make_event("RUS", "ARM", date=date(2021, 3 + i, 2)))
    events[0] += [make_event("RUS", "TUR", date=None), make_event("RUS", "TUR", date=None)]
    for n, batch in enumerate(events):
        title = "Talks <b>&amp;</b>" if n == 0 else f"Story {n}"
        # 30 distinct daily meetings, stored as they are (not linked as reports of one
        # another across the day boundaries: graphsvc/linking)
        article = make_article(f"story {n}", f"story-{n}", title=title)
        store.add_article(article, batch, link=False)
    return client


def test_dyad_page_shows_summary_chart_and_events(dyads: TestClient) -> None:
    response = dyads.get("/view/relations/rus/tur")
    assert response.status_code == 200
    html = response.text
    assert 'href="/view/actors/RUS"' in html and 'href="/view/actors/TUR"' in html
    summary = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html))
    assert summary["Events"] == "37"  # 30 + 5 + 2 undated, both directions
    assert summary["Cooperation"] == str(16 + 5 + 2)  # quads 1-2 of the 30, TUR→RUS, undated
    assert summary["Conflict"] == "14"
    assert summary["Mean Goldstein"] == "-0.35"  # (8 + 56 - 14 - 70 + 7) / 37
    assert summary["First"] == "2021-01-01" and summary["Last"] == "2021-02-14"
    chart = ET.fromstring(SVG.search(html).group())  # type: ignore[union-attr]
    bars = chart.findall(".//{http://www.w3.org/2000/svg}g[@class='bar']")
    assert len(bars) == 7  # 45 days: weekly, ISO weeks 2020-W53 .. 2021-W06
    assert sum(int(b.get("data-count", "0")) for b in bars) == 35  # the dated events
    assert len(ROW.findall(html)) == 37
    assert all(link.startswith("/pages/articles/story-") for link in ARTICLE_LINK.findall(html))
    assert "Talks &lt;b&gt;&amp;amp;&lt;/b&gt;" in html  # an article title, escaped
    assert not OLDER.search(html)  # 37 fit on one page of 50


def test_dyad_page_escapes_and_highlights_the_sentence(client: TestClient) -> None:
    text = "Intro. " + NASTY
    _store(client).add_article(
        make_article(text, "nasty", title='"Q" & <i>A</i>'), [_nasty_event()]
    )
    html = client.get("/view/relations/RUS/TUR").text
    assert "<script>alert(1)</script>" not in html
    cell = re.search(r'<td class="gs-sentence">(.*?)</td>', html, re.DOTALL)
    assert cell is not None
    assert cell.group(1) == (
        'Officials said &#34;<mark class="gs-source">Russia</mark> &amp; '
        '<mark class="gs-target">Turkey</mark>&#34; &lt;script&gt;alert(1)&lt;/script&gt; '
        '<mark class="gs-trigger">met</mark> in Ankara.'
    )
    assert unescape(re.sub(r"</?mark[^>]*>", "", cell.group(1))) == NASTY
    assert "&#34;Q&#34; &amp; &lt;i&gt;A&lt;/i&gt;" in html


def test_dyad_page_lists_dated_events_newest_first_then_undated(dyads: TestClient) -> None:
    html = dyads.get("/view/relations/RUS/TUR", params={"interval": "month"}).text
    seen = ROW.findall(html)
    assert len(seen) == 37 and not OLDER.search(html)  # one page of 50
    dated = seen[:-2]
    assert dated == sorted(dated, reverse=True) and seen[-2:] == ["undated", "undated"]


def test_dyad_page_pages_through_more_than_one_page(client: TestClient) -> None:
    store = _store(client)
    start = date(2020, 1, 1)
    batch = [make_event("RUS", "TUR", date=start + timedelta(days=i // 2)) for i in range(120)]
    store.add_article(make_article("many", "many"), batch)
    url, seen, pages = "/view/relations/TUR/RUS?interval=month", [], 0
    while url:
        html = client.get(url).text
        seen += ROW.findall(html)
        pages += 1
        if pages > 1:
            assert "← Newest" in html
        found = OLDER.search(html)
        url = "/view/relations/TUR/RUS" + unescape(found.group(1)) if found else ""
        if url:
            assert "interval=month" in url  # the page's settings are kept
    assert pages == 3 and len(seen) == 120
    assert seen == sorted(seen, reverse=True)
    assert seen[0] == "2020-02-29" and seen[-1] == "2020-01-01"


def test_dyad_page_directed_and_filters(dyads: TestClient) -> None:
    forward = dyads.get("/view/relations/RUS/TUR", params={"directed": "true"}).text
    assert len(ROW.findall(forward)) == 32  # 30 dated + 2 undated RUS→TUR
    backward = dyads.get("/view/relations/TUR/RUS", params={"directed": "true"}).text
    assert len(ROW.findall(backward)) == 5
    assert 'name="directed" value="true" checked' in backward
    conflict = dyads.get(
        "/view/relations/RUS/TUR",
        params=[("quad_class", "3"), ("quad_class", "4"), ("date_from", "2021-01-10")],
    ).text
    rows = ROW.findall(conflict)
    assert rows and all(d >= "2021-01-10" for d in rows)
    assert 'value="3" checked' in conflict and 'value="1" checked' not in conflict
    table = conflict[conflict.index("<tbody>") :]
    assert set(re.findall(r"quad (\d)", table)) == {"3", "4"}
    quarterly = dyads.get("/view/relations/RUS/TUR", params={"interval": "quarter"}).text
    chart = ET.fromstring(SVG.search(quarterly).group())  # type: ignore[union-attr]
    periods = [g.get("data-period") for g in chart.iter("{http://www.w3.org/2000/svg}g")]
    assert [p for p in periods if p] == ["2021-Q1"]


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"colour": "red"}, "colour"),
        ({"interval": "decade"}, "interval"),
        ({"directed": "maybe"}, "directed"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"quad_class": "7"}, "quad_class"),
        ({"interval": "day", "date_from": "2000-01-01"}, "interval"),
    ],
)
def test_dyad_page_bad_parameters_are_422(
    dyads: TestClient, params: dict[str, str], word: str
) -> None:
    if params.get("interval") == "day":  # over 400 days of events: too many bars
        _store(dyads).add_article(
            make_article("old", "old"), [make_event("RUS", "TUR", date=date(2019, 1, 1))]
        )
    problem = dyads.get("/view/relations/RUS/TUR", params=params)
    assert problem.status_code == 422
    assert problem.headers["content-type"].startswith("application/problem+json")
    assert word in problem.json()["detail"]
    page = dyads.get("/view/relations/RUS/TUR", params=params, headers=HTML)
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert word in page.text


def test_dyad_page_unknown_actor_is_404(dyads: TestClient) -> None:
    for path in ("/view/relations/RUS/XQZ", "/view/relations/R-S/TUR", "/view/relations/XQZ/RUS"):
        page = dyads.get(path, headers=HTML)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html")
        assert dyads.get(path).headers["content-type"].startswith("application/problem+json")


def test_dyad_page_bad_cursor_is_400(dyads: TestClient) -> None:
    for cursor in ("abc", "2021-02-30.5", "12"):
        response = dyads.get("/view/relations/RUS/TUR", params={"cursor": cursor})
        assert response.status_code == 400, cursor
        assert "cursor" in response.json()["detail"]


def test_actor_page_lists_partners_with_sparklines_and_recent_events(dyads: TestClient) -> None:
    html = dyads.get("/view/actors/RUS").text
    section = html[html.index('<section class="gs-evidence"') :]
    table = section[section.index('<table class="gs-table gs-partners">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]
    assert [re.search(r"gs-code\">(\w+)<", r).group(1) for r in rows] == ["TUR", "ARM"]  # type: ignore[union-attr]
    tur = rows[0]
    assert re.findall(r'class="gs-num">([^<]+)<', tur) == ["37", "23", "14", "-0.35"]
    assert 'href="/view/relations/RUS/TUR"' in tur and 'href="/view/actors/TUR"' in tur
    sparks = [ET.fromstring(s) for s in SVG.findall(table)]
    assert len(sparks) == 2
    # one shared range, 2021-01 .. 2021-05: TUR's months hold 30, 5, 0, 0, 0 dated events
    tur_line = sparks[0].find("{http://www.w3.org/2000/svg}polyline")
    assert tur_line is not None and len(tur_line.get("points", "").split()) == 5
    assert "2021-01 to 2021-05" in (sparks[0].get("aria-label") or "")
    recent = section[section.index("Recent events") :]
    assert len(ROW.findall(recent)) == 10
    assert ARTICLE_LINK.search(recent) and 'href="/view/relations/RUS/ARM"' in recent


def test_actor_page_sparklines_come_from_one_query(
    dyads: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(dyads)
    calls: list[tuple[str, tuple[str, ...]]] = []
    real = store.partner_months

    def spy(code: str, f: Any, partners: Any) -> Any:
        calls.append((code, tuple(partners)))
        return real(code, f, partners)

    monkeypatch.setattr(store, "partner_months", spy)
    assert dyads.get("/view/actors/RUS").status_code == 200
    assert calls == [("RUS", ("TUR", "ARM"))]


def test_actor_page_partner_links_carry_the_filters(dyads: TestClient) -> None:
    html = dyads.get("/view/actors/RUS", params={"date_from": "2021-01-20"}).text
    assert 'href="/view/relations/RUS/TUR?date_from=2021-01-20"' in html


def test_article_page_links_every_event_to_its_dyad(loaded: TestClient) -> None:
    article = next(
        a for a in loaded.get("/articles").json()["data"] if a["title"] == STORY_RUS_TUR["title"]
    )
    html = loaded.get(f"/pages/articles/{article['id']}").text
    assert '<div class="gs-scroll">' in html
    body = loaded.get(f"/articles/{article['id']}").json()
    for event in body["events"]:
        assert f'href="/view/relations/{event["source"]}/{event["target"]}"' in html


def test_actor_page_escapes_article_text(client: TestClient) -> None:
    text = "Intro. " + NASTY
    _store(client).add_article(make_article(text, "nasty", title="<i>t</i>"), [_nasty_event()])
    html = client.get("/view/actors/RUS").text
    assert "<script>alert(1)</script>" not in html and "<i>t</i>" not in html
    assert '<mark class="gs-trigger">met</mark>' in html


def test_pages_have_the_scroll_css(client: TestClient) -> None:
    css = client.get("/static/evidence.css")
    assert css.status_code == 200 and ".gs-scroll" in css.text
    assert "overflow-x: auto" in client.get("/static/app.css").text


def test_actor_page_section_follows_new_events(dyads: TestClient) -> None:
    assert 'href="/view/relations/RUS/DEU"' not in dyads.get("/view/actors/RUS").text
    _store(dyads).add_article(make_article("new", "new"), [make_event("RUS", "DEU")])
    html = dyads.get("/view/actors/RUS").text
    assert 'href="/view/relations/RUS/DEU"' in html  # partners and the (cached) page rebuilt
