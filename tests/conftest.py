"""Root of the test tree: puts this folder on sys.path so every suite can import the shared
helpers (``factories``, ``pg_schema``) by name, whatever pytest's import mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)


@pytest.fixture
def web_server():
    """A started HTTP server on 127.0.0.1 (tests/web_server.py), stopped after the test."""
    from web_server import serving

    with serving() as server:
        yield server
