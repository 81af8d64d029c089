"""What a test of the coder compares: the events stated as fact."""

from __future__ import annotations

from graphsvc.models import Event


def facts(events: list[Event]) -> set[tuple[str, str, str]]:
    """(source, target, root) of every event stated as fact; symmetric ones both ways."""
    out = set()
    for e in events:
        if e.negated:
            continue
        out.add((e.source, e.target, e.root))
        if e.symmetric:
            out.add((e.target, e.source, e.root))
    return out
