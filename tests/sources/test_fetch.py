"""graphsvc.sources.fetch against a real HTTP server on 127.0.0.1 (tests/web_server.py).

The server is on loopback, so every test allows private addresses except those checking
that they are refused."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import ssl
import time
from datetime import UTC

import pytest
from web_server import Route

from graphsvc.sources import fetch as fetch_module
from graphsvc.sources.fetch import PAGE_TYPES, FetchError, FetchPolicy, check_address, fetch

LOCAL = FetchPolicy(allow_private=True, timeout_s=5.0)
PAGE = "<html><head><title>Talks</title></head><body><p>Ministers met.</p></body></html>"


def _fails(url: str, policy: FetchPolicy = LOCAL, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy, accept=kwargs.pop("accept", PAGE_TYPES), **kwargs)
    return caught.value


def test_a_page_comes_back_with_its_type_charset_and_time(web_server):
    url = web_server.page("/news/1", PAGE, 'Text/HTML; Charset="UTF-8"', etag='"v1"')
    got = fetch(url, LOCAL, accept=PAGE_TYPES)
    assert got.status == 200 and not got.not_modified
    assert got.url == url
    assert got.content_type == "text/html"
    assert got.charset == "utf-8"
    assert got.body == PAGE.encode()
    assert got.etag == '"v1"'
    assert got.fetched_at.tzinfo is UTC
    sent = web_server.requests[-1].headers
    assert sent["user-agent"].startswith("graphsvc/")
    assert "text/html" in sent["accept"]


def test_gzip_encoded_page_is_decompressed(web_server):
    url = web_server.route("/gz", Route(body=PAGE.encode(), gzip=True))
    assert fetch(url, LOCAL, accept=PAGE_TYPES).body == PAGE.encode()


def test_a_gzip_bomb_stops_at_the_cap(web_server):
    # 20 MB of zeros compress to ~20 kB: the cap applies to the decompressed bytes.
    url = web_server.route("/bomb", Route(body=b"\0" * 20_000_000, gzip=True))
    assert _fails(url, FetchPolicy(allow_private=True, max_bytes=1_000_000)).kind == "too_large"


@pytest.mark.parametrize("send_length", [True, False])
def test_a_ten_megabyte_page_is_too_large(web_server, send_length):
    url = web_server.route("/big", Route(body=b"a" * 10_000_000, send_length=send_length))
    error = _fails(url)
    assert error.kind == "too_large" and error.status == 502
    assert "5000000 bytes" in error.detail


def test_not_found_is_an_http_status_error(web_server):
    error = _fails(web_server.url("/missing"))
    assert error.kind == "http_status" and error.status == 502
    assert "404" in error.detail and web_server.url("/missing") in error.detail


def test_a_slow_server_times_out_within_the_limit(web_server):
    url = web_server.route("/slow", Route(body=PAGE.encode(), delay_s=3))
    started = time.monotonic()
    error = _fails(url, FetchPolicy(allow_private=True, timeout_s=0.5))
    assert error.kind == "timeout"
    assert time.monotonic() - started < 2.0


def test_a_trickling_body_is_bounded_by_the_whole_transfer_limit(web_server):
    # Each chunk arrives well within the timeout; the whole body does not.
    url = web_server.route("/trickle", Route(body=b"x" * 40, chunk=4, trickle_s=0.2))
    started = time.monotonic()
    assert _fails(url, FetchPolicy(allow_private=True, timeout_s=0.7)).kind == "timeout"
    assert time.monotonic() - started < 1.5


def test_a_redirect_is_followed_to_the_final_url(web_server):
    final = web_server.page("/final", PAGE)
    web_server.redirect("/old", "/final", status=301)
    got = fetch(web_server.url("/old"), LOCAL, accept=PAGE_TYPES)
    assert got.url == final and got.body == PAGE.encode()


def test_a_redirect_loop_stops(web_server):
    web_server.redirect("/a", "/b")
    web_server.redirect("/b", "/a")
    error = _fails(web_server.url("/a"), FetchPolicy(allow_private=True, max_redirects=3))
    assert error.kind == "redirects"
    assert len(web_server.requests) == 4  # the first request and three redirects


def test_wrong_content_type_is_refused(web_server):
    url = web_server.page("/doc.pdf", b"%PDF-1.4 ...", "application/pdf")
    error = _fails(url)
    assert error.kind == "content_type" and "application/pdf" in error.detail


def test_missing_content_type_is_refused(web_server):
    url = web_server.route("/untyped", Route(body=PAGE.encode(), content_type=None))
    assert _fails(url).kind == "content_type"


def test_conditional_request_answers_not_modified(web_server):
    url = web_server.page(
        "/feed", PAGE, etag='"abc"', last_modified="Tue, 01 Dec 2026 10:00:00 GMT"
    )
    got = fetch(url, LOCAL, accept=PAGE_TYPES, etag='"abc"')
    assert got.not_modified and got.status == 304 and got.body == b""
    assert web_server.requests[-1].headers["if-none-match"] == '"abc"'
    by_date = fetch(url, LOCAL, accept=PAGE_TYPES, last_modified="Tue, 01 Dec 2026 10:00:00 GMT")
    assert by_date.not_modified
    assert fetch(url, LOCAL, accept=PAGE_TYPES, etag='"old"').status == 200


def test_loopback_is_refused_unless_allowed(web_server):
    url = web_server.page("/p", PAGE)
    error = _fails(url, FetchPolicy())
    assert error.kind == "blocked" and error.status == 422
    assert "loopback" in error.detail
    assert web_server.requests == []  # refused before any connection


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata: link-local
        "http://10.1.2.3/admin",
        "http://127.0.0.2:{port}/p",
        "http://[::1]:{port}/p",
        "http://0.0.0.0:{port}/p",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(web_server, monkeypatch, target):
    # Treat the test server's own address as public, so only the redirect's target is checked.
    real_check = fetch_module.check_address
    monkeypatch.setattr(
        fetch_module, "check_address", lambda a: None if a == "127.0.0.1" else real_check(a)
    )
    web_server.page("/p", PAGE)
    web_server.redirect("/go", target.format(port=web_server.port))
    error = _fails(web_server.url("/go"), FetchPolicy())
    assert error.kind == "blocked"
    assert "redirected" not in error.detail or "resolves to" in error.detail
    assert [seen.path for seen in web_server.requests] == ["/go"]


def test_the_request_goes_to_the_checked_address_with_the_url_host(web_server, monkeypatch):
    # A name resolved once per hop (no second lookup a rebinding DNS could answer
    # differently); the server sees the URL's host in the Host header.
    lookups: list[str] = []
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        lookups.append(host)
        return real("127.0.0.1" if host == "news.test" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    web_server.page("/story", PAGE)
    got = fetch(f"http://news.test:{web_server.port}/story", LOCAL, accept=PAGE_TYPES)
    assert got.url == f"http://news.test:{web_server.port}/story"
    assert web_server.requests[-1].headers["host"] == f"news.test:{web_server.port}"
    # The connection itself looks up only the address literal (no DNS question).
    assert lookups[0] == "news.test"
    assert all(ipaddress.ip_address(host) for host in lookups[1:])


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/file", "file:///etc/passwd", "not a url", "http:///nohost", "gopher://x"],
)
def test_only_http_urls_with_a_host_are_fetched(url):
    error = _fails(url, FetchPolicy())
    assert error.kind == "invalid_url" and error.status == 422


def test_a_redirect_to_another_scheme_is_refused(web_server):
    web_server.redirect("/r", "file:///etc/passwd")
    error = _fails(web_server.url("/r"))
    assert error.kind == "invalid_url" and "file:///etc/passwd" in error.detail


def test_an_unresolvable_host_is_a_network_error():
    assert _fails("http://no-such-host.invalid/", FetchPolicy()).kind == "network"


def test_a_closed_port_is_a_network_error():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    assert _fails(f"http://127.0.0.1:{port}/", LOCAL).kind == "network"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("93.184.215.14", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_address_rules(address, public):
    assert (check_address(address) is None) is public


def test_gzip_helper_sanity():
    # The server helper really compresses (so the gzip test above tests decompression).
    assert gzip.decompress(gzip.compress(b"abc")) == b"abc"


def test_a_name_lookup_that_hangs_is_bounded_by_the_timeout(monkeypatch):
    real = socket.getaddrinfo

    def slow(host, *args, **kwargs):
        if host == "slow-dns.test":
            time.sleep(2)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    error = _fails("http://slow-dns.test/", FetchPolicy(timeout_s=0.5))
    assert error.kind == "timeout"
    assert time.monotonic() - started < 1.5


def test_tls_context_verifies_certificates_and_is_built_once(web_server, monkeypatch):
    built: list[ssl.SSLContext] = []
    real = fetch_module.httpx.create_ssl_context

    def counting() -> ssl.SSLContext:
        built.append(real())
        return built[-1]

    monkeypatch.setattr(fetch_module, "_tls", None)
    monkeypatch.setattr(fetch_module.httpx, "create_ssl_context", counting)
    url = web_server.page("/news/tls", PAGE, "text/html")
    for _ in range(3):
        fetch(url, LOCAL, accept=PAGE_TYPES)
    assert len(built) == 1
    assert built[0].verify_mode == ssl.CERT_REQUIRED and built[0].check_hostname
