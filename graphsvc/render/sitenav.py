"""The site's one navigation bar (templates/nav.html) for pages written without Jinja's
response machinery, such as the graph pages."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())


def site_nav() -> str:
    """nav.html rendered without a request: the same links as every other page."""
    return _environment().get_template("nav.html").render()
