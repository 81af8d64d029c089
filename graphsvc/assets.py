"""Where the pages' CSS, JavaScript and images are.

They live in the top-level ``static/`` beside ``graphsvc/``; pyproject.toml maps that folder
into the package as ``graphsvc.static``, so an installed wheel has them in
``graphsvc/static``. A source checkout (and the editable install, which runs from it) has no
``graphsvc/static``: there they are read from ``static/`` itself.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def static_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """``graphsvc/static`` when installed from a wheel, else the checkout's ``static/``."""
    installed = package_dir / "static"
    return installed if installed.is_dir() else package_dir.parent / "static"


STATIC_DIR = static_dir()
