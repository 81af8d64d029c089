"""Plain-text tooltips for the graph page.

vis-network 9 shows a string title with ``innerText``, so these are text, not HTML: markup in
an article stays visible characters and never becomes elements. The JSON that carries them
is escaped for the page separately.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphsvc.render.style import LOW_CONFIDENCE

MAX_INTERACTIONS = 8
MAX_SENTENCE = 240


def _shorten(text: str, limit: int = MAX_SENTENCE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def count_of(n: int, noun: str) -> str:
    """'1 event', '3 events'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def node_tooltip(code: str, attrs: Mapping[str, Any]) -> str:
    kind = {"state": "State", "igo": "International organisation"}.get(attrs.get("kind", ""), "")
    parts = [f"{attrs.get('label', code)} ({code})"]
    events = count_of(int(attrs.get("event_count", 0)), "event")
    parts.append(" · ".join(p for p in (kind, events) if p))
    return "\n".join(parts)


def _interaction_lines(events: list[Mapping[str, Any]], total: int) -> list[str]:
    """The most recent of ``events`` (the dyad has ``total`` in all: the rest are counted)."""
    ordered = sorted(events, key=lambda d: (d.get("date", ""), d.get("event_id", 0)), reverse=True)
    lines: list[str] = []
    shown = ordered[:MAX_INTERACTIONS]
    for i, data in enumerate(shown):
        when = data.get("date") or "undated"
        lines.append(f"{when} · {data.get('label', '')} ({data.get('code', '')})")
        sentence = data.get("sentence", "")
        # One sentence often carries several events: quote it once, after the last of them.
        if sentence and (i + 1 == len(shown) or shown[i + 1].get("sentence") != sentence):
            lines.append(f"   “{_shorten(sentence)}”")
    hidden = max(total, len(ordered)) - len(shown)
    if hidden > 0:
        lines.append(f"… and {hidden} more")
    return lines


def edge_tooltip(G: nx.DiGraph, u: str, v: str, interactions: nx.MultiDiGraph | None = None) -> str:
    """Dyad summary, then its most recent interactions with date, label and sentence.

    ``interactions`` may hold only the most recent events of each dyad (MAX_INTERACTIONS
    of them are shown): the dyad's ``count`` tells how many more there are."""
    attrs = G.edges[u, v]
    ends = f"{G.nodes[u].get('label', u)} → {G.nodes[v].get('label', v)}"
    head = f"{ends}: {count_of(int(attrs['count']), 'event')}"
    lines = [
        head,
        f"Mean Goldstein {_signed(attrs['mean_goldstein'])} · cooperation "
        f"{attrs['cooperation']} · conflict {attrs['conflict']}",
    ]
    if attrs.get("confidence") is not None:
        low = " (low: drawn dashed)" if float(attrs["confidence"]) < LOW_CONFIDENCE else ""
        lines.append(f"Mean confidence {float(attrs['confidence']):.2f}{low}")
    first, last = attrs.get("first_date", ""), attrs.get("last_date", "")
    if first:
        lines.append(first if first == last else f"{first} – {last}")
    if interactions is not None and interactions.has_edge(u, v):
        lines.append("")
        lines += _interaction_lines(list(interactions[u][v].values()), int(attrs["count"]))
    elif attrs.get("top_labels"):
        lines.append(attrs["top_labels"])
    return "\n".join(lines)
