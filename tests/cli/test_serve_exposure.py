"""`graphsvc serve` off loopback: no start without an API key unless --insecure-no-auth, an
empty key is an error, and uvicorn gets the limits and no Server header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner

from graphsvc.api.http_limits import LimitedHttpToolsProtocol
from graphsvc.cli import main


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "graphs.example.org"])
def test_serve_off_loopback_without_a_key_refuses_to_start(
    patched: Callable[[], Any], uvicorn_calls: list[dict[str, Any]], host: str
) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", host])
    assert result.exit_code == 1
    assert uvicorn_calls == []
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in result.output
    assert f"refusing to serve on {host} without an API key" in message
    assert "GRAPHSVC_API_KEY" in message and "--insecure-no-auth" in message


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_serve_on_loopback_needs_no_key(
    patched: Callable[[], Any], uvicorn_calls: list[dict[str, Any]], host: str
) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", host])
    assert result.exit_code == 0, result.output
    assert uvicorn_calls[0]["host"] == host


def test_serve_off_loopback_with_a_key_or_the_flag(
    patched: Callable[[], Any],
    uvicorn_calls: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flagged = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--insecure-no-auth"])
    assert flagged.exit_code == 0, flagged.output
    monkeypatch.setenv("GRAPHSVC_API_KEY", "k3y")
    keyed = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert keyed.exit_code == 0, keyed.output
    assert [call["host"] for call in uvicorn_calls] == ["0.0.0.0", "0.0.0.0"]


@pytest.mark.parametrize("key", ["", "   "])
def test_an_empty_api_key_is_an_error(
    patched: Callable[[], Any],
    uvicorn_calls: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    key: str,
) -> None:
    monkeypatch.setenv("GRAPHSVC_API_KEY", key)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert uvicorn_calls == []
    assert result.stderr.strip() == (
        "Error: invalid setting api_key: the API key is empty: set a key, or unset GRAPHSVC_API_KEY"
    )


def test_uvicorn_gets_limits_and_no_server_header(
    patched: Callable[[], Any],
    uvicorn_calls: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHSVC_LIMIT_CONCURRENCY", "50")
    monkeypatch.setenv("GRAPHSVC_TIMEOUT_REQUEST_HEAD", "3")
    monkeypatch.setenv("GRAPHSVC_MAX_HEADER_BYTES", "8192")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    (call,) = uvicorn_calls
    assert call["server_header"] is False
    assert call["limit_concurrency"] == 50
    assert call["timeout_keep_alive"] == 5
    protocol = call["http"]
    assert issubclass(protocol, LimitedHttpToolsProtocol)
    assert (protocol.head_timeout, protocol.max_header_bytes) == (3.0, 8192)
    assert protocol.max_request_line == 16 * 1024
