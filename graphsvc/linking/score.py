"""Scoring links against gold: pairwise link precision/recall/F1 and B-cubed.

Both read two clusterings of the same reports: ``predicted`` and ``gold`` map a report key
to the id of the event it belongs to (any hashable). Pairwise: every unordered pair of
reports in one predicted event is a predicted link; a link is right when gold puts the
pair in one event too. B-cubed: per report, the share of its predicted cluster that is in
its gold cluster (precision) and the share of its gold cluster found in its predicted one
(recall), averaged over reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _clusters(assignment: Mapping[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
    out: dict[Hashable, set[Hashable]] = defaultdict(set)
    for key, cluster in assignment.items():
        out[cluster].add(key)
    return out


def _links(assignment: Mapping[Hashable, Hashable]) -> set[frozenset[Hashable]]:
    return {
        frozenset(pair)
        for members in _clusters(assignment).values()
        for pair in combinations(sorted(members, key=repr), 2)
    }


def pairwise(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> Scores:
    """Link precision/recall/F1 over the reports both sides know. No predicted link is
    precision 1 (nothing wrong was said); no gold link is recall 1."""
    keys = predicted.keys() & gold.keys()
    p_links = _links({k: predicted[k] for k in keys})
    g_links = _links({k: gold[k] for k in keys})
    tp = len(p_links & g_links)
    precision = tp / len(p_links) if p_links else 1.0
    recall = tp / len(g_links) if g_links else 1.0
    return Scores(precision, recall, _f1(precision, recall), tp, len(p_links), len(g_links))


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> Scores:
    keys = predicted.keys() & gold.keys()
    if not keys:
        return Scores(1.0, 1.0, 1.0)
    p_clusters = _clusters({k: predicted[k] for k in keys})
    g_clusters = _clusters({k: gold[k] for k in keys})
    precision = recall = 0.0
    for k in keys:
        mine, truth = p_clusters[predicted[k]], g_clusters[gold[k]]
        both = len(mine & truth)
        precision += both / len(mine)
        recall += both / len(truth)
    precision, recall = precision / len(keys), recall / len(keys)
    return Scores(precision, recall, _f1(precision, recall))
