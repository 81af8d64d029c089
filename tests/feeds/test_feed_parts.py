"""The feed package's parts on their own: parsing RSS/Atom/RDF and broken documents, HTML
fragments to text, URL checks, the politeness delay and the backoff."""

from __future__ import annotations

from datetime import date

import pytest
from feed_fixtures import ATOM_STORIES, MALFORMED_FEED, RDF_FEED, RSS_STORIES, atom, rss

from graphsvc.errors import InvalidInput
from graphsvc.feeds.pacing import HostPacer
from graphsvc.feeds.parse import MAX_KEY_CHARS, parse_feed
from graphsvc.feeds.poller import MAX_BACKOFF_S, backoff_seconds
from graphsvc.feeds.text import html_to_text
from graphsvc.feeds.urls import checked_feed_url, host_of


def test_rss_entries_with_keys_links_dates_and_teasers() -> None:
    parsed = parse_feed(rss("Wire", "http://h/rss", RSS_STORIES), url="http://h/rss/feed.xml")
    assert (parsed.title, parsed.format, parsed.problem, parsed.usable) == (
        "Wire",
        "rss20",
        None,
        True,
    )
    first = parsed.entries[0]
    assert first.key == f"wire-{RSS_STORIES[0].slug}"  # the guid
    assert first.link == f"http://h/rss/{RSS_STORIES[0].slug}"
    assert first.published == date(2021, 3, 2)
    assert first.text == RSS_STORIES[0].text[:60].strip()


def test_atom_relative_links_resolved_and_ids_as_keys() -> None:
    parsed = parse_feed(atom("A", "http://h/atom", ATOM_STORIES), url="http://h/atom/feed.xml")
    assert parsed.format == "atom10"
    assert [e.key for e in parsed.entries] == [f"urn:test:{s.slug}" for s in ATOM_STORIES]
    assert parsed.entries[0].link == f"http://h/atom/{ATOM_STORIES[0].slug}"
    assert parsed.entries[1].published == date(2021, 3, 4)
    assert parsed.entries[0].text == ""


def test_rdf_feed() -> None:
    parsed = parse_feed(RDF_FEED, url="http://example.org/rdf")
    assert parsed.format == "rss10" and parsed.title == "RDF wire"
    (entry,) = parsed.entries
    assert entry.key == "http://example.org/one" and entry.text == "First item"


def test_broken_and_foreign_documents_are_not_usable() -> None:
    broken = parse_feed(MALFORMED_FEED, url="http://h/x")
    assert not broken.usable and "not well-formed XML" in (broken.problem or "")
    html = parse_feed(b"<html><body><p>Hello</p></body></html>", url="http://h/p")
    assert not html.usable
    json = parse_feed(b'{"items": []}', url="http://h/j", content_type="application/json")
    assert not json.usable


def test_entry_keys_fall_back_to_link_then_content_hash_and_stay_short() -> None:
    long_link = "http://h/" + "a" * 300
    doc = f"""<rss version="2.0"><channel><title>T</title>
<item><title>Linked</title><link>{long_link}</link></item>
<item><title>Bare</title><description>Only words here.</description></item>
<item><title>Bare</title><description>Only words here.</description></item>
</channel></rss>""".encode()
    linked, bare, twin = parse_feed(doc, url="http://h/").entries
    assert linked.key.startswith("sha256:") and len(linked.key) <= MAX_KEY_CHARS
    assert bare.key.startswith("sha256:") and bare.key == twin.key  # same content, same key
    assert bare.link is None and bare.text == "Only words here."


def test_html_fragments_to_text() -> None:
    fragment = (
        "<p>France <b>condemned</b> Germany&nbsp;on <a href='#'>Monday</a>.</p>"
        "<script>track()</script><ul><li>One</li><li>Two</li></ul>Tail<br>line"
    )
    assert html_to_text(fragment) == (
        "France condemned Germany on Monday.\n\nOne\n\nTwo\n\nTail\nline"  # nbsp too
    )
    assert html_to_text("") == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/feed",
        "  HTTPS://Example.org:8443/a?b=c#d  ",
        "http://127.0.0.1:9/rss",
    ],
)
def test_feed_urls_accepted(url: str) -> None:
    assert checked_feed_url(url) == url.strip()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "empty"),
        ("example.org/feed", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("http://", "no host"),
        ("http://a b/", "space"),
        ("http://x/\x00", "control"),
        ("http://u:p@x/", "user name"),
        ("http://x:0/", "port"),
        ("http://x:70000/", "cannot be read"),
        ("http://x/" + "a" * 2000, "longer than 2,000"),
    ],
)
def test_feed_urls_refused(url: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        checked_feed_url(url)


def test_hosts_are_kept_apart_by_name_and_port() -> None:
    assert host_of("http://Example.org/a") == host_of("http://example.org/b")
    assert host_of("http://example.org/") != host_of("http://example.org:8080/")


def test_politeness_delay_per_host() -> None:
    clock = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    pacer = HostPacer(2.0, clock=lambda: clock[0], sleep=sleep)
    assert pacer.wait("http://a.example/1") == 0
    assert pacer.wait("http://b.example/1") == 0  # another host: no wait
    assert pacer.wait("http://a.example/2") == pytest.approx(2.0)
    clock[0] += 5
    assert pacer.wait("http://a.example/3") == 0  # long enough since the last one
    assert waits == [pytest.approx(2.0)]


def test_backoff_doubles_from_twice_the_interval_and_is_capped() -> None:
    assert [backoff_seconds(60, n) for n in (1, 2, 3)] == [120, 240, 480]
    assert backoff_seconds(60, 30) == MAX_BACKOFF_S
    assert backoff_seconds(86_400, 3) == 86_400  # never under the interval itself


def test_control_characters_are_dropped_from_titles_and_text() -> None:
    doc = (
        b"<rss version='2.0'><channel><title>Bad\x00 title</title><item><title>A\x00b</title>"
        b"<guid>g\x001</guid><description>x\x00y</description></item></channel></rss>"
    )
    parsed = parse_feed(doc, url="http://h/")
    (entry,) = parsed.entries
    for value in (parsed.title, entry.title, entry.key, entry.text):
        assert value is not None and "\x00" not in value
