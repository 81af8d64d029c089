"""Pairwise and B-cubed scores (graphsvc/linking/score.py) on small clusterings."""

from __future__ import annotations

import pytest

from graphsvc.linking import score


def test_perfect_clustering_scores_one() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    pw = score.pairwise({"a": "x", "b": "x", "c": "y"}, gold)
    assert (pw.precision, pw.recall, pw.f1) == (1.0, 1.0, 1.0)
    assert score.bcubed({"a": "x", "b": "x", "c": "y"}, gold).f1 == 1.0


def test_one_wrong_merge_and_one_missed_link() -> None:
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": 1, "b": 1, "c": 3, "d": 1}  # c split off, d merged in wrongly
    pw = score.pairwise(predicted, gold)
    # predicted links: ab, ad, bd (1 right of 3); gold links: ab, ac, bc (1 found of 3)
    assert (pw.true_positives, pw.predicted, pw.gold) == (1, 3, 3)
    assert pw.precision == pytest.approx(1 / 3) and pw.recall == pytest.approx(1 / 3)
    b3 = score.bcubed(predicted, gold)
    # precision per report: a 2/3, b 2/3, c 1, d 1/3; recall: a 2/3, b 2/3, c 1/3, d 1
    assert b3.precision == pytest.approx((2 / 3 + 2 / 3 + 1 + 1 / 3) / 4)
    assert b3.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_no_links_at_all() -> None:
    pw = score.pairwise({"a": 1, "b": 2}, {"a": 1, "b": 1})
    assert (pw.precision, pw.recall) == (1.0, 0.0)
