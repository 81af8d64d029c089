"""The pages' assets live in the top-level static/ and reach an installed wheel as
graphsvc/static (pyproject.toml's package-dir); the server finds them in either layout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import graphsvc
from graphsvc.assets import STATIC_DIR, static_dir

ROOT = Path(graphsvc.__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "graphsvc", "static")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel pip builds from a copy of the sources (as `pip install .` would)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("graphsvc-*.whl")
    return zipfile.ZipFile(built)


def test_the_assets_live_in_the_top_level_static() -> None:
    assets = {p.name for p in (ROOT / "static").iterdir()}
    assert {"app.css", "view.css", "view.js", "favicon.svg"} <= assets
    assert not (ROOT / "graphsvc" / "static").exists()  # one copy, not two
    assert STATIC_DIR == ROOT / "static"


def test_the_wheel_carries_every_asset_under_graphsvc_static(wheel: zipfile.ZipFile) -> None:
    for path in (ROOT / "static").iterdir():
        assert wheel.read(f"graphsvc/static/{path.name}") == path.read_bytes()
    names = set(wheel.namelist())
    assert "graphsvc/templates/base.html" in names
    assert "graphsvc/extract/data/cameo.csv" in names


def test_the_wheel_lists_every_package(wheel: zipfile.ZipFile) -> None:
    """pyproject.toml names the packages (a package-dir entry needs that): a new one
    left out of the list would be missing from installs."""
    names = set(wheel.namelist())
    for init in (ROOT / "graphsvc").rglob("__init__.py"):
        assert init.relative_to(ROOT).as_posix() in names


def test_an_installed_package_serves_its_own_copy(wheel: zipfile.ZipFile, tmp_path: Path) -> None:
    wheel.extractall(tmp_path)
    package = tmp_path / "graphsvc"
    assert static_dir(package) == package / "static"
    assert (static_dir(package) / "view.js").read_bytes() == (ROOT / "static/view.js").read_bytes()
