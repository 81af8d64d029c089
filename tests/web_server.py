"""A small HTTP server on 127.0.0.1 for tests that fetch URLs (pages, feeds).

Routes are set per test: ``server.page("/a", body)``, ``server.redirect("/r", "/a")``,
``server.route("/slow", Route(body=..., delay_s=2))``. Every request is recorded in
``server.requests`` (path and headers) so a test can check what the client sent. A route
with an ``etag`` or ``last_modified`` answers 304 to a matching conditional request.
The ``web_server`` fixture (tests/conftest.py) gives a started server, stopped afterwards.
"""

from __future__ import annotations

import gzip as gzip_module
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"  # None: no Content-Type header
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before sending the status line (a slow server)
    trickle_s: float = 0.0  # wait between body chunks (a slow transfer)
    chunk: int = 64 * 1024
    gzip: bool = False  # send the body gzip-compressed (Content-Encoding: gzip)
    send_length: bool = True  # False: no Content-Length, the body ends when the socket closes
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]  # header names lower-case


class WebServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, route: Route) -> str:
        """Serve ``route`` at ``path``; returns the full URL."""
        self.routes[path] = route
        return self.url(path)

    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        **options: object,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self.route(path, Route(body=data, content_type=content_type, **options))  # type: ignore[arg-type]

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.route(
            path, Route(status=status, content_type=None, headers={"Location": location})
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serving() -> Iterator[WebServer]:
    server = WebServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _handler_for(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            server.requests.append(Seen(self.path, headers))
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                self._send(Route(body=b"<h1>Not found</h1>", status=404))
                return
            if _not_modified(route, headers):
                self._send(
                    Route(
                        status=304,
                        content_type=None,
                        etag=route.etag,
                        last_modified=route.last_modified,
                    )
                )
                return
            self._send(route)

        def _send(self, route: Route) -> None:
            if route.delay_s:
                time.sleep(route.delay_s)
            body = gzip_module.compress(route.body) if route.gzip else route.body
            with suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(route.status)
                if route.content_type is not None:
                    self.send_header("Content-Type", route.content_type)
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if route.send_length and route.status != 304:
                    self.send_header("Content-Length", str(len(body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Connection", "close")
                self.end_headers()
                if route.status == 304:
                    return
                for start in range(0, len(body), route.chunk):
                    self.wfile.write(body[start : start + route.chunk])
                    if route.trickle_s:
                        self.wfile.flush()
                        time.sleep(route.trickle_s)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

    return Handler


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    if route.etag and headers.get("if-none-match") == route.etag:
        return True
    return bool(route.last_modified and headers.get("if-modified-since") == route.last_modified)
