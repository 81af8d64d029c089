"""uvicorn's httptools protocol with the limits uvicorn does not offer itself.

- a deadline for a request's head (request line and headers) counted from the connection
  or from the first byte after the previous response: slow-header clients (slowloris) are
  answered 408 and cut off instead of holding a connection for as long as they trickle;
- a deadline for its body, then 408 and the connection closed;
- a request line longer than ``max_request_line`` bytes -> 414, headers over
  ``max_header_bytes`` in all -> 431 (httptools alone takes any size, or answers a bare 400).

These answers, and uvicorn's 400 for a request that does not parse, are problem+json.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from graphsvc.api.errors import status_title

LINGER = 2.0  # seconds a refused client may go on sending before its connection is closed


class RequestRefused(Exception):
    """Raised inside a parser callback; httptools turns it into a parse error."""


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    head_timeout: ClassVar[float] = 10.0
    body_timeout: ClassVar[float] = 60.0
    max_request_line: ClassVar[int] = 16 * 1024
    max_header_bytes: ClassVar[int] = 32 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._refusal: tuple[int, str] | None = None
        self._line_bytes = 0
        self._header_bytes = 0
        self._lingering = False

    # -- deadlines

    def _arm(self, seconds: float, *, body: bool) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expire, body)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self, body: bool) -> None:
        """408 when nothing else is being answered on the connection; else just close it."""
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if body and cycle is not None and not cycle.response_started:
            cycle.disconnected = True  # the app's late answer is dropped, not interleaved
            cycle.message_event.set()
            self._send_error(408, "The request body did not arrive in time.")
        elif not body and (cycle is None or cycle.response_complete):
            self._send_error(408, "The request headers did not arrive in time.")
        else:
            self.transport.close()

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.head_timeout, body=False)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # the rest of a refused request: read and dropped (see _send_error)
        # Bytes after a response start the next head's clock (uvicorn's keep-alive timer,
        # which any byte cancels, no longer covers the connection).
        if self._deadline is None and self._between_requests():
            self._arm(self.head_timeout, body=False)
        super().data_received(data)

    # -- parser callbacks

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._line_bytes = self._header_bytes = 0
        if self._deadline is None:
            self._arm(self.head_timeout, body=False)

    def on_url(self, url: bytes) -> None:
        self._line_bytes += len(url)
        if self._line_bytes > self.max_request_line:
            self._refuse(414, f"The URL is longer than {self.max_request_line} bytes.")
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value) + 4
        if self._header_bytes > self.max_header_bytes:
            self._refuse(431, f"The request headers exceed {self.max_header_bytes} bytes.")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()
        if self.cycle is not None and not self.cycle.response_complete:
            self._arm(self.body_timeout, body=True)

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    # -- refusals

    def _refuse(self, status: int, message: str) -> None:
        self._refusal = (status, message)
        raise RequestRefused(message)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a parse error: ours when a limit caused it."""
        status, message = self._refusal or (400, msg)
        self._send_error(status, message)

    def _send_error(self, status: int, message: str) -> None:
        """A problem+json answer, then the connection closed (the parser state is lost)."""
        self._disarm()
        body = orjson.dumps(
            {"type": "about:blank", "title": status_title(status), "status": status,
             "detail": message}
        )  # fmt: skip
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: application/problem+json\r\n",
            b"x-content-type-options: nosniff\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        # Closing now, with the client's unread bytes in the socket, would send a reset
        # that destroys the answer on its way. So half-close and drop what still comes,
        # until the client closes or LINGER seconds have passed.
        self._lingering = True
        self.flow.resume_reading()  # reading may be paused under a large body
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._deadline = self.loop.call_later(LINGER, self.transport.close)

    def eof_received(self) -> bool | None:
        if self._lingering:
            self.transport.close()
        return None


def limited_protocol(
    *, head_timeout: float, body_timeout: float, max_request_line: int, max_header_bytes: int
) -> type[LimitedHttpToolsProtocol]:
    """The protocol class for uvicorn's ``http=`` with these limits."""
    return type(
        "GraphsvcHttpProtocol",
        (LimitedHttpToolsProtocol,),
        {
            "head_timeout": head_timeout,
            "body_timeout": body_timeout,
            "max_request_line": max_request_line,
            "max_header_bytes": max_header_bytes,
        },
    )


# What any route may answer because of these limits, for the OpenAPI document.
LIMIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    414: {"description": "The URL is over the server's request-line limit (problem+json)."},
    431: {"description": "The request headers are over the server's limit (problem+json)."},
}
