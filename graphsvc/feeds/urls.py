"""Which URLs can be registered as feeds: absolute http(s), a host, no credentials.

Whether the host may be fetched at all (loopback and private addresses are refused unless
GRAPHSVC_FETCH_ALLOW_PRIVATE=true) is the fetcher's decision at each poll: a name's address
can change after registration, and the refusal then shows as the feed's error.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from graphsvc.errors import InvalidInput

MAX_URL_CHARS = 2000
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f]")  # controls and spaces: never in a URL


def checked_feed_url(raw: str) -> str:
    """The URL, trimmed, or InvalidInput saying what is wrong with it."""
    url = raw.strip()
    if not url:
        raise InvalidInput("The feed URL is empty.")
    if len(url) > MAX_URL_CHARS:
        raise InvalidInput(f"The feed URL is longer than {MAX_URL_CHARS:,} characters.")
    if _FORBIDDEN.search(url):
        raise InvalidInput("The feed URL holds a space or a control character.")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number in range
    except ValueError as exc:
        raise InvalidInput(f"The feed URL cannot be read: {exc}.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(f"The feed URL must start with http:// or https:// (got {url[:80]!r}).")
    if not parts.hostname:
        raise InvalidInput("The feed URL names no host.")
    if parts.username is not None or parts.password is not None:
        raise InvalidInput("The feed URL must not hold a user name or password.")
    if port == 0:
        raise InvalidInput("The feed URL's port must be between 1 and 65535.")
    return url


def host_of(url: str) -> str:
    """The host (and port) requests to ``url`` go to: what the politeness delay is kept by."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or parts.scheme}"
