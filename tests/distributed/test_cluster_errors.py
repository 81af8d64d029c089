"""The cluster path's failures, without a cluster: dask missing, a scheduler that cannot be
reached, a bad address. Each is one line and exit code 1 from the CLI, nothing stored."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphsvc.cli import main
from graphsvc.distributed import ClusterError, open_client
from graphsvc.settings import Settings
from graphsvc.store import Store

STORY = (
    '{"id": "wire-1", "published": "2024-03-05", "text": "Turkey and Greece signed an '
    'agreement on migration in Athens on Tuesday, officials said."}\n'
)


def free_port() -> int:
    """A local port nothing listens on (bound, read, released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    db = tmp_path / "cluster.db"
    monkeypatch.setenv("GRAPHSVC_DB", str(db))
    monkeypatch.setenv("GRAPHSVC_DASK_CONNECT_TIMEOUT", "1")
    monkeypatch.delenv("GRAPHSVC_DASK_SCHEDULER", raising=False)
    path = tmp_path / "wire.jsonl"
    path.write_text(STORY, encoding="utf-8")
    return path, db


def articles_in(db: Path) -> int:
    store = Store(Settings(db=str(db)).database_url)
    try:
        return store.count_articles()
    finally:
        store.close()


def one_line_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip() and line != "Ingesting"]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_unreachable_scheduler_is_a_cluster_error() -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    expected = re.escape(f"Cannot reach the Dask scheduler at {address}")
    with pytest.raises(ClusterError, match=expected), open_client(address, timeout=0.5):
        pass


def test_cli_unreachable_scheduler_stores_nothing(inputs: tuple[Path, Path]) -> None:
    path, db = inputs
    address = f"tcp://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["ingest", str(path), "--cluster", address])

    assert result.exit_code == 1
    line = one_line_error(result.output)
    assert line.startswith("Error: Cannot reach the Dask scheduler at " + address)
    assert articles_in(db) == 0


def test_scheduler_from_the_setting(
    inputs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, db = inputs
    address = f"tcp://127.0.0.1:{free_port()}"
    monkeypatch.setenv("GRAPHSVC_DASK_SCHEDULER", address)
    result = CliRunner().invoke(main, ["ingest", str(path)])

    assert result.exit_code == 1
    assert address in one_line_error(result.output)
    assert articles_in(db) == 0


def test_cli_without_dask_says_how_to_install(
    inputs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, db = inputs
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = CliRunner().invoke(main, ["ingest", str(path), "--cluster", "local:2"])

    assert result.exit_code == 1
    line = one_line_error(result.output)
    assert "Dask is not installed" in line and "graphsvc[dask]" in line
    assert articles_in(db) == 0


@pytest.mark.parametrize("address", ["scheduler:8786", "local:0", "local:two"])
def test_bad_addresses_are_refused(inputs: tuple[Path, Path], address: str) -> None:
    path, db = inputs
    result = CliRunner().invoke(main, ["ingest", str(path), "--cluster", address])

    assert result.exit_code == 1
    assert address in one_line_error(result.output) or "at least one" in result.output
    assert articles_in(db) == 0


def test_processes_and_cluster_do_not_mix(inputs: tuple[Path, Path]) -> None:
    path, _ = inputs
    result = CliRunner().invoke(
        main, ["ingest", str(path), "--cluster", "local:1", "--processes", "2"]
    )
    assert result.exit_code == 2
    assert "not both" in result.output


def test_base_install_never_imports_dask() -> None:
    """The CLI, the app and graphsvc.distributed itself import without dask; none loads it."""
    code = (
        "import sys\n"
        "sys.modules['dask'] = None\n"
        "sys.modules['distributed'] = None\n"
        "import graphsvc.cli, graphsvc.api.app, graphsvc.distributed\n"
        "import graphsvc.distributed.ingest, graphsvc.distributed.tasks\n"
        "from graphsvc.distributed import ingest_on_cluster\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_local_address_starts_a_cluster_of_that_size() -> None:
    pytest.importorskip("distributed.client")  # not this folder, tests/distributed
    with open_client("local:1", timeout=30) as client:
        workers = client.scheduler_info()["workers"]
        assert [w["nthreads"] for w in workers.values()] == [1]
