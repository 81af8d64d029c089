"""The graph page's CAMEO picker and header search box."""

from __future__ import annotations

from html.parser import HTMLParser

import networkx as nx

from graphsvc.extract.ontology import CameoCode
from graphsvc.models import EventFilter
from graphsvc.render import to_html
from graphsvc.render.form_widgets import cameo_picker


class Selects(HTMLParser):
    """Per select name: its optgroups in order, each (label, [(value, text, selected)])."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.groups: dict[str, list[tuple[str, list[tuple[str, str, bool]]]]] = {}
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "select":
            self._select = a["name"]
            self.groups[self._select] = []
        elif tag == "optgroup" and self._select:
            self.groups[self._select].append((a["label"] or "", []))
        elif tag == "option" and self._select:
            self._option = (a["value"] or "", "selected" in a)

    def handle_data(self, data: str) -> None:
        # (a select without optgroups, such as the page's size measure, is not recorded)
        if self._option is not None and self._select and self.groups[self._select]:
            value, selected = self._option
            self.groups[self._select][-1][1].append((value, data, selected))
            self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _selects(html: str) -> Selects:
    parser = Selects()
    parser.feed(html)
    parser.close()
    return parser


def test_roots_are_grouped_by_quad_class_with_labels() -> None:
    roots = _selects(cameo_picker()).groups["root"]
    labels = [label for label, _ in roots]
    assert labels == [
        "1. Verbal cooperation",
        "2. Material cooperation",
        "3. Verbal conflict",
        "4. Material conflict",
    ]
    assert ("04", "04 Consult", False) in roots[0][1]
    assert [v for v, _, _ in roots[3][1]] == ["15", "16", "17", "18", "19", "20"]
    assert sum(len(options) for _, options in roots) == 20


def test_codes_are_grouped_by_root() -> None:
    codes = dict(_selects(cameo_picker()).groups["code"])
    assert ("041", "041 Discuss by telephone", False) in codes["04 Consult"]
    assert all(v.startswith("19") for v, _, _ in codes["19 Fight"])
    assert not any(v == "04" for options in codes.values() for v, _, _ in options)


def test_chosen_values_are_selected_and_unknown_ones_kept() -> None:
    html = to_html(
        nx.DiGraph(),
        title="t",
        filters=EventFilter(roots=frozenset({"19", "77"}), codes=frozenset({"041"})),
    )
    selects = _selects(html).groups
    chosen = {
        name: {v for _, options in selects[name] for v, _, sel in options if sel}
        for name in ("root", "code")
    }
    assert chosen == {"root": {"19", "77"}, "code": {"041"}}
    assert selects["root"][-1] == ("Other", [("77", "77", True)])


def test_labels_are_escaped() -> None:
    table = [
        CameoCode("01", "01", "<b>Say</b>", 0.0, 1, "root"),
        CameoCode("011", "01", 'Say "x" & <i>y</i>', 0.0, 1, "base"),
    ]
    html = cameo_picker(["<x>"], table=table)
    assert "<b>" not in html and "<i>" not in html and "<x>" not in html
    assert "&lt;b&gt;Say&lt;/b&gt;" in html and "&quot;x&quot; &amp;" in html


def test_graph_page_header_has_the_search_box() -> None:
    page = to_html(nx.DiGraph(), title="t", filters=EventFilter())
    # the site's one navigation (templates/nav.html) carries the box on every page
    assert '<header class="gs-nav">' in page and 'action="/pages/search"' in page
    assert 'name="q"' in page


def test_picker_is_folded_until_something_is_chosen() -> None:
    assert cameo_picker().startswith('<details class="picker"><summary>Event types: all')
    assert cameo_picker(["04"], ["190"]).startswith(
        '<details class="picker" open><summary>Event types (2 chosen)'
    )
