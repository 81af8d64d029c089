"""Fetch one web page for ingestion, safely: http(s) only, public addresses only, bounded.

The server fetches URLs that users hand it, so a URL must not reach the machine's own
network (SSRF): every hop's host is resolved once, every address it resolves to is checked,
and the request is then sent to the checked address itself (the Host header and the TLS
server name stay the URL's host, so virtual hosts and certificate checks work as usual).
A DNS answer that changes between the check and the connection (DNS rebinding) therefore
cannot redirect the request. Redirects are followed by hand so each hop is checked again.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import httpx

from graphsvc import __version__
from graphsvc.errors import GraphsvcError
from graphsvc.settings import Settings

FetchErrorKind = Literal[
    "blocked",
    "timeout",
    "too_large",
    "content_type",
    "http_status",
    "redirects",
    "network",
    "invalid_url",
]

# Media types a web page (for article extraction) may come as.
PAGE_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml", "text/plain"})

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Name lookups, bounded by the fetch's deadline; a lookup that hangs keeps its thread until
# the resolver gives up, so there are a few.
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="graphsvc-resolve")


@dataclass(frozen=True)
class FetchPolicy:
    timeout_s: float = 10.0  # connect + read; the whole transfer is bounded by it too
    max_bytes: int = 5_000_000  # body cap (after content decoding); larger -> too_large
    max_redirects: int = 5  # each hop re-checked against the address rules
    allow_private: bool = False  # GRAPHSVC_FETCH_ALLOW_PRIVATE: loopback/private hosts allowed
    user_agent: str = f"graphsvc/{__version__} (news event extraction)"

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            timeout_s=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes,
            allow_private=settings.fetch_allow_private,
        )


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    status: int  # 200 (any 2xx), or 304 when not_modified
    content_type: str  # media type without parameters, lower-case
    charset: str | None  # charset parameter of Content-Type, lower-case, as sent
    body: bytes  # b"" on 304
    etag: str | None
    last_modified: str | None
    fetched_at: datetime  # UTC-aware

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(GraphsvcError):
    """A URL that could not be fetched. ``kind`` says why; refusals of the URL itself
    (``blocked``, ``invalid_url``) are the client's fault (422), the rest are failures of
    the remote server (502)."""

    title = "Fetch failed"

    def __init__(self, kind: FetchErrorKind, url: str, detail: str) -> None:
        super().__init__(detail)
        self.kind: str = kind
        self.url = url
        if kind in ("blocked", "invalid_url"):
            self.status = 422
            self.title = "URL refused"
        else:
            self.status = 502
            self.title = "Fetch failed"


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    accept: Collection[str],
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET ``url`` under ``policy``; raise FetchError for every refusal or failure.

    ``accept``: media types (lower-case, no parameters) the caller can use; anything else is
    a ``content_type`` error. ``etag``/``last_modified`` make the request conditional: a 304
    answer comes back as ``Fetched`` with ``not_modified`` true and an empty body."""
    deadline = time.monotonic() + policy.timeout_s
    accepted = {a.lower() for a in accept}
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": ", ".join(sorted(accepted)) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    # trust_env=False: no proxy from the environment (a proxy would make the address check
    # meaningless) and no .netrc credentials sent to arbitrary hosts.
    with httpx.Client(trust_env=False, follow_redirects=False, verify=_tls_context()) as client:
        current = _parse(url, url)
        for _hop in range(policy.max_redirects + 1):
            location = None
            with _open(client, current, headers, policy, deadline, url) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    location = response.headers["location"]
                else:
                    return _answer(response, current, accepted, policy, deadline, url)
            current = _parse(location, url, base=current)
        raise FetchError(
            "redirects",
            url,
            f"{url}: more than {policy.max_redirects} redirects (a redirect loop?)",
        )


_tls_lock = threading.Lock()
_tls: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    """One certificate-verifying TLS context for every fetch: loading the CA bundle costs
    ~40-90 ms, which a new client per request (feeds, URL posts) would pay each time."""
    global _tls
    with _tls_lock:
        if _tls is None:
            _tls = httpx.create_ssl_context()
        return _tls


def _parse(text: str, original: str, *, base: httpx.URL | None = None) -> httpx.URL:
    """The URL (a redirect's Location read against ``base``), or invalid_url: http(s) with
    a host, nothing else."""
    where = text if base is None else f"{original}: redirected to {text}"
    try:
        parsed = httpx.URL(text.strip()) if base is None else base.join(text.strip())
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise FetchError("invalid_url", original, f"{where}: not a valid URL ({exc})") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError(
            "invalid_url", original, f"{where}: only http and https URLs can be fetched"
        )
    if not parsed.host:
        raise FetchError("invalid_url", original, f"{where}: the URL has no host name")
    return parsed


def check_address(address: str) -> str | None:
    """Why ``address`` (an IP) must not be fetched from, or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback all the same
    for flag, why in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    ):
        if flag:
            return why
    return None


def _resolve(url: httpx.URL, policy: FetchPolicy, deadline: float, original: str) -> list[str]:
    """The addresses to connect to for ``url``'s host, each one checked (unless
    allow_private): a host with any non-public address is refused whole. The lookup runs
    in a helper thread so that a resolver that does not answer cannot hold the fetch
    beyond its deadline (getaddrinfo itself has no timeout)."""
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    lookup = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=_remaining(deadline, original, policy))
    except FuturesTimeout:
        raise _timed_out(original, policy) from None
    except (socket.gaierror, UnicodeError) as exc:
        why = f"{original}: cannot resolve {host} ({exc})"
        raise FetchError("network", original, why) from None
    addresses: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    if not policy.allow_private:
        for address in addresses:
            why = check_address(address)
            if why is not None:
                raise FetchError(
                    "blocked",
                    original,
                    f"{original}: {host} resolves to {address}, {why}; "
                    "only public addresses are fetched",
                )
    return addresses


@contextmanager
def _open(
    client: httpx.Client,
    url: httpx.URL,
    headers: dict[str, str],
    policy: FetchPolicy,
    deadline: float,
    original: str,
) -> Iterator[httpx.Response]:
    """One streamed response for ``url``, sent to its checked addresses in turn."""
    addresses = _resolve(url, policy, deadline, original)
    host_header = url.netloc.decode("ascii")
    last_error: Exception | None = None
    response = None
    for address in addresses:
        request = client.build_request(
            "GET",
            url.copy_with(host=address),
            headers={**headers, "Host": host_header},
            timeout=httpx.Timeout(_remaining(deadline, original, policy)),
            # TLS: the certificate is checked against the URL's host, not the address.
            extensions={"sni_hostname": url.host} if url.scheme == "https" else {},
        )
        try:
            response = client.send(request, stream=True)
            break
        except httpx.TimeoutException:
            raise _timed_out(original, policy) from None
        except httpx.ConnectError as exc:
            last_error = exc  # try the host's next address, if any
        except httpx.HTTPError as exc:
            raise FetchError("network", original, f"{original}: {_reason(exc)}") from None
    if response is None:
        raise FetchError(
            "network", original, f"{original}: cannot connect to {url.host} ({_reason(last_error)})"
        )
    try:
        yield response
    finally:
        response.close()


def _answer(
    response: httpx.Response,
    url: httpx.URL,
    accepted: set[str],
    policy: FetchPolicy,
    deadline: float,
    original: str,
) -> Fetched:
    status = response.status_code
    etag = response.headers.get("etag")
    last_modified = response.headers.get("last-modified")
    now = datetime.now(UTC)
    if status == 304:
        return Fetched(str(url), 304, "", None, b"", etag, last_modified, now)
    if not 200 <= status < 300 or status == 204:
        raise FetchError(
            "http_status",
            original,
            f"{original}: the server answered {status} {response.reason_phrase}".rstrip(),
        )
    media_type, charset = parse_content_type(response.headers.get("content-type", ""))
    if media_type not in accepted:
        shown = media_type or "no content type"
        raise FetchError(
            "content_type",
            original,
            f"{original}: the page is {shown}, not one of {', '.join(sorted(accepted))}",
        )
    declared = response.headers.get("content-length", "")
    if (
        declared.isdigit()
        and int(declared) > policy.max_bytes
        and not response.headers.get("content-encoding")
    ):
        raise _too_large(original, policy)
    body = _read_capped(response, policy, deadline, original)
    return Fetched(str(url), status, media_type, charset, body, etag, last_modified, now)


def _read_capped(
    response: httpx.Response, policy: FetchPolicy, deadline: float, original: str
) -> bytes:
    """The (decompressed) body, stopping past max_bytes and at the deadline: a server that
    trickles bytes slowly cannot hold the fetch open for long. The deadline is checked as
    each piece arrives; one read waits at most the time that was left when the request was
    sent, so a fetch ends within 2 x timeout_s at worst, usually right at timeout_s."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():  # each piece as it arrives
            size += len(chunk)
            if size > policy.max_bytes:
                raise _too_large(original, policy)
            chunks.append(chunk)
            _remaining(deadline, original, policy)
    except httpx.TimeoutException:
        raise _timed_out(original, policy) from None
    except httpx.DecodingError as exc:
        raise FetchError("network", original, f"{original}: bad compressed body ({exc})") from None
    except httpx.HTTPError as exc:
        raise FetchError("network", original, f"{original}: {_reason(exc)}") from None
    return b"".join(chunks)


def _remaining(deadline: float, original: str, policy: FetchPolicy) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timed_out(original, policy)
    return left


def _timed_out(original: str, policy: FetchPolicy) -> FetchError:
    return FetchError(
        "timeout", original, f"{original}: the page did not arrive within {policy.timeout_s:g} s"
    )


def _too_large(original: str, policy: FetchPolicy) -> FetchError:
    return FetchError(
        "too_large", original, f"{original}: the page is larger than {policy.max_bytes} bytes"
    )


def _reason(exc: Exception | None) -> str:
    if exc is None:
        return "no address to connect to"
    text = str(exc).strip()
    return text or type(exc).__name__


def parse_content_type(value: str) -> tuple[str, str | None]:
    """("text/html", "windows-1251") from 'text/html; charset="Windows-1251"'."""
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return media_type.strip().lower(), charset
