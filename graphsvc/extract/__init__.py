"""Extraction: actors from a gazetteer, events from trigger frames over the dependency parse.

``Extractor`` is imported lazily so that light modules (ontology, dates) load without spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphsvc.extract.extractor import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from graphsvc.extract.extractor import Extractor

        return Extractor
    raise AttributeError(name)
