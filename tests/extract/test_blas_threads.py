"""The coder's BLAS thread policy (Settings.blas_threads): set on the loaded library, so it
holds however numpy was imported; an explicit OPENBLAS_NUM_THREADS is left to win."""

from __future__ import annotations

from collections.abc import Iterator

import numpy  # noqa: F401 - loads the BLAS that threadpoolctl inspects
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from graphsvc.extract.nlp import limit_blas_threads


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


@pytest.fixture
def two_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    if not _blas_threads():
        pytest.fail("numpy loaded no BLAS that threadpoolctl can see")
    with threadpool_limits(limits=2, user_api="blas"):  # restored afterwards
        assert _blas_threads() == {2}
        yield


def test_the_policy_sets_the_loaded_blas(two_threads: None) -> None:
    limit_blas_threads(1)
    assert _blas_threads() == {1}


def test_zero_keeps_the_library_default(two_threads: None) -> None:
    limit_blas_threads(0)
    assert _blas_threads() == {2}


def test_an_explicit_environment_setting_wins(
    two_threads: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    limit_blas_threads(1)
    assert _blas_threads() == {2}
