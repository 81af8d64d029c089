"""One coder for the rule tests of this package: the spaCy model loads once per session."""

from __future__ import annotations

import pytest

from graphsvc.extract import Extractor


@pytest.fixture(scope="session")
def coder() -> Extractor:
    return Extractor()
