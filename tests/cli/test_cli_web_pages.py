"""``graphsvc ingest`` with URLs (a real HTTP server on 127.0.0.1) and .html files, mixed
with text files: provenance kept, and a failure is one line naming the URL or file, exit 1,
nothing stored."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from web_server import Route, WebServer

from graphsvc.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
TEXT = "Armenia and Azerbaijan signed an agreement on transport links on Monday."


def _articles(patched: Callable[[], Any]) -> dict[str, Any]:
    service = patched()
    try:
        page = service.list_articles(limit=50)
        return {a.title or a.text[:20]: a for a in page.items}
    finally:
        service.close()


def _one_line_failure(result: Any, *phrases: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.stderr


def test_urls_files_and_pages_mixed(
    tmp_path: Path, web_server: WebServer, patched: Callable[[], Any], monkeypatch: Any
) -> None:
    monkeypatch.setenv("GRAPHSVC_FETCH_ALLOW_PRIVATE", "true")
    url = web_server.page("/wire", (FIXTURES / "wire_article.html").read_bytes())
    text_file = tmp_path / "story.txt"
    text_file.write_text(TEXT, encoding="utf-8")
    page_file = tmp_path / "2026-07-19-ledger.html"
    shutil.copy(FIXTURES / "newspaper_ads.html", page_file)
    result = CliRunner().invoke(main, ["ingest", str(text_file), url, str(page_file)])
    assert result.exit_code == 0, result.output
    assert "3 articles added" in result.stdout
    stored = _articles(patched)
    fetched = stored[EXPECTED["wire_article.html"]["title"]].provenance
    assert (fetched.origin, fetched.fetched_url, fetched.author) == ("url", url, "Elena Markou")
    page = stored[EXPECTED["newspaper_ads.html"]["title"]]
    assert page.provenance.origin == "file" and page.provenance.fetched_url is None
    assert page.url == EXPECTED["newspaper_ads.html"]["canonical_url"]
    assert "India must respond firmly" not in page.text
    assert stored[TEXT[:20]].provenance.origin == "file"


def test_a_loopback_url_is_refused_by_default_and_nothing_is_stored(
    tmp_path: Path, web_server: WebServer, patched: Callable[[], Any], monkeypatch: Any
) -> None:
    monkeypatch.delenv("GRAPHSVC_FETCH_ALLOW_PRIVATE", raising=False)
    url = web_server.page("/wire", (FIXTURES / "wire_article.html").read_bytes())
    text_file = tmp_path / "story.txt"
    text_file.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(text_file), url])
    _one_line_failure(result, f"{url}: 127.0.0.1 resolves to 127.0.0.1, a loopback address")
    assert _articles(patched) == {}


@pytest.mark.parametrize(
    ("route", "phrase"),
    [
        (Route(body=b"gone", status=404), "the server answered 404"),
        (Route(body=b"%PDF", content_type="application/pdf"), "the page is application/pdf"),
        (Route(body=b"<p>ok</p>", delay_s=3), "did not arrive within 1 s"),
        (Route(body=b"<html><body><script>x()</script></body></html>"), "No article text"),
    ],
)
def test_a_url_that_fails_names_itself_and_nothing_is_stored(
    tmp_path: Path,
    web_server: WebServer,
    patched: Callable[[], Any],
    monkeypatch: Any,
    route: Route,
    phrase: str,
) -> None:
    monkeypatch.setenv("GRAPHSVC_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("GRAPHSVC_FETCH_TIMEOUT", "1")
    good = web_server.page("/good", (FIXTURES / "short_brief.html").read_bytes())
    bad = web_server.route("/bad", route)
    result = CliRunner().invoke(main, ["ingest", good, bad])
    _one_line_failure(result, f"{bad}: ", phrase)
    assert _articles(patched) == {}


def test_an_html_file_without_text_names_the_file(
    tmp_path: Path, patched: Callable[[], Any]
) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><script>menu()</script></nav></body></html>")
    result = CliRunner().invoke(main, ["ingest", str(path)])
    _one_line_failure(result, f"{path}: no article text was found")
    assert _articles(patched) == {}


def test_a_directory_gives_its_html_pages_too(tmp_path: Path, patched: Callable[[], Any]) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("latin1_meta_only.html", "inline_markup.html"):
        shutil.copy(FIXTURES / name, folder / name.replace(".html", ".htm"))
    result = CliRunner().invoke(main, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    stored = _articles(patched)
    latin = stored[EXPECTED["latin1_meta_only.html"]["title"]]
    assert latin.provenance.author == "J\u00e9r\u00f4me Lef\u00e8vre"  # read in its <meta> charset
    assert "Brazil\u2019s defence minister" in latin.text


def test_markup_in_a_text_file_is_read(tmp_path: Path, patched: Callable[[], Any]) -> None:
    path = tmp_path / "tagged.txt"
    path.write_text("Talks\nFrance <b>condemned</b> Germany on Monday.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["ingest", str(path)]).exit_code == 0
    (article,) = _articles(patched).values()
    assert article.text == "Talks\nFrance condemned Germany on Monday."
