"""A real `graphsvc serve` on a free port, attacked over raw sockets: slow-header and
slow-body clients are cut off, oversized request lines and headers get 414 and 431 as
problem+json, and no Server header is sent.

Short deadlines (GRAPHSVC_TIMEOUT_REQUEST_HEAD / _BODY) keep the tests quick.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_app import free_port

HEAD_TIMEOUT = 1.0
BODY_TIMEOUT = 1.5


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with _connect(port) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)  # the server may answer before it has read everything
        raw = _read_all(sock)
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("serve-limits")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    env.update(
        GRAPHSVC_TIMEOUT_REQUEST_HEAD=str(HEAD_TIMEOUT),
        GRAPHSVC_TIMEOUT_REQUEST_BODY=str(BODY_TIMEOUT),
        GRAPHSVC_INGEST_WORKERS="0",
    )
    command = [sys.executable, "-m", "graphsvc.cli", "serve", "--port", str(port)]
    command += ["--db", str(folder / "graphsvc.db")]
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            if _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"serve did not start: {Path(log.name).read_text()}")
        time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(30)
    log.close()


def test_slow_header_clients_are_cut_off(port: int) -> None:
    """Slowloris: each client trickles a header byte every 0.2 s, which would hold its
    connection for ever; the head deadline counts from the connection, not from the last
    byte, so every one is answered 408 and closed, and the server still serves others."""
    clients = [_connect(port) for _ in range(40)]
    started = time.monotonic()
    for sock in clients:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        sock.setblocking(False)
    closed: dict[int, bytes] = {}
    while len(closed) < len(clients) and time.monotonic() - started < HEAD_TIMEOUT + 5:
        for n, sock in enumerate(clients):
            if n in closed:
                continue
            try:
                sock.send(b"X")
                data = sock.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            closed[n] = data
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    for sock in clients:
        sock.close()
    assert len(closed) == len(clients), f"{len(clients) - len(closed)} connections still open"
    assert elapsed < HEAD_TIMEOUT + 4
    answered = [data for data in closed.values() if data]
    assert answered and all(data.startswith(b"HTTP/1.1 408 ") for data in answered)
    status, _, _ = _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert status == 200


def test_an_idle_connection_is_closed(port: int) -> None:
    with _connect(port) as sock:
        started = time.monotonic()
        assert _read_all(sock).startswith(b"HTTP/1.1 408 ")
        assert time.monotonic() - started < HEAD_TIMEOUT + 3


def test_a_slow_body_is_cut_off(port: int) -> None:
    with _connect(port) as sock:
        sock.sendall(
            b"POST /articles HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 100\r\n\r\nRussia and"
        )
        started = time.monotonic()
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert time.monotonic() - started < BODY_TIMEOUT + 3


def _assert_problem(status: int, headers: dict[str, str], body: bytes, expected: int) -> None:
    assert status == expected
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == expected and problem["detail"].endswith("bytes.")


def test_a_huge_url_gets_414(port: int) -> None:
    request = b"GET /graph?actor=" + b"RUS," * 35_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"
    _assert_problem(*_exchange(port, request), 414)


def test_huge_headers_get_431(port: int) -> None:
    big = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"a" * 1000) for n in range(200))
    request = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n" + big + b"\r\n"
    _assert_problem(*_exchange(port, request), 431)


def test_no_server_header(port: int) -> None:
    status, headers, _ = _exchange(
        port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    assert status == 200
    assert "server" not in headers
    assert "date" in headers


def test_an_unknown_host_gets_400(port: int) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: rebound.example:8000\r\nConnection: close\r\n\r\n"
    status, headers, body = _exchange(port, request)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert "rebound.example" in json.loads(body)["detail"]
